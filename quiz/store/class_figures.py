"""Read-only figures across profiles, for the cohort report: one query per figure, grouped by
profile, over whatever rows the session's role may read (on PostgreSQL an instructor reads
every learner's, a learner only their own). On a cohort's database the learners are the
profiles of its learner roles: a profile of any other role (the owner trying the app) is no
learner's, and the class's figures take the learners' profile ids.

A learner can write their own rows (on PostgreSQL, through plain SQL too), so no figure trusts
them: a card with a stability that is not a positive number of days up to `MAX_STABILITY` or a
quality outside 0..1 (NaN included: PostgreSQL orders it above every number), or a roll-up row
with a count outside 0..`MAX_COUNT` or more recalled than reviewed, more missed than asked, is
left out of every figure and counted for its learner (`ignored_rows`). The class's lists rank
by how many learners share a weakness before by how often, so one learner cannot fill them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, not_, or_, select, tuple_
from sqlalchemy.orm import Session

from quiz.srs import forgetting
from quiz.store.cohort import learner_names
from quiz.store.items import removed_items
from quiz.store.models import Card, DailyActivity, PointActivity, Profile, StoredItem

MAX_COUNT = 10_000  # answers in a day, or asks of one point by one learner: beyond is forged
MAX_STABILITY = 100_000.0  # days (FSRS's intervals stay under a century)


def _within(column: Any, low: object, high: object) -> ColumnElement[bool]:
    return and_(column >= low, column <= high)


VALID_CARD = and_(
    or_(Card.stability.is_(None), and_(Card.stability > 0, Card.stability <= MAX_STABILITY)),
    or_(Card.quality.is_(None), _within(Card.quality, 0.0, 1.0)),
)
VALID_DAY = and_(
    _within(DailyActivity.answers, 0, MAX_COUNT),
    _within(DailyActivity.mature_reviews, 0, MAX_COUNT),
    _within(DailyActivity.mature_passed, 0, DailyActivity.mature_reviews),
)
VALID_POINT = and_(
    _within(PointActivity.asked, 0, MAX_COUNT),
    _within(PointActivity.missed, 0, PointActivity.asked),
    _within(PointActivity.claimed, 0, PointActivity.asked),
)


def learners(session: Session) -> list[tuple[int, str, float, int]]:
    """(id, name, desired retention, daily new limit) of every learner's profile, by name, as
    stored: a learner writes their own row, so the settings are the caller's to check."""
    query = select(
        Profile.id, Profile.name, Profile.desired_retention, Profile.daily_new_limit
    ).order_by(Profile.name)
    names = learner_names(session)
    if names is not None:
        query = query.where(Profile.name.in_(names))
    return [(pid, name, float(target), int(n)) for pid, name, target, n in session.execute(query)]


def _known(points: Collection[tuple[str, str]]) -> ColumnElement[bool]:
    """The row is of a rubric point the bank's item has (a learner can insert any ids)."""
    return tuple_(PointActivity.item_id, PointActivity.point_id).in_(list(points))


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
            VALID_CARD,
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
        .where(DailyActivity.day >= since_day, VALID_DAY)
        .group_by(DailyActivity.profile_id)
    )
    return {
        pid: (int(answers or 0), int(reviews or 0), int(passed or 0))
        for pid, answers, reviews, passed in session.execute(query)
    }


def missed_points(
    session: Session, profiles: Collection[int], points: Collection[tuple[str, str]], top: int
) -> list[tuple[str, str, int, int, int]]:
    """(item, point, times missed, times asked, learners who missed it) of the rubric points
    the most of the profiles missed (then the most often), among the known (item, point)s."""
    missed = func.sum(PointActivity.missed)
    learners = func.sum(case((PointActivity.missed > 0, 1), else_=0))
    query = (
        select(
            PointActivity.item_id,
            PointActivity.point_id,
            missed,
            func.sum(PointActivity.asked),
            learners,
        )
        .where(PointActivity.profile_id.in_(profiles), VALID_POINT, _known(points))
        .group_by(PointActivity.item_id, PointActivity.point_id)
        .having(missed > 0)
        .order_by(learners.desc(), missed.desc(), PointActivity.item_id, PointActivity.point_id)
        .limit(top)
    )
    return [
        (item, point, int(m), int(a), int(n)) for item, point, m, a, n in session.execute(query)
    ]


