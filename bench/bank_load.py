"""Bank load benchmark: a generated 10,000-question bank.

Prints (medians of --repeat runs):
  - load + validate time as a ratio to merely parsing the same files with PyYAML's C loader
    (budget <= 2x),
  - the cached reload of the unchanged bank as a ratio to the same parse (budget <= 0.3x).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.bank.cache import load_bank_cached  # noqa: E402
from quiz.bank.loader import load_bank  # noqa: E402

QUESTION = """  - id: gen.f{f}.q{n}
    rev: 1
    topic: topic-{t}
    tags: [bench, t{t}]
    difficulty: medium
    source: {{chapter: 44, question: {q}}}
    prompt: >-
      Question {n} of file {f}: explain how memory bandwidth limits decode speed for a model of
      {n} billion parameters, and what you would change first.
    model_answer: >-
      Decode reads every weight once per step, so tokens per second are bounded by bandwidth
      divided by the bytes of the weights. Quantization and batching raise the ceiling.
    rubric:
      - id: bound
        criterion: Explains the bandwidth bound.
        weight: 1
        min_concepts: 2
        concepts:
          - forms: [bandwidth, memory bandwidth, bytes per second]
          - forms: [weights, parameters, model size]
      - id: fix
        criterion: Names a remedy.
        concepts:
          - forms: [quantization, quantize, int8]
          - forms: [batching, batch, larger batch]
        misconceptions:
          - statement: More memory alone does not raise bandwidth.
            forms: [just add memory, buy more memory, bigger memory]
    follow_ups:
      - id: gen.f{f}.q{n}.f1
        prompt: Why does batching help?
"""


def generate(folder: Path, questions: int, files: int) -> list[Path]:
    paths = []
    per_file = questions // files
    for f in range(files):
        body = "".join(QUESTION.format(f=f, n=n, t=n % 12, q=n % 7 + 1) for n in range(per_file))
        path = folder / f"bank_{f:03d}.yaml"
        path.write_text(
            "# yaml-language-server: $schema=schema.json\nquestions:\n" + body, encoding="utf-8"
        )
        paths.append(path)
    return paths


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bank"
        folder.mkdir()
        paths = generate(folder, args.questions, args.files)
        os.environ["QUIZ_CACHE_DIR"] = str(Path(tmp) / "cache")
        size = sum(p.stat().st_size for p in paths)

        def parse_only() -> None:
            for path in paths:
                yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        sources = [str(folder)]
        bank = load_bank(sources)
        assert not bank.findings, bank.findings[:3]
        items = len(bank.items)
        load_bank_cached(sources)  # warm the cache
        base = timed(parse_only, args.repeat)
        full = timed(lambda: load_bank(sources), args.repeat)
        cached = timed(lambda: load_bank_cached(sources), args.repeat)
    print(
        f"bank: {args.questions} questions ({items} items), {args.files} files, {size / 1e6:.1f} MB"
    )
    print(f"parse only (PyYAML CSafeLoader): {base * 1000:8.1f} ms  (baseline)")
    print(
        f"load + validate:                 {full * 1000:8.1f} ms  ratio {full / base:.2f}x"
        "  (budget <= 2x)"
    )
    print(
        f"cached reload (unchanged):       {cached * 1000:8.1f} ms  ratio {cached / base:.2f}x"
        "  (budget <= 0.3x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
