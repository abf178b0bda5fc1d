"""PostgreSQL specifics: the URL forms quiz accepts, migrations in one transaction and the
refusal of a newer schema, passwords never printed, a missing server in one line, and every
session's lock and statement timeouts: a held lock is one line, never a hang."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import inspect, text

from quiz.cli import main
from quiz.redact import redacted_url
from quiz.store.engine import make_engine
from quiz.store.location import DatabaseError, database_url
from quiz.store.migrate import upgrade
from quiz.store.store import Store
from tests.conftest import Q1_ANSWER, count, finishes, plain

BUSY = "the database is busy: another session held a lock for more than 1 s"


def test_urls_use_psycopg_and_hide_passwords() -> None:
    url = database_url("postgresql://ada:s3cret@db.example:5432/cohort")
    assert url == "postgresql+psycopg://ada:s3cret@db.example:5432/cohort"
    assert database_url("postgres://ada@db/cohort").startswith("postgresql+psycopg://")
    assert redacted_url(url) == "postgresql+psycopg://ada:***@db.example:5432/cohort"
    assert redacted_url("/home/ada/quiz.db") == "/home/ada/quiz.db"


def test_an_unreachable_server_is_one_line_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql://ada:s3cret@127.0.0.1:1/cohort"  # nothing listens on port 1
    assert main(["due", "--db", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("quiz: error: cannot open postgresql+psycopg://ada:***@127.0.0.1:1/")
    assert "s3cret" not in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_a_newer_schema_is_refused_and_left_alone(
    postgres: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(database_url(postgres))
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        connection.execute(
            text(
                "INSERT INTO profiles (name, created_at, desired_retention, learning_steps, "
                "relearning_steps, maximum_interval, daily_new_limit, fuzzing, theme) "
                "VALUES ('kept', now(), 0.9, '60', '600', 100, 5, true, 'x')"
            )
        )
    with pytest.raises(DatabaseError, match="newer than this version of quiz"):
        Store.open(database_url(postgres))
    assert main(["--db", postgres, "due"]) == 2
    assert "newer than this version of quiz" in capsys.readouterr().err
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"
        )
        assert connection.execute(text("SELECT name FROM profiles")).scalars().all() == ["kept"]
    engine.dispose()


def test_a_failed_migration_leaves_nothing_behind(postgres: str) -> None:
    engine = make_engine(database_url(postgres))
    with engine.begin() as connection:  # a table in the way of the first migration
        connection.execute(text("CREATE TABLE attempts (id integer)"))
    with pytest.raises(DatabaseError):
        Store.open(database_url(postgres))
    assert set(inspect(engine).get_table_names()) == {"attempts"}  # DDL rolled back
    engine.dispose()


def test_quiz_config_never_prints_a_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QUIZ_DB", "postgresql://ada:s3cret@db.example/cohort")
    assert main(["config"]) == 0
    assert main(["config", "--json"]) == 0
    out = capsys.readouterr().out
    assert "s3cret" not in out
    assert out.count("postgresql://ada:***@db.example/cohort") == 2


def test_a_new_profile_started_twice_at_once_is_made_once(postgres: str) -> None:
    """Two first starts of one learner: the second's insert waits for the first's commit, then
    takes the profile the first made instead of failing on the duplicate name."""
    import threading
    import time
    from datetime import UTC, datetime

    from sqlalchemy.orm import Session

    from quiz.store.profiles import profile

    url, now = database_url(postgres), datetime(2026, 12, 1, tzinfo=UTC)
    store = Store.open(url)
    found: dict[str, object] = {}

    def second_start() -> None:
        try:
            with store.write() as session:
                found["id"] = profile(session, "eve", now).id
        except Exception as exc:  # reported by the assertion below
            found["error"] = exc

    with finishes(), Session(store.engine) as first, first.begin():
        made = profile(first, "eve", now).id  # inserted, not committed yet
        thread = threading.Thread(target=second_start)
        thread.start()
        with store.engine.connect() as watcher:  # until the second waits on the first's row
            waiting = text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            while not watcher.execute(waiting).scalar() and thread.is_alive():
                time.sleep(0.01)
                watcher.rollback()
    thread.join()
    store.close()
    assert found == {"id": made}


@pytest.fixture
def holder(cohort: dict[str, str]) -> Iterator[psycopg.Connection[object]]:
    """The owner's connection, for holding locks in an open transaction."""
    with psycopg.connect(plain(cohort["owner"])) as connection:
        yield connection


def test_every_postgres_session_has_lock_and_statement_timeouts(postgres: str) -> None:
    from sqlalchemy import text

    from quiz.store.location import database_url
    from quiz.store.store import Store

    store = Store.open(database_url(postgres))
    try:
        with store.read() as session:
            shown = session.execute(text("SELECT current_setting('lock_timeout')")).scalar()
            statement = session.execute(text("SELECT current_setting('statement_timeout')"))
            assert (shown, statement.scalar()) == ("10s", "1min")
    finally:
        store.close()


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "1e99"])
def test_a_bad_timeout_setting_is_one_line(
    postgres: str, value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QUIZ_PG_LOCK_TIMEOUT", value)
    assert main(["due", "--db", postgres]) == 2
    err = capsys.readouterr().err
    assert "QUIZ_PG_LOCK_TIMEOUT" in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_a_held_table_lock_makes_an_answer_fail_in_one_line(
    cohort: dict[str, str],
    holder: psycopg.Connection[object],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("QUIZ_PG_LOCK_TIMEOUT", "1")
    before = count(cohort["owner"], "attempts")
    holder.execute("LOCK TABLE attempts, cards, profiles IN ACCESS EXCLUSIVE MODE")
    capsys.readouterr()
    with finishes(60):
        assert main(["answer", "ch44.q1", "--answer", Q1_ANSWER, "--db", cohort["ada"]]) == 2
        assert main(["cohort", "--db", cohort["mia"]]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(BUSY in line for line in err), err
    holder.rollback()
    assert count(cohort["owner"], "attempts") == before


def test_a_long_statement_is_cancelled_in_one_line(
    cohort: dict[str, str],
    holder: psycopg.Connection[object],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("QUIZ_PG_LOCK_TIMEOUT", "0")  # no lock limit: the statement's applies
    monkeypatch.setenv("QUIZ_PG_STATEMENT_TIMEOUT", "1")
    holder.execute("LOCK TABLE cards IN ACCESS EXCLUSIVE MODE")
    capsys.readouterr()
    with finishes(60):
        assert main(["cohort", "--db", cohort["mia"]]) == 2
    err = capsys.readouterr().err
    assert "the database is busy: a statement ran for more than 1 s" in err
    assert len(err.splitlines()) == 1
