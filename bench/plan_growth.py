"""How `quiz plan` grows with the history: wall time and peak memory of the whole process at
10k, 100k and 1M answers (issue 37: 0.59 s / 1.91 s / 18.5 s and 59 / 108 / 610 MiB before the
answer days were worked out by the database), each beside `quiz due` on the same history (the
baseline, run alternately in the same minutes). Fresh processes; min / median / max.

    python bench/plan_growth.py [--sizes 10000,100000,1000000] [--repeat 3] [--folder DIR]
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
sys.path.insert(0, str(ROOT / "bench"))

from history import History  # noqa: E402

INTERVIEW = "2026-12-20"  # three weeks after the histories' clock


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak resident MiB of one fresh process."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {child.stderr.read().decode()[:500]}")
    return seconds, usage.ru_maxrss / 1024


def spread(values: list[float]) -> str:
    return f"{min(values):6.2f} / {statistics.median(values):6.2f} / {max(values):6.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "quiz-plan")
    args = parser.parse_args()
    quiz = [sys.executable, "-m", "quiz"]
    print(f"{'answers':>9}  {'plan s (min/med/max)':>22}  {'due s':>22}  ratio  plan MiB  due MiB")
    for size in (int(s) for s in args.sizes.split(",")):
        folder = args.folder / str(size)
        built = (
            "from pathlib import Path; from history import build; "
            f"build(Path({str(folder)!r}), 1000, 2, {size})"
        )
        # built in a child of its own: a process's peak memory counts its parent's at the fork
        subprocess.run([sys.executable, "-c", built], cwd=ROOT / "bench", check=True)
        env = History(folder, 1_000, 2, size).environment()
        subprocess.run([*quiz, "plan", "--interview", INTERVIEW], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        plans, dues, plan_mib, due_mib = [], [], [], []
        for _ in range(args.repeat):  # alternately, so both see the same machine
            seconds, mib = run([*quiz, "plan"], env)
            plans.append(seconds)
            plan_mib.append(mib)
            seconds, mib = run([*quiz, "due"], env)
            dues.append(seconds)
            due_mib.append(mib)
        ratio = statistics.median(plans) / statistics.median(dues)
        print(
            f"{size:>9,}  {spread(plans):>22}  {spread(dues):>22}  {ratio:5.2f}  "
            f"{max(plan_mib):8.0f}  {max(due_mib):7.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
