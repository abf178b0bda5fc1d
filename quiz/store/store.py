"""The store facade: open (and migrate) a database, and read or write sessions."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as DriverDatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from quiz.redact import redacted_url
from quiz.store.engine import describe, make_engine
from quiz.store.fast import SCHEMA_HEAD
from quiz.store.location import DatabaseError, sqlite_path
from quiz.store.migrate import upgrade
from quiz.store.models import Meta
from quiz.store.revision import REVISION_KEY


@dataclass
class Store:
    engine: Engine
    url: str
    backup: str | None = None  # the copy made before this start's migration, if any

    def __post_init__(self) -> None:
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(quiz_write=True), expire_on_commit=False
        )

    @classmethod
    def open(cls, url: str, migrate: bool = True) -> Store:
        """Open the database at url, migrating it to the current schema first."""
        engine = make_engine(url)
        try:
            backup = upgrade(engine) if migrate and not _current(engine) else None
        except (OperationalError, DriverDatabaseError) as exc:
            engine.dispose()
            where = sqlite_path(url) or redacted_url(url)
            raise DatabaseError(f"cannot open {where}: {describe(exc)}") from None
        except DatabaseError:
            engine.dispose()
            raise
        return cls(engine, url, backup)

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with self._reader() as session:
                yield session
        except (OperationalError, DriverDatabaseError) as exc:
            raise DatabaseError(f"cannot read {self._where()}: {describe(exc)}") from None

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE on SQLite), committed when the block ends with a
        new revision token if it changed anything (SQLite only: the glance it serves reads only
        SQLite files; see `quiz.store.revision`); a failure (a full
        disk, a lost server) rolls it back and is one DatabaseError line."""
        try:
            with self._writer() as session, session.begin():
                changes = _changes(session)
                yield session
                session.flush()
                if self.engine.dialect.name == "sqlite" and _changes(session) != changes:
                    session.merge(Meta(key=REVISION_KEY, value=uuid.uuid4().hex))
        except (OperationalError, DriverDatabaseError) as exc:
            raise DatabaseError(f"nothing was saved to {self._where()}: {describe(exc)}") from None

    def _where(self) -> str:
        return str(sqlite_path(self.url) or redacted_url(self.url))

    def close(self) -> None:
        self.engine.dispose()


def _changes(session: Session) -> int | None:
    """Rows changed so far on the session's connection (SQLite counts them; None elsewhere)."""
    driver = session.connection().connection.driver_connection
    changes = getattr(driver, "total_changes", None)
    return changes if isinstance(changes, int) else None


def _current(engine: Engine) -> bool:
    """Whether the schema is already the latest, checked without importing Alembic."""
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except (OperationalError, DriverDatabaseError):
        return False
    return [tuple(row) for row in rows] == [(SCHEMA_HEAD,)]
