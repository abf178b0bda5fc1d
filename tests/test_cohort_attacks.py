"""What an attacker's trial on a fresh clone found left open in a cohort (issue 31, second
round): quiz's internal and PostgreSQL's predefined roles, and roles that can make themselves
more, made learners; a learner's own settings and made-up rubric points skewing the class
report; raw errors where a refusal should be; an idle learner transaction stalling the owner;
the class's answer count in a learner's `quiz answer`. Each as real login roles."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from quiz.cli import main
from quiz.store.cohort import LEARNERS, UNDOER
from quiz.store.locks import LOCKER
from tests.conftest import Q1_ANSWER, admin, as_learner, finishes, one_value, plain, run_cli


def members_of(url: str, group: str) -> set[str]:
    with psycopg.connect(plain(url)) as connection:
        rows = connection.execute(
            "SELECT u.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = %s",
            (group,),
        ).fetchall()
    return {str(row[0]) for row in rows}


@pytest.fixture
def outsider() -> Iterator[str]:
    """A login role's name, dropped afterwards (the test gives it its attributes)."""
    name = f"eve_{uuid.uuid4().hex[:6]}"
    yield name
    admin(f'DROP ROLE IF EXISTS "{name}"')


# ---- 1, 2: internal roles and roles that can make themselves more ----------------------------


