"""Learners and instructors as PostgreSQL roles: through plain SQL as each role, a learner reads
and changes only their own rows in every per-learner table and an instructor reads all and
writes none; through quiz, one learner's role cannot answer as another."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from quiz.bank.model import Bank
from quiz.cli import main
from quiz.store.cohort import OWNED_BY
from tests.conftest import admin, one_question_bank

ANSWER = "Bandwidth is the rate data is read from GPU memory; each token reads all the weights."


def as_role(url: str, role: str) -> str:
    return make_url(url).set(username=role, password=None).render_as_string(hide_password=False)


def plain(url: str) -> str:
    """The URL for psycopg itself (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def cohort(postgres: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A shared database with an instructor and two learners who have answered: role -> URL."""
    suffix = uuid.uuid4().hex[:6]
    names = {"ada": f"ada_{suffix}", "bob": f"bob_{suffix}", "mia": f"mia_{suffix}"}
    monkeypatch.setenv("QUIZ_NOW", "2026-12-01T09:00:00Z")
    assert main(["db", "add-instructor", names["mia"], "--db", postgres]) == 0
    for learner in ("ada", "bob"):
        assert main(["db", "add-learner", names[learner], "--db", postgres]) == 0
    urls = {who: as_role(postgres, role) for who, role in names.items()}
    for item in ("ch44.q1", "ch44.q2"):
        assert main(["answer", item, "--answer", ANSWER, "--db", urls["ada"]]) == 0
    assert main(["answer", "ch44.q3", "--answer", ANSWER, "--db", urls["bob"]]) == 0
    yield {**urls, "owner": postgres, **{f"{k}_role": v for k, v in names.items()}}
    with psycopg.connect(plain(postgres), autocommit=True) as connection:
        for role in names.values():
            connection.execute(f'DROP OWNED BY "{role}"')
    for role in names.values():
        admin(f'DROP ROLE IF EXISTS "{role}"')


def count(url: str, table: str) -> int:
    with psycopg.connect(plain(url)) as connection:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert row is not None
        return int(row[0])


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
        assert connection.execute("DELETE FROM attempts WHERE item_id = 'ch44.q3'").rowcount == 0
        connection.rollback()
        bob = count(cohort["owner"], "attempts") - count(cohort["ada"], "attempts")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            connection.execute(  # as the other learner's profile (ada cannot even see its id)
                "INSERT INTO topic_activity (profile_id, topic, answers, scored, score_sum) "
                "SELECT profile_id + 1, 'x', 1, 1, 1 FROM attempts LIMIT 1"
            )
    assert count(cohort["owner"], "attempts") - count(cohort["ada"], "attempts") == bob == 1


def test_an_instructor_reads_everything_and_writes_nothing(cohort: dict[str, str]) -> None:
    assert count(cohort["mia"], "attempts") == 3
    for statement in (
        "UPDATE attempts SET score = 0",
        "DELETE FROM cards",
        "INSERT INTO meta (key, value) VALUES ('x', 'y')",
    ):
        with (
            psycopg.connect(plain(cohort["mia"])) as connection,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            connection.execute(statement)


def test_quiz_refuses_one_learner_answering_as_another(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    before = count(cohort["owner"], "attempts")
    argv = ["answer", "ch44.q1", "--answer", ANSWER, "--profile", cohort["ada_role"]]
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


POOR = "It is about memory."


def test_the_cohort_report_figures(
    new_db: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two learners in one database (SQLite or PostgreSQL), answers on known days."""
    db = new_db("class")
    plan = [
        ("2026-11-20", "ada", "ch44.q1", ANSWER),
        ("2026-11-20", "bob", "ch44.q1", POOR),
        ("2026-11-28", "ada", "ch44.q2", POOR),
        ("2026-11-29", "bob", "ch44.q2", POOR),
        ("2026-11-30", "bob", "ch44.q3", ANSWER),
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


def test_a_question_whose_rev_rises_resets_every_learners_card(
    cohort: dict[str, str], tmp_path: Path
) -> None:
    """The first learner to start on the new bank syncs the shared items; row-level security
    lets that sync reset only their own card, and the next learner's start must reset theirs."""
    from datetime import UTC, datetime

    from quiz.bank.loader import load_bank
    from quiz.bank.sources import bank_key
    from quiz.practice.engine import Practice
    from quiz.store.location import database_url
    from quiz.store.store import Store

    def bank(rev: int) -> Bank:
        folder = tmp_path / f"v{rev}"
        folder.mkdir()
        (folder / "bank.yaml").write_text(one_question_bank(rev=rev), encoding="utf-8")
        loaded = load_bank([str(folder)])
        # Keyed as the app loads it: a start skips the shared sync when the key is the synced one.
        loaded.key = bank_key([str(folder)])
        return loaded

    moment = datetime(2026, 12, 1, 10, tzinfo=UTC)
    learners = [
        (Store.open(database_url(cohort[who])), cohort[f"{who}_role"]) for who in ("ada", "bob")
    ]
    first = bank(1)
    for store, role in learners:
        Practice(store, first, role, now=lambda: moment).submit("t.q1", "It is a rate.")
    edited = bank(2)
    starts = [Practice(store, edited, role, now=lambda: moment) for store, role in learners]
    assert [start.cards_reset for start in starts] == [1, 1]
    assert [start.due()[0].due for start in starts] == [moment, moment]
    for store, _ in learners:
        store.close()


def test_a_rev_raised_by_hand_in_the_shared_items_resets_no_other_learners_card(
    cohort: dict[str, str], tmp_path: Path
) -> None:
    """Learners may write the shared items (each one's quiz syncs the bank), so a learner, or a
    stray client, can raise a rev in the table by hand. Another learner's cards are reset only
    for a rev that rose in that learner's own bank."""
    from datetime import UTC, datetime

    from quiz.bank.loader import load_bank
    from quiz.bank.sources import bank_key
    from quiz.practice.engine import Practice
    from quiz.store import queries
    from quiz.store.location import database_url
    from quiz.store.store import Store

    def bank(rev: int) -> Bank:
        folder = tmp_path / f"v{rev}"
        folder.mkdir()
        second = one_question_bank().split("questions:\n", 1)[1].replace("t.q1", "t.q2")
        (folder / "bank.yaml").write_text(one_question_bank(rev=rev) + second, encoding="utf-8")
        loaded = load_bank([str(folder)])
        loaded.key = bank_key([str(folder)])
        return loaded

    moment = datetime(2026, 12, 1, 10, tzinfo=UTC)
    ada = Store.open(database_url(cohort["ada"]))
    bob = Store.open(database_url(cohort["bob"]))
    first = bank(1)
    for store, who in ((ada, "ada"), (bob, "bob")):
        practice = Practice(store, first, cohort[f"{who}_role"], now=lambda: moment)
        for item in ("t.q1", "t.q2"):
            practice.submit(item, "It is a rate.")
    edited = bank(2)  # t.q1's rev rises; t.q2's does not
    assert Practice(bob, edited, cohort["bob_role"], now=lambda: moment).cards_reset == 1
    with psycopg.connect(plain(cohort["bob"]), autocommit=True) as connection:
        connection.execute("UPDATE items SET rev = 50 WHERE id = 't.q2'")
    start = Practice(ada, edited, cohort["ada_role"], now=lambda: moment)
    assert start.cards_reset == 1  # t.q1 only
    with ada.read() as session:
        card = queries.card(session, start.profile_id, "t.q2")
        assert card is not None and card.reps == 1 and card.seen_rev == 1
    ada.close()
    bob.close()
