"""Compiled rubrics of bank items, compiled once per process, and scoring an item's answer."""

from __future__ import annotations

from quiz.bank.model import Item
from quiz.bank.schema import RubricPoint
from quiz.grading.score import Rubric, ScoreResult, compile_rubric, score_answer
from quiz.memo import IdentityMemo

rubric_of: IdentityMemo[tuple[RubricPoint, ...], Rubric] = IdentityMemo(compile_rubric)


def score_item(item: Item, answer: str) -> ScoreResult:
    """Score an answer to a question or follow-up; the item must have a rubric."""
    if not item.rubric:
        raise ValueError(f"{item.id} has no rubric to score against")
    return score_answer(rubric_of(item.rubric), answer, item.id)
