"""Progress-store benchmark: 100,000 cards and 1,000,000 attempts in one profile.

Builds the database once (in --dir, default a temporary folder; rows are bulk-inserted with
sqlite3 for speed), then times, as medians of --repeat runs:
  - the next item of a practice session (budget <= 10 ms),
  - `quiz due` as a command, start-up included (budget <= 0.3 s; beside `quiz calc` as the
    baseline of a plain command started the same way),
  - the stats (budget <= 0.5 s).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.bank.loader import validated  # noqa: E402
from quiz.bank.model import Bank, Item  # noqa: E402
from quiz.bank.schema import Question  # noqa: E402
from quiz.practice.engine import Practice  # noqa: E402
from quiz.practice.stats import compute  # noqa: E402
from quiz.store.location import database_url  # noqa: E402
from quiz.store.store import Store  # noqa: E402

CARDS = 100_000
ATTEMPTS = 1_000_000
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TOPICS = [f"topic-{n}" for n in range(20)]
BUDGETS = {"next item": 0.010, "quiz due": 0.3, "stats": 0.5}


def synthetic_bank(count: int) -> Bank:
    template = validated(
        Question,
        {
            "id": "bench.q0",
            "topic": "topic-0",
            "prompt": "Explain memory bandwidth.",
            "model_answer": "The rate at which data moves.",
            "rubric": [
                {
                    "id": "def",
                    "criterion": "Defines it.",
                    "concepts": [{"forms": ["rate", "speed"]}],
                }
            ],
        },
    )
    bank = Bank(files=("<bench>",))
    for n in range(count):
        question = dataclasses.replace(template, id=f"bench.q{n}", topic=TOPICS[n % 20])
        bank.items[question.id] = Item(
            question.id, "question", "<bench>", ("questions", n), question
        )
    return bank


def fill(path: Path, rng: random.Random) -> None:
    """Bulk-insert cards and attempts for the 'default' profile the engine created."""
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    with sqlite3.connect(path) as db:
        (profile_id,) = db.execute("SELECT id FROM profiles WHERE name = 'default'").fetchone()
        items = [row[0] for row in db.execute("SELECT id FROM items ORDER BY position")]
        cards = []
        for n, item in enumerate(items[:CARDS]):
            due = NOW + timedelta(days=rng.uniform(-60, 120))
            last = due - timedelta(days=rng.uniform(1, 60))
            cards.append(
                (
                    n + 1,
                    profile_id,
                    item,
                    2,
                    None,
                    rng.uniform(1, 100),
                    rng.uniform(1, 10),
                    due.astimezone(UTC).strftime(fmt),
                    last.astimezone(UTC).strftime(fmt),
                    10,
                    1,
                    0,
                    None,
                    "x",
                    1,
                )
            )
        db.executemany(
            "INSERT INTO cards (id, profile_id, item_id, state, step, stability, difficulty, due,"
            " last_review, reps, lapses, suspended, buried_until, seen_hash, seen_rev)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            cards,
        )
        batch = []
        for n in range(ATTEMPTS):
            card = rng.randrange(CARDS)
            when = NOW - timedelta(days=rng.uniform(0, 730))
            rating = rng.choice((1, 3, 3, 3, 4))
            batch.append(
                (
                    str(uuid.UUID(int=rng.getrandbits(128))),
                    profile_id,
                    items[card],
                    card + 1,
                    when.strftime(fmt),
                    "practice",
                    "answer",
                    rng.random(),
                    None,
                    '[{"id": "def", "hit": true}]',
                    rating,
                    rating,
                    None,
                    30_000,
                    "x",
                    1,
                    1,
                    None,
                    2,
                    0,
                )
            )
            if len(batch) == 100_000 or n == ATTEMPTS - 1:
                db.executemany(
                    "INSERT INTO attempts (uid, profile_id, item_id, card_id, created_at, mode,"
                    " answer, score, correct, points, suggested_rating, final_rating, seed,"
                    " duration_ms, content_hash, rev, scheduled, card_before, state_before,"
                    " undone) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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


def median_time(repeat: int, run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="keep the database here (reused if present)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bench.db"
    bank = synthetic_bank(CARDS)
    os.environ["QUIZ_NOW"] = NOW.isoformat()
    fresh = not path.exists()
    started = time.perf_counter()
    store = Store.open(database_url(str(path)))
    practice = Practice(store, bank, now=lambda: NOW)
    if fresh:
        fill(path, random.Random(7))
    print(
        f"database {path}: {CARDS:,} cards, {ATTEMPTS:,} attempts "
        f"({'built' if fresh else 'reused'} in {time.perf_counter() - started:.1f} s)"
    )
    results = {
        "next item": median_time(args.repeat, lambda: practice.next_item("practice")),
        "stats": median_time(args.repeat, lambda: compute(practice)),
    }
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QUIZ_DB": str(path), "QUIZ_NO_CACHE": "0"}
    command = [sys.executable, "-m", "quiz", "due", "--limit", "20"]
    baseline_cmd = [sys.executable, "-m", "quiz", "calc", "weights", "--params", "7B"]
    subprocess.run(command, env=env, capture_output=True, check=True)  # warm caches
    results["quiz due"] = median_time(
        args.repeat, lambda: subprocess.run(command, env=env, capture_output=True, check=True)
    )
    baseline = median_time(
        args.repeat, lambda: subprocess.run(baseline_cmd, env=env, capture_output=True, check=True)
    )
    ok = True
    for name, seconds in results.items():
        budget = BUDGETS[name]
        ok = ok and seconds <= budget
        print(
            f"{name:<10} {seconds * 1000:8.1f} ms   {seconds / budget:5.2f}x of the "
            f"{budget * 1000:.0f} ms budget"
        )
    print(
        f"(a plain command, quiz calc, takes {baseline * 1000:.0f} ms started the same way; "
        f"quiz due is {results['quiz due'] / baseline:.2f}x that)"
    )
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
