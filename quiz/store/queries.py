"""Queries of the progress store. Only this package writes SQL or knows the dialect."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from quiz.srs.ratings import CardPhase
from quiz.store.models import (
    Attempt,
    Card,
    DailyActivity,
    InterviewSession,
    Item,
    PointActivity,
    Profile,
    ReviewLog,
    TopicActivity,
)


@dataclass(frozen=True, slots=True)
class ItemInfo:
    """What the store keeps of a bank item."""

    id: str
    kind: str
    topic: str
    parent_id: str | None
    rev: int
    content_hash: str
    title: str
    position: int


def profile(session: Session, name: str, now: datetime) -> Profile:
    """The profile called name, created on first use."""
    found = session.scalar(select(Profile).where(Profile.name == name))
    if found is None:
        found = Profile(name=name, created_at=now)
        session.add(found)
        session.flush()
    return found


def find_profile(session: Session, name: str) -> Profile | None:
    return session.scalar(select(Profile).where(Profile.name == name))


_SYNCED = ("kind", "topic", "parent_id", "rev", "content_hash", "title", "position")


def sync_items(session: Session, items: Sequence[ItemInfo], now: datetime) -> int:
    """Record the bank's items; mark the missing ones removed; reset cards whose rev rose.

    Works on plain rows (no ORM objects), so a bank of 100,000 items syncs quickly; only new,
    changed and removed items are written. Returns the number of cards reset."""
    columns = [getattr(Item, name) for name in _SYNCED]
    known = {
        row[0]: (tuple(row[1:-1]), row[-1])
        for row in session.execute(select(Item.id, *columns, Item.removed))
    }
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for info in items:
        values = tuple(getattr(info, name) for name in _SYNCED)
        stored = known.pop(info.id, None)
        if stored is None:
            row = dict(zip(_SYNCED, values, strict=True))
            added.append(
                {"id": info.id, **row, "first_seen": now, "last_seen": now, "removed": False}
            )
        elif stored != (values, False):
            changed.append({"id": info.id, **dict(zip(_SYNCED, values, strict=True))})
    if added:
        session.execute(insert(Item), added)
    for change in changed:
        item_id = change.pop("id")
        fields = {**change, "removed": False, "last_seen": now}
        session.execute(update(Item).where(Item.id == item_id).values(**fields))
    gone = [item_id for item_id, (_, removed) in known.items() if not removed]
    for start in range(0, len(gone), 500):
        chunk = gone[start : start + 500]
        session.execute(update(Item).where(Item.id.in_(chunk)).values(removed=True))
    session.flush()
    stale = session.execute(
        select(Card.id, Item.rev)
        .join(Item, Card.item_id == Item.id)
        .where(Card.seen_rev < Item.rev)
    ).all()
    for card_id, rev in stale:
        session.execute(
            update(Card)
            .where(Card.id == card_id)
            .values(
                state=1,
                step=0,
                stability=None,
                difficulty=None,
                due=now,
                last_review=None,
                reps=0,
                lapses=0,
                seen_rev=rev,
            )
        )
    return len(stale)


def card(session: Session, profile_id: int, item_id: str) -> Card | None:
    return session.scalar(
        select(Card).where(Card.profile_id == profile_id, Card.item_id == item_id)
    )


def _available(profile_id: int, now: datetime):  # type: ignore[no-untyped-def]
    return and_(
        Card.profile_id == profile_id,
        Card.suspended.is_(False),
        or_(Card.buried_until.is_(None), Card.buried_until <= now),
        Item.removed.is_(False),
    )


def due_cards(
    session: Session,
    profile_id: int,
    now: datetime,
    kinds: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[tuple[Card, Item]]:
    """Cards due now, most overdue first."""
    query = (
        select(Card, Item)
        .join(Item, Card.item_id == Item.id)
        .where(_available(profile_id, now), Card.due <= now)
        .order_by(Card.due, Item.position)
    )
    if kinds is not None:
        query = query.where(Item.kind.in_(list(kinds)))
    if limit is not None:
        query = query.limit(limit)
    return [(row[0], row[1]) for row in session.execute(query)]


def due_counts(
    session: Session, profile_id: int, now: datetime, before: datetime
) -> tuple[int, int]:
    """(cards due now, of which due before a moment), in one pass over the due index."""
    query = select(func.count(), func.sum(case((Card.due < before, 1), else_=0))).where(
        Card.profile_id == profile_id,
        Card.due <= now,
        Card.suspended.is_(False),
        or_(Card.buried_until.is_(None), Card.buried_until <= now),
        Card.item_id.not_in(_removed_items()),
    )
    total, earlier = session.execute(query).one()
    return int(total or 0), int(earlier or 0)


def unseen_items(
    session: Session, profile_id: int, kinds: Iterable[str], limit: int | None = None
) -> list[Item]:
    """Items this profile has no card for yet, in bank order; follow-ups only once their parent
    has been answered (so one left unanswered when a session ended comes back)."""
    has_card = select(Card.item_id).where(Card.profile_id == profile_id)
    wanted = list(kinds)
    kind_filter: ColumnElement[bool] = Item.kind.in_(wanted)
    if "followup" in wanted:
        kind_filter = or_(
            Item.kind.in_([k for k in wanted if k != "followup"]),
            and_(Item.kind == "followup", Item.parent_id.in_(has_card)),
        )
    query = (
        select(Item)
        .where(Item.removed.is_(False), kind_filter, Item.id.not_in(has_card))
        .order_by(Item.position)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def cards_started_since(session: Session, profile_id: int, since: datetime) -> int:
    """New cards introduced since a moment: first scheduled attempts, not undone."""
    query = (
        select(func.count())
        .select_from(Attempt)
        .where(
            Attempt.profile_id == profile_id,
            Attempt.created_at >= since,
            Attempt.scheduled.is_(True),
            Attempt.undone.is_(False),
            Attempt.card_before.is_(None),
        )
    )
    return int(session.scalar(query) or 0)


def last_attempt(session: Session, profile_id: int) -> Attempt | None:
    return session.scalar(
        select(Attempt)
        .where(Attempt.profile_id == profile_id, Attempt.undone.is_(False))
        .order_by(Attempt.id.desc())
        .limit(1)
    )


def last_scheduled_attempt(session: Session, card_id: int) -> Attempt | None:
    return session.scalar(
        select(Attempt)
        .where(Attempt.card_id == card_id, Attempt.undone.is_(False), Attempt.scheduled.is_(True))
        .order_by(Attempt.id.desc())
        .limit(1)
    )


def review_log(session: Session, attempt_id: int) -> ReviewLog | None:
    return session.scalar(select(ReviewLog).where(ReviewLog.attempt_id == attempt_id))


def delete_review_log(session: Session, attempt_id: int) -> None:
    session.execute(delete(ReviewLog).where(ReviewLog.attempt_id == attempt_id))


def attempts(session: Session, profile_id: int, item_id: str | None = None) -> list[Attempt]:
    query = select(Attempt).where(Attempt.profile_id == profile_id).order_by(Attempt.id)
    if item_id is not None:
        query = query.where(Attempt.item_id == item_id)
    return list(session.scalars(query))


def interview(session: Session, interview_id: int) -> InterviewSession | None:
    return session.get(InterviewSession, interview_id)


def finished_interviews(
    session: Session, profile_id: int, limit: int = 20
) -> list[InterviewSession]:
    query = (
        select(InterviewSession)
        .where(InterviewSession.profile_id == profile_id, InterviewSession.finished_at.is_not(None))
        .order_by(InterviewSession.finished_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


# ---- activity roll-ups (kept with every answer, so stats never scan the attempts) ---------


def _bump(session: Session, model: Any, key: dict[str, Any], **deltas: float) -> None:
    row = session.get(model, tuple(key.values()))
    if row is None:
        row = model(**key, **{name: 0 for name in deltas})
        session.add(row)
    for name, delta in deltas.items():
        setattr(row, name, getattr(row, name) + delta)


def record_activity(session: Session, attempt: Attempt, topic: str, sign: int = 1) -> None:
    """Count an answer (sign +1) or take it back (sign -1) in the roll-ups."""
    pid = attempt.profile_id
    mature = attempt.state_before == CardPhase.REVIEW and attempt.scheduled
    passed = mature and attempt.final_rating != 1
    day = attempt.created_at.date().isoformat()
    _bump(
        session,
        DailyActivity,
        {"profile_id": pid, "day": day},
        answers=sign,
        scored=sign * (attempt.score is not None),
        score_sum=sign * (attempt.score or 0.0),
        mature_reviews=sign * mature,
        mature_passed=sign * passed,
    )
    scored = attempt.score is not None
    _bump(
        session,
        TopicActivity,
        {"profile_id": pid, "topic": topic},
        answers=sign,
        scored=sign * scored,
        score_sum=sign * (attempt.score or 0.0),
    )
    for point in json.loads(attempt.points):
        _bump(
            session,
            PointActivity,
            {"profile_id": pid, "item_id": attempt.item_id, "point_id": point["id"]},
            asked=sign,
            missed=sign * (not point["hit"]),
        )


def rerate_activity(session: Session, attempt: Attempt, old_rating: int) -> None:
    """A mature review's rating changed: move it between passed and failed."""
    if attempt.state_before != CardPhase.REVIEW or not attempt.scheduled:
        return
    delta = int(attempt.final_rating != 1) - int(old_rating != 1)
    if delta:
        key = {"profile_id": attempt.profile_id, "day": attempt.created_at.date().isoformat()}
        _bump(session, DailyActivity, key, mature_passed=delta)


