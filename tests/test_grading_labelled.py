"""The scorer against hand-labelled answers to the chapter's questions (tests/data)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.grading.rubrics import score_item
from tests.conftest import DATA

BANK = load_bank(bank_sources())
LOW_KINDS = ("negated", "off-topic", "keyword-list")


def labelled(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        answers: list[dict[str, Any]] = yaml.safe_load(handle)["answers"]
    return answers


def agreement(answers: list[dict[str, Any]]) -> float:
    agree = total = 0
    for case in answers:
        item = BANK.get(case["question"])
        assert item is not None
        result = score_item(item, case["answer"], BANK.lexicon)
        truth = set(case["points"])
        assert truth <= {p.id for p in result.points}, case  # labels name real points
        for point in result.points:
            total += 1
            agree += point.hit == (point.id in truth)
    return agree / total


def test_labelled_set_covers_every_question_and_kind() -> None:
    answers = labelled("graded_answers.yaml")
    questions = {case["question"] for case in answers}
    assert questions == {f"ch44.q{n}" for n in range(1, 8)}
    for question in questions:
        kinds = [c["kind"] for c in answers if c["question"] == question]
        assert len(kinds) >= 8
        assert set(kinds) >= {"strong", "partial", "weak", "wrong", *LOW_KINDS, "typos"}


def test_per_point_agreement_on_the_labelled_set() -> None:
    assert agreement(labelled("graded_answers.yaml")) >= 0.85


def test_per_point_agreement_on_the_held_out_set() -> None:
    assert agreement(labelled("graded_answers_heldout.yaml")) >= 0.85


@pytest.mark.parametrize("kind", LOW_KINDS)
def test_negated_off_topic_and_keyword_lists_score_low(kind: str) -> None:
    for case in labelled("graded_answers.yaml"):
        if case["kind"] == kind:
            item = BANK.get(case["question"])
            assert item is not None
            assert score_item(item, case["answer"], BANK.lexicon).score < 0.35, case


def test_typos_and_strong_answers_score_high() -> None:
    for case in labelled("graded_answers.yaml"):
        if case["kind"] in ("strong", "typos"):
            item = BANK.get(case["question"])
            assert item is not None
            assert score_item(item, case["answer"], BANK.lexicon).score >= 0.8, case


def test_every_model_answer_scores_at_least_0_9() -> None:
    for item in BANK.items.values():
        if item.rubric and item.full_answer:
            assert score_item(item, item.full_answer, BANK.lexicon).score >= 0.9, item.id


def test_supplements_are_marked_as_ours_and_type_no_computed_number() -> None:
    supplemented = [item for item in BANK.items.values() if item.supplement]
    assert {item.id for item in supplemented} == {"ch44.q2", "ch44.q3", "ch44.q4", "ch44.q6"}
    q3 = BANK.get("ch44.q3")
    assert q3 is not None and q3.supplement is not None
    assert "%" not in q3.supplement and "quiz calc mbu" in q3.supplement


def test_the_paraphrased_held_out_set_covers_every_item() -> None:
    """Issue 14's held-out set: 10 answers per chapter question, 3 per follow-up, at least half
    of them correct answers in other words or with typos; labels name real points."""
    answers = labelled("graded_answers_paraphrased.yaml")
    per_item: dict[str, int] = {}
    for case in answers:
        item = BANK.get(case["question"])
        assert item is not None and item.rubric, case["question"]
        named = set(case["points"]) | set(case.get("partial", ()))
        assert named <= {p.id for p in item.rubric}, case
        per_item[item.id] = per_item.get(item.id, 0) + 1
    assert set(per_item) == set(BANK.items)  # every question and follow-up
    for item_id, count in per_item.items():
        assert count >= (10 if BANK.items[item_id].kind == "question" else 3), item_id
    reworded = [c for c in answers if c["kind"] in ("paraphrase", "typos")]
    assert 2 * len(reworded) >= len(answers)
