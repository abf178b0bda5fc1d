"""Progress-store benchmark: 100,000 cards and 1,000,000 attempts in one profile.

Builds the history once (bench/history.py: 25,000 questions with 3 follow-ups each, in --dir,
default a temporary folder), then times, as medians of --repeat runs:
  - the next item of a practice session, in process (budget <= 10 ms),
  - the stats, in process (for information),
  - `quiz due` and `quiz stats` as commands, start-up included, against `python -c "import
    yaml"` started the same way: `quiz due` <= 2x (its read-only fast path: the database is
    synced with the same bank), `quiz stats` <= 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.history import NOW, build  # noqa: E402

QUESTIONS, FOLLOW_UPS, ATTEMPTS = 25_000, 3, 1_000_000


def median_time(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="keep the history here (reused if present)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    started = time.perf_counter()
    history, built = build(folder, QUESTIONS, FOLLOW_UPS, ATTEMPTS)
    print(
        f"{folder}: {history.items:,} cards, {ATTEMPTS:,} attempts "
        f"({'built' if built else 'reused'} in {time.perf_counter() - started:.1f} s)"
    )
    env = history.environment()
    # In process, after the commands' environment is in place (bank, database, cache).
    import os

    os.environ.update(env)
    from quiz.authoring.checked import load_checked_bank
    from quiz.bank.sources import bank_sources
    from quiz.practice.engine import Practice
    from quiz.practice.stats import compute
    from quiz.store.location import database_url
    from quiz.store.store import Store

    bank = load_checked_bank(bank_sources([str(history.bank)]))
    practice = Practice(Store.open(database_url(str(history.db))), bank, now=lambda: NOW)
    inside = {
        "next item": median_time(args.repeat, lambda: practice.next_item("practice")),
        "stats (in process)": median_time(args.repeat, lambda: compute(practice)),
    }

    def command(*argv: str) -> Callable[[], object]:
        return lambda: subprocess.run(argv, env=env, capture_output=True, check=True, cwd=ROOT)

    runs = {
        "import yaml": command(sys.executable, "-c", "import yaml"),
        "quiz due": command(sys.executable, "-m", "quiz", "due", "--limit", "20"),
        "quiz stats": command(sys.executable, "-m", "quiz", "stats"),
    }
    for run in runs.values():  # bytecode and caches warm
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, run in runs.items():
            times[name].append(median_time(1, run))
    base, due, stats = (statistics.median(times[n]) for n in runs)
    rows = [
        ("next item", inside["next item"], f"{inside['next item'] / 0.010:.2f}x of 10 ms"),
        ("stats (in process)", inside["stats (in process)"], ""),
        ("import yaml", base, "baseline"),
        ("quiz due", due, f"{due / base:.2f}x import yaml (budget 2x)"),
        ("quiz stats", stats, f"{stats / 0.2:.2f}x of 200 ms; {stats / base:.1f}x import yaml"),
    ]
    for name, seconds, note in rows:
        print(f"{name:<20} {seconds * 1000:8.1f} ms   {note}")
    ok = inside["next item"] <= 0.010 and due / base <= 2.0 and stats <= 0.2
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
