"""Hints and retries (issue 33), without any UI: a hint reveals one rubric criterion at a time
and caps the rating at hard; a retry after feedback is recorded and graded but never scheduled,
so the card keeps the first answer's review."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.practice.engine import Practice
from quiz.practice.hints import Aid, hints_available, hints_shown
from quiz.practice.progress import progress_today
from quiz.practice.stats import compute
from quiz.srs.ratings import Rating
from quiz.store.engine import make_engine
from quiz.store.location import database_url
from quiz.store.migrate import downgrade, upgrade
from quiz.store.models import Attempt, Card, ReviewLog
from quiz.store.store import Store

BANK = load_bank(bank_sources())
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
GOOD_Q1 = (
    "GPU memory bandwidth is the rate at which data is read from or written to GPU memory. "
    "Each token reads all the weights, so bandwidth decides how quickly tokens are processed; "
    "higher bandwidth lowers latency and improves efficiency. At batch size 1 decoding is "
    "bandwidth-bound: the bottleneck."
)
WEAK_Q1 = "GPU memory bandwidth is the rate at which data is read from GPU memory."


@pytest.fixture
def store(new_db: Callable[[str], str]) -> Iterator[Store]:
    """A fresh database, SQLite and PostgreSQL in turn."""
    opened = Store.open(database_url(new_db("hints")))
    yield opened
    opened.close()


def _attempts(store: Store) -> list[Attempt]:
    with store.read() as session:
        rows = list(session.scalars(select(Attempt).order_by(Attempt.id)))
        for row in rows:
            session.expunge(row)
        return rows


def _review_logs(store: Store) -> int:
    with store.read() as session:
        return len(list(session.scalars(select(ReviewLog))))


def test_hints_reveal_the_rubric_criteria_one_at_a_time_in_order() -> None:
    item = BANK.items["ch44.q1"]
    criteria = [point.criterion for point in item.rubric]
    assert hints_available(item) == len(criteria) >= 2
    assert hints_shown(item, 0) == ()
    assert hints_shown(item, 1) == (criteria[0],)
    assert hints_shown(item, 2) == tuple(criteria[:2])
    assert hints_shown(item, 99) == tuple(criteria)


def test_an_answer_given_with_a_hint_is_rated_at_most_hard_and_records_the_hint(
    store: Store,
) -> None:
    practice = Practice(store, BANK, now=lambda: NOW)
    unaided = practice.submit("ch44.q1", GOOD_Q1, mode="cram")
    assert unaided.final >= Rating.GOOD  # the same answer, with no hint
    outcome = practice.submit("ch44.q1", GOOD_Q1, aid=Aid(hints=1))
    assert outcome.final == Rating.HARD
    assert outcome.suggested == Rating.HARD
    assert outcome.score == unaided.score  # the score is the answer's: only the rating is capped
    assert "1 hint used: rated at most hard" in outcome.notes
    last = _attempts(store)[-1]
    assert (last.hints, last.final_rating, last.retry) == (1, Rating.HARD, False)
    # Re-rated easy afterwards, the hint still caps it.
    assert practice.override(outcome.attempt_id, Rating.EASY).final == Rating.HARD
    # A learner's own rating is capped alike.
    assert practice.submit("ch44.q1", WEAK_Q1, rating=4, aid=Aid(hints=2)).final == Rating.HARD


def test_a_retry_is_recorded_and_graded_but_the_card_keeps_the_first_review(
    store: Store,
) -> None:
    practice = Practice(store, BANK, now=lambda: NOW)
    first = practice.submit("ch44.q1", WEAK_Q1)
    assert first.scheduled and first.final <= Rating.HARD
    before = progress_today(practice, "practice")
    retry = practice.submit("ch44.q1", WEAK_Q1 + " " + GOOD_Q1, aid=Aid(retry=True))
    assert retry.score is not None and first.score is not None and retry.score > first.score
    assert not retry.scheduled and retry.due is None
    assert _review_logs(store) == 1  # the card was reviewed once, for the first answer
    attempts = _attempts(store)
    assert [(a.retry, a.scheduled) for a in attempts] == [(False, True), (True, False)]
    with store.read() as session:
        due = session.scalar(select(Card.due))
    assert due == first.due
    # The retry answers the same item again: the session's progress line does not move on.
    after = progress_today(practice, "practice")
    assert (after.done, after.total) == (before.done, before.total)


def test_attempts_from_before_the_migration_are_unaided_and_no_retries(
    new_db: Callable[[str], str],
) -> None:
    url = database_url(new_db("migrated"))
    opened = Store.open(url)
    practice = Practice(opened, BANK, now=lambda: NOW)
    practice.submit("ch44.q1", GOOD_Q1, aid=Aid(hints=1, retry=True))
    opened.close()
    engine = make_engine(url)
    downgrade(engine, "0007")
    with engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM attempts")).keys()
    assert "hints" not in columns and "retry" not in columns
    upgrade(engine)
    engine.dispose()
    reopened = Store.open(url)
    [attempt] = _attempts(reopened)
    reopened.close()
    assert (attempt.hints, attempt.retry, attempt.answer) == (0, False, GOOD_Q1)


def test_a_retry_counts_as_an_answer_of_the_day_but_not_in_scores_or_missed_points(
    store: Store,
) -> None:
    """It came after the model answer was shown: it is activity (heatmap, streak), not a
    measure of recall, so topic mean scores, the score trend and the missed points are the
    first answer's."""
    practice = Practice(store, BANK, now=lambda: NOW)
    first = practice.submit("ch44.q1", WEAK_Q1)
    practice.submit("ch44.q1", GOOD_Q1, aid=Aid(retry=True))
    stats = compute(practice)
    (topic,) = [t for t in stats.topics if t["topic"] == "gpu-memory-bandwidth"]
    assert topic["mean_score"] == pytest.approx(first.score)
    [(day, mean)] = stats.score_trend
    assert day == NOW.date().isoformat() and mean == pytest.approx(first.score)
    assert dict(stats.heatmap)[NOW.date().isoformat()] == 2  # both answers were given today
    assert stats.missed_points and all(p["asked"] == 1 for p in stats.missed_points)
    # Undone, the retry takes nothing back that it did not add.
    practice.undo()
    again = compute(practice)
    (topic,) = [t for t in again.topics if t["topic"] == "gpu-memory-bandwidth"]
    assert topic["mean_score"] == pytest.approx(first.score)
    assert dict(again.heatmap)[NOW.date().isoformat()] == 1


