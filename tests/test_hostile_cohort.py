"""A cohort against its own learners (issue 31): no lock a learner can take that quiz waits on
(the timeouts that bound any other wait: test_postgres.py), no way to skew or fail the class
report through their own rows, to merge the roles or to read the class's figures through a
sequence or a foreign key; a database carrying foreign triggers or views is refused."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from quiz.cli import main
from quiz.store.cohort import INSTRUCTORS, LEARNERS
from quiz.store.locks import NAMESPACE, PROFILE, SHARED
from tests.conftest import (
    Q1_ANSWER,
    admin,
    as_learner,
    count,
    finishes,
    one_value,
    plain,
    refused,
)

# ---- no lock a learner can take that quiz waits on --------------------------------------


def test_a_learner_cannot_take_advisory_locks(cohort: dict[str, str]) -> None:
    bob = one_value(cohort["owner"], f"SELECT id FROM profiles WHERE name = '{cohort['bob_role']}'")
    refused(
        cohort["ada"],
        [
            "SELECT pg_advisory_lock(1)",
            f"SELECT pg_advisory_xact_lock({NAMESPACE * 16 + PROFILE}, {bob})",
            "SELECT pg_try_advisory_lock_shared(1, 2)",
            f"SELECT quiz_lock({NAMESPACE * 16 + PROFILE}, {bob})",  # not their profile
            "SELECT quiz_lock(1, 1)",  # no lock of quiz's
        ],
    )
    with psycopg.connect(plain(cohort["ada"])) as connection:  # their own: allowed
        connection.execute(f"SELECT quiz_lock({NAMESPACE * 16 + SHARED}, 0)")


def test_a_learner_holding_their_shared_lock_stalls_nobody(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(plain(cohort["ada"])) as connection:
        connection.execute(f"SELECT quiz_lock({NAMESPACE * 16 + SHARED}, 0)")
        with finishes(60):
            assert main(["answer", "ch44.q2", "--answer", Q1_ANSWER, "--db", cohort["bob"]]) == 0
            assert main(["db", "sync", "--db", cohort["owner"]]) == 0


def test_the_lock_function_is_owned_by_a_role_that_can_do_little(cohort: dict[str, str]) -> None:
    row = one_value(
        cohort["owner"],
        "SELECT array[r.rolname, r.rolsuper::text, r.rolcanlogin::text, p.prosecdef::text, "
        "array_to_string(p.proconfig, ',')] FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner "
        "WHERE p.proname = 'quiz_lock'",
    )
    assert row == ["quiz_locks", "false", "false", "true", "search_path=pg_catalog, public"]


def test_an_owner_who_is_no_superuser_is_told_the_advisory_locks_stay_open(
    postgres: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only a superuser can revoke pg_advisory_* from PUBLIC: another owner's cohort still
    works, and the owner is told what is left open."""
    from sqlalchemy.engine import make_url

    suffix = uuid.uuid4().hex[:6]
    owner, learner, database = f"own_{suffix}", f"lea_{suffix}", f"quiz_test_own_{suffix}"
    admin(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
    admin(f'CREATE DATABASE "{database}" OWNER "{owner}"')
    url = make_url(postgres).set(database=database, username=owner, password=None)
    as_owner = url.render_as_string(hide_password=False)
    try:
        assert main(["db", "sync", "--db", as_owner]) == 0
        capsys.readouterr()
        assert main(["db", "add-learner", learner, "--db", as_owner]) == 0
        assert "learners may still call pg_advisory_*" in capsys.readouterr().err
        as_learner_url = url.set(username=learner).render_as_string(hide_password=False)
        assert main(["answer", "ch44.q1", "--answer", Q1_ANSWER, "--db", as_learner_url]) == 0
    finally:
        admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin(f'DROP ROLE IF EXISTS "{learner}"')
        admin(f'DROP ROLE IF EXISTS "{owner}"')


def test_a_learner_cannot_lock_a_table_beyond_row_exclusive(cohort: dict[str, str]) -> None:
    shared = ["items", "meta", "alembic_version"]
    own = ["attempts", "profiles", "daily_activity", "topic_activity", "point_activity"]
    refused(
        cohort["ada"],
        [f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE" for table in [*shared, *own, "interviews"]]
        + [f"LOCK TABLE {table} IN SHARE MODE" for table in shared],
    )


def test_a_learner_cannot_lock_cards_or_review_logs(cohort: dict[str, str]) -> None:
    refused(
        cohort["ada"],
        [f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE" for table in ("cards", "review_logs")],
    )


def test_quiz_forget_deletes_a_learners_own_card_and_review_log_only(
    cohort: dict[str, str],
) -> None:
    """What undo deletes, without DELETE on the tables (the step left before learners lose it)."""
    owner = cohort["owner"]
    ids = (
        "SELECT c.id, r.attempt_id FROM cards c JOIN review_logs r ON r.card_id = c.id "
        "JOIN profiles p ON p.id = c.profile_id WHERE p.name = '{}' ORDER BY c.id LIMIT 1"
    )
    with psycopg.connect(plain(owner)) as connection:
        bob = connection.execute(ids.format(cohort["bob_role"])).fetchone()
        ada = connection.execute(ids.format(cohort["ada_role"])).fetchone()
    assert bob is not None and ada is not None
    cards, logs = count(owner, "cards"), count(owner, "review_logs")
    as_learner(cohort["ada"], f"SELECT quiz_forget({bob[0]}, {bob[1]})")
    assert (count(owner, "cards"), count(owner, "review_logs")) == (cards, logs)
    as_learner(cohort["ada"], f"SELECT quiz_forget(NULL, {ada[1]})")
    assert (count(owner, "cards"), count(owner, "review_logs")) == (cards, logs - 1)
    as_learner(cohort["ada"], f"SELECT quiz_forget({ada[0]}, NULL)")
    assert count(owner, "cards") == cards - 1
    refused(cohort["mia"], [f"SELECT quiz_forget({bob[0]}, {bob[1]})"])


def test_forget_goes_through_quiz_forget_once_learners_may_not_delete(
    cohort: dict[str, str],
) -> None:
    """The end state once undo calls `cohort.forget`: learners lose DELETE, undo still works
    and no learner can lock cards or review logs."""
    from sqlalchemy import text

    from quiz.store.cohort import forget
    from quiz.store.location import database_url
    from quiz.store.store import Store

    as_learner(cohort["owner"], f"REVOKE DELETE ON cards, review_logs FROM {LEARNERS}")
    refused(cohort["ada"], ["LOCK TABLE cards, review_logs IN ACCESS EXCLUSIVE MODE"])
    owner = cohort["owner"]
    cards, logs = count(owner, "cards"), count(owner, "review_logs")
    store = Store.open(database_url(cohort["ada"]))
    try:
        with store.write() as session:
            card, attempt = session.execute(
                text("SELECT card_id, attempt_id FROM review_logs LIMIT 1")
            ).one()
            forget(session, card, attempt)
    finally:
        store.close()
    assert (count(owner, "cards"), count(owner, "review_logs")) == (cards - 1, logs - 1)


def test_a_learner_still_answers_corrects_and_undoes(cohort: dict[str, str]) -> None:
    from datetime import UTC, datetime

    from quiz.bank.loader import load_bank
    from quiz.bank.sources import bank_sources
    from quiz.practice.engine import Practice
    from quiz.practice.held import unsuspend
    from quiz.store import queries
    from quiz.store.location import database_url
    from quiz.store.store import Store

    store = Store.open(database_url(cohort["ada"]))
    try:
        moment = datetime(2026, 12, 1, 10, tzinfo=UTC)
        p = Practice(store, load_bank(bank_sources()), cohort["ada_role"], now=lambda: moment)
        done = p.submit("ch44.q4", Q1_ANSWER)
        assert p.override(done.attempt_id, 3).final == 3
        assert p.undo() is not None  # its first answer: the card goes
        p.suspend("ch44.q1")
        p.suspend("ch44.q6")  # never answered: unsuspended, its card goes (quiz_forget)
        assert unsuspend(p, "ch44.q6")
        with store.read() as session:
            assert queries.card(session, p.profile_id, "ch44.q6") is None
    finally:
        store.close()
    assert count(cohort["ada"], "attempts") == 3  # the undone one is kept, marked


# ---- the class report: one learner's rows cannot fail or dominate it ---------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE cards SET stability = 0",
        "UPDATE cards SET stability = -5",
        "UPDATE cards SET stability = 'NaN'",
        "UPDATE cards SET quality = 'NaN'",
        "UPDATE point_activity SET missed = 1000000000, asked = 1000000001",
        "UPDATE daily_activity SET answers = 2000000000, mature_reviews = 5, mature_passed = 9",
    ],
)
def test_one_learners_rows_cannot_fail_or_skew_the_report(
    cohort: dict[str, str], statement: str, capsys: pytest.CaptureFixture[str]
) -> None:
    as_learner(cohort["ada"], statement)
    capsys.readouterr()
    assert main(["cohort", "--db", cohort["mia"]]) == 0
    out = capsys.readouterr().out
    assert "nan" not in out.lower() and "1000000000" not in out and "2000000000" not in out
    assert re.search(
        f"learner {cohort['ada_role']}: [0-9]+ rows? ignored \\(invalid values\\)", out
    )
    assert f"learner {cohort['bob_role']}: " not in out
    assert main(["cohort", "--json", "--db", cohort["mia"]]) == 0
    report = json.loads(capsys.readouterr().out)
    ignored = {x["name"]: x["ignored_rows"] for x in report["learners"]}
    assert ignored[cohort["ada_role"]] > 0 and ignored[cohort["bob_role"]] == 0


def test_the_report_ignores_bad_rows_on_sqlite_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "class.db")
    monkeypatch.setenv("QUIZ_NOW", "2026-12-01T09:00:00Z")
    for who in ("ada", "bob"):
        argv = ["answer", "ch44.q1", "--answer", Q1_ANSWER, "--profile", who, "--db", db]
        assert main(argv) == 0
    with sqlite3.connect(db) as connection:
        ada = "(SELECT id FROM profiles WHERE name = 'ada')"
        connection.execute(f"UPDATE cards SET stability = 0 WHERE profile_id = {ada}")
        connection.execute(
            f"UPDATE point_activity SET missed = 1000000000, asked = 1000000001 "
            f"WHERE profile_id = {ada}"
        )
    capsys.readouterr()
    assert main(["cohort", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "1000000000" not in out and "learner ada: " in out and "learner bob" not in out


# ---- roles: the groups stay apart --------------------------------------------------------


def test_role_management_keeps_the_groups_apart(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    owner = cohort["owner"]
    cases = [
        ("add-instructor", LEARNERS),
        ("add-learner", INSTRUCTORS),
        ("add-instructor", INSTRUCTORS),
        ("add-instructor", cohort["ada_role"]),
        ("add-learner", cohort["mia_role"]),
        ("add-learner", str(one_value(owner, "SELECT current_user"))),  # a superuser
    ]
    capsys.readouterr()
    for command, name in cases:
        assert main(["db", command, name, "--db", owner]) == 2, (command, name)
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and name in err, err
    members = (
        "SELECT count(*) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        f"JOIN pg_roles u ON u.oid = m.member WHERE u.rolname IN ('{LEARNERS}', "
        f"'{INSTRUCTORS}', '{cohort['ada_role']}', '{cohort['mia_role']}')"
    )
    assert one_value(owner, members) == 2  # ada a learner, mia an instructor: nothing more


def test_a_learner_acting_as_the_group_gets_nothing_more(cohort: dict[str, str]) -> None:
    version = int(str(one_value(cohort["owner"], "SHOW server_version_num")))
    with psycopg.connect(plain(cohort["ada"])) as connection:
        if version >= 160000:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(f"SET ROLE {LEARNERS}")
            return
        connection.execute(f"SET ROLE {LEARNERS}")
        seen = connection.execute("SELECT count(*) FROM attempts").fetchone()
        assert seen is not None and seen[0] == 2  # ada's own, as before
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            connection.execute(
                "INSERT INTO profiles (name, created_at, desired_retention, learning_steps, "
                "relearning_steps, maximum_interval, daily_new_limit, fuzzing, theme) "
                f"VALUES ('{LEARNERS}', now(), 0.9, '60', '600', 100, 5, true, 'x')"
            )


# ---- nothing leaks across learners through sequences or foreign keys ----------------------


def test_a_learner_cannot_read_the_sequences(cohort: dict[str, str]) -> None:
    refused(cohort["ada"], ["SELECT last_value FROM attempts_id_seq", "SELECT * FROM cards_id_seq"])


def test_a_foreign_key_tells_a_learner_nothing_of_other_learners_rows(
    cohort: dict[str, str],
) -> None:
    bob = cohort["bob_role"]
    card = one_value(
        cohort["owner"],
        f"SELECT c.id FROM cards c JOIN profiles p ON p.id = c.profile_id WHERE p.name = '{bob}'",
    )
    errors = []
    for target in (card, 99_999_999):
        for statement in (
            f"UPDATE attempts SET card_id = {target}",
            f"UPDATE review_logs SET card_id = {target}",
            f"UPDATE attempts SET interview_id = {target}",
        ):
            with psycopg.connect(plain(cohort["ada"])) as connection:
                with pytest.raises(psycopg.Error) as caught:
                    connection.execute(statement)
                errors.append((type(caught.value), str(caught.value).replace(str(target), "N")))
    assert errors[:3] == errors[3:]  # the same refusal whether bob's row exists or not
    assert all(kind is psycopg.errors.InsufficientPrivilege for kind, _ in errors)


# ---- foreign triggers and views -------------------------------------------------------------


def test_a_foreign_trigger_or_view_is_refused_on_open(
    new_db: Callable[[str], str],
    dialect: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = new_db("trig")
    assert main(["answer", "ch44.q1", "--answer", Q1_ANSWER, "--db", db]) == 0
    if dialect == "sqlite":
        with sqlite3.connect(db) as connection:
            connection.execute(
                "CREATE TRIGGER sneaky AFTER INSERT ON attempts BEGIN DELETE FROM review_logs; END"
            )
            connection.execute("CREATE VIEW peek AS SELECT * FROM attempts")
    else:
        with psycopg.connect(plain(db), autocommit=True) as connection:
            connection.execute(
                "CREATE FUNCTION wipe() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN DELETE FROM review_logs; RETURN NULL; END $$"
            )
            connection.execute(
                "CREATE TRIGGER sneaky AFTER INSERT ON attempts "
                "FOR EACH ROW EXECUTE FUNCTION wipe()"
            )
            connection.execute("CREATE VIEW peek AS SELECT * FROM attempts")
    capsys.readouterr()
    before = count(db, "attempts") if dialect == "postgresql" else None
    assert main(["answer", "ch44.q2", "--answer", Q1_ANSWER, "--db", db]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "sneaky" in err and "peek" in err, err
    if before is not None:
        assert count(db, "attempts") == before


def test_a_learner_can_make_no_view_that_makes_quiz_refuse_the_database(
    cohort: dict[str, str],
) -> None:
    refused(cohort["ada"], ["CREATE VIEW public.peek AS SELECT * FROM attempts"])
    with psycopg.connect(plain(cohort["ada"]), autocommit=True) as connection:
        connection.execute("CREATE TEMP VIEW peek AS SELECT * FROM attempts")
        assert main(["answer", "ch44.q2", "--answer", Q1_ANSWER, "--db", cohort["bob"]]) == 0


def test_quiz_itself_creates_no_trigger_or_view(postgres: str) -> None:
    assert main(["answer", "ch44.q1", "--answer", Q1_ANSWER, "--db", postgres]) == 0
    assert one_value(postgres, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal") == 0
    assert one_value(postgres, "SELECT count(*) FROM pg_views WHERE schemaname = 'public'") == 0
