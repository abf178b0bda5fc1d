"""Plain command start-up benchmark.

Prints the wall time of each plain command (`list`, `show`, `score`, `generate`, `check`,
`calc`, `due`, `stats`), run as a fresh process on a warm cache, as a ratio to
`python -c "import yaml"` run the same way in this run. Runs are interleaved (one of each per
round) so machine noise hits every command alike; the figure is the median of --repeat rounds.
Bytecode is written and every command runs once first, as an installed quiz would be after its
first start. Budgets (issue 17): <= 3x for list, show, score, generate and check; <= 2x for calc
and due. `stats` here is on a small database; bench/queue_speed.py times it at 100,000 cards.
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

BASELINE = ("-c", "import yaml")
COMMANDS: dict[str, tuple[tuple[str, ...], float | None]] = {
    "list": (("list",), 3.0),
    "show": (("show", "ch44.q1"), 3.0),
    "score": (
        ("score", "ch44.q1", "--answer", "Bandwidth is how fast weights stream from memory."),
        3.0,
    ),
    "generate": (("generate", "mbu.chapter-form", "--seed", "7"), 3.0),
    "check": (("check", "mbu.chapter-form", "--seed", "7", "--answer", "2.7"), 3.0),
    "calc": (
        (
            *("calc", "mbu", "--params", "10B", "--bytes-per-param", "2"),
            *("--tokens-per-second", "200", "--bandwidth", "1.5TB/s"),
        ),
        2.0,
    ),
    "due": (("due",), 2.0),
    "stats": (("stats",), None),
}


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUIZ_", "XDG_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        QUIZ_DB=str(home / "quiz.db"),
    )
    return env


def _time(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-400:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", action="append", choices=list(COMMANDS))
    args = parser.parse_args()
    names = args.only or list(COMMANDS)
    with tempfile.TemporaryDirectory() as folder:
        env = _env(Path(folder))
        runs = {"import yaml": [sys.executable, *BASELINE]}
        runs |= {n: [sys.executable, "-m", "quiz", *COMMANDS[n][0]] for n in names}
        for argv in runs.values():  # bytecode, bank cache, database, presets: all warm
            _time(argv, env)
            _time(argv, env)
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, argv in runs.items():
                times[name].append(_time(argv, env))
    base = statistics.median(times["import yaml"])
    print(f"{'command':<12} {'median ms':>10} {'ratio':>7} {'budget':>7}")
    print(f"{'import yaml':<12} {base * 1e3:>10.1f} {1.0:>7.2f} {'':>7}")
    missed = 0
    for name in names:
        median = statistics.median(times[name])
        budget = COMMANDS[name][1]
        ratio = median / base
        verdict = "" if budget is None else ("ok" if ratio <= budget else "MISSED")
        missed += verdict == "MISSED"
        shown = f"{budget:.1f}x" if budget else "-"
        print(f"{name:<12} {median * 1e3:>10.1f} {ratio:>7.2f} {shown:>7} {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
