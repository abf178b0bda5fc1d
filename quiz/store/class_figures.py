"""Read-only figures across profiles, for the cohort report: one query per figure, grouped by
profile, over whatever rows the session's role may read (on PostgreSQL an instructor reads
every learner's, a learner only their own). On a cohort's database the learners are the
profiles of its learner roles: a profile of any other role (the owner trying the app) is no
learner's, and the class's figures take the learners' profile ids."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from quiz.store.cohort import learner_names
from quiz.store.items import removed_items
from quiz.store.models import Card, DailyActivity, PointActivity, Profile


def learners(session: Session) -> list[tuple[int, str, float]]:
    """(id, name, desired retention) of every learner's profile, by name."""
    query = select(Profile.id, Profile.name, Profile.desired_retention).order_by(Profile.name)
    names = learner_names(session)
    if names is not None:
        query = query.where(Profile.name.in_(names))
    return [(pid, name, float(target)) for pid, name, target in session.execute(query)]


def due_by_profile(session: Session, now: datetime, today: datetime) -> dict[int, tuple[int, int]]:
    """Per profile: (cards due now, of which due before today began: overdue)."""
    query = (
        select(
            Card.profile_id,
            func.count(),
            func.sum(case((Card.due < today, 1), else_=0)),
        )
        .where(
            Card.due <= now,
            Card.suspended.is_(False),
            or_(Card.buried_until.is_(None), Card.buried_until <= now),
            Card.item_id.not_in(removed_items()),
        )
        .group_by(Card.profile_id)
    )
    return {pid: (int(due), int(overdue or 0)) for pid, due, overdue in session.execute(query)}


def activity_by_profile(session: Session, since_day: str) -> dict[int, tuple[int, int, int]]:
    """Per profile, over the days from since_day (ISO): (answers, mature reviews, recalled)."""
    query = (
        select(
            DailyActivity.profile_id,
            func.sum(DailyActivity.answers),
            func.sum(DailyActivity.mature_reviews),
            func.sum(DailyActivity.mature_passed),
        )
        .where(DailyActivity.day >= since_day)
        .group_by(DailyActivity.profile_id)
    )
    return {
        pid: (int(answers or 0), int(reviews or 0), int(passed or 0))
        for pid, answers, reviews, passed in session.execute(query)
    }


def missed_points(
    session: Session, profiles: Collection[int], top: int
) -> list[tuple[str, str, int, int, int]]:
    """(item, point, times missed, times asked, learners who missed it) of the rubric points
    the profiles missed most."""
    missed = func.sum(PointActivity.missed)
    query = (
        select(
            PointActivity.item_id,
            PointActivity.point_id,
            missed,
            func.sum(PointActivity.asked),
            func.sum(case((PointActivity.missed > 0, 1), else_=0)),
        )
        .where(PointActivity.profile_id.in_(profiles))
        .group_by(PointActivity.item_id, PointActivity.point_id)
        .having(missed > 0)
        .order_by(missed.desc(), PointActivity.item_id, PointActivity.point_id)
        .limit(top)
    )
    return [
        (item, point, int(m), int(a), int(n)) for item, point, m, a, n in session.execute(query)
    ]


def struggling_items(
    session: Session, profiles: Collection[int], below: float, top: int
) -> list[tuple[str, int, int]]:
    """(item, profiles whose running answer quality on it is below `below`, profiles that
    answered it) for the items the most of the profiles struggle with."""
    failing = func.sum(case((func.coalesce(Card.quality, 0.0) < below, 1), else_=0))
    query = (
        select(Card.item_id, failing, func.count())
        .where(
            Card.profile_id.in_(profiles),
            Card.last_review.is_not(None),
            Card.item_id.not_in(removed_items()),
        )
        .group_by(Card.item_id)
        .having(failing > 0)
        .order_by(failing.desc(), Card.item_id)
        .limit(top)
    )
    return [(item, int(n), int(total)) for item, n, total in session.execute(query)]
