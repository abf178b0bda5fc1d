"""A misconception voids what it contradicts (issue 32): the words of a wrong claim are no
evidence for the point the claim gets wrong, and an answer stating a wrong claim is suggested
*again*, as an interviewer fails a confident wrong answer."""

from __future__ import annotations

import pytest

from quiz.bank.loader import validated
from quiz.bank.schema import RubricPoint
from quiz.grading.compiled import compile_rubric
from quiz.grading.score import score_answer
from quiz.srs.ratings import Rating

WRONG = {"statement": "Bandwidth is capacity.", "forms": ["bandwidth is the amount of memory"]}


def definition(**extra: object):  # type: ignore[no-untyped-def]
    point = validated(
        RubricPoint,
        {
            "id": "definition",
            "criterion": "Defines bandwidth as the rate data moves from memory.",
            "concepts": [{"forms": ["bandwidth"]}, {"forms": ["memory"]}],
            "min_concepts": 2,
            "misconceptions": [{**WRONG, "penalty": 0.25}],
            **extra,
        },
    )
    return compile_rubric([point])


def test_a_wrong_claims_words_earn_nothing_for_the_point_it_gets_wrong() -> None:
    """Before: the claim's own words 'bandwidth' and 'memory' hit the point (1.00 - 0.25)."""
    result = score_answer(definition(), "Bandwidth is the amount of memory on the card.")
    assert result.misconceptions and result.misconceptions[0].point == "definition"
    point = result.points[0]
    assert not point.hit and point.credit == 0
    assert result.score == 0.0
    assert result.suggested is Rating.AGAIN


def test_evidence_outside_the_wrong_claim_still_counts() -> None:
    answer = "Memory feeds the cores through bandwidth. Bandwidth is the amount of memory, though."
    result = score_answer(definition(), answer)
    assert result.points[0].hit  # "Memory ... bandwidth" in the first sentence
    assert result.score == pytest.approx(0.75)  # the penalty stays
    assert result.suggested is Rating.AGAIN  # a confident wrong claim fails the answer


def test_a_denied_misconception_voids_nothing() -> None:
    answer = "Bandwidth is how fast memory moves data; it is not the amount of memory."
    result = score_answer(definition(), answer)
    assert not result.misconceptions and result.points[0].hit
    assert result.score == 1.0 and result.suggested is Rating.EASY
