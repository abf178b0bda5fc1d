"""Faster YAML parsers from the package index, measured against PyYAML's C safe loader.

For each candidate that is installed (`pip install yaml-rs rapidyaml` in a scratch environment;
neither is a dependency of quiz), prints:
  - whether it gives the same Python data as PyYAML for every shipped bank file and for a corpus
    of YAML 1.1 cases bank authors write (booleans as yes/no, octal and sexagesimal numbers,
    timestamps, merge keys, anchors, tags, .inf, empty values) and malformed documents (which
    must fail, not load as something);
  - its parse time for a generated 10,000-question bank (10 files), as a ratio to PyYAML's C
    loader in the same run (best of --repeat).
rapidyaml's Python module returns a node tree, not Python data: turning it into dicts and
resolving scalars would be Python code walking every node, so it is reported as such.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.history import write_bank  # noqa: E402
from bench.timing import timed  # noqa: E402

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CASES = [
    "a: yes\nb: No\nc: on\nd: OFF\ne: y\n",
    "octal: 010\nnew_octal: 0o17\nhex: 0x1F\nsexagesimal: 1:30\nunderscore: 1_000\n",
    "float: 1e3\nexp: 6.7e9\ninf: .inf\nneg: -.Inf\nnan: .nan\ndot: 1.\n",
    "date: 2026-01-20\nstamp: 2026-01-20 10:00:00\n",
    "empty:\ntilde: ~\nnull_word: null\nquoted: 'null'\n",
    "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n",
    "list: &l [1, 2]\nagain: *l\n",
    "tagged: !!str 123\nbinary: !!binary aGVsbG8=\nset: !!set {a, b}\n",
    "text: |\n  line one\n  line two\nfolded: >\n  folded\n  text\n",
    "key with spaces: value\n'quoted key': 1\n? complex\n: value\n",
    'unicode: \u00e9t\u00e9 \u2014 \u4e2d\u6587\nescape: "tab\\there"\n',
    "forms: [KV-cache, 'GB/s', \"a: b\", -1, +1, 1.5TB/s]\n",
]
MALFORMED = [
    "a: [1, 2\n",
    "a: b: c\n",
    "key: 'unterminated\n",
    "- a\nb: c\n",
    "a:\n\t- tab\n",
]


def _pyyaml(text: str) -> Any:
    return yaml.load(text, Loader=LOADER)  # the C safe loader


def _candidates() -> dict[str, Callable[[str], Any] | str]:
    found: dict[str, Callable[[str], Any] | str] = {}
    try:
        import yaml_rs

        found["yaml-rs"] = yaml_rs.loads
    except ImportError:
        found["yaml-rs"] = "not installed"
    try:
        import ryml  # noqa: F401

        found["rapidyaml"] = "returns a node tree; no Python data without a Python tree walk"
    except ImportError:
        found["rapidyaml"] = "not installed"
    return found


def _same(parse: Callable[[str], Any], text: str) -> bool:
    try:
        expected = _pyyaml(text)
    except yaml.YAMLError:
        expected = None
        failed = True
    else:
        failed = False
    try:
        got = parse(text)
    except Exception:
        return failed
    return not failed and _equal(got, expected)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True  # both NaN
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _best(repeat: int, run: Callable[[], object]) -> float:
    return min(timed(repeat, run))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    shipped = sorted((ROOT / "question_bank").rglob("*.yaml"))
    with tempfile.TemporaryDirectory() as folder:
        files = write_bank(Path(folder), 10_000, 0)
        texts = [f.read_text(encoding="utf-8") for f in files]
        base = _best(args.repeat, lambda: [_pyyaml(t) for t in texts])
        print(f"PyYAML C safe loader: {base:.2f} s for 10,000 questions (baseline)")
        for name, parse in _candidates().items():
            if isinstance(parse, str):
                print(f"{name}: {parse}")
                continue
            bank = sum(_same(parse, f.read_text(encoding="utf-8")) for f in shipped)
            cases = [c for c in CASES if not _same(parse, c)]
            broken = [c for c in MALFORMED if not _same(parse, c)]
            seconds = _best(args.repeat, lambda p=parse: [p(t) for t in texts])  # type: ignore[misc]
            print(
                f"{name}: {seconds:.2f} s = {seconds / base:.2f}x PyYAML C; same data for "
                f"{bank}/{len(shipped)} shipped files, {len(CASES) - len(cases)}/{len(CASES)} "
                f"YAML 1.1 cases, {len(MALFORMED) - len(broken)}/{len(MALFORMED)} malformed"
            )
            for case in cases + broken:
                print(f"    differs: {case!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
