"""Letting a held card back into the queues. A card made only to hold a flag (suspending or
burying an item never answered) goes once nothing holds it, so the item is new again instead of
due since the moment it was held."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from quiz.store import cohort, locks
from quiz.store.models import Card
from quiz.store.queries import card


def release(
    session: Session, *, profile_id: int, item_id: str, now: datetime, suspended: bool
) -> bool:
    """Unsuspend (`suspended`) or unbury an item's card; False if it was not so held."""
    locks.hold(session, locks.PROFILE, profile_id)
    row = card(session, profile_id, item_id)
    if row is None:
        return False
    if suspended:
        if not row.suspended:
            return False
        row.suspended = False
    else:
        if row.buried_until is None or row.buried_until <= now:
            return False
        row.buried_until = None
    if _untouched(row, now):
        # Through cohort.forget, as undo deletes a card: a cohort's learner holds no DELETE.
        card_id = row.id
        session.expunge(row)
        cohort.forget(session, card_id=card_id)
    return True


def _untouched(row: Card, now: datetime) -> bool:
    """Never answered (made to hold a flag) and no longer held."""
    buried = row.buried_until is not None and row.buried_until > now
    return row.reps == 0 and row.last_review is None and not row.suspended and not buried
