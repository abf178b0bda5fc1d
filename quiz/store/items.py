"""The bank's items as the store keeps them: synced on start, marked removed when they leave."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any, Protocol

from sqlalchemy import Select, func, insert, select, text, update
from sqlalchemy.orm import Session

from quiz.store.fast import REMOVED
from quiz.store.models import Card, Meta, StoredItem
from quiz.store.revision import REVISION_KEY


@dataclass(frozen=True, slots=True)
class ItemInfo:
    """What the store keeps of a bank item (its position comes from the order of the items
    given to `sync_items`)."""

    id: str
    kind: str
    topic: str
    parent_id: str | None
    rev: int
    content_hash: str
    title: str
    criteria: str = "{}"


class SyncedItem(Protocol):
    """What `sync_items` reads of an item (an `ItemInfo`, or the practice layer's entries)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def topic(self) -> str: ...
    @property
    def parent_id(self) -> str | None: ...
    @property
    def rev(self) -> int: ...
    @property
    def content_hash(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def criteria(self) -> str:
        """JSON: the item's rubric point ids and their criteria (written with the row, read by
        the stats; its content hash changes with them)."""


_SYNCED = ("kind", "topic", "parent_id", "rev", "content_hash", "title")
GAP = 256  # room left between renumbered positions, so an inserted item fits between two


def sync_items(
    session: Session, items: Sequence[SyncedItem], now: datetime, mark_removed: bool = True
) -> int:
    """Record the bank's items; mark the missing ones removed (unless `mark_removed` is False:
    part of the bank could not be read); reset cards whose rev rose.

    Works on plain rows (no ORM objects), so a bank of 100,000 items syncs quickly; only new,
    changed and removed items are written, in batches. The stored positions keep the bank's
    order with room between them, so a new item takes a free position between its neighbours
    and nothing else is rewritten (all are renumbered only when the order changed or there is
    no room). Returns the number of cards reset."""
    columns = [getattr(StoredItem, name) for name in _SYNCED]
    known = {
        row[0]: (tuple(row[1:-3]), row[-3], row[-2], row[-1])
        for row in session.execute(
            select(
                StoredItem.id,
                *columns,
                StoredItem.position,
                StoredItem.removed,
                StoredItem.criteria.is_(None),  # not written yet (a database from before 0006)
            )
        )
    }
    positions = _positions([info.id for info in items], {k: v[1] for k, v in known.items()})
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for info in items:
        values = tuple(getattr(info, name) for name in _SYNCED)
        row = dict(zip(_SYNCED, values, strict=True))
        position = positions[info.id]
        stored = known.pop(info.id, None)
        if stored is None:
            added.append(
                {"id": info.id, **row, "position": position, "first_seen": now}
                | {"last_seen": now, "removed": False, "criteria": info.criteria}
            )
        elif stored != (values, position, False, False):
            changed.append(
                {"id": info.id, **row, "position": position, "removed": False}
                | {"criteria": info.criteria}
            )
            if stored[0] != values or stored[2]:
                changed[-1]["last_seen"] = now
    if added:
        session.execute(insert(StoredItem), added)
    for batch in _batches_by_keys(changed):
        session.execute(update(StoredItem), batch)
    gone = [
        item_id for item_id, (_, _, removed, _) in known.items() if not removed and mark_removed
    ]
    for start in range(0, len(gone), 500):
        chunk = gone[start : start + 500]
        session.execute(update(StoredItem).where(StoredItem.id.in_(chunk)).values(removed=True))
    session.flush()
    return reset_stale_cards(session, now, {item.id: item.rev for item in items}.get)


def reset_stale_cards(
    session: Session,
    now: datetime,
    rev_of: Callable[[str], int | None],
    profile_id: int | None = None,
) -> int:
    """Start again every card (of one profile, or every card the session may see) whose item's
    rev rose since the card last saw it, in the caller's bank (`rev_of`: an item's rev there): on
    PostgreSQL the shared items table is written by every learner's quiz, so a rev raised there
    by hand, or by another version of the bank, resets nobody's card by itself. The number
    reset."""
    query = (
        select(Card.id, Card.item_id, Card.seen_rev)
        .join(StoredItem, Card.item_id == StoredItem.id)
        .where(Card.seen_rev < StoredItem.rev)  # the candidates: the table says the rev rose
    )
    if profile_id is not None:
        query = query.where(Card.profile_id == profile_id)
    stale = []
    for card_id, item_id, seen in session.execute(query):
        rev = rev_of(item_id)
        if rev is not None and seen < rev:
            stale.append((card_id, rev))
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


def _positions(order: list[str], stored: dict[str, int]) -> dict[str, int]:
    """A position for each id in bank order: the stored ones kept while they are in order, the
    new ones spread between their neighbours; all renumbered when that cannot be done."""
    kept = [stored[item_id] for item_id in order if item_id in stored]
    if all(a < b for a, b in pairwise(kept)):
        found: dict[str, int] = {}
        run: list[str] = []  # new ids waiting for the next stored neighbour
        low = 0
        for item_id in [*order, None]:
            high = stored.get(item_id) if item_id is not None else None
            if item_id is not None and high is None:
                run.append(item_id)
                continue
            top = high if high is not None else low + GAP * (len(run) + 1)
            if run and top - low <= len(run):  # no room between the neighbours
                break
            for index, new_id in enumerate(run, 1):
                found[new_id] = low + (top - low) * index // (len(run) + 1)
            run = []
            if item_id is not None and high is not None:
                found[item_id], low = high, high
        else:
            return found
    return {item_id: GAP * index for index, item_id in enumerate(order, 1)}


def _batches_by_keys(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows grouped by the columns they set (one executemany per group)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    return list(groups.values())


def removed_items() -> Select[tuple[str]]:
    """The ids of removed items; the condition is the partial index's word for word, so SQLite
    reads the index (the few removed items), not every item."""
    return select(StoredItem.id).where(text(REMOVED))


def live_item_ids(session: Session) -> set[str]:
    """The ids of the items the store keeps that were not removed."""
    return set(session.scalars(select(StoredItem.id).where(StoredItem.removed.is_(False))))


def live_item_count(session: Session) -> int:
    """Items in the bank: every item the store keeps (questions, follow-ups and templates) that
    was not removed."""
    query = select(func.count()).select_from(StoredItem).where(StoredItem.removed.is_(False))
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
