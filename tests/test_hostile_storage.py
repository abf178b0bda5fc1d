"""Careless and hostile input to the learner's files: databases that are not quiz's, paths taken
literally, damaged backups, a full disk. Each case ends in one clear line, never a traceback or
a changed byte of the learner's data."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from quiz.cli import main
from tests.conftest import Q2_ANSWER


def _digest(path: Path) -> bytes:
    return path.read_bytes()


def test_a_foreign_sqlite_file_is_refused_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "photos.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO photos (name) VALUES ('cat.jpg')")
    connection.close()
    before = _digest(other)
    assert main(["stats", "--db", str(other)]) == 2
    assert (
        "not a quiz database (an SQLite file with other tables: photos)" in capsys.readouterr().err
    )
    assert _digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos.db"]  # no -wal, no backup


def test_a_newer_schema_in_rollback_journal_mode_is_refused_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "q.db"
    done = subprocess.run(  # another process, so no connection of this one stays open
        [sys.executable, "-m", "quiz", "answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", str(db)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    for leftover in tmp_path.glob("q.db-*"):
        leftover.unlink()
    before = _digest(db)
    capsys.readouterr()
    assert main(["stats", "--db", str(db)]) == 2
    assert "newer than this version of quiz" in capsys.readouterr().err
    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.db"]  # not switched to WAL


def test_database_paths_are_taken_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", "a?b.db"]) == 0
    assert (tmp_path / "a?b.db").is_file() and not (tmp_path / "a").exists()
    capsys.readouterr()
    assert main(["due", "--db", "a?b.db"]) == 0  # the fast path opens the same file


def test_a_device_is_refused_as_a_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", "/dev/null"]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert not Path("/dev/null-journal").exists() and not Path("/dev/null-wal").exists()


def test_export_never_overwrites_a_database_and_keeps_the_old_backup_on_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", str(db)]) == 0
    monkeypatch.chdir(tmp_path)
    live = db.read_bytes()
    capsys.readouterr()
    assert main(["--db", "q.db", "export", "q.db"]) == 2  # the live database itself
    assert "is the progress database itself" in capsys.readouterr().err
    other = tmp_path / "other.db"
    other.write_bytes(live)
    assert main(["--db", "q.db", "export", "other.db"]) == 2  # any SQLite file
    assert "never overwrites one" in capsys.readouterr().err
    assert db.read_bytes() == live and other.read_bytes() == live

    good = tmp_path / "backup.json"
    assert main(["--db", "q.db", "export", str(good)]) == 0
    before = good.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    capsys.readouterr()
    assert main(["--db", "q.db", "export", str(good)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert good.read_bytes() == before  # the previous good backup is intact
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_while_answering_is_one_line_and_saves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from quiz.store import answers

    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", str(db)]) == 0
    real = answers.record_answer

    def disk_full(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]  # the rows are written, then:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(answers, "record_answer", disk_full)
    capsys.readouterr()
    assert main(["answer", "ch44.q3", "--answer", Q2_ANSWER, "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"quiz: error: nothing was saved to {db}: OperationalError: database or disk is full\n"
    )
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT item_id FROM attempts").fetchall()
    assert rows == [("ch44.q2",)]  # the failed answer was rolled back whole


def _mutations() -> list[tuple[str, Any, str]]:
    """(name, change to a real backup, the JSON path and words of the expected error)."""

    def at(*path: str | int) -> Any:
        def change(document: dict[str, Any], value: Any) -> None:
            target: Any = document
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = value

        return change

    attempt = ("profiles", 0, "attempts", 0)
    return [
        ("duplicate-uid", "dup", "$.profiles[0].attempts[1].uid: 'u' appears twice"),
        (
            "wrong-type",
            (at(*attempt, "final_rating"), "good"),
            "$.profiles[0].attempts[0].final_rating",
        ),
        ("null-field", (at(*attempt, "created_at"), None), "$.profiles[0].attempts[0].created_at"),
        ("huge-seed", (at(*attempt, "seed"), 10**40), "$.profiles[0].attempts[0].seed"),
        ("unknown-item", (at(*attempt, "item"), "no.such"), "unknown item 'no.such'"),
        ("settings-clash", "twin", "$.profiles[1].name: profile 'default' appears twice"),
        (
            "card-state-99",
            (at("profiles", 0, "cards", 0, "state"), 99),
            "$.profiles[0].cards[0].state",
        ),
        (
            "learning-steps",
            (at("profiles", 0, "settings", "learning_steps"), "abc"),
            "$.profiles[0].settings.learning_steps",
        ),
        ("deep-nesting", "deep", "nested too deeply"),
        (
            "control-in-name",
            (at("profiles", 0, "name"), "ada\nlovelace"),
            "$.profiles[0].name: a profile name is printable",
        ),
    ]


@pytest.mark.parametrize(
    ("name", "change", "expected"), _mutations(), ids=[m[0] for m in _mutations()]
)
def test_a_bad_backup_is_refused_whole_with_its_json_path(
    name: str, change: Any, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", str(source)]) == 0
    assert main(["answer", "ch44.q3", "--answer", Q2_ANSWER, "--db", str(target)]) == 0
    capsys.readouterr()
    assert main(["export", "-", "--db", str(source)]) == 0
    document = json.loads(capsys.readouterr().out)
    text = ""
    if change == "dup":
        twin = dict(document["profiles"][0]["attempts"][0], uid="u")
        document["profiles"][0]["attempts"][0]["uid"] = "u"
        document["profiles"][0]["attempts"].append(twin)
    elif change == "twin":
        document["profiles"].append(document["profiles"][0])
    elif change == "deep":
        text = (
            '{"format": "quiz-progress", "version": 1, "items": '
            + "[" * 100_000
            + "]" * 100_000
            + "}"
        )
    else:
        setter, value = change
        setter(document, value)
    backup = tmp_path / "bad.json"
    backup.write_text(text or json.dumps(document), encoding="utf-8")
    before = _contents(target)
    assert main(["import", str(backup), "--db", str(target)]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1, err
    assert _contents(target) == before  # nothing was written


def _contents(db: Path) -> list[str]:
    """Every row of the database (its bytes may move when another connection checkpoints)."""
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


@pytest.mark.parametrize(
    "argv",
    [
        ["lint", "~0"],  # no user named 0: a shell leaves it as written
        ["export", "~nosuchuser/x.json"],
        ["grade", "~nosuchuser/in.csv"],
        ["--bank", "~nosuchuser", "list"],
        ["--db", "~nosuchuser/q.db", "due"],
    ],
)
def test_a_tilde_for_no_such_user_is_a_path_not_a_crash(
    argv: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert code in (1, 2) and "Traceback" not in said and "RuntimeError" not in said
    assert "~" in said  # the path as written is named
