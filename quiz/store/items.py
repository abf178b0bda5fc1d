"""The bank's items as the store keeps them: synced on start, marked removed when they leave."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.orm import Session

from quiz.store.models import Card, Meta, StoredItem
from quiz.store.revision import REVISION_KEY


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


_SYNCED = ("kind", "topic", "parent_id", "rev", "content_hash", "title", "position")


def sync_items(
    session: Session, items: Sequence[ItemInfo], now: datetime, mark_removed: bool = True
) -> int:
    """Record the bank's items; mark the missing ones removed (unless `mark_removed` is False:
    part of the bank could not be read); reset cards whose rev rose.

    Works on plain rows (no ORM objects), so a bank of 100,000 items syncs quickly; only new,
    changed and removed items are written. Returns the number of cards reset."""
    columns = [getattr(StoredItem, name) for name in _SYNCED]
    known = {
        row[0]: (tuple(row[1:-1]), row[-1])
        for row in session.execute(select(StoredItem.id, *columns, StoredItem.removed))
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
        session.execute(insert(StoredItem), added)
    for change in changed:
        item_id = change.pop("id")
        fields = {**change, "removed": False, "last_seen": now}
        session.execute(update(StoredItem).where(StoredItem.id == item_id).values(**fields))
    gone = [item_id for item_id, (_, removed) in known.items() if not removed and mark_removed]
    for start in range(0, len(gone), 500):
        chunk = gone[start : start + 500]
        session.execute(update(StoredItem).where(StoredItem.id.in_(chunk)).values(removed=True))
    session.flush()
    stale = session.execute(
        select(Card.id, StoredItem.rev)
        .join(StoredItem, Card.item_id == StoredItem.id)
        .where(Card.seen_rev < StoredItem.rev)
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


def removed_items() -> Select[tuple[str]]:
    return select(StoredItem.id).where(StoredItem.removed.is_(True))


def live_item_count(session: Session, kinds: Iterable[str]) -> int:
    query = (
        select(func.count())
        .select_from(StoredItem)
        .where(StoredItem.removed.is_(False), StoredItem.kind.in_(list(kinds)))
    )
    return int(session.scalar(query) or 0)


BANK_SYNC = "bank_sync"


def synced_with(session: Session) -> str | None:
    """The sync key of the bank the items were last synced with (None: unknown)."""
    row = session.get(Meta, BANK_SYNC)
    return row.value if row is not None else None


def revision_of(session: Session) -> str | None:
    """The database's revision as this session sees it (see `quiz.store.revision`)."""
    row = session.get(Meta, REVISION_KEY)
    return row.value if row is not None else None


def mark_synced(session: Session, key: str) -> None:
    row = session.get(Meta, BANK_SYNC)
    if row is None:
        session.add(Meta(key=BANK_SYNC, value=key))
    else:
        row.value = key
