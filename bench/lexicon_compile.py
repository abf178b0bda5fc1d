"""Lexicon compile time against the lexicon's size (issue 31: 200,000 groups took minutes).

Prints, for 10k, 20k, 40k and 200k groups of two two-word terms, in two shapes (each group its
own terms; every group sharing one term, so all merge into one), the seconds to:
  - baseline: read every term's words and keys once (`lexicon._term`), the work no compile
    can skip;
  - compile: `lexicon._compiled_by_value` (merging groups, indexing terms), uncached;
  - expand: widen one form holding the shared term, then ask `interchangeable` once;
and compile / baseline, which stays flat when the compile is linear (it grew with the size
before: 20k groups 2.9 s, 40k 7.5 s of `quiz lint`). Best of --repeat runs, with the cyclic
collector off for both, as the compile runs (`quiz.collector`).

    python bench/lexicon_compile.py [--repeat 3] [--sizes 10000,20000,40000,200000]
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import timed
from quiz.bank.schema import LexiconGroup
from quiz.grading import lexicon


def groups_of(size: int, shared: bool) -> tuple[LexiconGroup, ...]:
    first = "kv cache" if shared else "alpha{} beta"
    return tuple(LexiconGroup(terms=(first.format(i), f"gamma{i} delta")) for i in range(size))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="10000,20000,40000,200000")
    args = parser.parse_args()
    print(
        f"{'shape':<8} {'groups':>8} {'baseline s':>11} {'compile s':>10} {'ratio':>6} "
        f"{'expand ms':>9}"
    )
    for shared in (False, True):
        for size in map(int, args.sizes.split(",")):
            groups = groups_of(size, shared)
            terms = [term for group in groups for term in group.terms]

            def baseline(terms: list[str] = terms) -> object:
                return [lexicon._term(term) for term in terms]

            def compile_once(groups: tuple[LexiconGroup, ...] = groups) -> object:
                lexicon._compiled_by_value.cache_clear()
                return lexicon._compiled_by_value(groups)

            def widen(groups: tuple[LexiconGroup, ...] = groups) -> object:
                lexicon.expand(["the kv cache grows"], groups)
                return lexicon.interchangeable(groups, "gamma1 delta", "gamma2 delta")

            gc.collect()
            gc.disable()
            base = min(timed(args.repeat, baseline))
            built = min(timed(args.repeat, compile_once))
            lexicon._compiled(groups)  # compiled once, as a bank's lexicon is
            widened = min(timed(args.repeat, widen))
            gc.enable()
            shape = "shared" if shared else "own"
            print(
                f"{shape:<8} {size:>8,} {base:>11.3f} {built:>10.3f} {built / base:>6.2f} "
                f"{widened * 1000:>9.3f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
