"""An item's answer history: the learner's past answers to it, with their scores, ratings and the
rubric points they missed, newest first (answers taken back with undo are left out)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from quiz.srs.ratings import Rating
from quiz.store import queries
from quiz.store.rollups import claimed_points

if TYPE_CHECKING:
    from quiz.practice.engine import Practice


@dataclass(frozen=True, slots=True, kw_only=True)
class PastAnswer:
    """One recorded answer to an item."""

    attempt_id: int
    at: datetime
    mode: str
    answer: str
    score: float | None  # free text: the rubric's score
    correct: bool | None  # numeric problems: right or wrong
    suggested: Rating | None
    final: Rating
    missed: tuple[tuple[str, str], ...]  # (rubric point id, its criterion: '' if gone)
    seed: int | None
    claimed: tuple[tuple[str, str], ...] = ()  # points the learner claimed (not found)

    def to_json(self) -> dict[str, Any]:
        return {
            "attempt": self.attempt_id,
            "at": self.at.isoformat(),
            "mode": self.mode,
            "answer": self.answer,
            "score": self.score,
            "correct": self.correct,
            "suggested_rating": self.suggested.label if self.suggested else None,
            "rating": self.final.label,
            "missed": [{"id": p, "criterion": c} for p, c in self.missed],
            "seed": self.seed,
            "claimed": [{"id": p, "criterion": c} for p, c in self.claimed],
        }


def _missed(points: str) -> list[str]:
    try:
        rows = json.loads(points)
    except ValueError:
        return []
    if not isinstance(rows, list):
        return []
    return [
        str(row["id"]) for row in rows if isinstance(row, dict) and "id" in row and not row["hit"]
    ]


def item_history(practice: Practice, item_id: str) -> list[PastAnswer]:
    """The learner's answers to an item of the bank, newest first; PracticeError for an id the
    bank does not hold."""
    practice.entry(item_id)
    bank = practice.bank
    with practice.store.read() as session:
        rows = queries.attempts(session, practice.profile_id, item_id)
        out = [
            PastAnswer(
                attempt_id=row.id,
                at=row.created_at,
                mode=row.mode,
                answer=row.answer,
                score=row.score,
                correct=row.correct,
                suggested=Rating(row.suggested_rating) if row.suggested_rating else None,
                final=Rating(row.final_rating),
                missed=tuple(
                    (p, bank.criterion(item_id, p))
                    for p in _missed(row.points)
                    if p not in claimed_points(row)
                ),
                seed=row.seed,
                claimed=tuple(
                    (p, bank.criterion(item_id, p))
                    for p in _missed(row.points)
                    if p in claimed_points(row)
                ),
            )
            for row in rows
            if not row.undone
        ]
    return out[::-1]


def verdict(past: PastAnswer) -> str:
    """'score 0.75', 'right' or 'wrong', and the rating ('rated good, suggested hard')."""
    if past.score is not None:
        graded = f"score {past.score:.2f}"
    elif past.correct is not None:
        graded = "right" if past.correct else "wrong"
    else:
        graded = "self-rated"
    rated = f"rated {past.final.label}"
    if past.suggested is not None and past.suggested != past.final:
        rated += f" (suggested {past.suggested.label})"
    return f"{graded}, {rated}"


def history_text(item_id: str, title: str, answers: list[PastAnswer]) -> str:
    """The history as lines for the terminal."""
    lines = [f"{item_id}  {title}"]
    if not answers:
        lines.append("No answers yet.")
        return "\n".join(lines)
    lines.append(f"{len(answers)} answer(s), newest first")
    for past in answers:
        lines += ["", f"{past.at:%Y-%m-%d %H:%M} UTC  {past.mode}  {verdict(past)}"]
        for point, criterion in past.missed:
            lines.append(f"  missed: {criterion or point}")
        for point, criterion in past.claimed:
            lines.append(f"  claimed: {criterion or point}")
        lines.append(f"  answer: {' '.join(past.answer.split())}")
    return "\n".join(lines)
