"""FSRS ratings by name or number, and the rating a score suggests (DESIGN section 3)."""

from __future__ import annotations

RATINGS: dict[str, int] = {"again": 1, "hard": 2, "good": 3, "easy": 4}
NAMES: dict[int, str] = {number: name for name, number in RATINGS.items()}


def parse_rating(text: str | int) -> int:
    """'again'/'hard'/'good'/'easy' or 1-4 -> 1-4; ValueError names the offending value."""
    value = str(text).strip().lower()
    if value in RATINGS:
        return RATINGS[value]
    if value in {"1", "2", "3", "4"}:
        return int(value)
    raise ValueError(f"rating must be again, hard, good, easy or 1-4, not {text!r}")


def rating_for_score(score: float) -> int:
    """Below 0.6 again, 0.6-0.8 hard, 0.8-0.95 good, 0.95 and up easy."""
    if score < 0.6:
        return 1
    if score < 0.8:
        return 2
    if score < 0.95:
        return 3
    return 4


def rating_for_check(correct: bool) -> int:
    """A numeric answer: right is good, wrong is again."""
    return 3 if correct else 1