def test_a_backup_keeps_the_hints_and_the_retries(tmp_path: Path) -> None:
    from quiz.store.transfer import export, import_

    source = Store.open(database_url(str(tmp_path / "from.db")))
    practice = Practice(source, BANK, now=lambda: NOW)
    practice.submit("ch44.q1", WEAK_Q1, aid=Aid(hints=2))
    practice.submit("ch44.q1", GOOD_Q1, aid=Aid(hints=2, retry=True))
    with source.read() as session:
        document = json.loads(json.dumps(export(session, NOW)))
    source.close()
    target = Store.open(database_url(str(tmp_path / "to.db")))
    Practice(target, BANK, now=lambda: NOW)  # the bank's items, for the attempts to point at
    with target.write() as session:
        import_(session, document)
    assert [(a.hints, a.retry) for a in _attempts(target)] == [(2, False), (2, True)]
    # A backup written before hints and retries existed reads as unaided first answers.
    for attempt in document["profiles"][0]["attempts"]:
        del attempt["hints"], attempt["retry"]
    older = Store.open(database_url(str(tmp_path / "older.db")))
    Practice(older, BANK, now=lambda: NOW)
    with older.write() as session:
        import_(session, document)
    assert [(a.hints, a.retry) for a in _attempts(older)] == [(0, False), (0, False)]
    target.close()
    older.close()
