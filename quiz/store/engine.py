"""Opening the progress database: where it is, the SQLite settings, and clear errors.

`--db` / `QUIZ_DB` take a path or any SQLAlchemy URL; the default is quiz.db in the user data
directory (quiz.paths.user_dir). SQLite connections get WAL, a busy timeout, foreign keys and
synchronous=FULL (a committed answer survives a killed process and a power cut). Write transactions
start with BEGIN IMMEDIATE, so two processes writing at once wait for each other instead of failing
with "database is locked" when a read transaction would have to be upgraded.
PostgreSQL sessions get `lock_timeout` and `statement_timeout` (QUIZ_PG_LOCK_TIMEOUT, default
10 s, and QUIZ_PG_STATEMENT_TIMEOUT, default 60 s; 0 for no limit), so a lock another session
holds is one "the database is busy" line (`describe`), never a hang. A database whose tables
carry triggers, views or rules quiz did not make (it makes none) is refused on open, by name.
"""

from __future__ import annotations

import math
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import NoSuchModuleError

from quiz.files import create_private
from quiz.redact import redacted_url
from quiz.store.fast import SCHEMA_HEAD
from quiz.store.location import DatabaseError, sqlite_path

BUSY_TIMEOUT_MS = 30_000
LOCK_TIMEOUT = ("QUIZ_PG_LOCK_TIMEOUT", 10.0)  # PostgreSQL: setting, default in seconds
STATEMENT_TIMEOUT = ("QUIZ_PG_STATEMENT_TIMEOUT", 60.0)
MAX_TIMEOUT_S = 2_147_483  # PostgreSQL's largest timeout (2^31 - 1 ms), in whole seconds
# Every table of quiz's schema: on PostgreSQL, a trigger, view or rule on one is refused.
ALL_TABLES = (
    "profiles",
    "items",
    "cards",
    "attempts",
    "review_logs",
    "interviews",
    "daily_activity",
    "topic_activity",
    "point_activity",
    "meta",
    "alembic_version",
)


def pg_timeout(setting: tuple[str, float]) -> float:
    """The seconds an environment variable sets (its default if unset): 0 (no limit) up to
    PostgreSQL's largest; anything else is one DatabaseError line."""
    name, default = setting
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0 <= value <= MAX_TIMEOUT_S:  # NaN fails too
        raise DatabaseError(
            f"{name} must be a number of seconds from 0 (no limit) to {MAX_TIMEOUT_S}, not {raw!r}"
        )
    return value


FOREIGN_OBJECTS = """
SELECT 'trigger ' || t.tgname || ' on ' || c.relname FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace AND c.relname = ANY(%(t)s)
UNION
SELECT 'rule ' || r.rulename || ' on ' || c.relname FROM pg_rewrite r
  JOIN pg_class c ON c.oid = r.ev_class
  WHERE r.rulename <> '_RETURN' AND c.relnamespace = 'public'::regnamespace
    AND c.relname = ANY(%(t)s)
UNION
SELECT 'view ' || v.relname FROM pg_depend d
  JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
  JOIN pg_class c ON c.oid = d.refobjid
  WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
    AND v.oid <> c.oid AND c.relnamespace = 'public'::regnamespace AND c.relname = ANY(%(t)s)
    AND v.relpersistence <> 't'  -- a session's temporary view is its own business
ORDER BY 1
"""


def _postgres_session(url: str) -> Any:
    """The connect handler of a PostgreSQL engine: the session's timeouts, and a refusal of a
    database whose tables carry another program's triggers, views or rules."""
    lock_ms = round(pg_timeout(LOCK_TIMEOUT) * 1000)
    statement_ms = round(pg_timeout(STATEMENT_TIMEOUT) * 1000)

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('lock_timeout', %(l)s, false), "
                "set_config('statement_timeout', %(s)s, false)",
                {"l": f"{lock_ms}ms", "s": f"{statement_ms}ms"},
            )
            foreign = [
                str(row[0]) for row in cursor.execute(FOREIGN_OBJECTS, {"t": list(ALL_TABLES)})
            ]
        dbapi_connection.commit()
        if foreign:
            raise DatabaseError(_foreign(redacted_url(url), foreign))

    return on_connect


def _foreign(where: str, names: list[str]) -> str:
    shown = ", ".join(repr(name)[1:-1] for name in names[:10])
    more = f" and {len(names) - 10} more" if len(names) > 10 else ""
    return (
        f"cannot open {where}: it holds what quiz did not make ({shown}{more}), which could "
        "change or read the progress behind quiz's back; left as is: drop them to use it"
    )


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
        create_sqlite_file(path)
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
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgres_session(url))
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
    parent = next((folder for folder in path.parents if folder.exists()), path.parent)
    missing = [folder for folder in path.parents if folder.is_relative_to(parent)][:-1]
    tilde = next((folder for folder in missing if folder.name.startswith("~")), None)
    if tilde is not None:  # a home of no such user, as a shell leaves it: not a folder to make
        raise DatabaseError(f"cannot create {path}: folder {tilde} does not exist (no such user)")
    if not parent.is_dir():
        raise DatabaseError(f"cannot create {path}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DatabaseError(f"cannot create {path}: folder {parent} is not writable")


def create_sqlite_file(path: Path) -> None:
    """A new database file for its owner only (0600; SQLite gives its -wal and -shm files the
    same mode), in folders made for the owner only (0700) where they are missing."""
    if path.exists():
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        create_private(path)
    except OSError as exc:
        raise DatabaseError(f"cannot create {path}: {exc.strerror or exc}") from None


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
        foreign = [
            f"{kind} {name}"
            for kind, name in connection.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') "
                "ORDER BY type, name"
            )
        ]
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
    if foreign:  # quiz makes no trigger or view
        raise DatabaseError(_foreign(str(path), foreign))
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
    sqlstate = getattr(inner, "sqlstate", None)  # psycopg's errors carry PostgreSQL's code
    if sqlstate == "55P03":  # lock_not_available: lock_timeout
        return (
            f"the database is busy: another session held a lock for more than "
            f"{pg_timeout(LOCK_TIMEOUT):g} s ({LOCK_TIMEOUT[0]}); nothing waits longer: "
            "try again, or ask the database's owner who holds it"
        )
    if sqlstate == "57014":  # query_canceled: statement_timeout
        return (
            f"the database is busy: a statement ran for more than "
            f"{pg_timeout(STATEMENT_TIMEOUT):g} s ({STATEMENT_TIMEOUT[0]}); try again, or "
            "ask the database's owner"
        )
    if isinstance(inner, sqlite3.Error):
        return f"{type(inner).__name__}: {inner}"
    return str(inner).splitlines()[0] if str(inner) else type(inner).__name__
