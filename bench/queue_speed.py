"""Progress-store benchmark: up to 100,000 cards and 1,000,000 attempts in one profile.

Builds each history once (bench/history.py: questions with 3 follow-ups each, a card per 10
answers; --attempts 10000,100000,1000000 by default, in --dir, default a temporary folder), then
times on each, as medians of --repeat runs:
  - a warm start, in process: `Practice()` on a database already synced with the same bank,
    whose sync is skipped by the bank's key (budget <= 50 ms),
  - the next item of a practice session, in process (budget <= 10 ms),
  - the stats, in process (for information),
  - `quiz due` and `quiz stats` as commands, start-up included, against `python -c "import
    yaml"` started the same way: `quiz due` <= 2x (its read-only fast path: the database is
    synced with the same bank), `quiz stats` <= 200 ms; and the peak memory of each command.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.history import NOW, History, build  # noqa: E402
from bench.timing import timed  # noqa: E402

FOLLOW_UPS = 3  # each question has 3 follow-ups: 4 cards a question
ATTEMPTS_PER_CARD = 10


def median_time(repeat: int, run: Callable[[], object]) -> float:
    return statistics.median(timed(repeat, run))


def measure(history: History, repeat: int) -> dict[str, float]:
    """Seconds of each figure on one history (medians of `repeat`)."""
    env = history.environment()
    os.environ.update(env)  # in process as the commands see it: bank, database, cache
    from quiz.authoring.checked import load_checked_bank
    from quiz.bank.sources import bank_sources
    from quiz.practice.engine import Practice
    from quiz.practice.stats import compute
    from quiz.store.location import database_url
    from quiz.store.store import Store

    bank = load_checked_bank(bank_sources([str(history.bank)]))
    store = Store.open(database_url(str(history.db)))
    practice = Practice(store, bank, now=lambda: NOW)  # the first start syncs the bank
    found = {
        "warm start": median_time(repeat, lambda: Practice(store, bank, now=lambda: NOW)),
        "next item": median_time(repeat, lambda: practice.next_item("practice")),
        "stats": median_time(repeat, lambda: compute(practice)),
    }
    store.close()

    def command(*argv: str) -> Callable[[], object]:
        return lambda: subprocess.run(argv, env=env, capture_output=True, check=True, cwd=ROOT)

    runs = {
        "import yaml": command(sys.executable, "-c", "import yaml"),
        "quiz due": command(sys.executable, "-m", "quiz", "due", "--limit", "20"),
        "quiz stats": command(sys.executable, "-m", "quiz", "stats"),
    }
    for run in runs.values():  # bytecode and caches warm
        run()
    peaks = {
        f"{name} MB": peak_mb(argv, env)
        for name, argv in (("due", ("due", "--limit", "20")), ("stats", ("stats",)))
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):  # interleaved: machine noise hits each alike
        for name, run in runs.items():
            times[name].append(median_time(1, run))
    return found | peaks | {name: statistics.median(values) for name, values in times.items()}


_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
    "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_mb(argv: tuple[str, ...], env: dict[str, str]) -> float:
    """The peak resident memory of one run of a quiz command, in MB. It is started from a
    small Python process: a child forked from this one (which holds a large bank) would count
    this process's memory as its own until it execs."""
    found = subprocess.run(
        [sys.executable, "-c", _PEAK, sys.executable, "-m", "quiz", *argv],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(found.stdout) / 1024  # kilobytes on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="keep the histories here (reused if present)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--attempts",
        default="10000,100000,1000000",
        help="answers of each history, comma-separated (a card per 10 answers)",
    )
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    sizes = [int(size) for size in args.attempts.split(",")]
    print(
        f"{'answers':>9} {'cards':>7} {'start ms':>8} {'next ms':>8} {'stats ms':>9} "
        f"{'yaml ms':>8} {'due ms':>7} {'due/yaml':>8} {'stats cmd ms':>12} "
        f"{'peak MB due/stats':>17}"
    )
    rows = []
    for attempts in sizes:
        cards = attempts // ATTEMPTS_PER_CARD
        questions = max(cards // (1 + FOLLOW_UPS), 1)
        history, _ = build(folder / f"a{attempts}", questions, FOLLOW_UPS, attempts)
        found = measure(history, args.repeat)
        rows.append(found)
        print(
            f"{attempts:>9,} {history.items:>7,} {found['warm start'] * 1e3:>8.1f} "
            f"{found['next item'] * 1e3:>8.1f} "
            f"{found['stats'] * 1e3:>9.1f} {found['import yaml'] * 1e3:>8.1f} "
            f"{found['quiz due'] * 1e3:>7.1f} {found['quiz due'] / found['import yaml']:>7.2f}x "
            f"{found['quiz stats'] * 1e3:>12.1f} {found['due MB']:>8.0f} /{found['stats MB']:>7.0f}"
        )
    largest = rows[-1]
    print(
        "budgets at the largest size: warm start <= 50 ms, next item <= 10 ms, "
        "quiz due <= 2x import yaml, quiz stats <= 200 ms"
    )
    ok = (
        largest["warm start"] <= 0.050
        and largest["next item"] <= 0.010
        and largest["quiz due"] / largest["import yaml"] <= 2.0
        and largest["quiz stats"] <= 0.2
    )
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
