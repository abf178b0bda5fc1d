"""Schema migrations with Alembic: upgrade on start (after a backup), refuse newer schemas."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect

from quiz.files import create_private
from quiz.store.location import DatabaseError, sqlite_path

MIGRATION_LOCK = 44_044_001  # PostgreSQL advisory lock held while migrating


def migrations_dir() -> Path:
    """The packaged migrations (or the checkout's migrations/ in development)."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "_data" / "migrations"
    return installed if (installed / "env.py").is_file() else here.parent / "migrations"


def _config(connection: object | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def backup(engine: Engine, label: str) -> Path | None:
    """Copy a SQLite database with the online backup API; returns the copy's path."""
    path = sqlite_path(str(engine.url))
    if path is None or not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{label}.{stamp}.bak")
    create_private(target)  # the copy holds the learner's answers: for their eyes only
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the schema to `revision`, backing up a database that already has data.

    Runs in one write transaction (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL,
    whose DDL is transactional: a failed migration leaves nothing), so two processes starting
    at once take turns. Returns the backup's path, if one was made. Raises DatabaseError for a
    schema newer than this code knows, leaving the database untouched."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    target = head_revision() if revision == "head" else revision
    with engine.execution_options(quiz_write=True).connect() as connection:
        if connection.dialect.name == "postgresql":  # one migrating process at a time
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        current = MigrationContext.configure(connection).get_current_revision()
        if current is not None and current not in known_revisions():
            connection.rollback()
            raise DatabaseError(
                f"the database schema ({current}) is newer than this version of quiz knows "
                f"(latest {head_revision()}): upgrade quiz; the database was not changed"
            )
        if current == target:
            connection.rollback()
            return None
        copy = None
        if current is not None or inspect(connection).get_table_names():
            copy = backup(engine, f"before-{target}")
        command.upgrade(_config(connection), revision)
        connection.commit()
    return str(copy) if copy else None


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.connect() as connection:
        command.downgrade(_config(connection), revision)
        connection.commit()