def rebuild_activity(session: Session, profile_id: int) -> None:
    """Recompute a profile's roll-ups from its attempts (after an import)."""
    for model in (DailyActivity, TopicActivity, PointActivity):
        session.execute(delete(model).where(model.profile_id == profile_id))
    session.flush()
    topics: dict[str, str] = {
        item_id: topic for item_id, topic in session.execute(select(Item.id, Item.topic))
    }
    query = select(Attempt).where(Attempt.profile_id == profile_id, Attempt.undone.is_(False))
    for attempt in session.scalars(query):
        record_activity(session, attempt, topics.get(attempt.item_id, ""))
    session.flush()


# ---- stats -------------------------------------------------------------------------------


def _removed_items() -> Select[tuple[str]]:
    return select(Item.id).where(Item.removed.is_(True))


def _day(column: Any, dialect: str) -> Any:
    """The ISO date of a stored UTC datetime."""
    return func.substr(column, 1, 10) if dialect == "sqlite" else func.date(column)


def card_states(session: Session, profile_id: int) -> dict[tuple[int, bool], int]:
    """Counts of live cards by (state, suspended)."""
    query = (
        select(Card.state, Card.suspended, func.count())
        .where(Card.profile_id == profile_id, Card.item_id.not_in(_removed_items()))
        .group_by(Card.state, Card.suspended)
    )
    return {(state, bool(suspended)): count for state, suspended, count in session.execute(query)}


