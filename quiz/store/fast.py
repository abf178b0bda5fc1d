"""Read-only fast paths for plain commands on SQLite files: no SQLAlchemy or Alembic import.

They apply only to a database already at the current schema (SCHEMA_HEAD); otherwise they return
None and the caller takes the full path (which migrates). A test checks they agree with it.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

SCHEMA_HEAD = "0005"  # the latest Alembic revision (a test keeps them equal)
DueRow = tuple[str, str, str, str, datetime, bool]  # id, kind, topic, title, due, changed


def _stamp(moment: datetime) -> str:
    """A datetime as SQLAlchemy stores it in SQLite (naive UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def due(path: Path, profile: str, now: datetime, limit: int, synced: str) -> list[DueRow] | None:
    """What is due for a profile, or None if the fast path does not apply: another schema, or
    items last synced with another bank than the one of sync key `synced`."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(
            f"file:{quote(str(path), safe='/')}?mode=ro", uri=True, timeout=30
        )
    except sqlite3.Error:
        return None
    try:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        if version != [(SCHEMA_HEAD,)]:
            return None
        sync = connection.execute("SELECT value FROM meta WHERE key = 'bank_sync'").fetchall()
        if sync != [(synced,)]:
            return None
        stamp = _stamp(now)
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
        (item, kind, topic, title, datetime.fromisoformat(when).replace(tzinfo=UTC), bool(changed))
        for item, kind, topic, title, when, changed in rows
    ]
