"""Queries of the progress store. Only this package writes SQL or knows the dialect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from quiz.store.models import Attempt, Card, InterviewSession, Item, Profile, ReviewLog


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


def sync_items(session: Session, items: Sequence[ItemInfo], now: datetime) -> int:
    """Record the bank's items; mark the missing ones removed; reset cards whose rev rose.

    Returns the number of cards reset."""
    known = {item.id: item for item in session.scalars(select(Item))}
    present = set()
    for info in items:
        present.add(info.id)
        row = known.get(info.id)
        if row is None:
            session.add(
                Item(
                    id=info.id,
                    kind=info.kind,
                    topic=info.topic,
                    parent_id=info.parent_id,
                    rev=info.rev,
                    content_hash=info.content_hash,
                    title=info.title,
                    position=info.position,
                    first_seen=now,
                    last_seen=now,
                    removed=False,
                )
            )
            continue
        unchanged = (
            row.kind,
            row.topic,
            row.parent_id,
            row.rev,
            row.content_hash,
            row.title,
            row.position,
            row.removed,
        ) == (
            info.kind,
            info.topic,
            info.parent_id,
            info.rev,
            info.content_hash,
            info.title,
            info.position,
            False,
        )
        if not unchanged:
            row.kind, row.topic, row.parent_id = info.kind, info.topic, info.parent_id
            row.rev, row.content_hash, row.title = info.rev, info.content_hash, info.title
            row.position, row.removed, row.last_seen = info.position, False, now
    for item_id, row in known.items():
        if item_id not in present and not row.removed:
            row.removed = True
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


def due_count(session: Session, profile_id: int, now: datetime) -> int:
    query = (
        select(func.count())
        .select_from(Card)
        .join(Item, Card.item_id == Item.id)
        .where(_available(profile_id, now), Card.due <= now)
    )
    return int(session.scalar(query) or 0)


def unseen_items(
    session: Session, profile_id: int, kinds: Iterable[str], limit: int | None = None
) -> list[Item]:
    """Items this profile has no card for yet, in bank order."""
    has_card = select(Card.item_id).where(Card.profile_id == profile_id)
    query = (
        select(Item)
        .where(Item.removed.is_(False), Item.kind.in_(list(kinds)), Item.id.not_in(has_card))
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


# ---- stats ---------------------------------------------------------------------------------


def card_states(session: Session, profile_id: int) -> dict[tuple[int, bool], int]:
    """Counts of live cards by (state, suspended)."""
    query = (
        select(Card.state, Card.suspended, func.count())
        .join(Item, Card.item_id == Item.id)
        .where(Card.profile_id == profile_id, Item.removed.is_(False))
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


def reviews_per_day(session: Session, profile_id: int, since: datetime) -> dict[str, int]:
    """Graded attempts per UTC day (ISO date) since a moment, undone ones excluded."""
    day = func.date(Attempt.created_at)
    query = (
        select(day, func.count())
        .where(
            Attempt.profile_id == profile_id,
            Attempt.created_at >= since,
            Attempt.undone.is_(False),
        )
        .group_by(day)
    )
    return {str(date): count for date, count in session.execute(query)}


def due_per_day(
    session: Session, profile_id: int, now: datetime, until: datetime
) -> dict[str, int]:
    day = func.date(Card.due)
    query = (
        select(day, func.count())
        .join(Item, Card.item_id == Item.id)
        .where(_available(profile_id, now), Card.due <= until)
        .group_by(day)
    )
    return {str(date): count for date, count in session.execute(query)}


def recall_outcomes(session: Session, profile_id: int, since: datetime) -> tuple[int, int]:
    """(passed, total) of scheduled reviews of cards that were in review state since a moment."""
    query = (
        select(Attempt.final_rating, func.count())
        .where(
            Attempt.profile_id == profile_id,
            Attempt.created_at >= since,
            Attempt.scheduled.is_(True),
            Attempt.undone.is_(False),
            Attempt.state_before == 2,  # fsrs State.Review
        )
        .group_by(Attempt.final_rating)
    )
    counts = dict(session.execute(query).all())
    total = sum(counts.values())
    return total - counts.get(1, 0), total


def review_cards(session: Session, profile_id: int) -> list[tuple[str, float, datetime]]:
    """(topic, stability, last review) of every reviewed live card."""
    query = (
        select(Item.topic, Card.stability, Card.last_review)
        .join(Item, Card.item_id == Item.id)
        .where(
            Card.profile_id == profile_id,
            Item.removed.is_(False),
            Card.stability.is_not(None),
            Card.last_review.is_not(None),
        )
    )
    return [(topic, stability, last) for topic, stability, last in session.execute(query)]


def scored_points(session: Session, profile_id: int, limit: int = 5000) -> list[tuple[str, str]]:
    """(item id, per-point JSON) of the latest scored free-text attempts."""
    query = (
        select(Attempt.item_id, Attempt.points)
        .where(
            Attempt.profile_id == profile_id,
            Attempt.undone.is_(False),
            Attempt.points != "[]",
        )
        .order_by(Attempt.id.desc())
        .limit(limit)
    )
    return [(item_id, points) for item_id, points in session.execute(query)]


def topic_attempts(session: Session, profile_id: int) -> dict[str, tuple[float, int]]:
    """Per topic: (mean score of scored attempts, attempts)."""
    query = (
        select(Item.topic, func.avg(Attempt.score), func.count())
        .join(Item, Attempt.item_id == Item.id)
        .where(Attempt.profile_id == profile_id, Attempt.undone.is_(False))
        .group_by(Item.topic)
    )
    return {topic: (float(mean or 0.0), count) for topic, mean, count in session.execute(query)}
