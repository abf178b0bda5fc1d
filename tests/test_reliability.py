"""Real processes on one database (SQLite and PostgreSQL in turn): SIGKILL at random moments,
learners answering at once, and two devices of one learner answering the same item at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from quiz.store.engine import make_engine
from quiz.store.location import database_url

ROOT = Path(__file__).parent.parent
CHILD = """
import sys
from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.practice.engine import Practice
from quiz.store.location import database_url
from quiz.store.store import Store

path, count, profile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
only = sys.argv[4] if len(sys.argv) > 4 else None
practice = Practice(Store.open(database_url(path)), load_bank(bank_sources()), profile)
questions = [only] if only else [f"ch44.q{n}" for n in range(1, 8)]
print("READY", flush=True)
for index in range(count):
    outcome = practice.submit(
        questions[index % len(questions)], f"Bandwidth is the rate of data transfer, {index}."
    )
    print(outcome.attempt_id, flush=True)
"""


def _child(db: str, count: int, profile: str, *only: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, db, str(count), profile, *only],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _query(db: str, statement: str) -> list[tuple[object, ...]]:
    engine = make_engine(database_url(db))
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            return [tuple(row) for row in connection.execute(text(statement))]
    finally:
        engine.dispose()


def _attempt_ids(db: str) -> set[int]:
    return {int(str(row[0])) for row in _query(db, "SELECT id FROM attempts")}


def test_sigkill_never_loses_a_reported_answer(new_db: Callable[[str], str]) -> None:
    """Each child is killed only once it has acknowledged answers, at a random moment within
    the time one more answer takes (measured on that child), so the kill lands mid-write
    however fast or slow the machine is."""
    path = new_db("killed")
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


def test_learners_answering_at_once(dialect: str, new_db: Callable[[str], str]) -> None:
    """Two learners at once on SQLite (one writer at a time); sixteen on PostgreSQL."""
    path = new_db("shared")
    learners = 16 if dialect == "postgresql" else 2
    children = [_child(path, 200, f"learner{n}") for n in range(learners)]
    outputs = [child.communicate(timeout=1200) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert "locked" not in err
        assert len([line for line in out.split() if line.isdigit()]) == 200
    assert len(_attempt_ids(path)) == 200 * learners


def test_two_devices_of_one_learner_lose_no_update(new_db: Callable[[str], str]) -> None:
    """The same learner answers the same item from two processes at once: every answer is
    recorded and reviews the card once (its repetitions count them all)."""
    path = new_db("devices")
    devices = [_child(path, 100, "ada", "ch44.q1") for _ in range(2)]
    for child in devices:
        _out, err = child.communicate(timeout=1200)
        assert child.returncode == 0, err
    ((reps, attempts, logs),) = _query(
        path,
        "SELECT c.reps, (SELECT count(*) FROM attempts), (SELECT count(*) FROM review_logs) "
        "FROM cards c JOIN items i ON i.id = c.item_id WHERE i.id = 'ch44.q1'",
    )
    assert (reps, attempts, logs) == (200, 200, 200)
