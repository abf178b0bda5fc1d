"""Learners and instructors as PostgreSQL roles: through plain SQL as each role, a learner reads
and changes only their own rows in every per-learner table and an instructor reads all and
writes none; through quiz, one learner's role cannot answer as another."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import psycopg
import pytest

from quiz.cli import main
from quiz.store.cohort import OWNED_BY
from tests.conftest import Q1_ANSWER, admin, count, plain, refused


def test_each_learner_sees_only_their_own_rows(cohort: dict[str, str]) -> None:
    for table in OWNED_BY:
        total = count(cohort["owner"], table)
        mine, theirs = count(cohort["ada"], table), count(cohort["bob"], table)
        assert mine + theirs == total, table
        assert count(cohort["mia"], table) == total, table
    assert count(cohort["ada"], "attempts") == 2 and count(cohort["bob"], "attempts") == 1
    assert count(cohort["ada"], "profiles") == 1


def test_a_learner_cannot_change_another_learners_rows(cohort: dict[str, str]) -> None:
    with psycopg.connect(plain(cohort["ada"])) as connection:
        for table in ("attempts", "cards", "daily_activity"):
            cursor = connection.execute(f"UPDATE {table} SET profile_id = profile_id")
            assert cursor.rowcount == count(cohort["ada"], table)  # own rows only
        connection.rollback()
        bob = count(cohort["owner"], "attempts") - count(cohort["ada"], "attempts")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            connection.execute(  # as the other learner's profile (ada cannot even see its id)
                "INSERT INTO topic_activity (profile_id, topic, answers, scored, score_sum) "
                "SELECT profile_id + 1, 'x', 1, 1, 1 FROM attempts LIMIT 1"
            )
    assert count(cohort["owner"], "attempts") - count(cohort["ada"], "attempts") == bob == 1
    refused(  # undo deletes through quiz_forget: a learner deletes nothing itself
        cohort["ada"],
        [
            "DELETE FROM attempts",
            "DELETE FROM cards WHERE item_id = 'ch44.q3'",
            "DELETE FROM review_logs",
            "TRUNCATE attempts",
            "UPDATE items SET rev = 9",
        ],
    )


def test_an_instructor_reads_everything_and_writes_nothing(cohort: dict[str, str]) -> None:
    assert count(cohort["mia"], "attempts") == 3
    refused(
        cohort["mia"],
        [
            "UPDATE attempts SET score = 0",
            "DELETE FROM cards",
            "INSERT INTO meta (key, value) VALUES ('x', 'y')",
        ],
    )


def test_quiz_refuses_one_learner_answering_as_another(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    before = count(cohort["owner"], "attempts")
    argv = ["answer", "ch44.q1", "--answer", Q1_ANSWER, "--profile", cohort["ada_role"]]
    assert main([*argv, "--db", cohort["bob"]]) == 2
    err = capsys.readouterr().err
    assert f"the learner role {cohort['bob_role']} works on its own profile only" in err
    assert count(cohort["owner"], "attempts") == before
    assert main(["stats", "--json", "--db", cohort["bob"]]) == 0  # their own profile by default
    assert json.loads(capsys.readouterr().out)["cards"]["learning"] == 1  # bob's one answer


def test_roles_need_postgresql_and_a_plain_name(
    tmp_path: object, postgres: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "add-learner", "ada", "--db", f"{tmp_path}/q.db"]) == 2
    assert "PostgreSQL roles" in capsys.readouterr().err
    assert main(["db", "add-learner", 'x"; DROP TABLE attempts; --', "--db", postgres]) == 2
    assert "cannot be a learner or instructor name" in capsys.readouterr().err
    assert count(postgres, "attempts") == 0


def test_the_instructor_sees_both_learners_and_a_learner_only_themself(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["cohort", "--json", "--db", cohort["mia"]]) == 0
    names = [x["name"] for x in json.loads(capsys.readouterr().out)["learners"]]
    assert names == [cohort["ada_role"], cohort["bob_role"]]
    assert main(["cohort", "--json", "--db", cohort["ada"]]) == 0
    names = [x["name"] for x in json.loads(capsys.readouterr().out)["learners"]]
    assert names == [cohort["ada_role"]]


def test_the_report_leaves_out_profiles_of_roles_that_are_no_learners(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The owner trying the app on the cohort's database practises on a 'default' profile: it is
    no learner of the class, so neither the list nor the class's figures count its answers."""
    assert main(["answer", "ch44.q4", "--answer", POOR, "--db", cohort["owner"]]) == 0
    assert count(cohort["mia"], "profiles") == 3  # the instructor can read it
    capsys.readouterr()
    for who in ("mia", "owner"):
        assert main(["cohort", "--json", "--db", cohort[who]]) == 0
        report = json.loads(capsys.readouterr().out)
        assert [x["name"] for x in report["learners"]] == [cohort["ada_role"], cohort["bob_role"]]
        assert "ch44.q4" not in {p["item"] for p in report["missed_points"]}
        assert "ch44.q4" not in {s["item"] for s in report["struggling_items"]}
        assert "memory-bottlenecks" not in {t["topic"] for t in report["weakest_topics"]}
    assert main(["cohort", "--db", cohort["mia"]]) == 0
    assert capsys.readouterr().out.startswith("Cohort: 2 learner(s)")


