"""Careless and hostile input: each case ends in one clear line (or a correct result), never a
traceback, a hang or a changed byte of the learner's data."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

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
        [sys.executable, "-m", "quiz", "answer", "ch44.q2", "--answer", ANSWER, "--db", str(db)],
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
    assert main(["answer", "ch44.q2", "--answer", ANSWER, "--db", "a?b.db"]) == 0
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
    assert main(["answer", "ch44.q2", "--answer", ANSWER, "--db", str(db)]) == 0
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


TEMPLATE = """templates:
  - id: t.x
    title: X
    topic: t
    prompt: "What is {{a}}?"
    params:
      a:
        {case}
        unit: GB
    answer:
      formula: "a * 2"
      unit: GB
"""


@pytest.mark.parametrize(
    ("case", "message", "line"),
    [
        ("range: [0, .inf]", "finite number", 8),
        ("range: [.nan, 5]", "finite number", 8),
        ("range: [0, 1e308]", "within ±1e+30", 8),
        ("range: [0, 1]\n        step: 1e-300", "grid points", 9),  # at the step to blame
        ('formula: "1' + "0" * 400 + ' * 2"', "too large", 8),
    ],
    ids=["inf", "nan", "1e308", "tiny-step", "400-digits"],
)
def test_a_template_with_extreme_numbers_is_located_and_never_stops_a_command(
    case: str, message: str, line: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "t.yaml"
    bank.write_text(TEMPLATE.format(case=case), encoding="utf-8")
    assert main(["list", "--bank", str(bank)]) == 0  # the other items are still there
    assert "ch44.q1" in capsys.readouterr().out
    assert main(["lint", str(bank)]) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if ": error: " in line]
    assert errors and errors[0].startswith(f"{bank}:{line}:") and message in errors[0]


def test_an_alias_chain_under_the_limit_is_reported_without_expanding_it(tmp_path: Path) -> None:
    lines = ["questions:", "  - id: a.q1", "    topic: t", "    a0: &a0 [x, x]"]
    lines += [f"    a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    lines.append("    prompt: *a29")  # 2**30 strings if anything walked it
    bank = tmp_path / "alias.yaml"
    bank.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "lint", str(bank)],
        capture_output=True,
        text=True,
        timeout=120,  # a bound on a hang, not a speed target: it takes well under a second
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{bank}:" in done.stdout and "unknown key 'a0'" in done.stdout


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1 B" + " " * 100_000 + "B", "value is 100,004 characters long"),
        ("1e308", "beyond the calculator's range"),
        ("1e400", "not a finite number"),
        ("-10B", "must be a positive number"),
    ],
    ids=["spaces", "1e308", "1e400", "negative"],
)
def test_calc_refuses_extreme_values_in_one_line(
    value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["calc", "mbu", "--params", value, "--bandwidth", "1TB/s", "--tokens-per-second", "5"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_result_is_never_infinite_or_nan() -> None:
    from quiz.calc.result import Result
    from quiz.calc.units import DIMENSIONLESS, UnitError

    for value in (float("inf"), float("nan")):
        with pytest.raises(UnitError, match="too large to compute"):
            Result("mbu", value, DIMENSIONLESS, lambda: ([], {}))


ESCAPING = """questions:
  - id: esc.q1
    topic: t
    prompt: "Look \\e]0;pwned\\a here \\e[2J\\r\\x9b2J"
    model_answer: The rate.
    rubric:
      - id: rate
        criterion: "Calls it a rate \\e[31m."
        concepts:
          - forms: [rate, speed]
"""


def test_escape_sequences_are_shown_escaped_never_sent_to_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "esc.yaml"
    bank.write_text(ESCAPING, encoding="utf-8")
    assert main(["show", "esc.q1", "--bank", str(bank)]) == 0
    out = capsys.readouterr().out
    assert "Look \\u001b]0;pwned\\u0007 here \\u001b[2J\\u000d\\u009b2J" in out
    assert "\\u001b[31m" in out
    answer = "It is a rate\x1b[2J\x07 really"
    assert main(["score", "esc.q1", "--answer", answer, "--bank", str(bank)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert main(["show", "esc.q1", "--bank", str(bank), "--json"]) == 0  # JSON stays valid
    assert "\x1b" in json.loads(capsys.readouterr().out)["prompt"].replace("\\u001b", "\x1b")


async def test_the_app_shows_bank_escapes_as_text(tmp_path: Path) -> None:
    from quiz.tui.screens.ask import AskScreen
    from tests.tui_support import loaded, make_app, text_of, until

    bank = tmp_path / "esc.yaml"
    bank.write_text(ESCAPING, encoding="utf-8")
    async with make_app(tmp_path, banks=(str(bank),)).run_test(size=(110, 40)) as pilot:
        app = await loaded(pilot)
        app.context.practice.update_settings(daily_new_limit=100)  # type: ignore[union-attr]
        await pilot.press("c")  # cram: any item
        await until(
            pilot, lambda: isinstance(app.screen, AskScreen) and app.screen.phase == "answering"
        )
        while app.screen.entry.item_id != "esc.q1":  # type: ignore[attr-defined]
            await pilot.press("ctrl+g")
            await until(pilot, lambda: app.screen.phase == "answering")  # type: ignore[attr-defined]
        shown = text_of(app, "#prompt")
        assert "\\u001b]0;pwned" in shown and "\x1b" not in shown


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00Z", "9999-12-31T23:00:00Z", "soon"])
def test_an_out_of_range_clock_is_one_line(
    moment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZ_NOW", moment)
    for argv in (["answer", "ch44.q2", "--answer", ANSWER], ["due"], ["stats"]):
        assert main([*argv, "--db", str(tmp_path / "q.db")]) == 2
        err = capsys.readouterr().err
        assert "QUIZ_NOW" in err and err.count("\n") == 1


def test_an_answer_with_a_byte_that_is_not_utf8_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q2", "--answer", "bad \udcff byte", "--db", str(db)]) == 2
    assert "not UTF-8 text (byte 0xff at character 4)" in capsys.readouterr().err
    (tmp_path / "a.txt").write_bytes(b"bad \xff byte")
    assert (
        main(["answer", "ch44.q2", "--answer-file", str(tmp_path / "a.txt"), "--db", str(db)]) == 2
    )
    assert "not UTF-8" in capsys.readouterr().err


def test_a_full_disk_while_answering_is_one_line_and_saves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from quiz.store import answers

    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q2", "--answer", ANSWER, "--db", str(db)]) == 0
    real = answers.record_answer

    def disk_full(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]  # the rows are written, then:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(answers, "record_answer", disk_full)
    capsys.readouterr()
    assert main(["answer", "ch44.q3", "--answer", ANSWER, "--db", str(db)]) == 2
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
    assert main(["answer", "ch44.q2", "--answer", ANSWER, "--db", str(source)]) == 0
    assert main(["answer", "ch44.q3", "--answer", ANSWER, "--db", str(target)]) == 0
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
