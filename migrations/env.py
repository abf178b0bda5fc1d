"""Alembic environment: the models' metadata, on the connection quiz hands over (or a URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from quiz.store.engine import make_engine
from quiz.store.location import database_url
from quiz.store.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(**options: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        **options,  # type: ignore[arg-type]
    )


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _configure(url=config.get_main_option("sqlalchemy.url") or database_url(None))
    with context.begin_transaction():
        context.run_migrations()
else:
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
    else:
        engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url(None))
        with engine.connect() as connection:
            _run(connection)
