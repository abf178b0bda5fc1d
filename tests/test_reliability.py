"""Real processes on one database: SIGKILL at random moments, and two writers at once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
CHILD = """
import sys
from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.practice.engine import Practice
from quiz.store.location import database_url
from quiz.store.store import Store

path, count, profile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
practice = Practice(Store.open(database_url(path)), load_bank(bank_sources()), profile)
questions = [f"ch44.q{n}" for n in range(1, 8)]
print("READY", flush=True)
for index in range(count):
    outcome = practice.submit(
        questions[index % 7], f"Bandwidth is the rate of data transfer, answer {index}."
    )
    print(outcome.attempt_id, flush=True)
"""


def _child(path: Path, count: int, profile: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(count), profile],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _attempt_ids(path: Path) -> set[int]:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {row[0] for row in connection.execute("SELECT id FROM attempts")}


def test_sigkill_never_loses_a_reported_answer(tmp_path: Path) -> None:
    """Each child is killed only once it has acknowledged answers, at a random moment within
    the time one more answer takes (measured on that child), so the kill lands mid-write
    however fast or slow the machine is."""
    path = tmp_path / "killed.db"
    rng = random.Random(2026)
    reported: set[int] = set()
    for _ in range(50):
        child = _child(path, 10_000, "default")
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "READY", (
            child.stderr.read() if child.stderr else ""
        )
        acknowledged = rng.randint(1, 3)
        stamps = []
        for _ in range(acknowledged + 1):  # wait for the child's own acknowledgements
            line = child.stdout.readline().strip()
            assert line.isdigit(), child.stderr.read() if child.stderr else line
            reported.add(int(line))
            stamps.append(time.monotonic())
        one_write = max(stamps[-1] - stamps[-2], 1e-4)
        time.sleep(rng.uniform(0.0, one_write))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        reported |= {int(line) for line in out.split() if line.isdigit()}
    assert len(reported) >= 100  # at least two acknowledged answers per child
    stored = _attempt_ids(path)
    assert reported <= stored


def test_two_processes_answering_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    first, second = _child(path, 200, "alice"), _child(path, 200, "bob")
    outputs = [child.communicate(timeout=600) for child in (first, second)]
    for child, (out, err) in zip((first, second), outputs, strict=True):
        assert child.returncode == 0, err
        assert "locked" not in err
        assert len([line for line in out.split() if line.isdigit()]) == 200
    assert len(_attempt_ids(path)) == 400
