"""Activity roll-ups kept with every answer (per day, topic and rubric point), so stats never
scan the attempts."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from quiz.srs.ratings import CardPhase
from quiz.store.models import Attempt, DailyActivity, PointActivity, TopicActivity


def _bump(session: Session, model: Any, key: dict[str, Any], **deltas: float) -> None:
    row = session.get(model, tuple(key.values()))
    if row is None:
        row = model(**key, **{name: 0 for name in deltas})
        session.add(row)
    for name, delta in deltas.items():
        setattr(row, name, getattr(row, name) + delta)


def record_activity(session: Session, attempt: Attempt, topic: str, sign: int = 1) -> None:
    """Count an answer (sign +1) or take it back (sign -1) in the roll-ups."""
    pid = attempt.profile_id
    mature = attempt.state_before == CardPhase.REVIEW and attempt.scheduled
    passed = mature and attempt.final_rating != 1
    day = attempt.created_at.date().isoformat()
    _bump(
        session,
        DailyActivity,
        {"profile_id": pid, "day": day},
        answers=sign,
        scored=sign * (attempt.score is not None),
        score_sum=sign * (attempt.score or 0.0),
        mature_reviews=sign * mature,
        mature_passed=sign * passed,
    )
    scored = attempt.score is not None
    _bump(
        session,
        TopicActivity,
        {"profile_id": pid, "topic": topic},
        answers=sign,
        scored=sign * scored,
        score_sum=sign * (attempt.score or 0.0),
    )
    for point in json.loads(attempt.points):
        _bump(
            session,
            PointActivity,
            {"profile_id": pid, "item_id": attempt.item_id, "point_id": point["id"]},
            asked=sign,
            missed=sign * (not point["hit"]),
        )


def rerate_activity(session: Session, attempt: Attempt, old_rating: int) -> None:
    """A mature review's rating changed: move it between passed and failed."""
    if attempt.state_before != CardPhase.REVIEW or not attempt.scheduled:
        return
    delta = int(attempt.final_rating != 1) - int(old_rating != 1)
    if delta:
        key = {"profile_id": attempt.profile_id, "day": attempt.created_at.date().isoformat()}
        _bump(session, DailyActivity, key, mature_passed=delta)
