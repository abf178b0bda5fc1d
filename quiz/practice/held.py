"""Held items: the suspended and buried ones, which no mode serves, listed with when a buried one
comes back; and letting them back in (`unsuspend`, `unbury`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from quiz.store import holds, queries

if TYPE_CHECKING:
    from quiz.practice.engine import Practice


@dataclass(frozen=True, slots=True, kw_only=True)
class HeldItem:
    """An item kept out of the queues: suspended (until let back in), buried (until a moment),
    or both."""

    item_id: str
    kind: str
    topic: str
    title: str
    suspended: bool
    buried_until: datetime | None  # set only while it is still buried

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item_id,
            "kind": self.kind,
            "topic": self.topic,
            "title": self.title,
            "suspended": self.suspended,
            "buried_until": self.buried_until.isoformat() if self.buried_until else None,
        }


def held(practice: Practice) -> list[HeldItem]:
    """The profile's held items of this bank, in the bank's order."""
    now = practice.now()
    with practice.store.read() as session:
        cards = queries.held_cards(session, practice.profile_id, now)
        rows = [(c.item_id, c.suspended, c.buried_until) for c in cards]
    out = []
    for item_id, suspended, buried in rows:
        entry = practice.entries.get(item_id)
        if entry is None:
            continue
        out.append(
            HeldItem(
                item_id=item_id,
                kind=entry.kind,
                topic=entry.topic,
                title=entry.title,
                suspended=suspended,
                buried_until=buried if buried is not None and buried > now else None,
            )
        )
    return out


def _release(practice: Practice, item_id: str, suspended: bool) -> bool:
    practice.entry(item_id)  # an unknown id: PracticeError, naming it
    with practice.store.write() as session:
        return holds.release(
            session,
            profile_id=practice.profile_id,
            item_id=item_id,
            now=practice.now(),
            suspended=suspended,
        )


def unsuspend(practice: Practice, item_id: str) -> bool:
    """Let a suspended item back into the queues; False if it was not suspended. An item never
    answered is new again (its card held only the flag)."""
    return _release(practice, item_id, suspended=True)


def unbury(practice: Practice, item_id: str) -> bool:
    """Let a buried item back into the queues now; False if it was not buried."""
    return _release(practice, item_id, suspended=False)


def held_text(items: list[HeldItem], now: datetime) -> str:
    """The held items as lines for the terminal."""
    from quiz.practice.render import when

    if not items:
        return "Nothing is suspended or buried: every item can be asked."
    width = max(len(h.item_id) for h in items)
    lines = []
    for h in items:
        states = ["suspended"] if h.suspended else []
        if h.buried_until is not None:
            stamp = h.buried_until.strftime("%Y-%m-%d %H:%M UTC")
            states.append(f"buried, back {when(h.buried_until, now)} ({stamp})")
        lines.append(f"{h.item_id:<{width}}  {'; '.join(states)}  {h.title}")
    lines.append(f"{len(items)} held: 'quiz unsuspend ID' or 'quiz unbury ID' lets one back in now")
    return "\n".join(lines)
