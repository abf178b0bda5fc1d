"""Mock interview sessions: opened with their questions, finished with their saved report."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.store.models import Attempt, InterviewSession


def open_interview(
    session: Session,
    *,
    uid: str,
    profile_id: int,
    started_at: datetime,
    item_ids: list[str],
    seconds_per_question: int,
) -> int:
    """Record a new interview session; returns its id."""
    row = InterviewSession(
        uid=uid,
        profile_id=profile_id,
        started_at=started_at,
        item_ids=json.dumps(item_ids),
        seconds_per_question=seconds_per_question,
    )
    session.add(row)
    session.flush()
    return row.id


def interview(session: Session, profile_id: int, interview_id: int) -> InterviewSession | None:
    """The profile's interview with that id (None for another profile's)."""
    row = session.get(InterviewSession, interview_id)
    return row if row is not None and row.profile_id == profile_id else None


def interview_attempts(session: Session, profile_id: int, interview_id: int) -> list[Attempt]:
    """The answers given in an interview (not undone), in the order given."""
    query = (
        select(Attempt)
        .where(
            Attempt.profile_id == profile_id,
            Attempt.interview_id == interview_id,
            Attempt.undone.is_(False),
        )
        .order_by(Attempt.id)
    )
    return list(session.scalars(query))


def save_report(
    session: Session, interview_id: int, finished_at: datetime, report: dict[str, Any]
) -> None:
    row = session.get(InterviewSession, interview_id)
    if row is not None:
        row.finished_at = finished_at
        row.report = json.dumps(report)


def finished_interviews(
    session: Session, profile_id: int, limit: int = 20
) -> list[InterviewSession]:
    query = (
        select(InterviewSession)
        .where(InterviewSession.profile_id == profile_id, InterviewSession.finished_at.is_not(None))
        .order_by(InterviewSession.finished_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