POOR = "It is about memory."


def test_the_cohort_report_figures(
    new_db: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two learners in one database (SQLite or PostgreSQL), answers on known days."""
    db = new_db("class")
    plan = [
        ("2026-11-20", "ada", "ch44.q1", Q1_ANSWER),
        ("2026-11-20", "bob", "ch44.q1", POOR),
        ("2026-11-28", "ada", "ch44.q2", POOR),
        ("2026-11-29", "bob", "ch44.q2", POOR),
        ("2026-11-30", "bob", "ch44.q3", Q1_ANSWER),
    ]
    for day, who, item, text in plan:
        monkeypatch.setenv("QUIZ_NOW", f"{day}T09:00:00Z")
        argv = ["answer", item, "--answer", text, "--profile", who, "--db", db]
        assert main(argv) == 0
    monkeypatch.setenv("QUIZ_NOW", "2026-12-01T12:00:00Z")
    capsys.readouterr()
    assert main(["cohort", "--json", "--db", db]) == 0
    report = json.loads(capsys.readouterr().out)
    ada, bob = report["learners"]
    assert (ada["name"], bob["name"]) == ("ada", "bob")
    assert ada["answers_7d"] == 1 and bob["answers_7d"] == 2  # 2026-11-25 onwards
    assert ada["due"] == 2 and bob["due"] == 3  # first answers only: all due again by now
    assert ada["overdue"] == 2 and bob["overdue"] == 3
    assert set(ada["mastery"]) == {"gpu-memory-bandwidth", "memory-vs-bandwidth-bound"}
    q2 = [p for p in report["missed_points"] if p["item"] == "ch44.q2"]
    assert q2 and all(p["learners"] == 2 and p["asked"] == 2 for p in q2)
    struggling = {s["item"]: (s["learners"], s["answered_by"]) for s in report["struggling_items"]}
    assert struggling["ch44.q2"] == (2, 2)
    assert struggling.get("ch44.q1") == (1, 2)  # bob's poor answer only
    assert main(["cohort", "--db", db]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Cohort: 2 learner(s), 2026-12-01 12:00 UTC")
    assert "ch44.q2: 2 of 2 learner(s)" in text


def test_a_password_reaches_the_server_only_as_a_scram_verifier(postgres: str) -> None:
    """The server log, pg_stat_activity and statement logs never see the password: it is turned
    into a SCRAM-SHA-256 verifier by libpq before it is sent, and the one PostgreSQL stores is
    that of this password."""
    import base64
    import hashlib
    import hmac
    from datetime import UTC, datetime

    from sqlalchemy import event

    from quiz.store.cohort import add_learner
    from quiz.store.location import database_url
    from quiz.store.store import Store

    secret, name = "Corr3ct horse-battery!", f"pat_{uuid.uuid4().hex[:6]}"
    store = Store.open(database_url(postgres))
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        sent.append(f"{statement} {parameters!r}")

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        with store.write() as session:
            add_learner(session, name, datetime.now(UTC), secret)
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
        store.close()
    assert sent and not any(secret in text for text in sent)
    with psycopg.connect(plain(postgres)) as connection:
        row = connection.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (name,)
        ).fetchone()
    admin(f'DROP OWNED BY "{name}"')
    admin(f'DROP ROLE "{name}"')
    assert row is not None
    method, rest = row[0].split("$", 1)
    iterations_salt, keys = rest.split("$")
    iterations, salt = iterations_salt.split(":")
    stored_key, server_key = keys.split(":")
    salted = hashlib.pbkdf2_hmac("sha256", secret.encode(), base64.b64decode(salt), int(iterations))
    client = hmac.new(salted, b"Client Key", "sha256").digest()
    assert method == "SCRAM-SHA-256"
    assert base64.b64decode(stored_key) == hashlib.sha256(client).digest()
    assert base64.b64decode(server_key) == hmac.new(salted, b"Server Key", "sha256").digest()
