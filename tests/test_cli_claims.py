"""`quiz claims` and `quiz rubric learn` (issue 32, item 3): the answers in which learners claimed
a point the scorer missed, for authors, and forms proposed from them (printed, never written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.practice.claims import toggle_claim
from quiz.practice.engine import Practice
from quiz.store.location import database_url
from quiz.store.store import Store
from tests.conftest import run_cli

BANK = load_bank(bank_sources())
ANSWERS = (
    "GPU memory bandwidth is the rate at which data is read from GPU memory. Generating each "
    "word means hauling every layer's numbers through the chip.",
    "Bandwidth is how fast bytes are read from HBM. Producing one word hauls the full set of "
    "numbers off the chip.",
)


@pytest.fixture
def claimed(tmp_path: Path) -> str:
    """A database with two answers to ch44.q1, each claiming token-processing."""
    db = str(tmp_path / "q.db")
    store = Store.open(database_url(db))
    practice = Practice(store, BANK)
    for answer in ANSWERS:
        outcome = practice.submit("ch44.q1", answer, mode="cram")
        assert outcome.grade is not None
        assert not next(p for p in outcome.grade.points if p.id == "token-processing").hit
        toggle_claim(practice, outcome, "token-processing")
    practice.submit("ch44.q2", "Memory bound means the weights do not fit.", mode="cram")
    store.close()
    return db


def test_quiz_claims_lists_each_claim_with_its_answer(
    claimed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_cli(["claims", "--db", claimed], capsys)
    assert code == 0
    assert "claimed token-processing: Explains its role in processing tokens." in out
    assert all(" ".join(answer.split()) in out for answer in ANSWERS)
    assert "2 answer(s) with claims" in out and "ch44.q2" not in out
    code, out = run_cli(["claims", "--item", "ch44.q1", "--json", "--db", claimed], capsys)
    listed = json.loads(out)
    assert [c["answer"] for c in listed] == list(reversed(ANSWERS))  # newest first
    assert listed[0]["claimed"] == [
        {"id": "token-processing", "criterion": "Explains its role in processing tokens."}
    ]
    code, out = run_cli(["claims", "--item", "ch44.q2", "--db", claimed], capsys)
    assert (code, out.strip()) == (0, "no claims on ch44.q2")
    code, out = run_cli(["claims", "--item", "nope", "--db", claimed], capsys)
    assert code == 2 and "no item 'nope'" in out


def test_quiz_rubric_learn_proposes_forms_from_the_claimed_answers(
    claimed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bank_files = {p: p.read_bytes() for p in Path("question_bank").rglob("*.yaml")}
    code, out = run_cli(["rubric", "learn", "ch44.q1", "--db", claimed], capsys)
    assert code == 0
    assert '- point: "token-processing"' in out and "Nothing was written to the bank" in out
    assert '"numbers"  # in 2 of 2' in out and '"chip"  # in 2 of 2' in out
    assert '"bandwidth"' not in out  # found by the scorer as another point's evidence
    assert {p: p.read_bytes() for p in Path("question_bank").rglob("*.yaml")} == bank_files
    code, out = run_cli(["rubric", "learn", "ch44.q1", "--json", "--db", claimed], capsys)
    (point,) = json.loads(out)
    assert point["point"] == "token-processing" and point["claims"] == 2
    assert {"form": "numbers", "answers": 2} in point["forms"]
    code, out = run_cli(["rubric", "learn", "ch44.q2", "--db", claimed], capsys)
    assert code == 0 and "no claims on ch44.q2 yet" in out
