"""Compiled rubrics of bank items, compiled once per process, and scoring an item's answer."""

from __future__ import annotations

from quiz.bank.model import Item
from quiz.bank.schema import RubricPoint
from quiz.grading.score import Rubric, ScoreResult, compile_rubric, score_answer

_COMPILED: dict[int, tuple[tuple[RubricPoint, ...], Rubric]] = {}
_MAX_CACHED = 4096


def rubric_of(points: tuple[RubricPoint, ...]) -> Rubric:
    entry = _COMPILED.get(id(points))
    if entry is None or entry[0] is not points:
        if len(_COMPILED) >= _MAX_CACHED:
            _COMPILED.clear()
        entry = (points, compile_rubric(points))
        _COMPILED[id(points)] = entry
    return entry[1]


def score_item(item: Item, answer: str) -> ScoreResult:
    """Score an answer to a question or follow-up; the item must have a rubric."""
    if not item.rubric:
        raise ValueError(f"{item.id} has no rubric to score against")
    return score_answer(rubric_of(item.rubric), answer, item.id)
