"""What to ask: cards due, items never seen, the learner's attempts. Only `quiz.store` writes
SQL or knows the dialect."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from quiz.srs.scheduler import CardState
from quiz.store.fast import HELD
from quiz.store.items import removed_items
from quiz.store.models import Attempt, Card, StoredItem


def card_state(row: Card) -> CardState:
    """What fsrs needs of a stored card."""
    return CardState(row.state, row.step, row.stability, row.difficulty, row.due, row.last_review)


def card(session: Session, profile_id: int, item_id: str) -> Card | None:
    return session.scalar(
        select(Card).where(Card.profile_id == profile_id, Card.item_id == item_id)
    )


def _available(profile_id: int, now: datetime):  # type: ignore[no-untyped-def]
    return and_(
        Card.profile_id == profile_id,
        Card.suspended.is_(False),
        or_(Card.buried_until.is_(None), Card.buried_until <= now),
        StoredItem.removed.is_(False),
    )


def due_cards(
    session: Session,
    profile_id: int,
    now: datetime,
    kinds: Iterable[str] | None = None,
    limit: int | None = None,
    exclude: Collection[str] = (),
) -> list[tuple[Card, StoredItem]]:
    """Cards due now, most overdue first (but those of the `exclude` items)."""
    query = _due(select(Card, StoredItem), profile_id, now, kinds, exclude).order_by(
        Card.due, StoredItem.position
    )
    if limit is not None:
        query = query.limit(limit)
    return [(row[0], row[1]) for row in session.execute(query)]


def count_due(
    session: Session,
    profile_id: int,
    now: datetime,
    kinds: Iterable[str],
    exclude: Collection[str] = (),
) -> int:
    """How many cards of these kinds are due now (what `due_cards` would list)."""
    query = _due(select(func.count()), profile_id, now, kinds, exclude)
    return int(session.scalar(query) or 0)


def _due(
    query: Select[Any],
    profile_id: int,
    now: datetime,
    kinds: Iterable[str] | None,
    exclude: Collection[str] = (),
) -> Select[Any]:
    query = query.select_from(Card).join(StoredItem, Card.item_id == StoredItem.id)
    query = query.where(_available(profile_id, now), Card.due <= now)
    if exclude:
        query = query.where(Card.item_id.not_in(list(exclude)))
    return query if kinds is None else query.where(StoredItem.kind.in_(list(kinds)))


def due_counts(
    session: Session, profile_id: int, now: datetime, before: datetime
) -> tuple[int, int]:
    """(cards due now, of which due before a moment), in one pass over the due index."""
    query = select(func.count(), func.sum(case((Card.due < before, 1), else_=0))).where(
        Card.profile_id == profile_id,
        Card.due <= now,
        Card.suspended.is_(False),
        or_(Card.buried_until.is_(None), Card.buried_until <= now),
        Card.item_id.not_in(removed_items()),
    )
    total, earlier = session.execute(query).one()
    return int(total or 0), int(earlier or 0)


def due_moments(
    session: Session, profile_id: int, after: datetime, until: datetime, limit: int | None = None
) -> list[datetime]:
    """When each card that is not due at `after` falls due, up to `until` (a buried card at the
    end of its burial), earliest first; the first `limit` of them if given."""
    live = (
        Card.profile_id == profile_id,
        Card.suspended.is_(False),
        Card.item_id.not_in(removed_items()),
    )
    falling = select(Card.due).where(  # a range of the due index
        *live,
        Card.due > after,
        Card.due <= until,
        or_(Card.buried_until.is_(None), Card.buried_until <= Card.due),
    )
    buried = select(Card.due, Card.buried_until).where(  # the few held cards, by their index
        *live, text(f"({HELD})"), Card.buried_until > after, Card.buried_until > Card.due
    )
    if limit is not None:  # the earliest, read from the start of the index's range
        falling = falling.order_by(Card.due).limit(limit)
    moments = list(session.scalars(falling))
    moments += [max(due, until_then) for due, until_then in session.execute(buried)]
    return sorted(m for m in moments if after < m <= until)[:limit]


def unseen_items(
    session: Session,
    profile_id: int,
    kinds: Iterable[str],
    limit: int | None = None,
    exclude: Collection[str] = (),
) -> list[StoredItem]:
    """Items this profile has no card for yet, in bank order; follow-ups only once their parent
    has been answered (so one left unanswered when a session ended comes back)."""
    query = _unseen(select(StoredItem), profile_id, kinds, exclude).order_by(StoredItem.position)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def count_unseen(
    session: Session, profile_id: int, kinds: Iterable[str], exclude: Collection[str] = ()
) -> int:
    """How many items `unseen_items` would list."""
    query = _unseen(select(func.count()).select_from(StoredItem), profile_id, kinds, exclude)
    return int(session.scalar(query) or 0)


def with_cards(session: Session, profile_id: int, item_ids: Collection[str]) -> set[str]:
    """Those of the items this profile has a card for."""
    if not item_ids:
        return set()
    query = select(Card.item_id).where(
        Card.profile_id == profile_id, Card.item_id.in_(list(item_ids))
    )
    return set(session.scalars(query))


def _unseen(
    query: Select[Any], profile_id: int, kinds: Iterable[str], exclude: Collection[str] = ()
) -> Select[Any]:
    if exclude:
        query = query.where(StoredItem.id.not_in(list(exclude)))
    has_card = select(Card.item_id).where(Card.profile_id == profile_id)
    wanted = list(kinds)
    kind_filter: ColumnElement[bool] = StoredItem.kind.in_(wanted)
    if "followup" in wanted:
        kind_filter = or_(
            StoredItem.kind.in_([k for k in wanted if k != "followup"]),
            and_(StoredItem.kind == "followup", StoredItem.parent_id.in_(has_card)),
        )
    return query.where(StoredItem.removed.is_(False), kind_filter, StoredItem.id.not_in(has_card))


def count_never_answered(session: Session, profile_id: int) -> int:
    """Items (of every kind) in the bank that this profile has no card for."""
    has_card = select(Card.item_id).where(Card.profile_id == profile_id)
    query = (
        select(func.count())
        .select_from(StoredItem)
        .where(StoredItem.removed.is_(False), StoredItem.id.not_in(has_card))
    )
    return int(session.scalar(query) or 0)


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


def attempts(session: Session, profile_id: int, item_id: str | None = None) -> list[Attempt]:
    query = select(Attempt).where(Attempt.profile_id == profile_id).order_by(Attempt.id)
    if item_id is not None:
        query = query.where(Attempt.item_id == item_id)
    return list(session.scalars(query))


def held_items(session: Session, profile_id: int, now: datetime) -> set[str]:
    """Items kept out of every queue right now: suspended, or buried until later."""
    query = select(Card.item_id).where(
        Card.profile_id == profile_id,
        text(f"({HELD})"),  # word for word as the partial index, so SQLite uses it
        or_(
            Card.suspended.is_(True), and_(Card.buried_until.is_not(None), Card.buried_until > now)
        ),
    )
    return set(session.scalars(query))


def answered_since(session: Session, profile_id: int, since: datetime) -> tuple[int, int]:
    """(answers, milliseconds spent on them) since a moment, undone answers left out."""
    query = select(func.count(), func.coalesce(func.sum(Attempt.duration_ms), 0)).where(
        Attempt.profile_id == profile_id,
        Attempt.created_at >= since,
        Attempt.undone.is_(False),
    )
    count, milliseconds = session.execute(query).one()
    return int(count), int(milliseconds)


@dataclass(frozen=True, slots=True)
class CardHistory:
    """A card as a plan needs it: its item, schedule, and on how many days it was answered
    (the last of them too, so a plan adding today's answer counts a day once)."""

    item_id: str
    state: CardState
    held: bool
    day_count: int
    last_day: date | None


def _day(value: date | str | None) -> date | None:
    """A day as the database gives it: SQLite as text, PostgreSQL as a date."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def card_histories(session: Session, profile_id: int, with_days: bool = True) -> list[CardHistory]:
    """Every card of the profile with the days of its scheduled answers (not undone; not read
    unless `with_days`), counted by the database in one grouped query: a long history has a
    million answers but a few thousand cards."""
    days: dict[int, tuple[int, date | None]] = {}
    if with_days:
        day = func.date(Attempt.created_at)  # the stamps are stored in UTC: UTC days
        # On SQLite, one profile's whole history reads three times faster in a scan of the
        # table than through the (profile, time) index, whose rows it visits out of order:
        # "+ 0" keeps the planner off it (1M answers: 2.0 s -> 0.6 s).
        sqlite = session.get_bind().dialect.name == "sqlite"
        profile = Attempt.profile_id + 0 if sqlite else Attempt.profile_id
        counted = session.execute(
            select(Attempt.card_id, func.count(day.distinct()), func.max(day))
            .where(
                profile == profile_id,
                Attempt.card_id.is_not(None),
                Attempt.undone.is_(False),
                Attempt.scheduled.is_(True),
            )
            .group_by(Attempt.card_id)
        )
        days = {card_id: (count, _day(last)) for card_id, count, last in counted}
    rows = session.scalars(select(Card).where(Card.profile_id == profile_id))
    return [
        CardHistory(row.item_id, card_state(row), row.suspended, *days.get(row.id, (0, None)))
        for row in rows
    ]


def seen_hashes(session: Session, profile_id: int) -> dict[str, str | None]:
    """Each carded item's text as this profile last saw it (its hash): a queue built without
    the cards (cram) flags an item whose text changed since."""
    rows = session.execute(
        select(Card.item_id, Card.seen_hash).where(Card.profile_id == profile_id)
    )
    return {item_id: seen for item_id, seen in rows}


def held_cards(session: Session, profile_id: int, now: datetime) -> list[Card]:
    """The cards kept out of every queue right now (suspended, or buried until later), of
    items still in the bank, in the bank's order."""
    query = (
        select(Card)
        .join(StoredItem, StoredItem.id == Card.item_id)
        .where(
            Card.profile_id == profile_id,
            text(f"({HELD})"),  # word for word as the partial index, so SQLite uses it
            or_(
                Card.suspended.is_(True),
                and_(Card.buried_until.is_not(None), Card.buried_until > now),
            ),
            StoredItem.removed.is_(False),
        )
        .order_by(StoredItem.position, StoredItem.id)
    )
    return list(session.scalars(query))


def weakest_items(session: Session, profile_id: int) -> list[str]:
    """The items of the profile's answered cards, the weakest first: the lowest answer quality,
    then the most lapses, then the earliest due."""
    query = (
        select(Card.item_id)
        .where(Card.profile_id == profile_id, Card.quality.is_not(None))
        .order_by(Card.quality, Card.lapses.desc(), Card.due, Card.item_id)
    )
    return list(session.scalars(query))
