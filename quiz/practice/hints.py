"""Help with an answer, and what it costs: hints and retries.

- A **hint** reveals the next criterion of the item's rubric, one at a time, before the answer is
  submitted. An answer given with any hint is rated at most `HINT_CAP` (hard): the suggestion,
  the learner's own rating and any later re-rating alike, since the answer was not recalled
  unaided. The number of hints is recorded on the attempt (`attempts.hints`).
- A **retry**, after the feedback, answers the same item again with the first text kept, to add
  the missing point. The feedback showed the model answer, so a retry is not recall: it is
  recorded (`attempts.retry`, graded and shown, counted as an answer of the day) but never
  scheduled. The card keeps the first answer's review, which the learner may still re-rate
  through the usual path while the retry is not on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select

from quiz.bank.model import Item
from quiz.practice.outcome import Graded
from quiz.srs.ratings import Rating
from quiz.store.models import Attempt
from quiz.store.store import Store

HINT_CAP = Rating.HARD  # the best rating of an answer given with a hint


@dataclass(frozen=True, slots=True)
class Aid:
    """What helped an answer: hints revealed before it, and whether it is a retry."""

    hints: int = 0
    retry: bool = False


UNAIDED = Aid()


def hints_available(item: Item) -> int:
    """How many hints the item has: one per rubric criterion."""
    return len(item.rubric)


def hints_shown(item: Item, count: int) -> tuple[str, ...]:
    """The first `count` criteria of the item's rubric, in the rubric's order."""
    return tuple(point.criterion for point in item.rubric[: max(count, 0)])


def capped_rating(rating: Rating, hints: int) -> Rating:
    """A rating under the hints' cap."""
    return min(rating, HINT_CAP) if hints > 0 else rating


def capped(graded: Graded, hints: int) -> Graded:
    """A verdict under the hints' cap, with a note saying so when it lowered a rating."""
    if hints <= 0:
        return graded
    final = capped_rating(graded.final, hints)
    suggested = None if graded.suggested is None else capped_rating(graded.suggested, hints)
    if final == graded.final and suggested == graded.suggested:
        return graded
    noun = "hint" if hints == 1 else "hints"
    note = f"{hints} {noun} used: rated at most {HINT_CAP.label}"
    return replace(graded, final=final, suggested=suggested, notes=(*graded.notes, note))


def attempt_hints(store: Store, profile_id: int, attempt_id: int) -> int:
    """How many hints an attempt of the profile was given with (0 if there is no such one)."""
    with store.read() as session:
        found = session.scalar(
            select(Attempt.hints).where(Attempt.id == attempt_id, Attempt.profile_id == profile_id)
        )
    return int(found or 0)
