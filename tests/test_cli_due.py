"""`quiz due` agrees with `quiz stats` after bank edits, and checks its --limit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quiz.cli import main

BANK = """# yaml-language-server: $schema=schema.json
questions:
  - id: mine.q1
    rev: {rev}
    topic: mine
    prompt: What is bandwidth?
    model_answer: The rate at which data moves.
    rubric:
      - id: rate
        criterion: Calls it a rate.
        concepts:
          - forms: [rate, speed]
"""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_due_follows_a_rev_bump_and_a_removal_like_stats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(BANK.format(rev=1), encoding="utf-8")
    common = ["--db", str(tmp_path / "q.db"), "--bank", str(bank)]
    monkeypatch.setenv("QUIZ_NOW", "2026-11-01T09:00:00Z")
    _run(capsys, "answer", "mine.q1", "--answer", "It is the rate data moves at.", *common)
    monkeypatch.setenv("QUIZ_NOW", "2026-11-01T09:30:00Z")
    assert _run(capsys, "due", *common) == []  # answered, not due yet

    bank.write_text(BANK.format(rev=2), encoding="utf-8")  # its meaning changed: card reset
    due = _run(capsys, "due", *common)
    assert [entry["id"] for entry in due] == ["mine.q1"]
    stats = _run(capsys, "stats", *common)
    assert stats["due_now"] == 1
    assert _run(capsys, "due", *common) == due  # and again, now by the fast path

    bank.write_text("questions: []\n", encoding="utf-8")  # removed from the bank
    assert _run(capsys, "due", *common) == []
    assert _run(capsys, "stats", *common)["due_now"] == 0


@pytest.mark.parametrize("limit", ["0", "-3", "99999999999999999999", "many"])
def test_due_refuses_a_limit_that_is_not_a_positive_whole_number(
    limit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["due", f"--limit={limit}"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert f"not {limit!r}" in err and len(err.strip().splitlines()) == 1


def test_due_lines_up_its_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "q.db")
    monkeypatch.setenv("QUIZ_NOW", "2026-12-01T09:00:00Z")
    for item in ("ch44.q1", "ch44.q2", "ch44.q7.f1"):  # topics of 20, 25 and 22 characters
        assert main(["answer", item, "--answer", "It is a rate.", "--db", db]) == 0
    monkeypatch.setenv("QUIZ_NOW", "2026-12-09T09:00:00Z")
    capsys.readouterr()
    assert main(["due", "--db", db]) == 0
    rows = capsys.readouterr().out.splitlines()[:-1]
    assert len(rows) == 3 and len({row.index(" due ") for row in rows}) == 1, rows
