"""Bank load benchmark: generated banks of 1,000 to 50,000 questions.

For each size, prints (medians of --repeat runs, each in a fresh process, so no earlier bank is
alive in the heap a measurement runs in):
  - parsing the files with PyYAML's C loader: the baseline (and, for information, the same parse
    with the garbage collector off, the floor a loader could reach);
  - load + validate, as a ratio to that parse (budget <= 1.5x at 10,000 questions);
  - the cached reload of the unchanged bank (budget <= 0.2x at 10,000 questions);
  - the peak memory each adds to the process;
then whether the cost per question stays flat from the smallest size to the largest (linear).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD_BUDGET, CACHED_BUDGET, AT = 1.5, 0.2, 10_000

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


CHILD = """
import gc, json, resource, sys, time
sys.path.insert(0, sys.argv[1])
what, folder = sys.argv[2], sys.argv[3]
from pathlib import Path
import yaml
from quiz.bank.cache import load_bank_cached
from quiz.bank.loader import load_bank
paths = sorted(Path(folder).glob("*.yaml"))
actions = {
    "parse": lambda: [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in paths],
    "parse, collector off": lambda: (gc.disable(), actions["parse"]()),
    "load": lambda: load_bank([folder]),
    "cached": lambda: load_bank_cached([folder]),
}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
result = actions[what]()
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"seconds": seconds, "peak_kb": peak}))
"""


def measure(what: str, folder: Path, cache: Path, repeat: int) -> tuple[float, float]:
    """Median seconds and peak memory (MB) of one action, each run in a fresh process."""
    env = {**os.environ, "QUIZ_CACHE_DIR": str(cache)}
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(ROOT), what, str(folder)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    seconds = statistics.median(run["seconds"] for run in runs)
    return seconds, statistics.median(run["peak_kb"] for run in runs) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default="1000,10000,50000", help="comma-separated sizes")
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(size) for size in args.questions.split(",")]
    print(
        f"{'questions':>9} {'MB':>5} {'parse ms':>9} {'no-gc ms':>9} {'load ms':>9} {'ratio':>6} "
        f"{'cached ms':>9} {'ratio':>6} {'load us/q':>9} {'peak MB load/cached':>20}"
    )
    per_question, floor_per_question, verdicts = [], [], []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder, cache = Path(tmp) / "bank", Path(tmp) / "cache"
            folder.mkdir()
            paths = generate(folder, size, args.files)
            megabytes = sum(p.stat().st_size for p in paths) / 1e6
            measure("cached", folder, cache, 1)  # fill the cache
            base, _ = measure("parse", folder, cache, args.repeat)
            floor, _ = measure("parse, collector off", folder, cache, args.repeat)
            full, full_peak = measure("load", folder, cache, args.repeat)
            cached, cached_peak = measure("cached", folder, cache, args.repeat)
        per_question.append(full / size * 1e6)
        floor_per_question.append(floor / size)
        print(
            f"{size:>9} {megabytes:>5.1f} {base * 1000:>9.0f} {floor * 1000:>9.0f} "
            f"{full * 1000:>9.0f} "
            f"{full / base:>5.2f}x {cached * 1000:>9.0f} {cached / base:>5.2f}x "
            f"{per_question[-1]:>9.0f} {full_peak:>9.0f} /{cached_peak:>6.0f}"
        )
        if size == AT:
            verdicts.append(full / base <= LOAD_BUDGET and cached / base <= CACHED_BUDGET)
    growth = per_question[-1] / per_question[0]
    floor_growth = floor_per_question[-1] / floor_per_question[0]
    print(
        f"cost per question, largest / smallest size: load {growth:.2f}x, the parse floor "
        f"{floor_growth:.2f}x (linear: about 1x)"
    )
    print(
        f"budgets at {AT:,} questions: load <= {LOAD_BUDGET}x, cached <= {CACHED_BUDGET}x: "
        + ("not measured" if not verdicts else "met" if all(verdicts) else "NOT MET")
    )
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
