"""Careless and hostile input: each case ends in one clear line (or a correct result), never a
traceback, a hang or a changed byte of the learner's data."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.cli import main
from tests.conftest import Q2_ANSWER


def _removed(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM items WHERE removed").fetchone()[0])


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_missing_bank_path_is_an_error_and_removes_nothing(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", str(db)]) == 0
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
    capsys.readouterr()
    assert main(["db", "sync", "--db", str(db), "--bank", str(mine)]) == 0  # a cohort's owner
    assert "none was marked removed, since some of the bank could not be read" in (
        capsys.readouterr().out
    )
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
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", str(db)]) == 0
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
            await until(pilot, lambda: app.screen.phase == "held")  # type: ignore[attr-defined]
            await pilot.press("n")
            await until(pilot, lambda: app.screen.phase == "answering")  # type: ignore[attr-defined]
        shown = text_of(app, "#prompt")
        assert "\\u001b]0;pwned" in shown and "\x1b" not in shown


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00Z", "9999-12-31T23:00:00Z", "soon"])
def test_an_out_of_range_clock_is_one_line(
    moment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZ_NOW", moment)
    for argv in (["answer", "ch44.q2", "--answer", Q2_ANSWER], ["due"], ["stats"]):
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
