"""Cram narrowed to a topic or to the learner's weakest items (`quiz cram --topic T`,
`--weakest N`): which of cram's rows it keeps."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from quiz.practice.queue import QueueEntry
from quiz.store import queries


@dataclass(frozen=True, slots=True, kw_only=True)
class Focus:
    """What cram is narrowed to: one topic, the N weakest answered items, or both (the N
    weakest of the topic); an empty focus keeps everything."""

    topic: str | None = None
    weakest: int | None = None

    def describe(self) -> str:
        parts = [f"topic {self.topic}"] if self.topic else []
        if self.weakest:
            parts.append(f"your {self.weakest} weakest")
        return ", ".join(parts)


def focused(
    rows: Sequence[QueueEntry],
    focus: Focus | None,
    session: Session,
    profile_id: int,
) -> list[QueueEntry]:
    """Cram's rows (held items already left out) kept by the focus, in their order."""
    if focus is None:
        return list(rows)
    kept = kept_ids([(row.item_id, row.topic) for row in rows], focus, session, profile_id)
    return [row for row in rows if row.item_id in kept]


def kept_ids(
    items: Sequence[tuple[str, str]], focus: Focus, session: Session, profile_id: int
) -> set[str]:
    """Of the (id, topic) pairs, the ids the focus keeps: those of its topic, and of them the
    `weakest` answered ones (the lowest answer quality first)."""
    candidates = {item_id for item_id, topic in items if focus.topic in (None, topic)}
    if focus.weakest is None:
        return candidates
    return _first(queries.weakest_items(session, profile_id), candidates, focus.weakest)


def _first(ordered: Sequence[str], among: Collection[str], n: int) -> set[str]:
    out: set[str] = set()
    for item_id in ordered:
        if len(out) >= n:
            break
        if item_id in among:
            out.add(item_id)
    return out
