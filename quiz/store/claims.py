"""Claims on attempts: the rubric points the scorer missed that the learner says they stated
("I said this"). Written on the attempt (`attempts.claimed`, migration 0009) with its new score
and suggested rating, and moved in the roll-ups from missed to claimed; read back for authors
(`quiz claims`, `quiz rubric learn`) and for a cohort's instructor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quiz.store import locks
from quiz.store.models import Attempt, PointActivity, Profile
from quiz.store.rollups import claim_activity, claimed_points, stored_claims


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One attempt with points claimed, as an author reads it."""

    attempt_id: int
    profile: str
    item_id: str
    created_at: datetime
    points: tuple[str, ...]
    score: float | None
    answer: str


def set_claims(
    session: Session,
    profile_id: int,
    attempt_id: int,
    claimed: frozenset[str],
    score: float,
    suggested: int,
    topic: str,
) -> Attempt:
    """Replace an attempt's claims, with the score and suggested rating the scorer gave the
    answer under them; the roll-ups follow. Returns the attempt (in the session)."""
    locks.hold(session, locks.PROFILE, profile_id)
    attempt = session.get(Attempt, attempt_id)
    if attempt is None or attempt.profile_id != profile_id or attempt.undone:
        raise LookupError(f"no attempt {attempt_id} to claim a point of")
    before, old_score = claimed_points(attempt), attempt.score or 0.0
    attempt.claimed = stored_claims(claimed)
    attempt.score, attempt.suggested_rating = score, suggested
    session.flush()
    claim_activity(session, attempt, topic, before, old_score)
    return attempt


def claims(session: Session, item_id: str | None = None, limit: int = 1000) -> list[Claim]:
    """Attempts with claimed points (every profile the session may read), newest first."""
    query = (
        select(Attempt, Profile.name)
        .join(Profile, Profile.id == Attempt.profile_id)
        .where(Attempt.claimed.is_not(None), Attempt.undone.is_(False))
        .order_by(Attempt.id.desc())
        .limit(limit)
    )
    if item_id is not None:
        query = query.where(Attempt.item_id == item_id)
    return [
        Claim(
            attempt_id=attempt.id,
            profile=name,
            item_id=attempt.item_id,
            created_at=attempt.created_at,
            points=tuple(sorted(claimed_points(attempt))),
            score=attempt.score,
            answer=attempt.answer,
        )
        for attempt, name in session.execute(query)
    ]


def claimed_counts(session: Session, profile_id: int) -> Sequence[tuple[str, str, int]]:
    """(item, point, times claimed) of a profile, most claimed first."""
    rows = session.execute(
        select(PointActivity.item_id, PointActivity.point_id, PointActivity.claimed)
        .where(PointActivity.profile_id == profile_id, PointActivity.claimed > 0)
        .order_by(PointActivity.claimed.desc(), PointActivity.item_id, PointActivity.point_id)
    )
    return [(str(item), str(point), int(count)) for item, point, count in rows]


def claim_total(session: Session, profile_id: int) -> int:
    found = session.scalar(
        select(func.sum(PointActivity.claimed)).where(PointActivity.profile_id == profile_id)
    )
    return int(found or 0)
