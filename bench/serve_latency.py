"""`quiz serve` in a browser against quiz in a terminal: the first frame, one key's echo, and
ctrl+s to the verdict.

The browser: `quiz serve` (its own database and cache) and the distribution's Chromium driven by
Playwright, without WebGL so that xterm.js draws text into the page, which is read every 2 ms.
First frame: from asking for the page (a new app process each time) until the home screen shows
"due now". Then, as bench/terminal_feedback.py does in tmux: practice, type an answer one key
at a time, timing each key until the page shows it, and ctrl+s until "Rating:" is on the page.
The terminal: the same in tmux (its first frame from starting the process until "due now";
its keys from bench/terminal_feedback.py, run here with the same number of answers).
Each read of the page costs a Playwright round trip (about a millisecond), as each read of
the pane costs a tmux call.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
POLL = 0.002
ANSWER = "Bandwidth is the rate"


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUIZ_", "TEXTUAL_"))}
    return env | {
        "QUIZ_DB": str(folder / "quiz.db"),
        "QUIZ_CACHE_DIR": str(folder / "cache"),
        "QUIZ_CONFIG": str(folder / "none.toml"),
        "QUIZ_NOW": "2026-11-26T09:00:00Z",
        "QUIZ_DAILY_NEW_LIMIT": "1000",
        "PYTHONPATH": str(ROOT),
    }


def text(page: Page) -> str:
    rows = page.locator(".xterm-rows")
    return rows.inner_text() if rows.count() else ""


def wait_for(page: Page, shown: str, seconds: float = 60) -> float:
    started = time.perf_counter()
    while shown not in text(page):
        if time.perf_counter() - started > seconds:
            raise SystemExit(f"{shown!r} never appeared; the page shows:\n{text(page)}")
        time.sleep(POLL)
    return time.perf_counter() - started


def timed_key(page: Page, key: str, shows: str) -> float:
    started = time.perf_counter()
    page.keyboard.press(key)
    wait_for(page, shows)
    return time.perf_counter() - started


def browser_figures(
    url: str, loads: int, answers: int
) -> tuple[list[float], list[float], list[float]]:
    firsts: list[float] = []
    echoes: list[float] = []
    verdicts: list[float] = []
    args = ["--disable-webgl", "--disable-webgl2"] + (["--no-sandbox"] if os.geteuid() == 0 else [])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        for _ in range(loads):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            started = time.perf_counter()
            page.goto(url)
            wait_for(page, "due now")
            firsts.append(time.perf_counter() - started)
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url)
        wait_for(page, "due now")
        page.keyboard.press("p")
        while len(verdicts) < answers:
            asked = time.perf_counter()
            while "ctrl+s submits" not in (shown := text(page)):
                if time.perf_counter() - asked > 60:
                    raise SystemExit(f"no answer box appeared; the page shows:\n{shown}")
                if "A number with its unit" in shown:  # a numeric problem: buried, the next
                    header = shown.splitlines()[:3]  # the item's id and kind
                    page.keyboard.press("Control+g")
                    while text(page).splitlines()[:3] == header:
                        time.sleep(POLL)
                time.sleep(POLL)
            typed = ""
            for char in ANSWER:
                typed += char
                seconds = timed_key(page, char if char != " " else "Space", typed)
                if char != " ":
                    echoes.append(seconds)
            verdicts.append(timed_key(page, "Control+s", "Rating:"))
            wait_for(page, "3 Good")  # the feedback's keys are live
            page.keyboard.press("n")  # keep the suggested rating, next question
            left = time.perf_counter()
            while "Rating:" in text(page):
                if time.perf_counter() - left > 60:
                    raise SystemExit(f"the feedback stayed; the page shows:\n{text(page)}")
                time.sleep(POLL)
        browser.close()
    return firsts, echoes, verdicts


def terminal_first_frames(folder: Path, loads: int) -> list[float]:
    """Seconds from starting quiz in a tmux pane until its home screen shows "due now"."""
    env = environment(folder) | {"TERM": "xterm-256color"}
    exports = " ".join(
        f"{k}={shlex.quote(v)}" for k, v in env.items() if k.startswith(("QUIZ", "PY"))
    )
    found = []
    holder = f"quiz-serve-bench-{os.getpid()}"  # keeps tmux's server up between the panes
    subprocess.run(["tmux", "new-session", "-d", "-s", holder, "sleep infinity"], check=True)
    try:
        for n in range(loads):
            found.append(_terminal_first_frame(f"{holder}-{n}", exports))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", holder], capture_output=True)
    return found


def _terminal_first_frame(name: str, exports: str) -> float:
    """Seconds from starting quiz in the tmux pane `name` until its home screen shows."""
    command = f"env {exports} {shlex.quote(sys.executable)} -m quiz; exec sleep infinity"
    started = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "133", "-y", "44", command], check=True
    )
    try:
        while (
            "due now"
            not in subprocess.run(
                ["tmux", "capture-pane", "-t", name, "-p"], capture_output=True, text=True
            ).stdout
        ):
            if time.perf_counter() - started > 60:
                raise SystemExit("quiz never showed its home screen in tmux")
            time.sleep(POLL)
        return time.perf_counter() - started
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def ms(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:6.1f} ms "
        f"(min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}; n={len(values)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="first frames to time (default 5)")
    parser.add_argument("--answers", type=int, default=5, help="answers to time (default 5)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    folder = Path(tempfile.mkdtemp(prefix="quiz-serve-bench-"))
    server = subprocess.Popen(
        [sys.executable, "-m", "quiz", "serve", "--max-sessions", "20"],
        stdout=subprocess.PIPE,
        text=True,
        env=environment(folder),
        cwd=ROOT,
    )
    assert server.stdout is not None
    url = server.stdout.readline().split()[-1]
    try:
        firsts, echoes, verdicts = browser_figures(url, args.loads, args.answers)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(60)
    print("browser (quiz serve, Chromium):")
    print(f"  first frame (page asked -> home screen): {ms(firsts)}")
    print(f"  one key echoed:                          {ms(echoes)}")
    print(f"  ctrl+s to verdict:                       {ms(verdicts)}")
    if shutil.which("tmux") is None:
        print("terminal: tmux is not installed")
        return 0
    print("terminal (tmux):")
    terminal = terminal_first_frames(folder, args.loads)
    print(f"  first frame (process started -> home):   {ms(terminal)}")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "terminal_feedback.py"),
            "--answers",
            str(args.answers),
        ],
        capture_output=True,
        text=True,
    )
    for line in done.stdout.splitlines()[:2]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
