"""Careless flags and files: an empty or garbled setting, a file that is not there, an empty
answer, a topic the bank does not have. Each ends in one line naming the offending value, exit
code 2, and nothing written to the learner's database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quiz.cli import main

ANSWER = "Memory-bound work lacks capacity; bandwidth-bound work lacks transfer speed."


def _run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def _profiles(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM profiles ORDER BY id")]


@pytest.fixture
def answered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database with one answer of the default profile."""
    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q2", "--answer", ANSWER, "--db", str(db)]) == 0
    capsys.readouterr()
    return db


@pytest.mark.parametrize("name", ["", "  ", " ada", "ada\tlovelace", "a\nb", "x" * 101])
def test_a_profile_flag_that_is_no_name_is_refused_and_creates_no_profile(
    name: str, answered: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = answered
    assert _run(["stats", "--db", str(db), "--profile", name]) == 2
    err = capsys.readouterr().err
    assert "--profile" in err and repr(name) in err, err
    assert len(err.strip().splitlines()) == 1
    assert _profiles(db) == ["default"]


def test_a_profile_name_with_inner_spaces_and_accents_is_fine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "q.db"
    assert (
        main(["answer", "ch44.q2", "--answer", ANSWER, "--db", str(db), "--profile", "Zoë K"]) == 0
    )
    assert _profiles(db) == ["Zoë K"]


def test_an_empty_db_flag_is_refused_rather_than_falling_back_to_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert _run(["stats", "--db", ""]) == 2
    assert "--db" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()  # the default database was not created


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "{missing}"],
        ["grade", "{missing}"],
        ["score", "ch44.q2", "--answer-file", "{missing}"],
        ["answer", "ch44.q2", "--answer-file", "{missing}"],
    ],
)
def test_a_file_that_is_not_there_is_called_missing(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nothing.json")
    argv = [missing if part == "{missing}" else part for part in argv]
    assert _run([*argv, "--db", str(tmp_path / "q.db")]) == 2
    err = capsys.readouterr().err
    assert f"{missing}: no such file" in err, err
    assert not (tmp_path / "q.db").exists()


def test_a_folder_given_as_a_file_is_called_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["grade", str(tmp_path)]) == 2
    assert f"{tmp_path}: a folder, not a file" in capsys.readouterr().err


@pytest.mark.parametrize("how", ["text", "file"])
def test_an_empty_answer_is_not_recorded(
    how: str, answered: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = answered
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\t\n", encoding="utf-8")
    source = ["--answer", "   "] if how == "text" else ["--answer-file", str(blank)]
    assert _run(["answer", "ch44.q2", *source, "--db", str(db)]) == 2
    assert "the answer is empty" in capsys.readouterr().err
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM attempts").fetchone()[0] == 1


@pytest.mark.parametrize("command", ["list", "problems"])
def test_a_topic_the_bank_does_not_have_is_named_with_the_topics_it_has(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run([command, "--topic", "quantisation"]) == 2
    err = capsys.readouterr().err
    assert "no topic 'quantisation'" in err and "quantization" in err, err


def test_a_known_topic_still_lists_its_items(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--topic", "quantization", "--ids"]) == 0
    assert capsys.readouterr().out.split()


@pytest.mark.parametrize(
    ("argv", "command", "unknown"),
    [
        (["list", "--bogus"], "list", "--bogus"),
        (
            ["calc", "kv-cache", "--model", "Llama-2-7B", "--tokens", "4096", "--gpu", "L4"],
            "calc kv-cache",
            "--gpu L4",
        ),
    ],
)
def test_an_unknown_option_points_at_its_commands_help(
    argv: list[str], command: str, unknown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(argv) == 2
    err = capsys.readouterr().err
    said = f"quiz {command}: error: unrecognized arguments: {unknown} (see 'quiz {command} --help')"
    assert said in err, err
