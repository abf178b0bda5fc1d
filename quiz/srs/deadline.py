"""Scheduling toward an interview date: FSRS's intervals, capped so that every card is reviewed
enough times before the day and reaches the day with its predicted recall at or above a target.

The day is a UTC day (as everywhere in quiz). Until it starts, a card's next review is the earlier
of FSRS's due date and:
- while it has had fewer than `reviews` reviews on days after the day it was introduced: the days
  left shared evenly among the reviews still needed (at least the next day);
- when its predicted recall at the start of the day would fall below the target: the day before
  (at least the next day, so a card is never due again the same day because of the cap).
Once the day has started, plain FSRS resumes. Cards in a learning step (minutes) are not capped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from quiz.srs.ratings import CardPhase
from quiz.srs.scheduler import CardState, Settings, retrievability, utc

DAY = timedelta(days=1)
REVIEWS_BEFORE = 2  # reviews on later days than its introduction, before the date
MAX_DAYS_AHEAD = 730  # an interview further away is not planned for (plain FSRS until then)


@dataclass(frozen=True, slots=True)
class Deadline:
    day: date  # the interview day
    target: float  # predicted recall wanted at the start of the day
    reviews: int = REVIEWS_BEFORE

    @property
    def start(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, tzinfo=UTC)

    def days_left(self, moment: datetime) -> int:
        """Whole days from the moment's day to the interview day (0 on the day, < 0 after)."""
        return (self.day - utc(moment).date()).days

    def introduce_by(self) -> date:
        """The last day on which a new card can still get its reviews before the date."""
        return self.day - timedelta(days=self.reviews + 1)

    def pace(self, unseen: int, moment: datetime) -> int:
        """New cards to introduce on the moment's day (counting those of the day already
        introduced in `unseen`) so that every card is introduced by `introduce_by`: the unseen
        cards shared evenly among the days left for introducing, all at once when none are."""
        if unseen <= 0:
            return 0
        days = (self.introduce_by() - utc(moment).date()).days + 1
        return unseen if days <= 1 else math.ceil(unseen / days)

    def daily_new(self, limit: int, unseen: int, moment: datetime) -> int:
        """New cards allowed on the moment's day: the learner's own limit, or the pace if that
        is higher (`unseen` counts the day's cards already introduced)."""
        return max(limit, self.pace(unseen, moment))


def recall_on(settings: Settings, state: CardState, deadline: Deadline) -> float:
    """Predicted recall at the start of the interview day if the card is not reviewed again."""
    if state.stability is None or state.last_review is None:
        return 0.0
    if state.last_review >= deadline.start:
        return 1.0
    return retrievability(settings, state, deadline.start)


def capped(
    settings: Settings,
    after: CardState,
    reviewed: datetime,
    deadline: Deadline,
    reviews_done: int,
) -> CardState:
    """The card just reviewed at `reviewed`, its due date capped for the deadline.
    `reviews_done`: the days after its introduction day with a review, this one included."""
    left = deadline.days_left(reviewed)
    if left <= 0 or after.state != CardPhase.REVIEW:
        return after
    today = deadline.start - left * DAY
    latest = after.due
    needed = deadline.reviews - reviews_done
    if needed > 0:
        latest = min(latest, today + max(1, left // (needed + 1)) * DAY)
    if recall_on(settings, after, deadline) < deadline.target:
        latest = min(latest, today + max(1, left - 1) * DAY)
    return after if latest >= after.due else replace(after, due=latest)
