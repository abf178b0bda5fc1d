"""Careless and hostile input: each case ends in one clear line (or a correct result), never a
traceback, a hang or a changed byte of the learner's data."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.cli import main

ANSWER = "Memory-bound work lacks capacity; bandwidth-bound work lacks transfer speed."


def _removed(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM items WHERE removed").fetchone()[0])


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_missing_bank_path_is_an_error_and_removes_nothing(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q2", "--answer", ANSWER, "--db", str(db)]) == 0
    typo = str(tmp_path / "typo")
    argv = ["list", "--db", str(db)]
    if how == "flag":
        argv += ["--bank", typo]
    else:
        monkeypatch.setenv("QUIZ_BANK", typo)
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert typo in err and err.count("\n") == 1
    assert main(["stats", "--db", str(db), *argv[3:]]) == 2
    assert _removed(db) == 0


def test_the_packaged_bank_loads_beside_a_missing_source(tmp_path: Path) -> None:
    bank = load_bank([*bank_sources(), str(tmp_path / "nope")])
    assert "ch44.q1" in bank.items and not bank.complete
    assert any("no such file" in f.message for f in bank.errors)


def test_an_unreadable_bank_file_marks_nothing_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "questions:\n  - id: mine.q1\n    topic: t\n    prompt: P?\n    model_answer: A.\n"
        "    rubric:\n      - id: a\n        criterion: C.\n        concepts:\n"
        "          - forms: [rate, speed]\n",
        encoding="utf-8",
    )
    db = tmp_path / "q.db"
    assert (
        main(["answer", "mine.q1", "--answer", "a rate", "--db", str(db), "--bank", str(mine)]) == 0
    )
    mine.write_text("questions: [\n", encoding="utf-8")  # broken: the whole file is lost
    assert main(["stats", "--db", str(db), "--bank", str(mine)]) == 0
    assert _removed(db) == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_or_a_folder_named_yaml_is_refused_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "bank"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    (folder / "dir.yaml").mkdir()
    bank = load_bank([str(folder / "pipe.yaml")])  # would block forever if opened for reading
    assert [f.message for f in bank.errors] == ["not a regular file (a folder, device or pipe)"]
    inside = load_bank([str(folder)])  # found in a folder: reported, not skipped as before
    assert {f.file.rsplit("/", 1)[1] for f in inside.errors} == {"dir.yaml", "pipe.yaml"}


def test_import_and_export_report_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q2", "--answer", ANSWER, "--db", str(db)]) == 0
    capsys.readouterr()
    backup = tmp_path / "b.json"
    assert main(["export", str(backup), "--db", str(db)]) == 0
    assert json.loads(backup.read_text())["profiles"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_in_a_bank_folder_does_not_hang_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bank"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    assert main(["list", "--bank", str(folder)]) == 0  # the packaged items, and a warning
    assert "not a regular file" in capsys.readouterr().err
    assert main(["due", "--bank", str(folder), "--db", str(tmp_path / "q.db")]) == 0
