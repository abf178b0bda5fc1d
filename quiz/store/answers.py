"""Recording answers: the attempt, its card's new schedule and the review log in one step, and
the corrections (re-rating, undo, suspend and bury). The practice engine calls these named
functions; it never touches the ORM rows itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.srs.deadline import Deadline, capped
from quiz.srs.ratings import answer_quality, is_lapse, running_quality
from quiz.srs.scheduler import CardState, Settings, new_card, review
from quiz.store import cohort, locks
from quiz.store.models import Attempt, Card, ReviewLog
from quiz.store.queries import card, card_state
from quiz.store.rollups import record_activity, rerate_activity


def last_scheduled_attempt(session: Session, card_id: int) -> Attempt | None:
    return session.scalar(
        select(Attempt)
        .where(Attempt.card_id == card_id, Attempt.undone.is_(False), Attempt.scheduled.is_(True))
        .order_by(Attempt.id.desc())
        .limit(1)
    )


def review_log(session: Session, attempt_id: int) -> ReviewLog | None:
    return session.scalar(select(ReviewLog).where(ReviewLog.attempt_id == attempt_id))


def review_days(session: Session, row: Card, moment: datetime) -> int:
    """Days after a card's introduction day on which it was reviewed, up to and including the
    review at `moment` (the count an interview date asks for). Found by profile and item, the
    attempts' index, not by card."""
    stamps = session.scalars(
        select(Attempt.created_at).where(
            Attempt.profile_id == row.profile_id,
            Attempt.item_id == row.item_id,
            Attempt.card_id == row.id,
            Attempt.undone.is_(False),
            Attempt.scheduled.is_(True),
            Attempt.created_at <= moment,
        )
    )
    return len({moment.date(), *(stamp.date() for stamp in stamps)}) - 1


def _scheduled(
    session: Session,
    settings: Settings,
    row: Card,
    before: CardState,
    rating: int,
    moment: datetime,
    duration_ms: int | None,
    deadline: Deadline | None,
) -> CardState:
    after = review(settings, before, rating, moment, duration_ms)
    if deadline is None:
        return after
    return capped(settings, after, moment, deadline, review_days(session, row, moment))


class RecordError(ValueError):
    """A correction the store cannot make; the message says why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerRecord:
    """Everything about one graded answer that the store keeps."""

    uid: str
    profile_id: int
    item_id: str
    topic: str
    content_hash: str
    rev: int
    created_at: datetime
    mode: str
    answer: str
    score: float | None
    correct: bool | None
    points: str  # JSON: [{"id": ..., "hit": ...}, ...]
    suggested: int | None
    final: int
    seed: int | None
    duration_ms: int | None
    scheduled: bool
    interview_id: int | None = None
    hints: int = 0  # rubric criteria revealed before submitting
    retry: bool = False  # a retry after feedback (never scheduled)


@dataclass(frozen=True, slots=True, kw_only=True)
class Recorded:
    """What recording an answer decided: its attempt, the card's next due date, and whether the
    item changed since the learner last saw it."""

    attempt_id: int
    due: datetime | None
    changed: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Rerated:
    """An attempt after its rating was replaced."""

    attempt_id: int
    item_id: str
    mode: str
    score: float | None
    correct: bool | None
    suggested: int | None
    final: int
    scheduled: bool
    due: datetime | None
    seed: int | None


def _with_quality(state: CardState, quality: float | None) -> str:
    """The card as it was before an answer (what undo restores), with its running quality."""
    return json.dumps({**json.loads(state.to_json()), "quality": quality})


def _quality_before(card_before: str | None) -> float | None:
    if not card_before:
        return None
    value = json.loads(card_before).get("quality")
    return float(value) if isinstance(value, int | float) else None


def _apply(row: Card, state: CardState) -> None:
    row.state, row.step = state.state, state.step
    row.stability, row.difficulty = state.stability, state.difficulty
    row.due, row.last_review = state.due, state.last_review


def new_card_row(
    session: Session,
    *,
    profile_id: int,
    item_id: str,
    content_hash: str,
    rev: int,
    state: CardState,
) -> Card:
    row = Card(
        profile_id=profile_id,
        item_id=item_id,
        reps=0,
        lapses=0,
        suspended=False,
        seen_hash=content_hash,
        seen_rev=rev,
    )
    _apply(row, state)
    session.add(row)
    session.flush()
    return row


def record_answer(
    session: Session, record: AnswerRecord, settings: Settings, deadline: Deadline | None = None
) -> Recorded:
    """Store the attempt and, when it is scheduled, review its card (created on first answer;
    its interval capped toward the interview date if there is one) and log the review; the
    roll-ups count it. All in the caller's transaction."""
    locks.hold(session, locks.PROFILE, record.profile_id)
    row = card(session, record.profile_id, record.item_id)
    changed = row is not None and row.seen_hash != record.content_hash
    attempt = Attempt(
        uid=record.uid,
        profile_id=record.profile_id,
        item_id=record.item_id,
        interview_id=record.interview_id,
        created_at=record.created_at,
        mode=record.mode,
        answer=record.answer,
        score=record.score,
        correct=record.correct,
        points=record.points,
        suggested_rating=record.suggested,
        final_rating=record.final,
        seed=record.seed,
        duration_ms=record.duration_ms,
        content_hash=record.content_hash,
        rev=record.rev,
        scheduled=record.scheduled,
        undone=False,
        hints=record.hints,
        retry=record.retry,
    )
    due = None
    if record.scheduled:
        if row is None:
            state = new_card(record.created_at)
            row = new_card_row(
                session,
                profile_id=record.profile_id,
                item_id=record.item_id,
                content_hash=record.content_hash,
                rev=record.rev,
                state=state,
            )
        else:
            state = card_state(row)
            attempt.card_before = _with_quality(state, row.quality)
            attempt.state_before = state.state
        after = _scheduled(
            session,
            settings,
            row,
            state,
            record.final,
            record.created_at,
            record.duration_ms,
            deadline,
        )
        _apply(row, after)
        row.reps += 1
        row.lapses += int(is_lapse(state.state, record.final))
        row.quality = running_quality(
            row.quality, answer_quality(record.score, record.final, record.suggested)
        )
        row.seen_hash, row.seen_rev = record.content_hash, record.rev
        due = after.due
    attempt.card_id = row.id if row is not None else None
    session.add(attempt)
    session.flush()
    record_activity(session, attempt, record.topic)
    if record.scheduled and row is not None:
        session.add(
            ReviewLog(
                attempt_id=attempt.id,
                card_id=row.id,
                rating=record.final,
                review_datetime=record.created_at,
                review_duration_ms=record.duration_ms,
            )
        )
    return Recorded(attempt_id=attempt.id, due=due, changed=changed)


