"""Fitting the score-to-rating cut-offs on labelled answers, so that the rating the scorer
suggests is the one a person would give.

A person's rating of an answer follows from the share of the rubric's credit they judge it earns
(its labelled grade): under half is again (most of it not recalled), under GRADE_BOUNDS[1] hard,
under GRADE_BOUNDS[2] good, else easy. The scorer's cut-offs are then chosen on a grid to agree
with those ratings on as many labelled answers as possible (ties: the smallest total distance in
rating steps, then the cut-offs closest to the person's own bounds). `quiz.srs.ratings` holds the
result; tests/test_calibration.py refits and checks that it still matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

GRADE_BOUNDS = (0.5, 0.75, 0.95)  # a person's again / hard / good / easy, on the labelled grade
GRID = tuple(round(0.05 * n, 2) for n in range(2, 20))  # 0.10 ... 0.95


def rating_of(value: float, bounds: Sequence[float]) -> int:
    """1-4 (again, hard, good, easy) for a value and three ascending bounds."""
    return 1 + sum(value >= bound for bound in bounds)


def fit_cutoffs(pairs: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """The cut-offs on the score that best reproduce the people's ratings, from (score, grade)."""
    wanted = [(score, rating_of(grade, GRADE_BOUNDS)) for score, grade in pairs]
    best: tuple[tuple[int, int, float], tuple[float, float, float]] | None = None
    for bounds in combinations(GRID, 3):
        agree = distance = 0
        for score, rating in wanted:
            got = rating_of(score, bounds)
            agree += got == rating
            distance += abs(got - rating)
        closeness = sum(abs(b - g) for b, g in zip(bounds, GRADE_BOUNDS, strict=True))
        key = (-agree, distance, round(closeness, 6))
        if best is None or key < best[0]:
            best = (key, bounds)
    assert best is not None
    return best[1]


def agreement(pairs: Sequence[tuple[float, float]], bounds: Sequence[float]) -> float:
    """The share of answers whose suggested rating is the people's."""
    if not pairs:
        return 0.0
    same = sum(rating_of(s, bounds) == rating_of(g, GRADE_BOUNDS) for s, g in pairs)
    return same / len(pairs)
