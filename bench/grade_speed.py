"""`quiz grade` end to end: 10,000 answers (CSV and JSON lines) graded by the command in a fresh
process, start-up included (budget: under 2 s), beside two baselines run the same way:
`quiz list` (a plain command's start-up with the bank) and `python -c "import yaml"`.

The answers are the labelled answers of tests/data (every chapter question, strong to wrong),
repeated to the count asked for."""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 2.0


def answers(count: int) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for name in ("graded_answers.yaml", "graded_answers_heldout.yaml"):
        with (ROOT / "tests" / "data" / name).open(encoding="utf-8") as handle:
            found += [
                {"item_id": case["question"], "answer": case["answer"]}
                for case in yaml.safe_load(handle)["answers"]
            ]
    return [
        {"answer_id": str(n), "learner": f"learner{n % 30}", **found[n % len(found)]}
        for n in range(count)
    ]


def timed(command: list[str], repeat: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(command, env=env, capture_output=True, check=False)  # warm the caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = answers(args.answers)
    folder = Path(tempfile.mkdtemp(prefix="quiz-grade-"))
    jsonl, table = folder / "batch.jsonl", folder / "batch.csv"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["answer_id", "learner", "item_id", "answer"])
        writer.writeheader()
        writer.writerows(rows)
    quiz = [sys.executable, "-m", "quiz"]
    results = {
        name: timed([*quiz, "grade", str(path), "--output", str(folder / out)], args.repeat)
        for name, path, out in (
            ("grade (JSON lines)", jsonl, "o.jsonl"),
            ("grade (CSV)", table, "o.csv"),
        )
    }
    listing = timed([*quiz, "list"], args.repeat)
    yaml_start = timed([sys.executable, "-c", "import yaml"], args.repeat)
    ok = True
    for name, seconds in results.items():
        ok = ok and seconds <= BUDGET
        print(
            f"{name:<19} {args.answers:,} answers in {seconds:.2f} s "
            f"({args.answers / seconds:,.0f}/s with start-up)  {seconds / BUDGET:.2f}x of the "
            f"{BUDGET:g} s budget  {seconds / listing:.1f}x quiz list  "
            f"{seconds / yaml_start:.1f}x import yaml"
        )
    print(
        f"(quiz list: {listing * 1000:.0f} ms; python -c 'import yaml': {yaml_start * 1000:.0f} ms)"
    )
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
