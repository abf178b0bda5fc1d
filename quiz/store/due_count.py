"""How many cards are due now, read with the standard library alone (`quiz due --count`, for a
shell prompt): the fast path of `quiz.store.fast`, on a database synced with the bank in use."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from quiz.store.fast import as_stored, open_synced

# The same cards as `fast.due` lists: due, not suspended, not buried past now, of a live item.
COUNT = (
    "SELECT count(*) FROM cards c JOIN items i ON i.id = c.item_id"
    " JOIN profiles p ON p.id = c.profile_id"
    " WHERE p.name = ? AND c.due <= ? AND c.suspended = 0 AND i.removed = 0"
    " AND (c.buried_until IS NULL OR c.buried_until <= ?)"
)


def due_count(path: Path, profile: str, now: datetime, synced: str) -> int | None:
    """The number of the profile's cards due now, or None where the fast path does not apply
    (another schema, or items last synced with another bank than the one of key `synced`)."""
    connection = open_synced(path, synced)
    if connection is None:
        return None
    stamp = as_stored(now)
    try:
        (count,) = connection.execute(COUNT, (profile, stamp, stamp)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return int(count)
