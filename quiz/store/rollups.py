"""Activity roll-ups kept with every answer (per day, topic and rubric point), so stats never
scan the attempts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from quiz.srs.ratings import CardPhase
from quiz.store.models import Attempt, DailyActivity, PointActivity, TopicActivity

Change = tuple[Any, tuple[tuple[str, Any], ...], dict[str, float]]  # model, key, deltas


def _bump(session: Session, changes: Iterable[Change]) -> None:
    """Add each change's deltas to its row, made at zero if missing: one upsert statement per
    roll-up table (SQLite and PostgreSQL both have INSERT ... ON CONFLICT DO UPDATE), instead of
    looking every row up first."""
    rows: dict[Any, list[dict[str, Any]]] = {}
    for model, key, deltas in changes:
        rows.setdefault(model, []).append({**dict(key), **deltas})
    postgres = session.get_bind().dialect.name == "postgresql"
    for model, values in rows.items():
        table = model.__table__
        statement = _upsert(table, postgres)
        keys = [column.name for column in table.primary_key]
        added = {
            name: table.c[name] + statement.excluded[name] for name in values[0] if name not in keys
        }
        session.execute(statement.on_conflict_do_update(index_elements=keys, set_=added), values)


def _upsert(table: Table, postgres: bool) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT (both dialects are loaded already: the models' partial indexes
    name them)."""
    return postgresql.insert(table) if postgres else sqlite.insert(table)


def _changes(attempt: Attempt, topic: str, sign: int) -> list[Change]:
    """What one answer adds (sign +1) to, or takes back (sign -1) from, each roll-up row."""
    pid = attempt.profile_id
    mature = attempt.state_before == CardPhase.REVIEW and attempt.scheduled
    passed = mature and attempt.final_rating != 1
    # A retry came after the model answer was shown: an answer of the day, but no measure of
    # recall, so it adds to neither the mean scores nor the points asked and missed.
    scored = attempt.score is not None and not attempt.retry
    score = sign * (attempt.score or 0.0) * scored
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
    claimed = claimed_points(attempt)  # counted apart: neither found nor missed
    for point in [] if attempt.retry else json.loads(attempt.points):
        key = (("profile_id", pid), ("item_id", attempt.item_id), ("point_id", point["id"]))
        mine = point["id"] in claimed
        deltas = {"asked": sign, "missed": sign * (not point["hit"] and not mine)}
        changes.append((PointActivity, key, {**deltas, "claimed": sign * mine}))
    return changes


def claimed_points(attempt: Attempt) -> frozenset[str]:
    """The points of an attempt that the learner claimed (none for most)."""
    if not attempt.claimed:
        return frozenset()
    try:  # a cohort's learner writes their own rows: anything but a list of ids is none
        found = json.loads(attempt.claimed)
    except ValueError:
        return frozenset()
    return (
        frozenset(p for p in found if isinstance(p, str))
        if isinstance(found, list)
        else frozenset()
    )


def stored_claims(points: Iterable[str]) -> str | None:
    """Claimed point ids as an attempt keeps them: a sorted JSON list, or None for none."""
    ids = sorted(set(points))
    return json.dumps(ids) if ids else None


def claim_activity(
    session: Session, attempt: Attempt, topic: str, before: frozenset[str], old_score: float
) -> None:
    """An attempt's claims changed (from `before`, its score from `old_score`): move its points
    between missed and claimed, and its score in the day's and topic's sums."""
    if attempt.retry:  # a retry counts in no mean score and no missed point
        return
    pid, after = attempt.profile_id, claimed_points(attempt)
    delta = (attempt.score or 0.0) - old_score
    changes: list[Change] = [
        (
            DailyActivity,
            (("profile_id", pid), ("day", attempt.created_at.date().isoformat())),
            {"score_sum": delta},
        ),
        (TopicActivity, (("profile_id", pid), ("topic", topic)), {"score_sum": delta}),
    ]
    for point in sorted(before ^ after):
        key = (("profile_id", pid), ("item_id", attempt.item_id), ("point_id", point))
        moved = 1 if point in after else -1
        changes.append((PointActivity, key, {"missed": -moved, "claimed": moved}))
    _bump(session, changes)


def record_activity(session: Session, attempt: Attempt, topic: str, sign: int = 1) -> None:
    """Count an answer (sign +1) or take it back (sign -1) in the roll-ups."""
    _bump(session, _changes(attempt, topic, sign))


def record_activities(session: Session, answers: list[tuple[Attempt, str]]) -> None:
    """Count many answers (with their topics) at once: each roll-up row is touched once."""
    totals: dict[tuple[Any, tuple[tuple[str, Any], ...]], dict[str, float]] = {}
    for attempt, topic in answers:
        for model, key, deltas in _changes(attempt, topic, 1):
            row = totals.setdefault((model, key), dict.fromkeys(deltas, 0.0))
            for name, delta in deltas.items():
                row[name] += delta
    _bump(session, ((model, key, deltas) for (model, key), deltas in totals.items()))


def rerate_activity(session: Session, attempt: Attempt, old_rating: int) -> None:
    """A mature review's rating changed: move it between passed and failed."""
    if attempt.state_before != CardPhase.REVIEW or not attempt.scheduled:
        return
    delta = int(attempt.final_rating != 1) - int(old_rating != 1)
    if delta:
        key = (("profile_id", attempt.profile_id), ("day", attempt.created_at.date().isoformat()))
        _bump(session, [(DailyActivity, key, {"mature_passed": delta})])
