"""The order in which items are served: new items interleaved across topics and kinds, cram
moving through every item before one comes back, and the answers of one session.

New items follow one fixed order for the whole bank (`new_item_ranks`): each kind (questions,
numeric problems) round-robin over its topics in bank order, the kinds spread evenly through the
whole, so a learner at ten new items a day meets numeric problems on the first day and no two
items of one topic in a row. The order does not depend on what has been answered: the items
served are that order with the answered ones left out, and never jump back to a topic just seen.
It is the bank's order, not a random one, so it is the same for every learner and every test."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.bank.model import Bank
from quiz.practice.focus import focused
from quiz.practice.modes import Mode
from quiz.practice.queue import QueueEntry, interleave
from quiz.store import queries
from quiz.store.models import Attempt

if TYPE_CHECKING:
    from quiz.practice.engine import Practice

T = TypeVar("T")
LOOK_AHEAD = 50  # how far `apart` looks for an item of another topic to bring forward


def spread(rows: Sequence[T], topic: Callable[[T], str], kind: Callable[[T], str]) -> list[T]:
    """Round-robin over topics within each kind, each kind spread evenly through the whole (the
    i-th of n at i/n; the first kind listed first on a tie), then `apart`."""
    by_kind: dict[str, list[T]] = {}
    for row in rows:
        by_kind.setdefault(kind(row), []).append(row)
    keyed: list[tuple[float, int, int, T]] = []
    for k, group in enumerate(by_kind.values()):
        ordered = interleave(group, topic)
        keyed += [(i / len(ordered), k, i, row) for i, row in enumerate(ordered)]
    keyed.sort(key=lambda key: key[:3])
    return apart([row for *_, row in keyed], topic)


def apart(rows: Sequence[T], topic: Callable[[T], str]) -> list[T]:
    """The rows with no two neighbours of one topic where the next LOOK_AHEAD rows hold one of
    another topic to bring forward (the rest keep their order)."""
    out = list(rows)
    for i in range(1, len(out)):
        before = topic(out[i - 1])
        if topic(out[i]) != before:
            continue
        for j in range(i + 1, min(i + 1 + LOOK_AHEAD, len(out))):
            if topic(out[j]) != before:
                out.insert(i, out.pop(j))
                break
    return out


def new_item_ranks(bank: Bank) -> dict[str, int]:
    """Every question and template of the bank with its place in the order new items are
    introduced (follow-ups come after their parent, so they have none)."""
    rows: list[tuple[str, str, str]] = [
        (i, item.kind, item.topic) for i, item in bank.items.items() if item.kind != "followup"
    ]
    rows += [(i, "template", entry.topic) for i, entry in bank.templates.items()]
    ordered = spread(rows, lambda row: row[2], lambda row: row[1])
    return {row[0]: place for place, row in enumerate(ordered)}


def session_answers(session: Session, profile_id: int, mode: str, since: datetime) -> list[str]:
    """The items answered in a mode since a moment (undone answers and retries left out), oldest
    first."""
    query = (
        select(Attempt.item_id)
        .where(
            Attempt.profile_id == profile_id,
            Attempt.mode == mode,
            Attempt.created_at >= since,
            Attempt.undone.is_(False),
            Attempt.retry.is_(False),  # a retry answers the same item again: not a new one
        )
        .order_by(Attempt.created_at, Attempt.id)
    )
    return list(session.scalars(query))


def cram_order(rows: Sequence[T], item_id: Callable[[T], str], crammed: Iterable[str]) -> list[T]:
    """Cram's rows: those not crammed this session first (in their order), then the crammed
    ones, the longest ago first, so the item just answered comes back last."""
    last = {item: place for place, item in enumerate(crammed)}
    indexed = sorted(enumerate(rows), key=lambda pair: (last.get(item_id(pair[1]), -1), pair[0]))
    return [row for _, row in indexed]


def new_entries(
    practice: Practice, session: Session, rules: Mode, window: int, queued: list[str]
) -> list[QueueEntry]:
    """The new items a mode may introduce now: follow-ups whose parent was answered first, then
    the rest in the bank's fixed order of new items (`new_item_ranks`)."""
    now = practice.now()
    room = practice.new_room(session, rules, now, window) - practice.starting(session, queued)
    if room <= 0:
        return []
    unseen = [  # each kind's first rows, so a bank's last kind is reached on the first day
        i.id
        for kind in rules.kinds
        for i in queries.unseen_items(session, practice.profile_id, (kind,), window, queued)
        if i.id in practice.entries
    ]
    if practice.new_ranks is None:
        practice.new_ranks = new_item_ranks(practice.bank)
    ranks = practice.new_ranks
    follow = [practice.queue_row(i, "new") for i in unseen if i not in ranks]
    fresh = sorted((i for i in unseen if i in ranks), key=lambda i: ranks[i])
    return (follow + apart([practice.queue_row(i, "new") for i in fresh], _topic))[:room]


def any_entries(practice: Practice, session: Session, rules: Mode, limit: int) -> list[QueueEntry]:
    """Cram's items: every live one of its kinds not held (and within the learner's focus, if
    any), mixed across topics and kinds, those not crammed yet this session first."""
    now = practice.now()
    held = queries.held_items(session, practice.profile_id, now)
    seen = queries.seen_hashes(session, practice.profile_id)  # to flag a changed text
    rows = [
        practice.queue_row(e.id, rules.name)._replace(
            changed=e.id in seen and seen[e.id] != e.content_hash
        )
        for e in practice.entries.values()
        if e.kind in rules.kinds and e.id not in held
    ]
    rows = focused(rows, practice.focus, session, practice.profile_id)
    done = session_answers(session, practice.profile_id, rules.name, practice.session_start(now))
    mixed = spread(rows, _topic, lambda q: q.kind)
    return cram_order(mixed, lambda q: q.item_id, done)[:limit]


def _topic(row: QueueEntry) -> str:
    return row.topic
