"""TUI start-up benchmark.

Times, as fresh processes (medians of --repeat interleaved runs), from the moment the process is
started to the moment the app reports it (the child prints the wall-clock time):
  - a minimal Textual app (one Static), its first screen drawn: the baseline;
  - quiz, the home screen drawn (budget <= 1.3x the baseline);
  - quiz, ready: the home screen showing the learner's real numbers (keys pressed from the first
    frame are honoured once the domain has loaded), budget <= 1.5x the baseline. Its figures saved
    last time are shown in the first frame while nothing they depend on changed;
  - quiz, ready after a change (the saved figures removed, as when an answer was given from
    the command line: the figures are read straight from the database in the loading worker,
    before the bank and the engine), for information.
All run headless. With --history DIR, quiz runs on the large history of bench/history.py (25,000
questions with 3 follow-ups, 100,000 cards, 1,000,000 answers; built there once), where ready is
budgeted at <= 2x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 1.3
READY_BUDGET = 1.5
LARGE_READY_BUDGET = 2.0

MINIMAL = """
import time
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("hello")

    def on_mount(self):
        self.call_after_refresh(self.done)

    def done(self):
        print("AT", time.time(), flush=True)
        self.exit()

Minimal().run(headless=True)
"""

QUIZ = """
import os
import sys
import time
from quiz.tui.app import QuizApp
from quiz.tui.context import Options

wait_for_data = sys.argv[1] in ("data", "full")
wait_for_full = sys.argv[1] == "full"  # the full computation done (and its figures saved)

class Timed(QuizApp):
    def on_mount(self):
        super().on_mount()
        if wait_for_data:
            self.set_interval(0.01, self.check)
        else:
            self.call_after_refresh(self.done)

    def done(self):
        print("AT", time.time(), flush=True)
        os._exit(0)  # the moment is taken: do not wait for the loading worker

    def check(self):
        summary = self.screen.query_one("#summary")
        if "due now" in str(summary.content) and (self.screen.computed or not wait_for_full):
            self.done()

banks = tuple(path for path in os.environ.get("QUIZ_BANK", "").split(":") if path)
Timed(Options(db=sys.argv[2], banks=banks)).run(headless=True)
"""


def wall(
    code: str, *args: str, cache: Path | None = None, env: dict[str, str] | None = None
) -> float:
    """Seconds from starting the process to the moment the child reports."""
    env = {**(env or os.environ), "PYTHONPATH": str(ROOT)}
    if cache is not None:
        env["QUIZ_CACHE_DIR"] = str(cache)
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, env=env, capture_output=True, text=True
    )
    reported = [line for line in done.stdout.splitlines() if line.startswith("AT ")]
    return float(reported[-1].split()[1]) - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each (at least 5)")
    parser.add_argument("--history", type=Path, metavar="DIR", help="the large history's folder")
    args = parser.parse_args()
    repeat = max(args.repeat, 5)
    env: dict[str, str] | None = None
    ready_budget = READY_BUDGET
    if args.history is not None:
        sys.path.insert(0, str(ROOT))
        from bench.history import build

        history, _ = build(args.history, 25_000, 3, 1_000_000)
        env = history.environment()
        db, cache = str(history.db), args.history / "cache"
        ready_budget = LARGE_READY_BUDGET
        print(f"on {history.items:,} cards and {history.attempts:,} answers ({args.history})")
    else:
        folder = Path(tempfile.mkdtemp(prefix="quiz-startup-"))
        db, cache = str(folder / "quiz.db"), folder / "cache"
    wall(QUIZ, "full", db, cache=cache, env=env)  # create the database, fill the bank cache
    wall(QUIZ, "full", db, cache=cache, env=env)  # the figures computed and saved
    wall(MINIMAL)
    minimal, home, data, cold = [], [], [], []
    for _ in range(repeat):
        minimal.append(wall(MINIMAL))
        home.append(wall(QUIZ, "home", db, cache=cache, env=env))
        data.append(wall(QUIZ, "data", db, cache=cache, env=env))
        for saved in cache.glob("glance-*.json"):
            saved.unlink()
        cold.append(wall(QUIZ, "data", db, cache=cache, env=env))
        wall(QUIZ, "full", db, cache=cache, env=env)  # saved again for the next round
    base, drawn, ready, changed = (statistics.median(x) for x in (minimal, home, data, cold))
    print(f"minimal Textual app: {base * 1000:.0f} ms to its first screen")
    print(f"quiz home screen drawn: {drawn * 1000:.0f} ms = {drawn / base:.2f}x (budget {BUDGET}x)")
    print(
        f"quiz ready (real numbers shown): {ready * 1000:.0f} ms = {ready / base:.2f}x "
        f"(budget {ready_budget}x)"
    )
    print(f"quiz ready after a change: {changed * 1000:.0f} ms = {changed / base:.2f}x")
    ok = drawn / base <= BUDGET and ready / base <= ready_budget
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
