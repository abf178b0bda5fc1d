"""Read-only fast paths for plain commands on SQLite files: no SQLAlchemy or Alembic import.

They apply only to a database already at the current schema (SCHEMA_HEAD); otherwise they return
None and the caller takes the full path (which migrates). A test checks they agree with it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

SCHEMA_HEAD = "0009"  # the latest Alembic revision (a test keeps them equal)
# The conditions of the partial indexes (quiz.store.models), word for word in every query that
# should use them: SQLite reads a partial index only for a query whose WHERE repeats its own.
HELD = "suspended OR buried_until IS NOT NULL"
REMOVED = "removed"
MMAP_BYTES = 1 << 30
DueRow = tuple[str, str, str, str, datetime, bool]  # id, kind, topic, title, due, changed

# What is due, read for the indexes: a count over the due index's range, less the few cards kept
# out of it (held, found by the partial index of held cards, or of a removed item, by theirs),
# which are read once and set apart (`set_apart`). Named parameters: pid, now, today, horizon.
REMOVED_IDS = f"SELECT id FROM items WHERE {REMOVED}"
LIVE_ITEMS = f"SELECT (SELECT count(*) FROM items) - (SELECT count(*) FROM items WHERE {REMOVED})"
KEPT_OUT = (
    f"SELECT due, suspended, buried_until, item_id IN ({REMOVED_IDS}) FROM cards"
    f" WHERE profile_id = :pid AND ({HELD}) UNION ALL SELECT due, suspended, buried_until, 1"
    f" FROM cards WHERE profile_id = :pid AND item_id IN ({REMOVED_IDS}) AND NOT ({HELD})"
)
DUE = (
    "SELECT count(*), coalesce(sum(due < :today), 0) FROM cards"
    " WHERE profile_id = :pid AND due <= :now"
)
FALLING = "SELECT due FROM cards WHERE profile_id = :pid AND due > :now AND due <= :horizon"
KeptOut = tuple[str, int, str | None, int]  # due, suspended, buried until, item removed


def not_due_now(card: KeptOut, now: str) -> bool:
    """Whether a kept-out card is left out of what is due now: of a removed item, suspended,
    or buried past now."""
    _, suspended, buried, removed = card
    return bool(removed or suspended or (buried is not None and buried > now))


def set_apart(
    kept: list[KeptOut], due: tuple[int, int], falling: list[tuple[str]], at: dict[str, str]
) -> tuple[int, int, list[datetime]]:
    """(due now, of those due before today, when more fall due up to the horizon): the rows of
    DUE and FALLING with the kept-out cards set apart (a buried card falls due when its burial
    ends)."""
    now, today, horizon = at["now"], at["today"], at["horizon"]
    due_now, overdue = int(due[0]), int(due[1])
    moments = Counter(str(row[0]) for row in falling)
    for card in kept:
        when, suspended, buried, removed = card
        if not_due_now(card, now):
            due_now -= when <= now
            overdue -= when < today
        if now < when <= horizon and (removed or suspended or (buried or "") > when):
            moments[when] -= 1
        if not (removed or suspended) and buried is not None and buried > now and buried > when:
            moments[max(when, buried)] += 1
    later = sorted(when for when in moments.elements() if when <= horizon)
    return due_now, overdue, list(map(from_stored, later))


def as_stored(moment: datetime) -> str:
    """A datetime as SQLAlchemy stores it in SQLite (naive UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def open_snapshot(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to an SQLite file, in a read transaction: one snapshot for every
    query (None if it cannot be opened)."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(
            f"file:{quote(str(path), safe='/')}?mode=ro", uri=True, timeout=30, isolation_level=None
        )
    except sqlite3.Error:
        return None
    try:
        connection.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")  # no copy of each page read
        connection.execute("BEGIN")
    except sqlite3.Error:
        connection.close()
        return None
    return connection


def synced_with(connection: sqlite3.Connection) -> str | None:
    """The sync key the snapshot's items were synced with, if it is at the current schema."""
    try:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        sync = connection.execute("SELECT value FROM meta WHERE key = 'bank_sync'").fetchall()
    except sqlite3.Error:
        return None
    return str(sync[0][0]) if version == [(SCHEMA_HEAD,)] and len(sync) == 1 else None


def open_synced(path: Path, synced: str) -> sqlite3.Connection | None:
    """A snapshot (`open_snapshot`) of a database at the current schema whose items were synced
    with the bank of sync key `synced`; None otherwise."""
    connection = open_snapshot(path)
    if connection is not None and synced_with(connection) != synced:
        connection.close()
        return None
    return connection


def due(path: Path, profile: str, now: datetime, limit: int, synced: str) -> list[DueRow] | None:
    """What is due for a profile, or None if the fast path does not apply: another schema, or
    items last synced with another bank than the one of sync key `synced`."""
    connection = open_synced(path, synced)
    if connection is None:
        return None
    try:
        stamp = as_stored(now)
        rows = connection.execute(
            "SELECT c.item_id, i.kind, i.topic, i.title, c.due, c.seen_hash != i.content_hash"
            " FROM cards c JOIN items i ON i.id = c.item_id"
            " JOIN profiles p ON p.id = c.profile_id"
            " WHERE p.name = ? AND c.due <= ? AND c.suspended = 0 AND i.removed = 0"
            " AND (c.buried_until IS NULL OR c.buried_until <= ?)"
            " ORDER BY c.due, i.position LIMIT ?",
            (profile, stamp, stamp, limit),
        ).fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return [
        (item, kind, topic, title, from_stored(when), bool(changed))
        for item, kind, topic, title, when, changed in rows
    ]


class HomeRows(NamedTuple):
    """What the home screen's figures are made of, read in one transaction (see `home_rows`)."""

    name: str
    daily_new_limit: int
    desired_retention: float
    interview_date: str | None
    live_items: int  # questions, follow-ups and templates in the bank
    cards: int  # the profile's cards of those
    due_now: int
    days: list[tuple[str, int, int, int]]  # (day, answers, mature reviews, recalled) since a day
    moments: list[datetime]  # when cards fall due next, up to a horizon, earliest first


def home_rows(
    path: Path, profile: str, now: datetime, since_day: str, until: datetime, synced: str
) -> HomeRows | None:
    """The home screen's figures' rows, as `quiz.store.queries` and `quiz.store.figures` count
    them (a test checks they agree), or None if the fast path does not apply (as for `due`)."""
    connection = open_synced(path, synced)
    if connection is None:
        return None
    at = {"now": as_stored(now), "today": as_stored(now), "horizon": as_stored(until)}
    try:
        found = connection.execute(
            "SELECT id, name, daily_new_limit, desired_retention, interview_date FROM profiles"
            " WHERE name = ?",
            (profile,),
        ).fetchone()
        if found is None:
            return None
        values = {**at, "pid": found[0], "since": since_day}
        (items,) = connection.execute(LIVE_ITEMS).fetchone()
        (cards,) = connection.execute(  # the profile's index range, less the removed items'
            "SELECT (SELECT count(*) FROM cards WHERE profile_id = :pid) - (SELECT count(*)"
            f" FROM items i CROSS JOIN cards c ON c.profile_id = :pid AND c.item_id = i.id"
            f" WHERE i.{REMOVED})",
            values,
        ).fetchone()
        days = connection.execute(
            "SELECT day, answers, mature_reviews, mature_passed FROM daily_activity"
            " WHERE profile_id = :pid AND day >= :since",
            values,
        ).fetchall()
        kept = connection.execute(KEPT_OUT, values).fetchall()
        due = connection.execute(DUE, values).fetchone()
        falling = connection.execute(FALLING, values).fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    due_now, _, moments = set_apart(kept, due, falling, at)
    return HomeRows(
        name=found[1],
        daily_new_limit=int(found[2]),
        desired_retention=float(found[3]),
        interview_date=found[4],
        live_items=int(items),
        cards=int(cards),
        due_now=due_now,
        days=[(str(d), int(a), int(r), int(p)) for d, a, r, p in days],
        moments=moments,
    )


def from_stored(text: str) -> datetime:
    """A stored datetime (naive UTC) as an aware one; six times faster than `.replace(tzinfo)`."""
    return datetime.fromisoformat(text + "+00:00")
