"""The progress database's schema: models and Alembic migrations agree, upgrades keep data and
back the file up first, and the queries the app relies on use their indexes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, inspect, text

from quiz.store.engine import make_engine
from quiz.store.fast import SCHEMA_HEAD
from quiz.store.location import database_url
from quiz.store.migrate import current_revision, downgrade, head_revision, upgrade
from quiz.store.models import Base
from quiz.store.store import Store


def test_models_and_migrations_agree(new_db: Callable[[str], str]) -> None:
    engine = make_engine(database_url(new_db("a")))
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_upgrade_from_empty_downgrade_and_back_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "b.db"
    engine = make_engine(database_url(str(path)))
    assert upgrade(engine) is None  # a new database needs no backup
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO profiles (name, created_at, desired_retention, learning_steps, "
                "relearning_steps, maximum_interval, daily_new_limit, fuzzing, theme) "
                "VALUES ('kept', '2026-01-01 00:00:00', 0.9, '60', '600', 100, 5, 1, 'x')"
            )
        )
    downgrade(engine, "base")
    assert "profiles" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert "profiles" in inspect(engine).get_table_names()
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM alembic_version"))  # as if made before migrations
        connection.execute(text(f"INSERT INTO alembic_version VALUES ('{SCHEMA_HEAD}')"))
    assert upgrade(engine) is None  # already current: untouched


def test_an_existing_database_is_backed_up_before_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    engine = make_engine(database_url(str(path)))
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO items (id, kind, topic, rev, content_hash, title, "
                "position, first_seen, last_seen, removed) VALUES ('x', 'question',"
                " 't', 1, 'h', 'x', 0, '2026-01-01', '2026-01-01', 0)"
            )
        )
    downgrade(engine, "base")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE legacy (id INTEGER)"))
    copy = upgrade(engine)
    assert copy is not None and Path(copy).is_file()
    with sqlite3.connect(copy) as backup:
        assert backup.execute("SELECT name FROM sqlite_master WHERE name='legacy'").fetchone()


def test_the_fast_schema_head_is_alembics() -> None:
    from quiz.store.fast import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD


def test_upgrading_to_0002_gives_each_card_its_latest_answer_quality(tmp_path: Path) -> None:
    engine = make_engine(database_url(str(tmp_path / "old.db")))
    upgrade(engine)
    downgrade(engine, "0001")
    rows = [
        "INSERT INTO profiles (id, name, created_at, desired_retention, learning_steps, "
        "relearning_steps, maximum_interval, daily_new_limit, fuzzing, theme) VALUES "
        "(1, 'p', '2026-01-01 00:00:00', 0.9, '60', '600', 100, 5, 1, 'x')",
        "INSERT INTO items (id, kind, topic, rev, content_hash, title, position, first_seen, "
        "last_seen, removed) VALUES ('a', 'question', 't', 1, 'h', 'A', 0, "
        "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 0)",
        "INSERT INTO cards (id, profile_id, item_id, state, due, reps, lapses, suspended, "
        "seen_hash, seen_rev) VALUES (1, 1, 'a', 2, '2026-02-01 00:00:00', 2, 0, 0, 'h', 1)",
    ]
    for attempt_id, score, rating, undone in ((1, 0.9, 4, 0), (2, None, 2, 0), (3, 0.1, 1, 1)):
        rows.append(
            "INSERT INTO attempts (id, uid, profile_id, item_id, card_id, created_at, mode, "
            "answer, score, points, suggested_rating, final_rating, content_hash, rev, "
            f"scheduled, undone) VALUES ({attempt_id}, 'u{attempt_id}', 1, 'a', 1, "
            f"'2026-01-0{attempt_id} 00:00:00', 'practice', 'x', {score or 'NULL'}, '[]', "
            f"{rating}, {rating}, 'h', 1, 1, {undone})"
        )
    with engine.begin() as connection:
        for statement in rows:
            connection.execute(text(statement))
    upgrade(engine)
    with engine.begin() as connection:
        (quality,) = connection.execute(text("SELECT quality FROM cards")).one()
    assert quality == 0.5  # the latest answer not undone: self-rated hard


def test_the_held_items_query_uses_its_partial_index(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from quiz.store.queries import held_items

    store = Store.open(database_url(str(tmp_path / "q.db")))
    plans: list[str] = []

    def explain(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        if statement.lstrip().startswith("SELECT cards.item_id"):
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            plans.extend(str(row[-1]) for row in rows)

    event.listen(store.engine, "before_cursor_execute", explain)
    try:
        with store.read() as session:
            held_items(session, 1, datetime(2026, 11, 2, tzinfo=UTC))
    finally:
        event.remove(store.engine, "before_cursor_execute", explain)
        store.close()
    assert any("USING INDEX ix_cards_held" in plan for plan in plans), plans


def test_the_removed_items_subquery_uses_its_partial_index(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from quiz.store.queries import due_counts

    store = Store.open(database_url(str(tmp_path / "q.db")))
    plans: list[str] = []

    def explain(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        if "FROM items" in statement and statement.lstrip().startswith("SELECT"):
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            plans.extend(str(row[-1]) for row in rows)

    event.listen(store.engine, "before_cursor_execute", explain)
    try:
        with store.read() as session:  # every figure leaves removed items out the same way
            moment = datetime(2026, 11, 2, tzinfo=UTC)
            due_counts(session, 1, moment, moment)
    finally:
        event.remove(store.engine, "before_cursor_execute", explain)
        store.close()
    assert any("USING INDEX ix_items_removed" in plan for plan in plans), plans
    assert not any(plan.startswith("SCAN items") and "INDEX" not in plan for plan in plans), plans
