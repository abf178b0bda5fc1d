"""What grading an answer decided, and what recording it changed: one typed result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from quiz.srs.ratings import Rating

if TYPE_CHECKING:  # imported when used: opening the engine should not load the scorer
    from quiz.grading.results import ScoreResult
    from quiz.problems.check import Verdict
    from quiz.problems.generate import Instance
    from quiz.store.answers import Rerated


@dataclass(frozen=True, slots=True, kw_only=True)
class Graded:
    """An answer judged: by its rubric, by the calculator, or by the learner's own rating."""

    score: float | None
    correct: bool | None
    suggested: Rating | None
    final: Rating
    seed: int | None = None
    grade: ScoreResult | None = None  # a free-text answer scored against its rubric
    verdict: Verdict | None = None  # a numeric answer checked
    instance: Instance | None = None  # the numeric problem answered
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """A graded and recorded answer."""

    attempt_id: int
    item_id: str
    kind: str
    mode: str
    graded: Graded
    scheduled: bool
    due: datetime | None
    changed: bool = False  # the item's text changed since the learner last saw it
    follow_ups: tuple[str, ...] = ()

    @property
    def score(self) -> float | None:
        return self.graded.score

    @property
    def correct(self) -> bool | None:
        return self.graded.correct

    @property
    def suggested(self) -> Rating | None:
        return self.graded.suggested

    @property
    def final(self) -> Rating:
        return self.graded.final

    @property
    def seed(self) -> int | None:
        return self.graded.seed

    @property
    def grade(self) -> ScoreResult | None:
        return self.graded.grade

    @property
    def verdict(self) -> Verdict | None:
        return self.graded.verdict

    @property
    def instance(self) -> Instance | None:
        return self.graded.instance

    @property
    def notes(self) -> tuple[str, ...]:
        return self.graded.notes

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "attempt": self.attempt_id,
            "id": self.item_id,
            "kind": self.kind,
            "mode": self.mode,
            "score": None if self.score is None else round(self.score, 4),
            "correct": self.correct,
            "suggested_rating": self.suggested.label if self.suggested else None,
            "rating": self.final.label,
            "scheduled": self.scheduled,
            "due": self.due.isoformat() if self.due else None,
            "seed": self.seed,
            "follow_ups": list(self.follow_ups),
            "changed": self.changed,
            "notes": list(self.notes),
        }
        if self.grade is not None:
            document["points"] = [p.to_json() for p in self.grade.points]
            document["misconceptions"] = [m.to_json() for m in self.grade.misconceptions]
        if self.verdict is not None and self.instance is not None:
            from quiz.problems.generate import check_json

            document["check"] = check_json(self.instance, self.verdict)
        return document


def rerated_outcome(done: Rerated, kind: str) -> Outcome:
    """The outcome of an attempt whose rating was replaced."""
    return Outcome(
        attempt_id=done.attempt_id,
        item_id=done.item_id,
        kind=kind,
        mode=done.mode,
        graded=Graded(
            score=done.score,
            correct=done.correct,
            suggested=Rating(done.suggested) if done.suggested else None,
            final=Rating(done.final),
            seed=done.seed,
        ),
        scheduled=done.scheduled,
        due=done.due,
    )
