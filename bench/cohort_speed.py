"""Cohort benchmark on PostgreSQL: 100 learners x 1,000 cards, 1,000,000 attempts.

Builds the database once on the server --url names (default $QUIZ_TEST_POSTGRES, e.g. from
`eval "$(scripts/throwaway-postgres start)"`), bulk-loaded with COPY, then times as medians of
--repeat runs:
  - the next item of a practice session, as the owner and as a learner's own role (row-level
    security on; budget <= 10 ms),
  - the cohort report, as an instructor's role (budget <= 1 s),
beside a `SELECT 1` round trip on the same server as the baseline.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from queue_speed import median_time  # noqa: E402

from quiz.bank.loader import validated  # noqa: E402
from quiz.bank.model import Bank, Item  # noqa: E402
from quiz.bank.schema import Question  # noqa: E402
from quiz.practice.cohort import cohort  # noqa: E402
from quiz.practice.engine import Practice  # noqa: E402
from quiz.store.cohort import add_instructor, add_learner  # noqa: E402
from quiz.store.location import database_url  # noqa: E402
from quiz.store.store import Store  # noqa: E402

LEARNERS, CARDS, ATTEMPTS = 100, 1_000, 1_000_000
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
DATABASE = "quiz_bench_cohort"
TOPICS = [f"topic-{n}" for n in range(20)]
BUDGETS = {"next item (owner)": 0.010, "next item (learner role)": 0.010, "cohort report": 1.0}


def with_database(url: str, database: str, user: str | None = None) -> str:
    found = make_url(url).set(database=database)
    if user is not None:
        found = found.set(username=user, password=None)
    return found.render_as_string(hide_password=False)


def psycopg_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def synthetic_bank(count: int) -> Bank:
    """A bank of `count` one-point questions over 20 topics, made in memory."""
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


def build(url: str, rng: random.Random) -> None:
    """Profiles and items through quiz itself; cards, attempts and roll-ups with COPY/SQL."""
    bank = synthetic_bank(CARDS)
    store = Store.open(database_url(url))
    for n in range(LEARNERS):
        Practice(store, bank, f"learner{n:03}", now=lambda: NOW)
    with store.write() as session:
        add_instructor(session, "bench_mia")
        add_learner(session, "learner000", NOW)
    store.close()
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    with psycopg.connect(psycopg_url(url)) as db:
        profiles = [r[0] for r in db.execute("SELECT id FROM profiles ORDER BY name")]
        items = [r[0] for r in db.execute("SELECT id FROM items ORDER BY position")]
        with db.cursor().copy(
            "COPY cards (id, profile_id, item_id, state, stability, difficulty, due, last_review,"
            " reps, lapses, suspended, seen_hash, seen_rev, quality) FROM STDIN"
        ) as copy:
            for p, profile in enumerate(profiles):
                for c, item in enumerate(items):
                    due = NOW + timedelta(days=rng.uniform(-60, 120))
                    last = due - timedelta(days=rng.uniform(1, 60))
                    copy.write_row(
                        (p * CARDS + c + 1, profile, item, 2, rng.uniform(1, 100),
                         rng.uniform(1, 10), due.strftime(fmt), last.strftime(fmt), 10, 1,
                         False, "x", 1, rng.random())
                    )  # fmt: skip
        db.execute("SELECT setval('cards_id_seq', (SELECT max(id) FROM cards))")
        with db.cursor().copy(
            "COPY attempts (uid, profile_id, item_id, card_id, created_at, mode, answer, score,"
            " points, suggested_rating, final_rating, duration_ms, content_hash, rev, scheduled,"
            " state_before, undone) FROM STDIN"
        ) as copy:
            for _ in range(ATTEMPTS):
                p, c = rng.randrange(LEARNERS), rng.randrange(CARDS)
                rating = rng.choice((1, 3, 3, 3, 4))
                copy.write_row(
                    (str(uuid.UUID(int=rng.getrandbits(128))), profiles[p], items[c],
                     p * CARDS + c + 1, (NOW - timedelta(days=rng.uniform(0, 730))).strftime(fmt),
                     "practice", "answer", rng.random(),
                     '[{"id": "def", "hit": %s}]' % ("true" if rating > 1 else "false"),
                     rating, rating, 30_000, "x", 1, True, 2, False)
                )  # fmt: skip
        db.execute(
            "INSERT INTO daily_activity SELECT profile_id, to_char(created_at, 'YYYY-MM-DD'),"
            " count(*), count(score), coalesce(sum(score), 0), count(*) FILTER (WHERE"
            " state_before = 2), count(*) FILTER (WHERE state_before = 2 AND final_rating <> 1)"
            " FROM attempts GROUP BY 1, 2"
        )
        db.execute(
            "INSERT INTO topic_activity SELECT a.profile_id, i.topic, count(*), count(a.score),"
            " coalesce(sum(a.score), 0) FROM attempts a JOIN items i ON i.id = a.item_id"
            " GROUP BY 1, 2"
        )
        db.execute(
            "INSERT INTO point_activity SELECT a.profile_id, a.item_id, p->>'id', count(*),"
            " count(*) FILTER (WHERE NOT (p->>'hit')::boolean) FROM attempts a,"
            " jsonb_array_elements(a.points::jsonb) p GROUP BY 1, 2, 3"
        )
        db.execute("ANALYZE")


def median(repeat: int, run: Callable[[], object]) -> float:
    run()  # warm
    return float(median_time(repeat, run))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("QUIZ_TEST_POSTGRES"))
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--rebuild", action="store_true", help="drop and build the data again")
    args = parser.parse_args()
    if not args.url:
        parser.error("give --url or set QUIZ_TEST_POSTGRES (scripts/throwaway-postgres start)")
    server = psycopg_url(args.url)
    with psycopg.connect(server, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
        fresh = args.rebuild or exists.fetchone() is None
        if fresh:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")  # type: ignore[arg-type]
            admin.execute(f"CREATE DATABASE {DATABASE}")  # type: ignore[arg-type]
    owner = with_database(args.url, DATABASE)
    started = time.perf_counter()
    if fresh:
        build(owner, random.Random(7))
    print(
        f"database {DATABASE}: {LEARNERS} learners x {CARDS:,} cards, {ATTEMPTS:,} attempts "
        f"({'built' if fresh else 'reused'} in {time.perf_counter() - started:.1f} s)"
    )
    bank = synthetic_bank(CARDS)
    os.environ["QUIZ_NOW"] = NOW.isoformat()
    stores = {
        who: Store.open(database_url(with_database(args.url, DATABASE, user)))
        for who, user in (("owner", None), ("learner", "learner000"), ("instructor", "bench_mia"))
    }
    mine = Practice(stores["owner"], bank, "learner042", now=lambda: NOW)
    theirs = Practice(stores["learner"], bank, "learner000", now=lambda: NOW)

    def ping() -> None:
        with stores["owner"].read() as session:
            session.execute(text("SELECT 1"))

    results = {
        "next item (owner)": median(args.repeat, lambda: mine.next_item("practice")),
        "next item (learner role)": median(args.repeat, lambda: theirs.next_item("practice")),
        "cohort report": median(args.repeat, lambda: cohort(stores["instructor"], bank, NOW)),
    }
    baseline = median(args.repeat, ping)
    ok = True
    for name, seconds in results.items():
        budget = BUDGETS[name]
        ok = ok and seconds <= budget
        print(
            f"{name:<25} {seconds * 1000:8.1f} ms   {seconds / budget:5.2f}x of the "
            f"{budget * 1000:.0f} ms budget   {seconds / baseline:7.1f}x a SELECT 1 round trip"
        )
    print(f"(SELECT 1 round trip: {baseline * 1000:.2f} ms)")
    for store in stores.values():
        store.close()
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