def live_item_count(session: Session, kinds: Iterable[str]) -> int:
    query = (
        select(func.count())
        .select_from(Item)
        .where(Item.removed.is_(False), Item.kind.in_(list(kinds)))
    )
    return int(session.scalar(query) or 0)


def activity(
    session: Session, profile_id: int, since_day: str
) -> list[tuple[str, int, int, int, int, float]]:
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
            Card.item_id.not_in(_removed_items()),
        )
        .group_by(day)
    )
    return {str(date): count for date, count in session.execute(query)}


def recall_by_topic(
    session: Session, profile_id: int, now: datetime, factor: float, decay: float
) -> dict[str, tuple[float, int]]:
    """Per topic: (mean retrievability, reviewed cards) of live cards, on whole elapsed days."""
    dialect = session.get_bind().dialect.name
    stamp = now.astimezone(UTC).replace(tzinfo=None)
    if dialect == "sqlite":
        days: Any = func.julianday(stamp.isoformat(sep=" ")) - func.julianday(Card.last_review)
    else:
        days = func.extract("epoch", literal(stamp) - Card.last_review) / 86400.0
    whole = case((days < 0, 0), else_=cast(days, Integer))
    base = (
        select(Item.topic, Card.stability, whole.label("days"))
        .join(Item, Card.item_id == Item.id)
        .where(
            Card.profile_id == profile_id,
            Item.removed.is_(False),
            Card.stability.is_not(None),
            Card.last_review.is_not(None),
        )
        .subquery()
    )
    recall = func.power(1 + factor * base.c.days / base.c.stability, decay)
    query = select(base.c.topic, func.avg(recall), func.count()).group_by(base.c.topic)
    try:
        with session.begin_nested():
            return {t: (float(mean), count) for t, mean, count in session.execute(query)}
    except OperationalError:  # an SQLite built without math functions: the same in Python
        sums: dict[str, list[float]] = {}
        for topic, stability, elapsed in session.execute(select(base)):
            sums.setdefault(topic, []).append((1 + factor * elapsed / stability) ** decay)
        return {t: (sum(v) / len(v), len(v)) for t, v in sums.items()}


def topic_rows(session: Session, profile_id: int) -> dict[str, tuple[int, int, float]]:
    """Per topic: (answers, scored answers, score sum)."""
    query = select(
        TopicActivity.topic, TopicActivity.answers, TopicActivity.scored, TopicActivity.score_sum
    ).where(TopicActivity.profile_id == profile_id)
    return {
        topic: (answers, scored, total) for topic, answers, scored, total in session.execute(query)
    }


def most_missed(session: Session, profile_id: int, top: int) -> list[tuple[str, str, int, int]]:
    """(item, point, missed, asked) of the rubric points missed most."""
    query = (
        select(
            PointActivity.item_id, PointActivity.point_id, PointActivity.missed, PointActivity.asked
        )
        .where(PointActivity.profile_id == profile_id, PointActivity.missed > 0)
        .order_by(PointActivity.missed.desc(), PointActivity.item_id, PointActivity.point_id)
        .limit(top)
    )
    return [tuple(row) for row in session.execute(query)]
