"""Moments at the ends of time: a date in a backup or in QUIZ_NOW outside the years quiz
schedules in (a year-1 moment with a time zone east of UTC overflows Python's datetime; a
review in year 9999 is nonsense) is one clear line naming the value or its JSON path, never a
traceback, and the database is unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quiz.cli import main
from tests.conftest import run_cli


@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:00:00+05:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-05:00"],
)
@pytest.mark.parametrize("command", [["due"], ["stats"], ["export", "-"]])
def test_quiz_now_at_the_ends_of_time_is_one_line_naming_it(
    value: str,
    command: list[str],
    recorded: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QUIZ_NOW", value)
    code, said = run_cli([*command, "--db", str(recorded)], capsys)
    assert code == 2, said
    assert said.count("\n") == 1 and f"QUIZ_NOW={value!r}" in said, said
    assert "between the years 1970 and 2199" in said


def _exported(db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["export", "-", "--db", str(db)]) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("cards", 0, "last_review"), "0001-01-01T00:00:00+14:00"),
        (("cards", 0, "due"), "9999-06-01T00:00:00+00:00"),
        (("attempts", 0, "created_at"), "1969-12-31T23:59:59+00:00"),
        (("attempts", 0, "review", "review_datetime"), "0001-01-01T00:00:00+14:00"),
        (("created_at",), "2400-01-01T00:00:00"),
    ],
)
def test_a_backup_moment_out_of_range_is_its_json_path(
    where: tuple[str | int, ...],
    value: str,
    recorded: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = _exported(recorded, capsys)
    target: Any = document["profiles"][0]
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps(document), encoding="utf-8")
    other = tmp_path / "other.db"
    assert main(["db", "upgrade", "--db", str(other)]) == 0
    capsys.readouterr()
    before = other.read_bytes()
    code, said = run_cli(["import", str(backup), "--db", str(other)], capsys)
    path = "$.profiles[0]" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in where)
    assert code == 2, said
    assert said.count("\n") == 1 and f"{path}: " in said, said
    assert "between the years 1970 and 2299" in said
    assert other.read_bytes() == before


def test_the_moment_inside_an_answers_card_before_is_checked_too(
    recorded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _exported(recorded, capsys)
    attempt = document["profiles"][0]["attempts"][0]
    attempt["card_before"] = json.dumps(
        {
            "state": 2,
            "step": None,
            "stability": 3.0,
            "difficulty": 5.0,
            "due": "0001-01-01T00:00:00+14:00",
            "last_review": None,
        }
    )
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps(document), encoding="utf-8")
    code, said = run_cli(["import", str(backup), "--db", str(tmp_path / "o.db")], capsys)
    assert code == 2 and "$.profiles[0].attempts[0].card_before" in said, said
    assert "1970" in said
