"""A large learner history for the benchmarks: a bank file of generated questions (each with
follow-ups) and a database where one profile has a card for every item and a long record of
answers. Built once in a folder and reused; the database is made by quiz itself (the engine syncs
the bank into it), then cards, attempts and the roll-ups the app keeps are bulk-inserted with
sqlite3 for speed.

Commands started by a benchmark see the same bank and database through `environment()`, so a
plain command such as `quiz due` finds the database synced with its bank and takes its fast path.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TOPICS = [f"topic-{n}" for n in range(20)]
FORMAT = "%Y-%m-%d %H:%M:%S.%f"
PER_FILE = 1_000

QUESTION = """\
  - id: bench.q{n}
    topic: {topic}
    prompt: Explain why decoding step {n} is limited by memory bandwidth.
    model_answer: Each step reads every weight once, so the rate is bandwidth over bytes.
    rubric:
      - id: def
        criterion: Says the weights are read once per step.
        concepts:
          - forms: [weights read, reads every weight]
      - id: rate
        criterion: Relates the rate to bandwidth.
        concepts:
          - forms: [bandwidth, bytes per second]
    follow_ups:
"""
FOLLOW_UP = """\
      - id: bench.q{n}.f{f}
        prompt: What changes at batch size {f}?
        model_answer: The weights are shared by the batch, so tokens per byte grow.
        rubric:
          - id: shared
            criterion: The weights are shared by the batch.
            concepts:
              - forms: [shared, batch]
"""


@dataclass(frozen=True)
class History:
    """Where the built history lives and its size."""

    folder: Path
    questions: int
    follow_ups: int
    attempts: int

    @property
    def bank(self) -> Path:
        """A folder of bank files (of PER_FILE questions: a bank file may hold at most 8 MB)."""
        return self.folder / "bank"

    @property
    def db(self) -> Path:
        return self.folder / "bench.db"

    @property
    def items(self) -> int:
        return self.questions * (1 + self.follow_ups)

    def environment(self) -> dict[str, str]:
        """The environment of a command that should see this bank and database."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZ_")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env | {
            "PYTHONPATH": str(ROOT),
            "QUIZ_DB": str(self.db),
            "QUIZ_BANK": str(self.bank),
            "QUIZ_CACHE_DIR": str(self.folder / "cache"),
            "QUIZ_CONFIG": str(self.folder / "no-config.toml"),
            "QUIZ_NOW": NOW.isoformat(),
        }


def build(folder: Path, questions: int, follow_ups: int, attempts: int) -> tuple[History, bool]:
    """The history in folder (reused when it was built with the same sizes); True if built now."""
    history = History(folder, questions, follow_ups, attempts)
    stamp = folder / "built.txt"
    wanted = f"history 3: {questions} {follow_ups} {attempts}"
    if stamp.exists() and stamp.read_text() == wanted and history.db.exists():
        return history, False
    folder.mkdir(parents=True, exist_ok=True)
    history.db.unlink(missing_ok=True)
    _write_bank(history)
    os.environ.update(history.environment())
    sys.path.insert(0, str(ROOT))
    from quiz.authoring.checked import load_checked_bank
    from quiz.bank.sources import bank_sources
    from quiz.practice.engine import Practice
    from quiz.store.location import database_url
    from quiz.store.store import Store

    bank = load_checked_bank(bank_sources([str(history.bank)]))
    store = Store.open(database_url(str(history.db)))
    Practice(store, bank, now=lambda: NOW)  # creates the profile and syncs the bank's items
    store.engine.dispose()
    _fill(history, random.Random(7))
    stamp.write_text(wanted)
    return history, True


def _write_bank(history: History) -> None:
    write_bank(history.bank, history.questions, history.follow_ups)


