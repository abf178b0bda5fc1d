"""Generated text a learner reads is grammatical and honest (issue 33): one token is "1 token",
and a plan that asks for far more new items a day than the learner's limit says so."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from quiz.cli import main
from quiz.problems.display import unit


def test_one_token_is_singular(capsys: pytest.CaptureFixture[str]) -> None:
    # Before: "A 4,096 x 4,096 linear layer in bf16 processes 1 tokens at once".
    assert unit("tokens").show(1) == "1 token"
    assert unit("tokens").show(2) == "2 tokens" and unit("tokens").show(0) == "0 tokens"
    assert main(["generate", "roofline.verdict", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "processes 1 token at once" in out and "1 tokens" not in out


def test_a_plan_a_day_ahead_warns_of_its_load(
    new_db: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Before: "100% if you follow the plan" with 41 new items that day, and no word about it.
    db = new_db("q")
    monkeypatch.setenv("QUIZ_NOW", "2026-12-21T09:00:00Z")
    assert main(["plan", "--db", db, "--interview", "2026-12-22"]) == 0
    text = capsys.readouterr().out
    assert "Warning: the plan introduces 41 new items on 2026-12-21" in text
    assert "your limit of 10" in text and "rated Good" in text
    assert main(["plan", "--db", db, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["heavy_days"] == ["2026-12-21"] and document["daily_new_limit"] == 10


def test_a_plan_within_the_limit_has_no_warning(
    new_db: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = new_db("q")
    monkeypatch.setenv("QUIZ_NOW", "2026-12-21T09:00:00Z")
    assert main(["plan", "--db", db, "--interview", "2027-01-20"]) == 0
    assert "Warning" not in capsys.readouterr().out
    assert main(["plan", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["heavy_days"] == []
