"""`quiz history`, `quiz held`, `quiz unsuspend`, `quiz unbury`, `quiz due --count` and
`quiz cram --topic/--weakest` as a learner types them (issue 33)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from quiz.cli import main
from quiz.cli.app_commands import app_options
from quiz.cli.main import build_parser
from quiz.practice.clock import now
from quiz.practice.engine import Practice
from quiz.practice.opening import open_bank
from quiz.store.location import database_url
from quiz.store.store import Store

GOOD_Q1 = (
    "GPU memory bandwidth is the rate at which data is read from or written to GPU memory. "
    "Each token reads all the weights, so bandwidth decides how quickly tokens are processed."
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("QUIZ_NOW", "2026-11-02T09:00:00Z")
    return str(tmp_path / "q.db")


def _suspend(db: str, item_id: str, bury: str | None = None) -> Practice:
    """Suspend an item (and bury another) as the app does, at QUIZ_NOW."""
    store = Store.open(database_url(db))
    practice = Practice(store, open_bank(()), now=now)
    practice.suspend(item_id)
    if bury is not None:
        practice.bury(bury)
    store.close()
    return practice


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_history_shows_an_items_answers(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["answer", "ch44.q1", "--answer", "Bandwidth is how much memory it has.", "--db", db])
    main(["answer", "ch44.q1", "--answer", GOOD_Q1, "--rating", "good", "--db", db])
    capsys.readouterr()
    document = _json(capsys, "history", "ch44.q1", "--db", db)
    assert document["id"] == "ch44.q1"
    newest, oldest = document["answers"]
    assert newest["answer"] == GOOD_Q1 and newest["rating"] == "good"
    assert oldest["rating"] == "again" and oldest["score"] < 0.6
    assert {"id": "token-processing", "criterion": "Explains its role in processing tokens."} in (
        oldest["missed"]
    )
    text = _text(capsys, "history", "ch44.q1", "--db", db)
    assert text.startswith("ch44.q1  ")
    assert "2 answer(s), newest first" in text and "rated again" in text
    assert "  missed: Explains its role in processing tokens." in text
    assert "No answers yet." in _text(capsys, "history", "ch44.q2", "--db", db)


def test_history_of_an_unknown_item_is_one_clear_error(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _refused(capsys, "history", "ch44.nope", "--db", db)
    assert err == "quiz: error: no item 'ch44.nope' in the bank (see 'quiz list')\n"


def test_held_lists_and_lets_items_back_in(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert "Nothing is suspended or buried" in _text(capsys, "held", "--db", db)
    practice = _suspend(db, "ch44.q2", bury="ch44.q1")

    assert _json(capsys, "held", "--db", db) == [
        {
            "id": "ch44.q1",
            "kind": "question",
            "topic": "gpu-memory-bandwidth",
            "title": practice.entries["ch44.q1"].title,
            "suspended": False,
            "buried_until": "2026-11-03T00:00:00+00:00",
        },
        {
            "id": "ch44.q2",
            "kind": "question",
            "topic": "memory-vs-bandwidth-bound",
            "title": practice.entries["ch44.q2"].title,
            "suspended": True,
            "buried_until": None,
        },
    ]
    text = _text(capsys, "held", "--db", db)
    assert "ch44.q1  buried, back in 15 h (2026-11-03 00:00 UTC)" in text
    assert "ch44.q2  suspended" in text

    said = _text(capsys, "unsuspend", "ch44.q2", "--db", db)
    assert said == "ch44.q2 is no longer suspended: it can be asked again\n"
    said = _text(capsys, "unsuspend", "ch44.q2", "--db", db)
    assert said == "ch44.q2 was not suspended: nothing changed\n"
    assert _json(capsys, "unbury", "ch44.q1", "--db", db) == {"id": "ch44.q1", "changed": True}
    assert _json(capsys, "held", "--db", db) == []
    err = _refused(capsys, "unbury", "nope", "--db", db)
    assert err == "quiz: error: no item 'nope' in the bank (see 'quiz list')\n"


def test_due_count_prints_one_number(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _text(capsys, "due", "--count", "--db", db) == "0\n"  # the first run syncs
    for item in ("ch44.q1", "ch44.q2", "ch44.q3"):
        main(["answer", item, "--answer", "It is a rate.", "--db", db])
    main(["answer", "ch44.q4", "--answer", "It is a rate.", "--db", db])
    monkeypatch.setenv("QUIZ_NOW", "2026-11-20T09:00:00Z")
    capsys.readouterr()
    due = _json(capsys, "due", "--db", db)
    assert len(due) == 4
    assert _text(capsys, "due", "--count", "--db", db) == "4\n"
    _suspend(db, "ch44.q2")  # held: not counted
    assert _text(capsys, "due", "--count", "--db", db) == "3\n"
    assert _text(capsys, "due", "--count", "--db", db, "--profile", "other") == "0\n"


def test_due_count_without_the_fast_path_counts_the_same(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(
        "questions:\n  - id: mine.q1\n    topic: mine\n    prompt: What is bandwidth?\n"
        "    model_answer: The rate at which data moves.\n    rubric:\n      - id: rate\n"
        "        criterion: Calls it a rate.\n        concepts:\n          - forms: [rate]\n",
        encoding="utf-8",
    )
    common = ["--db", db, "--bank", str(bank)]
    main(["answer", "mine.q1", "--answer", "A rate.", *common])
    monkeypatch.setenv("QUIZ_NOW", "2026-12-20T09:00:00Z")
    capsys.readouterr()
    bank.write_text(bank.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a new key
    assert _text(capsys, "due", "--count", *common) == "1\n"  # the full path (it syncs)
    assert _text(capsys, "due", "--count", *common) == "1\n"  # and the fast one


def test_cram_with_an_unknown_topic_is_a_usage_error_listing_the_topics(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = _refused(capsys, "cram", "--topic", "nope")
    assert err.startswith("quiz: error: no topic 'nope' in the bank (topics: ")
    assert "gpu-memory-bandwidth" in err and "mbu" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("weakest", ["0", "-1", "many"])
def test_cram_refuses_a_weakest_that_is_not_a_positive_number(
    weakest: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["cram", "--weakest", weakest])
    assert done.value.code == 2
    assert "--weakest" in capsys.readouterr().err


def test_cram_flags_reach_the_apps_options() -> None:
    args: argparse.Namespace = build_parser(with_calc=False, only={"cram"}).parse_args(
        ["cram", "--topic", "mbu", "--weakest", "3"]
    )
    options = app_options(args)
    assert (options.start, options.cram_topic, options.cram_weakest) == ("cram", "mbu", 3)
    plain = app_options(build_parser(with_calc=False, only={"review"}).parse_args(["review"]))
    assert (plain.start, plain.cram_topic, plain.cram_weakest) == ("review", None, None)
