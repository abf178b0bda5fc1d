"""Queue entries and what is due: light enough for plain commands (no bank, no grading)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from quiz.digests import blake2b

if TYPE_CHECKING:
    from quiz.store.store import Store


class QueueEntry(NamedTuple):
    item_id: str
    kind: str
    topic: str
    title: str
    reason: str  # due, new, follow-up, cram
    due: datetime | None = None
    changed: bool = False  # the text changed since this profile last saw it

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item_id,
            "kind": self.kind,
            "topic": self.topic,
            "title": self.title,
            "reason": self.reason,
            "due": self.due.isoformat() if self.due else None,
            "changed": self.changed,
        }


def sync_key(bank_key: str) -> str:
    """What the store's items must have been synced with to match a bank: its key and the code
    that turns bank entries into stored items."""
    digest = blake2b(f"sync 1 {bank_key}".encode(), digest_size=20)
    digest.update(_sync_code())
    return digest.hexdigest()


@cache
def _sync_code() -> bytes:
    """The source of the code that turns bank entries into stored items (read once)."""
    here = Path(__file__).resolve().parent
    return b"".join(
        module.read_bytes() for module in (here / "entries.py", here.parent / "store" / "items.py")
    )


def interleave(rows: Sequence[Any], topic: Callable[[Any], str]) -> list[Any]:
    """Round-robin over topics, keeping each topic's order: a, b, c, a, b, a..."""
    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(topic(row), []).append(row)
    out: list[Any] = []
    queues = [list(reversed(group)) for group in groups.values()]
    while queues:
        for group in queues:
            out.append(group.pop())
        queues = [group for group in queues if group]
    return out


def due_now(
    store: Store, profile: str, now: datetime, limit: int | None = None
) -> list[QueueEntry]:
    """What is due for a profile, from the database alone (no bank needed: fast to start)."""
    from quiz.store import profiles, queries

    with store.read() as session:
        row = profiles.find_profile(session, profile)
        if row is None:
            return []
        return [
            QueueEntry(
                item.id,
                item.kind,
                item.topic,
                item.title,
                "due",
                card.due,
                card.seen_hash != item.content_hash,
            )
            for card, item in queries.due_cards(session, row.id, now, limit=limit)
        ]


def due_fast(
    path: Path, profile: str, now: datetime, limit: int, synced: str
) -> list[QueueEntry] | None:
    """The same from a current SQLite file without SQLAlchemy, when its items were synced with
    the bank of sync key `synced`; None if that does not apply (the bank changed since)."""
    from quiz.store.fast import due

    rows = due(path, profile, now, limit, synced)
    if rows is None:
        return None
    return [
        QueueEntry(item, kind, topic, title, "due", when, changed)
        for item, kind, topic, title, when, changed in rows
    ]
