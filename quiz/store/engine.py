"""Opening the progress database: where it is, the SQLite settings, and clear errors.

`--db` / `QUIZ_DB` take a path or any SQLAlchemy URL; the default is quiz.db in the user data
directory (quiz.paths.user_dir). SQLite connections get WAL, a busy timeout, foreign keys and
synchronous=FULL (a committed answer survives a killed process and a power cut). Write transactions
start with BEGIN IMMEDIATE, so two processes writing at once wait for each other instead of failing
with "database is locked" when a read transaction would have to be upgraded.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import NoSuchModuleError

from quiz.redact import redacted_url
from quiz.store.fast import SCHEMA_HEAD
from quiz.store.location import DatabaseError, sqlite_path

BUSY_TIMEOUT_MS = 30_000


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun explicitly (below)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal" and mode != "memory":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _on_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get("quiz_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for the URL; checks a SQLite file can be opened and is a database."""
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path)
    options = {"timeout": BUSY_TIMEOUT_MS / 1000} if url.startswith("sqlite") else {}
    try:
        engine = create_engine(url, connect_args=options)
    except (NoSuchModuleError, ImportError) as exc:
        if url.startswith("postgresql"):
            raise DatabaseError(
                f"cannot use {redacted_url(url)}: PostgreSQL needs the psycopg driver "
                "(pip install 'quiz[postgres]')"
            ) from None
        raise DatabaseError(f"cannot use {redacted_url(url)}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
    return engine


def check_sqlite_file(path: Path) -> None:
    """Refuse, without touching it, a path that cannot hold the database."""
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"{path} is a directory, not a database file")
        if not stat.S_ISREG(path.stat().st_mode):
            raise DatabaseError(f"{path} is not a regular file (a device or pipe); left as is")
        try:
            with path.open("rb") as handle:
                header = handle.read(16)
        except OSError as exc:
            raise DatabaseError(f"cannot read {path}: {exc.strerror or exc}") from None
        if header and header != b"SQLite format 3\x00":
            raise DatabaseError(f"{path} is not a quiz database (not an SQLite file); left as is")
        if not os.access(path, os.W_OK):
            raise DatabaseError(f"{path} is read-only: cannot record progress")
        if header:
            _check_contents(path)
        return
    parent = path.parent
    if not parent.is_dir():
        raise DatabaseError(f"cannot create {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DatabaseError(f"cannot create {path}: folder {parent} is not writable")


OUR_TABLES = frozenset({"profiles", "items", "cards", "attempts", "review_logs"})


def _check_contents(path: Path) -> None:
    """Read an existing SQLite file without changing it (read-only, no journal-mode switch):
    refuse one that holds another program's tables, or a schema newer than this quiz knows."""
    uri = f"file:{quote(str(path), safe='/')}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open {path}: {exc}") from None
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        version = None
        if "alembic_version" in tables:
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            version = rows[0][0] if rows else None
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot read {path}: {exc}") from None
    finally:
        connection.close()
    others = sorted(t for t in tables if not t.startswith("sqlite_") and t != "alembic_version")
    if others and not OUR_TABLES & set(others):
        shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
        raise DatabaseError(
            f"{path} is not a quiz database (an SQLite file with other tables: {shown}); left as is"
        )
    if version is not None and version != SCHEMA_HEAD:  # current: no need to load Alembic
        from quiz.store.migrate import head_revision, known_revisions

        if version not in known_revisions():
            raise DatabaseError(
                f"the database schema ({version}) is newer than this version of quiz knows "
                f"(latest {head_revision()}): upgrade quiz; the database was not changed"
            )


def describe(exc: BaseException) -> str:
    """One line for a database error from the driver."""
    inner = getattr(exc, "orig", exc)
    if isinstance(inner, sqlite3.Error):
        return f"{type(inner).__name__}: {inner}"
    return str(inner).splitlines()[0] if str(inner) else type(inner).__name__