@pytest.mark.parametrize("name", [LOCKER, UNDOER, "pg_read_all_data", "pg_signal_backend"])
def test_internal_and_predefined_roles_are_refused(
    cohort: dict[str, str], name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    owner = cohort["owner"]
    before = members_of(owner, LEARNERS)
    for command in ("add-learner", "add-instructor"):
        code, out = run_cli(["db", command, name, "--db", owner], capsys)
        assert code == 2 and len(out.strip().splitlines()) == 1 and name in out, out
    assert members_of(owner, LEARNERS) == before


@pytest.mark.parametrize("attribute", ["CREATEROLE", "REPLICATION"])
def test_a_role_that_can_make_itself_more_is_refused(
    cohort: dict[str, str], outsider: str, attribute: str, capsys: pytest.CaptureFixture[str]
) -> None:
    admin(f'CREATE ROLE "{outsider}" LOGIN {attribute}')
    for command in ("add-learner", "add-instructor"):
        code, out = run_cli(["db", command, outsider, "--db", cohort["owner"]], capsys)
        assert code == 2 and len(out.strip().splitlines()) == 1, out
        assert attribute in out and outsider in out, out
    assert outsider not in members_of(cohort["owner"], LEARNERS)


def test_a_role_in_another_role_is_refused(
    cohort: dict[str, str], outsider: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Membership in a predefined role (reading every table's sequences, files or sessions)
    or any other role would carry its privileges into the cohort."""
    admin(f'CREATE ROLE "{outsider}" LOGIN')
    admin(f'GRANT pg_read_all_data TO "{outsider}"')
    code, out = run_cli(["db", "add-learner", outsider, "--db", cohort["owner"]], capsys)
    assert code == 2 and "pg_read_all_data" in out and len(out.strip().splitlines()) == 1, out


# ---- 3: a learner's own settings ------------------------------------------------------------

BAD_SETTINGS = "UPDATE profiles SET desired_retention = 'NaN', daily_new_limit = -5"


def test_a_learners_bad_settings_do_not_reach_the_report(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    as_learner(cohort["ada"], BAD_SETTINGS)
    code, out = run_cli(["cohort", "--db", cohort["mia"]], capsys)
    assert code == 0 and "nan" not in out.lower(), out
    ada = cohort["ada_role"]
    lines = [line for line in out.splitlines() if ada in line and "ignored" in line]
    assert len(lines) == 1 and "desired_retention" in lines[0], out
    code, out = run_cli(["--json", "cohort", "--db", cohort["mia"]], capsys)
    assert code == 0 and "NaN" not in out
    report = json.loads(out)
    ada_row = next(x for x in report["learners"] if x["name"] == ada)
    assert math.isfinite(ada_row["target_retention"]) and 0 < ada_row["target_retention"] < 1
    assert set(ada_row["ignored_settings"]) == {"desired_retention", "daily_new_limit"}
    bob_row = next(x for x in report["learners"] if x["name"] == cohort["bob_role"])
    assert bob_row["ignored_settings"] == []


def test_a_learner_is_told_their_bad_settings_are_ignored(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    from quiz.bank.loader import load_bank
    from quiz.bank.sources import bank_sources
    from quiz.practice.glance import glance_of
    from quiz.practice.opening import Setup, open_practice
    from quiz.practice.stats import compute

    as_learner(cohort["ada"], BAD_SETTINGS)
    code, out = run_cli(["due", "--db", cohort["ada"]], capsys)
    warnings = [line for line in out.splitlines() if "warning" in line]
    assert code == 0 and len(warnings) == 1, out
    assert "desired_retention" in warnings[0] and "daily_new_limit" in warnings[0]
    practice, store = open_practice(Setup(db=cohort["ada"]), load_bank(bank_sources()))
    try:
        assert practice.daily_new_limit >= 0
        assert math.isfinite(practice.settings.desired_retention)
        home = glance_of(compute(practice), practice)  # the home screen's figures
        assert home.daily_new_limit == practice.daily_new_limit
        assert math.isfinite(home.target_retention)
    finally:
        store.close()


def test_a_setting_pinned_for_the_run_is_not_said_to_be_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The config's value wins over the row's: only the setting actually replaced is told."""
    import sqlite3

    from quiz.bank.loader import load_bank
    from quiz.bank.sources import bank_sources
    from quiz.practice.opening import Setup, open_practice

    db = str(tmp_path / "q.db")
    assert main(["answer", "ch44.q1", "--answer", Q1_ANSWER, "--db", db]) == 0
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE profiles SET desired_retention = 5.0, daily_new_limit = -5")
    practice, store = open_practice(Setup(db=db, daily_new_limit=20), load_bank(bank_sources()))
    try:
        assert practice.daily_new_limit == 20 and practice.settings.desired_retention < 1
        assert set(practice.ignored or {}) == {"desired_retention"}
    finally:
        store.close()


# ---- 4: made-up rubric points ---------------------------------------------------------------


def test_made_up_rubric_points_are_left_out_and_counted(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    pid = one_value(cohort["ada"], "SELECT id FROM profiles")
    forged = [f"({pid}, 'ch44.q5', '[@click=app.quit]x{n}', 5000, 5000)" for n in range(12)] + [
        f"({pid}, 'no.such.item', 'definition', 9, 9)"
    ]
    as_learner(
        cohort["ada"],
        "INSERT INTO point_activity (profile_id, item_id, point_id, missed, asked) VALUES "
        + ", ".join(forged),
    )
    code, out = run_cli(["--json", "cohort", "--db", cohort["mia"]], capsys)
    assert code == 0
    report = json.loads(out)
    assert report["missed_points"] and all(p["criterion"] for p in report["missed_points"])
    assert not any("@" in p["point"] for p in report["missed_points"])
    ada = next(x for x in report["learners"] if x["name"] == cohort["ada_role"])
    assert ada["unknown_points"] == 13
    code, out = run_cli(["cohort", "--db", cohort["mia"]], capsys)
    assert "5000" not in out and "@click" not in out
    assert f"learner {cohort['ada_role']}: 13 rubric point rows ignored (unknown points)" in out


# ---- 5: refusals, not raw errors ------------------------------------------------------------


@pytest.fixture
def backup(cohort: dict[str, str], tmp_path: Path) -> Path:
    path = tmp_path / "ada.json"
    assert main(["export", str(path), "--db", cohort["ada"]]) == 0
    return path


def test_an_instructors_import_is_refused_in_one_line(
    cohort: dict[str, str], backup: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code, out = run_cli(["import", str(backup), "--db", cohort["mia"]], capsys)
    assert code == 2 and len(out.strip().splitlines()) == 1, out
    assert "instructor" in out and "writes nothing" in out and "permission" not in out


def test_a_learner_adding_a_role_is_refused_in_one_line(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("add-learner", "add-instructor"):
        code, out = run_cli(
            ["db", command, f"zed_{uuid.uuid4().hex[:6]}", "--db", cohort["ada"]], capsys
        )
        assert code == 2 and len(out.strip().splitlines()) == 1, out
        assert "only the database's owner" in out and "permission" not in out, out


def test_a_learner_cannot_import_as_another_profile(
    cohort: dict[str, str], backup: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = one_value(cohort["owner"], "SELECT count(*) FROM attempts")
    bob = cohort["bob_role"]
    code, out = run_cli(["import", str(backup), "--as", bob, "--db", cohort["ada"]], capsys)
    assert code == 2 and len(out.strip().splitlines()) == 1 and bob in out, out
    assert one_value(cohort["owner"], "SELECT count(*) FROM attempts") == before
    ada = cohort["ada_role"]  # their own name is theirs
    code, out = run_cli(["import", str(backup), "--as", ada, "--db", cohort["ada"]], capsys)
    assert code == 0, out


# ---- 6: an idle learner transaction ---------------------------------------------------------


def test_an_idle_learner_transaction_does_not_stall_adding_a_learner(
    cohort: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QUIZ_PG_LOCK_TIMEOUT", "5")  # before: add-learner failed after this
    newcomer = f"cy_{uuid.uuid4().hex[:6]}"
    try:
        with psycopg.connect(plain(cohort["bob"])) as idle:
            idle.execute("SELECT count(*) FROM profiles, cards, attempts")  # left open
            with finishes(60):
                code, out = run_cli(
                    ["db", "add-learner", newcomer, "--db", cohort["owner"]], capsys
                )
            assert code == 0, out
            idle.rollback()
    finally:
        as_learner(cohort["owner"], f'DROP OWNED BY "{newcomer}"')
        admin(f'DROP ROLE IF EXISTS "{newcomer}"')


def test_a_learners_sessions_end_idle_transactions(cohort: dict[str, str]) -> None:
    for who in ("ada", "mia"):
        assert one_value(cohort[who], "SHOW idle_in_transaction_session_timeout") == "1min"
    # a learner added by an earlier quiz gets it when the next one is added
    admin(f'ALTER ROLE "{cohort["bob_role"]}" RESET idle_in_transaction_session_timeout')
    assert one_value(cohort["bob"], "SHOW idle_in_transaction_session_timeout") == "0"
    newcomer = f"cy_{uuid.uuid4().hex[:6]}"
    try:
        assert main(["db", "add-learner", newcomer, "--db", cohort["owner"]]) == 0
    finally:
        as_learner(cohort["owner"], f'DROP OWNED BY "{newcomer}"')
        admin(f'DROP ROLE IF EXISTS "{newcomer}"')
    assert one_value(cohort["bob"], "SHOW idle_in_transaction_session_timeout") == "1min"


def test_secure_still_applies_what_changed(cohort: dict[str, str]) -> None:
    """A policy dropped or altered by hand is put back on the next add-learner."""
    owner = cohort["owner"]
    as_learner(owner, "DROP POLICY quiz_learner_own ON cards")
    newcomer = f"cy_{uuid.uuid4().hex[:6]}"
    try:
        assert main(["db", "add-learner", newcomer, "--db", owner]) == 0
        policies = one_value(
            owner,
            "SELECT count(*) FROM pg_policies WHERE tablename = 'cards' "
            "AND policyname = 'quiz_learner_own'",
        )
        assert policies == 1
    finally:
        as_learner(owner, f'DROP OWNED BY "{newcomer}"')
        admin(f'DROP ROLE IF EXISTS "{newcomer}"')


# ---- 7: the number a learner's answer is given ---------------------------------------------


def test_a_learner_sees_their_own_answer_count(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    total = int(str(one_value(cohort["owner"], "SELECT count(*) FROM attempts")))
    code, out = run_cli(["answer", "ch44.q3", "--answer", Q1_ANSWER, "--db", cohort["bob"]], capsys)
    assert code == 0 and out.startswith("recorded answer 2 to ch44.q3"), out  # bob's second
    assert total + 1 != 2
    code, out = run_cli(
        ["--json", "answer", "ch44.q4", "--answer", Q1_ANSWER, "--db", cohort["bob"]], capsys
    )
    assert json.loads(out)["attempt"] == 3
