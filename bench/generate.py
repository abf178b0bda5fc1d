"""Numeric problem benchmark.

Prints:
  - instances generated per second for each packaged template (budget >= 5,000/s each), with the
    time to check one answer;
  - the wall time of `quiz calc mbu ...` as a ratio to `python -c "import yaml"`, both run as fresh
    processes in this run (budget <= 3x: plain commands import neither Textual nor SQLAlchemy).
    Medians of --repeat runs, interleaved so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.bank.loader import load_bank  # noqa: E402
from quiz.bank.sources import bank_sources  # noqa: E402
from quiz.problems.compiled import compiled  # noqa: E402
from quiz.problems.generate import check_answer, generate  # noqa: E402

GENERATE_BUDGET = 5_000
START_BUDGET = 3.0
CALC = [
    "-m",
    "quiz",
    "calc",
    "mbu",
    "--params",
    "10B",
    "--bytes-per-param",
    "2",
    "--tokens-per-second",
    "200",
    "--bandwidth",
    "1.5TB/s",
]


def rate(template_id: str, seconds: float) -> tuple[float, float]:
    """(instances per second, microseconds per check) over about `seconds` of work."""
    bank = load_bank(bank_sources())
    template = compiled(bank.templates[template_id].template)
    seed, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for _ in range(100):
            generate(template, seed)
            seed += 1
    per_second = seed / (time.perf_counter() - started)
    instance = generate(template, 0)
    answer = instance.answer_display
    started = time.perf_counter()
    for _ in range(1000):
        check_answer(instance, answer)
    return per_second, (time.perf_counter() - started) * 1000


def wall(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *argv], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.5, help="work per template")
    parser.add_argument("--repeat", type=int, default=15, help="process start-ups of each kind")
    args = parser.parse_args()

    bank = load_bank(bank_sources())
    print(f"{'template':<30} {'instances/s':>12} {'vs budget':>10} {'check us':>9}")
    worst = float("inf")
    for template_id in bank.templates:
        per_second, check_us = rate(template_id, args.seconds)
        worst = min(worst, per_second)
        ratio = per_second / GENERATE_BUDGET
        print(f"{template_id:<30} {per_second:>12,.0f} {ratio:>9.2f}x {check_us:>9.1f}")
    print(f"slowest template: {worst:,.0f} instances/s (budget >= {GENERATE_BUDGET:,})")

    wall(["-c", "import yaml"])  # warm the file cache
    wall(CALC)
    baseline, calc = [], []
    for _ in range(args.repeat):
        baseline.append(wall(["-c", "import yaml"]))
        calc.append(wall(CALC))
    base, cost = statistics.median(baseline), statistics.median(calc)
    print(
        f"python -c 'import yaml': {base * 1000:.0f} ms; quiz calc mbu: {cost * 1000:.0f} ms; "
        f"ratio {cost / base:.2f}x (budget <= {START_BUDGET}x)"
    )
    ok = worst >= GENERATE_BUDGET and cost / base <= START_BUDGET
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
