"""A backup's fields that hold JSON of their own (an answer's points, the card before it, an
interview's questions and report): an import checks them as the app reads them, so a damaged one
is refused with its JSON path and the database untouched, instead of breaking the roll-ups, an
undo or the report screen later."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.cli import main
from quiz.practice import interview
from quiz.practice.engine import Practice
from quiz.store.location import database_url
from quiz.store.store import Store

ANSWER = "Bandwidth is the rate data moves from HBM; each token reads all the weights."


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A backup with an answered and finished interview in it, as `quiz export` writes it."""
    db = tmp_path_factory.mktemp("source") / "q.db"
    store = Store.open(database_url(str(db)))
    practice = Practice(store, load_bank(bank_sources()), "default")
    session = interview.start(practice, questions=1, minutes=1)
    practice.submit(session.item_ids[0], ANSWER, mode="interview", interview_id=session.id)
    interview.finish(practice, session.id)
    practice.submit("ch44.q2", ANSWER, mode="practice")
    practice.submit("ch44.q2", ANSWER, mode="review")  # an answer with a card before it
    store.close()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["export", "-", "--db", str(db)]) == 0
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


def _dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


def _attempt(document: dict[str, Any], **where: Any) -> int:
    attempts = document["profiles"][0]["attempts"]
    return next(i for i, a in enumerate(attempts) if all(a.get(k) == v for k, v in where.items()))


def test_a_backup_with_a_finished_interview_imports_whole(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    profile = exported["profiles"][0]
    assert profile["interviews"][0]["report"] is not None
    assert any(a["card_before"] for a in profile["attempts"])
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["import", str(backup), "--db", str(tmp_path / "new.db")]) == 0


ATTEMPT_CASES = [
    ("points", ""),
    ("points", "not json"),
    ("points", '{"id": "definition", "hit": true}'),
    ("points", '[{"id": 7, "hit": true}]'),
    ("points", '[{"id": "definition", "hit": "yes"}]'),
    ("card_before", "[]"),
    ("card_before", '{"state": 2}'),
    (
        "card_before",
        '{"state": 2, "step": null, "stability": 3.1, "difficulty": 5.0, '
        '"due": "tomorrow", "last_review": null}',
    ),
]
INTERVIEW_CASES = [
    ("item_ids", "{}"),
    ("item_ids", '["ch44.q1", 2]'),
    ("report", "[]"),
    ("report", '{"items": 3}'),
    ("report", '{"items": [], "answered": "1", "over_time": 0, "mean_score": null}'),
    ("report", '{"items": [{"id": "ch44.q1"}], "answered": 1, "over_time": 0}'),
]


@pytest.mark.parametrize(("field", "value"), ATTEMPT_CASES + INTERVIEW_CASES)
def test_a_damaged_json_field_is_refused_with_its_path(
    exported: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    field: str,
    value: str,
) -> None:
    document = json.loads(json.dumps(exported))
    profile = document["profiles"][0]
    if field in ("item_ids", "report"):
        profile["interviews"][0][field] = value
        path = f"$.profiles[0].interviews[0].{field}"
    else:
        index = _attempt(document, mode="review") if field == "card_before" else 0
        profile["attempts"][index][field] = value
        path = f"$.profiles[0].attempts[{index}].{field}"
    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q1", "--answer", "x", "--rating", "good", "--db", str(db)]) == 0
    before = _dump(db)
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(backup), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert path in err and err.count("\n") == 1, err
    assert _dump(db) == before
