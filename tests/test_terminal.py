"""A real terminal (tmux): start quiz, open practice from the command palette, type, submit with
ctrl+s, rate, quit, and find the attempt in the database."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DATA, SELF_RATED, make_due

ROOT = Path(__file__).parent.parent
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", *args], capture_output=True, text=True, check=True, timeout=30
    ).stdout


@pytest.fixture
def session(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, Path]]:
    """quiz in a tmux session; a test marked `@pytest.mark.argv(...)` passes those arguments."""
    marker = request.node.get_closest_marker("argv")
    argv = " ".join(shlex.quote(a) for a in marker.args) if marker else ""
    name = f"quiz-test-{os.getpid()}"
    db = tmp_path / "terminal.db"
    due = request.node.get_closest_marker("due")
    if due is not None:  # answered days before, so due now: the app serves it first
        with pytest.MonkeyPatch.context() as patch:
            make_due(db, due.args[0], patch, "2026-11-20T09:00:00Z", *due.args[1:])
    env = {
        "QUIZ_DB": str(db),
        "QUIZ_NOW": "2026-11-26T09:00:00Z",
        "QUIZ_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",
    }
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    # The pane outlives the app until the session is killed below, however long the checks
    # after quitting take on a busy machine.
    command = f"env {exports} {shlex.quote(sys.executable)} -m quiz {argv}; exec sleep infinity"
    tmux("new-session", "-d", "-s", name, "-x", "110", "-y", "36", command)
    try:
        yield name, db
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, timeout=30)


def screen(name: str) -> str:
    return tmux("capture-pane", "-t", name, "-p")


def wait_for(name: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = screen(name)
        if text in shown:
            return shown
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never appeared; the screen shows:\n{screen(name)}")


def keys(name: str, *sequence: str) -> None:
    tmux("send-keys", "-t", name, *sequence)


def test_practice_round_in_a_real_terminal(session: tuple[str, Path]) -> None:
    name, db = session
    wait_for(name, "due now")
    keys(name, "C-p")
    wait_for(name, "Search for commands")
    keys(name, "-l", "practice")
    wait_for(name, "due first, then new items")  # the palette found the command: Enter opens it
    keys(name, "Enter")
    wait_for(name, "GPU Memory Bandwidth")
    keys(name, "-l", "Bandwidth is the rate at which data moves from GPU memory.")
    keys(name, "C-s")
    wait_for(name, "Rating:")  # the verdict sits right under the prompt
    shown = wait_for(name, "4 Easy")  # and the footer offers the ratings
    assert "Score" in shown and "Your answer, with the evidence found" in shown
    keys(name, "4")
    wait_for(name, "Rated easy")
    assert quit_and_read(name, db) == [
        ("ch44.q1", "Bandwidth is the rate at which data moves from GPU memory.", 4)
    ]


def quit_and_read(name: str, db: Path) -> list[tuple[str, str, int]]:
    keys(name, "C-q")
    deadline = time.monotonic() + 20
    while "^p palette" in screen(name):  # the app's footer is gone once it has quit
        assert time.monotonic() < deadline, screen(name)
        time.sleep(0.3)
    with sqlite3.connect(db) as connection:
        query = "SELECT item_id, answer, final_rating FROM attempts ORDER BY id"
        return list(connection.execute(query).fetchall())


@pytest.mark.argv("interview", "--questions", "1", "--bank", str(SELF_RATED))
@pytest.mark.due("s.q1")
def test_interview_with_self_rated_follow_ups_in_a_real_terminal(
    session: tuple[str, Path],
) -> None:
    name, db = session
    wait_for(name, "question 1 of 1")
    keys(name, "-l", "Bandwidth is how fast weights stream from memory.")
    keys(name, "C-s")
    for answer, rating in (("Time per token.", "3"), ("Quantize 3 times.", "2")):
        wait_for(name, "follow-up ·")
        wait_for(name, "left for this answer")
        keys(name, "-l", answer)
        keys(name, "C-s")
        wait_for(name, "rate yourself")
        keys(name, rating)
    wait_for(name, "Interview report")
    wait_for(name, "Rated yourself: good")  # the second follow-up is further down
    assert [(row[0], row[2]) for row in quit_and_read(name, db)[2:]] == [
        ("s.q1.f1", 3),
        ("s.q1.f2", 2),
    ]


def test_a_key_pressed_the_instant_home_appears_is_not_lost(session: tuple[str, Path]) -> None:
    name, _ = session
    wait_for(name, "Start", seconds=30)  # the home screen is drawn (the bank may still load)
    keys(name, "p")
    wait_for(name, "GPU Memory Bandwidth")  # practice opened with its first question


HOSTILE = DATA / "hostile_markup_bank.yaml"


@pytest.mark.argv("--bank", str(HOSTILE))
@pytest.mark.due("h.q1", HOSTILE)  # served first
def test_typing_at_once_into_a_shared_banks_markup_question(session: tuple[str, Path]) -> None:
    """The first second: `p` and the answer typed the instant the home screen is drawn go into
    the answer; a shared bank's markup is shown as the characters it is, and stops nothing."""
    name, db = session
    wait_for(name, "Start", seconds=30)
    keys(name, "p")
    keys(name, "-l", "Bandwidth is capacity.")
    wait_for(name, "[@click=app.quit]Trap[/]")  # the prompt of the shared question, as written
    wait_for(name, "Bandwidth is capacity.")
    keys(name, "C-s")
    wait_for(name, "Rating: again")  # a wrong claim (the shared bank's misconception) fails it
    assert "^p palette" in screen(name)  # still running
    assert quit_and_read(name, db)[-1][:2] == ("h.q1", "Bandwidth is capacity.")
