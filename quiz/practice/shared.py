"""The bank's items in the store, brought up to date when the bank changed. On a cohort's shared
PostgreSQL database a learner's role may not write them: the database's owner syncs them (`quiz
db sync`, or by practising on that database), and a learner's quiz asks only what is both in its
bank and among the shared items, saying so when the two differ."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from quiz.bank.model import Bank
from quiz.practice.entries import Entries
from quiz.practice.preferences import PracticeError
from quiz.practice.queue import sync_key
from quiz.store import locks
from quiz.store.cohort import own_profile
from quiz.store.items import mark_synced, sync_items, synced_with
from quiz.store.store import Store

SYNC_HINT = "the database's owner runs 'quiz db sync' with this bank"


@dataclass(frozen=True, slots=True)
class Synced:
    written: bool  # False: the items were already those of this bank
    cards_reset: int  # cards whose item's rev rose (only the writer's own, on PostgreSQL)
    items: int  # the bank's askable entries
    complete: bool  # False: the bank had errors, so nothing was marked removed


def sync_bank(session: Session, bank: Bank, entries: Entries, moment: datetime) -> Synced:
    """Record the bank's items unless the store's already are this bank's. A bank with errors
    marks nothing removed and is not recorded as synced (its unread items may still exist)."""
    key = sync_key(bank.key) if bank.key else None
    if key is not None and synced_with(session) == key:
        return Synced(False, 0, len(entries), bank.complete)
    reset = sync_items(session, list(entries.values()), moment, mark_removed=bank.complete)
    if key is not None and bank.complete:
        mark_synced(session, key)
    return Synced(True, reset, len(entries), bank.complete)


def sync_shared_items(store: Store, bank: Bank, now: Callable[[], datetime]) -> Synced:
    """`quiz db sync`: the store's items made this bank's, by a role that may write them."""
    with store.write() as session:
        locks.hold(session, locks.SHARED)  # one sync at a time, as a start's
        if own_profile(session) is not None:
            raise PracticeError(
                "a learner's role cannot change the cohort's shared items; " + SYNC_HINT
            )
        return sync_bank(session, bank, Entries(bank), now())


def not_shared_notice(missing: int, ever_synced: bool) -> str:
    """What a cohort's learner is told when items of their bank are not among the shared ones."""
    if not ever_synced:
        return f"this cohort's items have not been synced yet, so nothing is asked: {SYNC_HINT}"
    return (
        f"{missing} item(s) of your bank are not among this cohort's items and are not asked "
        f"({SYNC_HINT})"
    )