def write_bank(folder: Path, questions: int, follow_ups: int) -> list[Path]:
    """Bank files of generated questions in folder (replacing its *.yaml), PER_FILE a file."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    written = []
    for first in range(0, questions, PER_FILE):
        parts = ["questions:\n"]
        for n in range(first, min(first + PER_FILE, questions)):
            parts.append(QUESTION.format(n=n, topic=TOPICS[n % len(TOPICS)]))
            parts += [FOLLOW_UP.format(n=n, f=f) for f in range(1, follow_ups + 1)]
        target = folder / f"bench-{first // PER_FILE:04d}.yaml"
        target.write_text("".join(parts), encoding="utf-8")
        written.append(target)
    return written


def _fill(history: History, rng: random.Random) -> None:
    with sqlite3.connect(history.db) as db:
        (profile_id,) = db.execute("SELECT id FROM profiles WHERE name = 'default'").fetchone()
        items = [row[0] for row in db.execute("SELECT id FROM items ORDER BY position")]
        cards = []
        for n, item in enumerate(items):
            due = NOW + timedelta(days=rng.uniform(-60, 120))
            last = due - timedelta(days=rng.uniform(1, 60))
            stability, difficulty = rng.uniform(1, 100), rng.uniform(1, 10)
            dates = (due.strftime(FORMAT), last.strftime(FORMAT))
            quality = rng.betavariate(4, 2)  # answered mostly well: mastery figures as in use
            row = (n + 1, profile_id, item, 2, None, stability, difficulty, *dates, quality)
            cards.append(row)
        db.executemany(
            "INSERT INTO cards (id, profile_id, item_id, state, step, stability, difficulty, due,"
            " last_review, quality, reps, lapses, suspended, buried_until, seen_hash, seen_rev)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,10,1,0,NULL,'x',1)",
            cards,
        )
        batch: list[tuple[object, ...]] = []
        for n in range(history.attempts):
            card = rng.randrange(len(items))
            when = NOW - timedelta(days=rng.uniform(0, 730))
            rating = rng.choice((1, 3, 3, 3, 4))
            uid = str(uuid.UUID(int=rng.getrandbits(128)))
            score = rng.random()
            ids = ("shared",) if ".f" in items[card] else ("def", "rate")  # the item's own points
            points = json.dumps([{"id": point, "hit": rng.random() < score} for point in ids])
            batch.append((uid, profile_id, items[card], card + 1, when.strftime(FORMAT), score))
            batch[-1] += (rating, rating, points)
            if len(batch) == 100_000 or n == history.attempts - 1:
                db.executemany(
                    "INSERT INTO attempts (uid, profile_id, item_id, card_id, created_at, score,"
                    " suggested_rating, final_rating, mode, answer, correct, points, seed,"
                    " duration_ms, content_hash, rev, scheduled, card_before, state_before,"
                    " undone) VALUES (?,?,?,?,?,?,?,?,'practice','answer',NULL,"
                    " ?,NULL,30000,'x',1,1,NULL,2,0)",
                    batch,
                )
                batch = []
        # The roll-ups the app keeps with each answer, computed here in bulk.
        db.execute(
            "INSERT INTO daily_activity (profile_id, day, answers, scored, score_sum,"
            " mature_reviews, mature_passed) SELECT profile_id, substr(created_at, 1, 10),"
            " count(*), sum(score IS NOT NULL), total(score), sum(state_before = 2 AND scheduled),"
            " sum(state_before = 2 AND scheduled AND final_rating != 1) FROM attempts"
            " WHERE undone = 0 GROUP BY 1, 2"
        )
        db.execute(
            "INSERT INTO topic_activity SELECT a.profile_id, i.topic, count(*),"
            " sum(a.score IS NOT NULL), total(a.score) FROM attempts a JOIN items i"
            " ON i.id = a.item_id WHERE a.undone = 0 GROUP BY 1, 2"
        )
        db.execute(
            "INSERT INTO point_activity SELECT a.profile_id, a.item_id,"
            " json_extract(p.value, '$.id'), count(*), sum(NOT json_extract(p.value, '$.hit'))"
            " FROM attempts a, json_each(a.points) p WHERE a.undone = 0 GROUP BY 1, 2, 3"
        )
