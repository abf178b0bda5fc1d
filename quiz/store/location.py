"""Where the progress database is: --db / QUIZ_DB (a path or URL) or the user data dir.

Cheap to import (no SQLAlchemy) so plain commands can find the file fast.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import quote, unquote

from quiz.paths import resolved, user_dir, user_path, why_not
from quiz.redact import redacted_url


class DatabaseError(Exception):
    """The database cannot be used; the message says which file and why, in one line."""


def default_db_path() -> Path:
    return user_dir("data") / "quiz.db"


def database_file(option: str | None) -> Path | None:
    """The SQLite file --db (or QUIZ_DB, or the default) names, without creating anything;
    None for a database URL, or a path that cannot be resolved (a symlink loop: opening the
    database reports it)."""
    value = option or os.environ.get("QUIZ_DB") or ""
    if "://" in value or "\0" in value:
        return None
    try:
        return database_path(value) if value else default_db_path()
    except DatabaseError:
        return None


def database_path(value: str) -> Path:
    """The absolute file a --db path names; a symlink loop is one DatabaseError line."""
    try:
        return resolved(user_path(value))
    except OSError as exc:
        raise DatabaseError(f"cannot open {value}: {why_not(exc)}") from None


def data_folder(path: Path) -> None:
    """quiz's own data folder (the default database's), for its owner only: created 0700, as
    SSH's ~/.ssh and PostgreSQL's data directory, whatever the umask; one an earlier quiz left
    open to others (0755) is closed to them, since the database in it was created 0644."""
    try:
        found = path.stat()
    except FileNotFoundError:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)
        return
    except OSError:
        return  # opening the database reports it
    mine = os.name == "posix" and found.st_uid == os.getuid()  # Windows has no such modes
    if mine and stat.S_ISDIR(found.st_mode) and found.st_mode & 0o077:
        path.chmod(0o700)


def database_url(option: str | None) -> str:
    """The SQLAlchemy URL for --db (a path or URL), else QUIZ_DB, else the default file."""
    value = option or os.environ.get("QUIZ_DB") or ""
    if "\0" in value:
        raise DatabaseError(f"not a file name or a database URL: {value!r}")
    if not value:
        path = default_db_path()
        data_folder(path.parent)
        return sqlite_url(path)
    if "://" in value:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise DatabaseError(f"not a database URL: {redacted_url(value)!r} ({exc})") from None
        if url.drivername in ("postgresql", "postgres"):  # psycopg 3, the driver quiz ships for
            return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        return value
    return sqlite_url(database_path(value))


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite file, taking its name literally: a name with '?', '#' or '%' becomes
    a percent-encoded SQLite URI, so 'a?b.db' is that file and not 'a' with options."""
    text = str(path)
    if any(char in text for char in "?#%"):
        return f"sqlite:///file:{quote(text, safe='/')}?uri=true"
    return f"sqlite:///{text}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other databases and in-memory SQLite)."""
    scheme, _, rest = url.partition("://")
    if scheme.split("+")[0] != "sqlite" or not rest.startswith("/"):
        return None
    database = rest[1:]
    if database.startswith("file:"):
        return Path(unquote(database[len("file:") :].split("?")[0]))
    database = database.split("?")[0]
    if not database or database == ":memory:":
        return None
    return Path(database)
