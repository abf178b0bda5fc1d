"""FSRS ratings and card states as enums, the rating a score suggests, and what counts as a lapse.

The score-to-rating cut-offs live here and nowhere else: grading, the engine, the CLI and the app
all ask `rating_for_score`.
"""

from __future__ import annotations

from enum import IntEnum


class Rating(IntEnum):
    """How well an item was recalled (FSRS's four buttons)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str | int) -> Rating:
        """'again'/'hard'/'good'/'easy' or 1-4; ValueError names the offending value."""
        value = str(text).strip().lower()
        for rating in cls:
            if value in (rating.label, str(rating.value)):
                return rating
        raise ValueError(f"rating must be again, hard, good, easy or 1-4, not {text!r}")


class CardPhase(IntEnum):
    """Where a card is in FSRS's cycle (the same numbers as `fsrs.State`); an item never answered
    has no card at all."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3

    @property
    def label(self) -> str:
        return self.name.lower()


SCORE_CUTOFFS: tuple[tuple[float, Rating], ...] = (
    (0.5, Rating.AGAIN),
    (0.8, Rating.HARD),
    (0.95, Rating.GOOD),
)
"""A score below the first bound is rated with its rating, and so on; from the last bound, easy.
Fitted, not hand-set: `quiz.grading.calibration.fit_cutoffs` on the labelled answers of
tests/data/graded_answers.yaml and graded_answers_heldout.yaml (tests/test_calibration.py refits
them and fails if these differ)."""


def rating_for_score(score: float) -> Rating:
    """Below 0.5 again, 0.5-0.8 hard, 0.8-0.95 good, 0.95 and up easy (see SCORE_CUTOFFS)."""
    for bound, rating in SCORE_CUTOFFS:
        if score < bound:
            return rating
    return Rating.EASY


def rating_for_check(correct: bool) -> Rating:
    """A numeric answer: right is good, wrong is again."""
    return Rating.GOOD if correct else Rating.AGAIN


def is_lapse(phase_before: int | None, rating: int) -> bool:
    """A card in review that is rated again has lapsed (forgotten after being learned)."""
    return phase_before == CardPhase.REVIEW and rating == Rating.AGAIN


QUALITY_OF_RATING: dict[Rating, float] = {
    Rating.AGAIN: 0.0,
    Rating.HARD: 0.5,
    Rating.GOOD: 0.8,
    Rating.EASY: 1.0,
}
"""How well a self-rated answer went, on the score's 0-1 scale."""

QUALITY_WEIGHT = 0.5  # the newest answer's share of an item's running quality


def answer_quality(score: float | None, rating: int, suggested: int | None = None) -> float:
    """How well one answer went, 0-1: its score, or for a self-rated answer its rating. A
    learner who overrides the suggested rating knows better than the scorer: rated lower, the
    quality is at most their rating's; rated higher, at least."""
    if score is None:
        return QUALITY_OF_RATING[Rating(rating)]
    if suggested is None or rating == suggested:
        return score
    own = QUALITY_OF_RATING[Rating(rating)]
    return min(score, own) if rating < suggested else max(score, own)


def running_quality(before: float | None, quality: float) -> float:
    """An item's answer quality weighted toward the recent: each answer counts half, the answers
    before it the other half (so two failures in a row leave at most a quarter of old credit)."""
    return quality if before is None else before + QUALITY_WEIGHT * (quality - before)
