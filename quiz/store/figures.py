"""Read-only figures for the stats: card counts by phase, activity, forecast, recall, misses."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, case, cast, func, literal, or_, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from quiz.srs import forgetting
from quiz.store import queries
from quiz.store.items import live_item_count, removed_items, revision_of
from quiz.store.models import (
    Card,
    DailyActivity,
    PointActivity,
    Profile,
    StoredItem,
    TopicActivity,
)
from quiz.store.stats_rows import (
    MISSED_TOP,
    DailyRow,
    Mastery,
    MissedRow,
    StatsRows,
    StatsWindow,
    criterion_of,
)


def _day(column: Any, dialect: str) -> Any:
    """The ISO date of a stored UTC datetime."""
    return func.substr(column, 1, 10) if dialect == "sqlite" else func.date(column)


def card_states(session: Session, profile_id: int) -> dict[tuple[int, bool], int]:
    """Counts of live cards by (state, suspended)."""
    query = (
        select(Card.state, Card.suspended, func.count())
        .where(Card.profile_id == profile_id, Card.item_id.not_in(removed_items()))
        .group_by(Card.state, Card.suspended)
    )
    return {(state, bool(suspended)): count for state, suspended, count in session.execute(query)}


def activity(session: Session, profile_id: int, since_day: str) -> list[DailyRow]:
    """(day, answers, mature reviews, mature passed, scored, score sum) per day from since_day."""
    query = select(
        DailyActivity.day,
        DailyActivity.answers,
        DailyActivity.mature_reviews,
        DailyActivity.mature_passed,
        DailyActivity.scored,
        DailyActivity.score_sum,
    ).where(DailyActivity.profile_id == profile_id, DailyActivity.day >= since_day)
    return [tuple(row) for row in session.execute(query)]


def due_per_day(
    session: Session, profile_id: int, now: datetime, since: datetime, until: datetime
) -> dict[str, int]:
    """Cards due per day (ISO date) from since to until (the index range only)."""
    day = _day(Card.due, session.get_bind().dialect.name)
    query = (
        select(day, func.count())
        .where(
            Card.profile_id == profile_id,
            Card.due >= since,
            Card.due <= until,
            Card.suspended.is_(False),
            or_(Card.buried_until.is_(None), Card.buried_until <= now),
            Card.item_id.not_in(removed_items()),
        )
        .group_by(day)
    )
    return {str(date): count for date, count in session.execute(query)}


def mastery_by_topic(session: Session, profile_id: int, now: datetime) -> dict[str, Mastery]:
    """Per topic, over its live answered cards: (mastery, mean recall probability, mean answer
    quality, cards). A card's mastery is its running answer quality times the probability that
    it is recalled now (FSRS's curve on whole elapsed days)."""
    rows = mastery_rows(session, now, profile_id)
    return {topic: figures for (_, topic), figures in rows.items()}


def mastery_rows(
    session: Session, now: datetime, profile_id: int | None = None
) -> dict[tuple[int, str], Mastery]:
    """`mastery_by_topic` per (profile, topic): of one profile, or of every profile the
    session's role may read (None)."""
    dialect = session.get_bind().dialect.name
    stamp = now.astimezone(UTC).replace(tzinfo=None)
    if dialect == "sqlite":
        days: Any = func.julianday(stamp.isoformat(sep=" ")) - func.julianday(Card.last_review)
    else:
        days = func.extract("epoch", literal(stamp) - Card.last_review) / 86400.0
    whole = case((days < 0, 0), else_=cast(days, Integer))
    base = (
        select(
            Card.profile_id,
            StoredItem.topic,
            Card.stability,
            func.coalesce(Card.quality, 0.0).label("quality"),
            whole.label("days"),
        )
        .join(StoredItem, Card.item_id == StoredItem.id)
        .where(
            StoredItem.removed.is_(False),
            Card.stability.is_not(None),
            Card.last_review.is_not(None),
        )
    )
    if profile_id is not None:
        base = base.where(Card.profile_id == profile_id)
    table = base.subquery()
    recall = func.power(1 + forgetting.FACTOR * table.c.days / table.c.stability, forgetting.DECAY)
    query = select(
        table.c.profile_id,
        table.c.topic,
        func.avg(recall * table.c.quality),
        func.avg(recall),
        func.avg(table.c.quality),
        func.count(),
    ).group_by(table.c.profile_id, table.c.topic)
    try:
        with session.begin_nested():
            return {
                (pid, topic): (float(mastery), float(mean_recall), float(quality), count)
                for pid, topic, mastery, mean_recall, quality, count in session.execute(query)
            }
    except OperationalError:  # an SQLite built without math functions: the same in Python
        rows: dict[tuple[int, str], list[tuple[float, float]]] = {}
        for pid, topic, stability, quality, elapsed in session.execute(select(table)):
            chance = forgetting.recall(elapsed, stability)
            rows.setdefault((pid, topic), []).append((chance, float(quality)))
        return {
            key: (
                sum(r * q for r, q in found) / len(found),
                sum(r for r, _ in found) / len(found),
                sum(q for _, q in found) / len(found),
                len(found),
            )
            for key, found in rows.items()
        }


def topic_rows(session: Session, profile_id: int) -> dict[str, tuple[int, int, float]]:
    """Per topic: (answers, scored answers, score sum)."""
    query = select(
        TopicActivity.topic, TopicActivity.answers, TopicActivity.scored, TopicActivity.score_sum
    ).where(TopicActivity.profile_id == profile_id)
    return {
        topic: (answers, scored, total) for topic, answers, scored, total in session.execute(query)
    }


def most_missed(
    session: Session, profile_id: int, top: int, claimed: bool = False
) -> list[MissedRow]:
    """(item, point, missed, asked, criterion) of the rubric points missed most; with
    `claimed`, of those claimed most (the count is then the times claimed)."""
    count = PointActivity.claimed if claimed else PointActivity.missed
    query = (
        select(
            PointActivity.item_id,
            PointActivity.point_id,
            count,
            PointActivity.asked,
            StoredItem.criteria,
        )
        .outerjoin(StoredItem, StoredItem.id == PointActivity.item_id)
        .where(PointActivity.profile_id == profile_id, count > 0)
        .order_by(count.desc(), PointActivity.item_id, PointActivity.point_id)
        .limit(top)
    )
    return [
        (item, point, missed, asked, criterion_of(criteria, point))
        for item, point, missed, asked, criteria in session.execute(query)
    ]


def stats_rows(session: Session, profile_id: int, window: StatsWindow) -> StatsRows:
    """What a profile's stats are made of (`quiz.store.stats_rows.read_stats_rows` reads the
    same from an SQLite file without SQLAlchemy)."""
    due_now, overdue = queries.due_counts(session, profile_id, window.now, window.today)
    return StatsRows(
        desired_retention=session.get_one(Profile, profile_id).desired_retention,
        states=card_states(session, profile_id),
        live_items=live_item_count(session),
        daily=activity(session, profile_id, window.since_day),
        due_days=due_per_day(session, profile_id, window.now, window.today, window.until),
        mastery=mastery_by_topic(session, profile_id, window.now),
        topics=topic_rows(session, profile_id),
        missed=most_missed(session, profile_id, MISSED_TOP),
        due_now=due_now,
        overdue=overdue,
        moments=(
            queries.due_moments(session, profile_id, window.now, window.horizon)
            if window.horizon is not None
            else []
        ),
        revision=revision_of(session),
        claimed=tuple(most_missed(session, profile_id, MISSED_TOP, claimed=True)),
    )
