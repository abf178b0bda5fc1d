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


Change = tuple[Any, tuple[tuple[str, Any], ...], dict[str, float]]  # model, key, deltas


def _changes(attempt: Attempt, topic: str, sign: int) -> list[Change]:
    """What one answer adds (sign +1) to, or takes back (sign -1) from, each roll-up row."""
    pid = attempt.profile_id
    mature = attempt.state_before == CardPhase.REVIEW and attempt.scheduled
    passed = mature and attempt.final_rating != 1
    scored = attempt.score is not None
    score = sign * (attempt.score or 0.0)
    changes: list[Change] = [
        (
            DailyActivity,
            (("profile_id", pid), ("day", attempt.created_at.date().isoformat())),
            {
                "answers": sign,
                "scored": sign * scored,
                "score_sum": score,
                "mature_reviews": sign * mature,
                "mature_passed": sign * passed,
            },
        ),
        (
            TopicActivity,
            (("profile_id", pid), ("topic", topic)),
            {"answers": sign, "scored": sign * scored, "score_sum": score},
        ),
    ]
    for point in json.loads(attempt.points):
        key = (("profile_id", pid), ("item_id", attempt.item_id), ("point_id", point["id"]))
        changes.append((PointActivity, key, {"asked": sign, "missed": sign * (not point["hit"])}))
    return changes


def record_activity(session: Session, attempt: Attempt, topic: str, sign: int = 1) -> None:
    """Count an answer (sign +1) or take it back (sign -1) in the roll-ups (one flush for all
    of them, not one per row looked up)."""
    with session.no_autoflush:
        for model, key, deltas in _changes(attempt, topic, sign):
            _bump(session, model, dict(key), **deltas)


def record_activities(session: Session, answers: list[tuple[Attempt, str]]) -> None:
    """Count many answers (with their topics) at once: each roll-up row is touched once."""
    totals: dict[tuple[Any, tuple[tuple[str, Any], ...]], dict[str, float]] = {}
    for attempt, topic in answers:
        for model, key, deltas in _changes(attempt, topic, 1):
            row = totals.setdefault((model, key), dict.fromkeys(deltas, 0.0))
            for name, delta in deltas.items():
                row[name] += delta
    with session.no_autoflush:
        for (model, key), deltas in totals.items():
            _bump(session, model, dict(key), **deltas)


def rerate_activity(session: Session, attempt: Attempt, old_rating: int) -> None:
    """A mature review's rating changed: move it between passed and failed."""
    if attempt.state_before != CardPhase.REVIEW or not attempt.scheduled:
        return
    delta = int(attempt.final_rating != 1) - int(old_rating != 1)
    if delta:
        key = {"profile_id": attempt.profile_id, "day": attempt.created_at.date().isoformat()}
        _bump(session, DailyActivity, key, mature_passed=delta)
