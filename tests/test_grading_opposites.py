"""Opposites: "not X" states X's complement ("not in a closed path" is "in an open path"), and
"Y" states "not X"; a plain mention of the opposite states nothing."""

from __future__ import annotations

import pytest

from quiz.bank.loader import validated
from quiz.bank.schema import LexiconGroup
from quiz.grading.lexicon import negation_variants
from quiz.grading.score import score_answer
from tests.test_grading_rules import rubric


@pytest.mark.parametrize(
    ("concepts", "answer"),
    [
        ([["open"], ["path"]], "The battery is not in a closed path."),
        ([["open"], ["path"]], "There is no closed path containing the bulb."),
        ([["different"], ["path"]], "Bulb A is not on the same path as bulb C."),
        ([["same"], ["path"]], "They are not in different paths."),
        ([["not connected"], ["terminal"]], "The terminals are disconnected."),
        ([["not complete"], ["circuit"]], "The circuit is incomplete."),
        ([["open path"]], "The switch is not in a closed path any more."),
        # "not X" is X where a negation reaches it, however far the cue is before it
        ([["not connected"], ["terminal"]], "Terminal 1 is not really directly connected."),
        ([["not fit in memory"]], "The model does not ever really fit in memory."),
        ([["not path"], ["switch"]], "Switch Y is not in the same path as bulb A."),
    ],
)
def test_the_negated_opposite_states_the_concept(concepts: list[list[str]], answer: str) -> None:
    result = score_answer(rubric(*concepts, min_concepts=len(concepts)), answer)
    assert result.points[0].hit, [e.text for e in result.points[0].evidence]
    assert result.score == 1.0


@pytest.mark.parametrize(
    ("concepts", "answer"),
    [
        ([["open"]], "The path is closed."),  # the opposite said plainly
        ([["open"]], "Whether it is closed does not matter."),  # a denial of relevance
        ([["different"]], "They are on the same path."),
        ([["open"]], "It is not open."),
        ([["not connected"]], "The terminals are connected."),
    ],
)
def test_the_opposite_said_plainly_states_nothing(concepts: list[list[str]], answer: str) -> None:
    point = score_answer(rubric(*concepts), answer).points[0]
    assert not point.hit
    assert point.negated == () or all(e.form == concepts[0][0] for e in point.negated)


def test_the_evidence_shows_the_negation() -> None:
    answer = "The battery is not in a closed path."
    point = score_answer(rubric(["open"], ["path"], min_concepts=2), answer).points[0]
    assert [e.text for e in point.evidence] == ["not in a closed", "path"]
    assert [e.form for e in point.evidence] == ["closed", "path"]


def test_only_a_rubric_with_an_opposite_reads_the_negation_as_the_opposites() -> None:
    """With no opposite in the rubric, "path" stays inside the negation of "not in a closed
    path": the statement about it is denied."""
    answer = "The battery is not in a closed path."
    assert not score_answer(rubric(["path"]), answer).points[0].hit
    assert score_answer(rubric(["open"], ["path"], min_concepts=2), answer).points[0].hit


def test_a_misconception_stated_by_its_negated_opposite_costs_points() -> None:
    point_rubric = rubric(
        ["battery"],
        misconceptions=[{"statement": "the path is open", "forms": ["open path"], "penalty": 0.5}],
    )
    result = score_answer(point_rubric, "The battery is not in a closed path.")
    assert [m.statement for m in result.misconceptions] == ["the path is open"]


def test_opposite_variants_of_forms() -> None:
    plain, flipped = negation_variants(["not connected", "closed path", "=open switch", "battery"])
    assert plain == ["disconnected"]
    assert flipped == ["connected", "open path", "=closed switch"]


def test_an_author_lexicon_adds_opposites() -> None:
    lexicon = [
        validated(LexiconGroup, {"opposites": ["synchronous", "asynchronous"]}),
    ]
    point = rubric(["asynchronous copy"], lexicon=lexicon)
    answer = "It is not a synchronous copy."
    assert score_answer(point, answer).points[0].hit
    assert not score_answer(rubric(["asynchronous copy"]), answer).points[0].hit
