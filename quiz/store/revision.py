"""The database's revision: a token every write transaction replaces (see `Store.write`), so a
figure computed from the database can be reused while the token is unchanged. Reading it needs
only the standard library: it is on the app's first path, before SQLAlchemy is imported."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

REVISION_KEY = "revision"  # its row in the meta table


def read_revision(path: Path) -> str | None:
    """The revision of the SQLite file at path, read without changing a byte (read-only, no
    journal-mode switch); None when there is no such file or it has no revision yet."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"file:{quote(str(path), safe='/')}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (REVISION_KEY,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return str(row[0]) if row else None
