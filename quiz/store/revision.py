"""The database's revision: a token every write transaction replaces (see `Store.write`), so a
figure computed from the database can be reused while the token is unchanged. Reading it needs
only the standard library: it is on the app's first path, before SQLAlchemy is imported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from quiz.store.fast import open_snapshot

REVISION_KEY = "revision"  # its row in the meta table


def read_revision(path: Path) -> str | None:
    """The revision of the SQLite file at path, read without changing a byte (read-only, no
    journal-mode switch); None when there is no such file or it has no revision yet."""
    connection = open_snapshot(path)
    if connection is None:
        return None
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (REVISION_KEY,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return str(row[0]) if row else None
