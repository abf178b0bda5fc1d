"""The score-to-rating cut-offs are fitted on labelled answers: refitting them on the same data
gives the ones quiz uses, and they agree with people better than the old hand-set ones."""

from __future__ import annotations

from typing import Any

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.grading.calibration import GRADE_BOUNDS, agreement, fit_cutoffs, rating_of
from quiz.grading.rubrics import score_item
from quiz.srs.ratings import SCORE_CUTOFFS, rating_for_score
from tests.test_grading_labelled import labelled

BANK = load_bank(bank_sources())
FITTED_ON = ("graded_answers.yaml", "graded_answers_heldout.yaml")


def pairs(name: str) -> list[tuple[float, float]]:
    found = []
    for case in labelled(name):
        item = BANK.get(case["question"])
        assert item is not None
        result = score_item(item, case["answer"], BANK.lexicon)
        weights = {p.id: p.weight for p in result.points}
        credit: dict[str, Any] = {p: 1.0 for p in case["points"]}
        credit |= {p: 0.5 for p in case.get("partial", ())}
        grade = sum(weights[p] * c for p, c in credit.items()) / sum(weights.values())
        found.append((result.score, grade))
    return found


def test_the_cutoffs_in_use_are_the_fitted_ones() -> None:
    data = [pair for name in FITTED_ON for pair in pairs(name)]
    assert fit_cutoffs(data) == tuple(bound for bound, _ in SCORE_CUTOFFS)


def test_the_rating_follows_the_cutoffs_everywhere() -> None:
    bounds = [bound for bound, _ in SCORE_CUTOFFS]
    for score in (0.0, 0.49, 0.5, 0.79, 0.8, 0.94, 0.95, 1.0):
        assert rating_for_score(score) == rating_of(score, bounds)


def test_fitting_finds_the_bounds_that_reproduce_peoples_ratings() -> None:
    people = [(g, g) for g in (0.0, 0.3, 0.55, 0.7, 0.8, 0.9, 0.97, 1.0)]
    assert fit_cutoffs(people) == GRADE_BOUNDS  # a perfect scorer: the people's own bounds
    shifted = [(g * 0.8, g) for g, _ in people]  # a scorer that under-credits by a fifth
    fitted = fit_cutoffs(shifted)
    assert agreement(shifted, fitted) == 1.0 and fitted[0] < GRADE_BOUNDS[0]