def rerate_answer(
    session: Session,
    profile_id: int,
    attempt_id: int,
    rating: int,
    settings: Settings,
    deadline: Deadline | None = None,
) -> Rerated:
    """Replace the rating of an attempt (the latest of its card) and reschedule from it."""
    locks.hold(session, locks.PROFILE, profile_id)
    attempt = session.get(Attempt, attempt_id)
    if attempt is None or attempt.profile_id != profile_id or attempt.undone:
        raise RecordError(f"no attempt {attempt_id} to re-rate")
    due = None
    if attempt.scheduled and attempt.card_id is not None:
        latest = last_scheduled_attempt(session, attempt.card_id)
        if latest is None or latest.id != attempt.id:
            raise RecordError(
                f"attempt {attempt_id} is not the latest of {attempt.item_id}: only "
                "the last grade of an item can be re-rated"
            )
        row = session.get(Card, attempt.card_id)
        if row is None:
            raise RecordError(f"the card of attempt {attempt_id} is gone")
        before = (
            CardState.from_json(attempt.card_before)
            if attempt.card_before
            else new_card(attempt.created_at)
        )
        after = _scheduled(
            session,
            settings,
            row,
            before,
            rating,
            attempt.created_at,
            attempt.duration_ms,
            deadline,
        )
        row.lapses += int(is_lapse(before.state, rating)) - int(
            is_lapse(before.state, attempt.final_rating)
        )
        row.quality = running_quality(
            _quality_before(attempt.card_before),
            answer_quality(attempt.score, rating, attempt.suggested_rating),
        )
        _apply(row, after)
        log = review_log(session, attempt.id)
        if log is not None:
            log.rating = rating
        due = after.due
    old_rating, attempt.final_rating = attempt.final_rating, rating
    rerate_activity(session, attempt, old_rating)
    return Rerated(
        attempt_id=attempt.id,
        item_id=attempt.item_id,
        mode=attempt.mode,
        score=attempt.score,
        correct=attempt.correct,
        suggested=attempt.suggested_rating,
        final=rating,
        scheduled=attempt.scheduled,
        due=due,
        seed=attempt.seed,
    )


def undo_last_answer(
    session: Session, profile_id: int, topic_of: Callable[[str], str]
) -> Attempt | None:
    """Take back the profile's last graded answer: its card returns to the state before it (or
    goes, if the answer created it). Returns the attempt, detached, or None if there was none."""
    locks.hold(session, locks.PROFILE, profile_id)
    attempt = last_attempt(session, profile_id)
    if attempt is None:
        return None
    if attempt.scheduled and attempt.card_id is not None:
        row = session.get(Card, attempt.card_id)
        # Through cohort.forget: a cohort's learner may not delete rows itself (DELETE would
        # let them LOCK TABLE cards in any mode and stall the class).
        if row is not None and attempt.card_before is None:
            session.expunge(row)
            attempt.card_id = None
            session.flush()  # the attempt lets go of the card before the card goes
            cohort.forget(session, card_id=row.id, attempt_id=attempt.id)
        else:
            cohort.forget(session, attempt_id=attempt.id)
        if row is not None and attempt.card_before is not None:
            before = CardState.from_json(attempt.card_before or "")
            row.lapses -= int(is_lapse(before.state, attempt.final_rating))
            row.reps = max(row.reps - 1, 0)
            row.quality = _quality_before(attempt.card_before)
            _apply(row, before)
    attempt.undone = True
    record_activity(session, attempt, topic_of(attempt.item_id), sign=-1)
    session.flush()
    session.expunge(attempt)
    return attempt


def set_card_flags(
    session: Session,
    *,
    profile_id: int,
    item_id: str,
    content_hash: str,
    rev: int,
    now: datetime,
    **flags: Any,
) -> None:
    """Suspend, unsuspend or bury an item's card (one that stays new until answered is made
    for an item never answered)."""
    locks.hold(session, locks.PROFILE, profile_id)
    row = card(session, profile_id, item_id)
    if row is None:
        row = new_card_row(
            session,
            profile_id=profile_id,
            item_id=item_id,
            content_hash=content_hash,
            rev=rev,
            state=new_card(now),
        )
    for name, value in flags.items():
        setattr(row, name, value)


def last_attempt(session: Session, profile_id: int) -> Attempt | None:
    return session.scalar(
        select(Attempt)
        .where(Attempt.profile_id == profile_id, Attempt.undone.is_(False))
        .order_by(Attempt.id.desc())
        .limit(1)
    )