def claims_by_profile(
    session: Session, profiles: Collection[int], points: Collection[tuple[str, str]]
) -> dict[int, int]:
    """Per profile: how many rubric points they claimed (the scorer missed them; the learner
    says they said them), among the known (item, point)s."""
    query = (
        select(PointActivity.profile_id, func.sum(PointActivity.claimed))
        .where(PointActivity.profile_id.in_(profiles), VALID_POINT, _known(points))
        .group_by(PointActivity.profile_id)
    )
    return {pid: int(n or 0) for pid, n in session.execute(query)}


def claimed_points(
    session: Session, profiles: Collection[int], points: Collection[tuple[str, str]], top: int
) -> list[tuple[str, str, int, int]]:
    """(item, point, times claimed, learners who claimed it) of the rubric points the most of
    the profiles claimed (then the most often): where the rubric misses what learners say."""
    claimed = func.sum(PointActivity.claimed)
    learners = func.sum(case((PointActivity.claimed > 0, 1), else_=0))
    query = (
        select(PointActivity.item_id, PointActivity.point_id, claimed, learners)
        .where(PointActivity.profile_id.in_(profiles), VALID_POINT, _known(points))
        .group_by(PointActivity.item_id, PointActivity.point_id)
        .having(claimed > 0)
        .order_by(learners.desc(), claimed.desc(), PointActivity.item_id, PointActivity.point_id)
        .limit(top)
    )
    return [(item, point, int(c), int(n)) for item, point, c, n in session.execute(query)]


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
            VALID_CARD,
        )
        .group_by(Card.item_id)
        .having(failing > 0)
        .order_by(failing.desc(), Card.item_id)
        .limit(top)
    )
    return [(item, int(n), int(total)) for item, n, total in session.execute(query)]


def mastery_by_profile(
    session: Session, profiles: Collection[int], now: datetime
) -> dict[tuple[int, str], float]:
    """Per (profile, topic): the mean of recall times answer quality over the profile's valid
    reviewed cards of live items (`figures.mastery_rows`' mastery), each within 0..1."""
    query = (
        select(Card.profile_id, StoredItem.topic, Card.stability, Card.quality, Card.last_review)
        .join(StoredItem, Card.item_id == StoredItem.id)
        .where(
            Card.profile_id.in_(profiles),
            StoredItem.removed.is_(False),
            Card.stability.is_not(None),
            Card.last_review.is_not(None),
            VALID_CARD,
        )
    )
    found: dict[tuple[int, str], list[float]] = defaultdict(list)
    for pid, topic, stability, quality, last in session.execute(query):
        seen = last if last.tzinfo is not None else last.replace(tzinfo=UTC)
        days = max((now - seen).total_seconds() // 86400, 0.0)
        found[pid, topic].append(forgetting.recall(days, stability) * float(quality or 0.0))
    return {key: sum(values) / len(values) for key, values in found.items()}


def ignored_rows(session: Session, profiles: Collection[int]) -> dict[int, int]:
    """Per profile: its rows the figures leave out (invalid values), when there are any."""
    counts: dict[int, int] = defaultdict(int)
    for column, valid in (
        (Card.profile_id, VALID_CARD),
        (DailyActivity.profile_id, VALID_DAY),
        (PointActivity.profile_id, VALID_POINT),
    ):
        query = (
            select(column, func.count()).where(column.in_(profiles), not_(valid)).group_by(column)
        )
        for pid, n in session.execute(query):
            counts[pid] += int(n)
    return dict(counts)


def unknown_points(
    session: Session, profiles: Collection[int], points: Collection[tuple[str, str]]
) -> dict[int, int]:
    """Per profile: its rubric point rows of no known (item, point), when there are any."""
    query = (
        select(PointActivity.profile_id, func.count())
        .where(PointActivity.profile_id.in_(profiles), not_(_known(points)))
        .group_by(PointActivity.profile_id)
    )
    return {pid: int(n) for pid, n in session.execute(query)}
