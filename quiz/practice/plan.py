"""The plan toward an interview date: what to do each day until then, and how well each topic
will be recalled on the day.

The forecast follows the learner who does what the plan says: every card when it is due (at the
same time of day as now), the day's new cards at the pace the plan sets, and each answer rated
Good; scheduling is the engine's own (FSRS with the interview caps of `quiz.srs.deadline`),
without fuzzing. Suspended items are left out, as every queue leaves them out."""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from quiz.practice import clock
from quiz.practice.engine import Practice
from quiz.srs.deadline import Deadline, capped, recall_on
from quiz.srs.ratings import CardPhase, Rating
from quiz.srs.scheduler import CardState, Settings, new_card, review
from quiz.store import queries

DAY = timedelta(days=1)
MAX_ANSWERS_A_DAY = 100_000  # a guard: no card can be answered more often than this in a day


@dataclass(frozen=True, slots=True)
class PlanDay:
    day: date
    new: int  # cards introduced
    reviews: int  # answers to cards already introduced (learning steps included)


@dataclass(frozen=True, slots=True)
class TopicReadiness:
    topic: str
    items: int
    now: float  # mean predicted recall on the day if nothing more is studied (unseen: 0)
    planned: float  # the same, following the plan


@dataclass(frozen=True, slots=True)
class Plan:
    interview: date
    today: date
    target: float
    pace: int  # new cards a day the plan asks for today (at least the profile's own limit)
    unseen: int
    started: int  # new cards already introduced today (counted in the pace)
    days: list[PlanDay]
    topics: list[TopicReadiness]
    short: list[str] = field(default_factory=list)  # items below target even with the plan
    limit: int = 0  # the learner's own daily new-item limit

    @property
    def heavy_days(self) -> list[PlanDay]:
        """Days on which the plan introduces more new items than the learner's limit: its
        forecast (every answer rated Good) is then a promise few learners keep."""
        return [d for d in self.days if self.limit and d.new > self.limit]

    @property
    def days_left(self) -> int:
        return (self.interview - self.today).days

    @property
    def introduce_by(self) -> date:
        return Deadline(self.interview, self.target).introduce_by()

    def readiness(self, planned: bool = False) -> float:
        items = sum(t.items for t in self.topics)
        total = sum(t.items * (t.planned if planned else t.now) for t in self.topics)
        return total / items if items else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "interview": self.interview.isoformat(),
            "today": self.today.isoformat(),
            "days_left": self.days_left,
            "target": self.target,
            "introduce_by": self.introduce_by.isoformat(),
            "pace": self.pace,
            "unseen": self.unseen,
            "started_today": self.started,
            "readiness_now": round(self.readiness(), 4),
            "readiness_planned": round(self.readiness(planned=True), 4),
            "days": [
                {"day": d.day.isoformat(), "new": d.new, "reviews": d.reviews} for d in self.days
            ],
            "topics": [
                {
                    "topic": t.topic,
                    "items": t.items,
                    "recall_now": round(t.now, 4),
                    "recall_planned": round(t.planned, 4),
                }
                for t in self.topics
            ],
            "below_target": self.short,
            "daily_new_limit": self.limit,
            "heavy_days": [d.day.isoformat() for d in self.heavy_days],
        }


@dataclass(slots=True)
class _Card:
    state: CardState
    day_count: int  # days it was answered on
    last_day: date | None

    def answered(self, day: date) -> None:
        if day != self.last_day:
            self.day_count, self.last_day = self.day_count + 1, day


@dataclass(frozen=True, slots=True)
class _Standing:
    """Where the learner stands today: the items the plan covers (none suspended), the answered
    ones among them, and the new cards already introduced today."""

    wanted: list[str]
    known: dict[str, queries.CardHistory]
    started: int

    @property
    def unseen(self) -> list[str]:
        return [i for i in self.wanted if i not in self.known]


def _standing(practice: Practice, now: datetime, with_days: bool) -> _Standing:
    with practice.store.read() as session:
        histories = queries.card_histories(session, practice.profile_id, with_days)
        started = queries.cards_started_since(session, practice.profile_id, clock.day_start(now))
    held = {h.item_id for h in histories if h.held}
    known = {h.item_id: h for h in histories if not h.held and h.state.last_review is not None}
    return _Standing([i for i in practice.entries if i not in held], known, started)


def plan(practice: Practice) -> Plan | None:
    """The plan toward the profile's interview date, or None without a date still ahead."""
    deadline = practice.deadline()
    if deadline is None:
        return None
    now = practice.now()
    standing = _standing(practice, now, with_days=True)
    unseen = standing.unseen
    cards = {i: _Card(h.state, h.day_count, h.last_day) for i, h in standing.known.items()}
    now_recall = {i: recall_on(practice.settings, c.state, deadline) for i, c in cards.items()}
    limit = practice.daily_new_limit
    pace = deadline.daily_new(limit, len(unseen) + standing.started, now)
    settings = replace(practice.settings, fuzzing=False)
    days: list[PlanDay] = []
    moment = now
    for day in range((deadline.day - now.date()).days):
        room = (
            pace - standing.started if day == 0 else deadline.daily_new(limit, len(unseen), moment)
        )
        fresh, unseen = unseen[: max(room, 0)], unseen[max(room, 0) :]
        reviews = _study_day(settings, deadline, cards, fresh, moment)
        days.append(PlanDay(moment.date(), len(fresh), reviews))
        moment += DAY
    planned = {i: recall_on(settings, c.state, deadline) for i, c in cards.items()}
    by_topic: dict[str, list[str]] = defaultdict(list)
    for item_id in standing.wanted:
        by_topic[practice.entries[item_id].topic].append(item_id)
    topics = [
        TopicReadiness(
            topic,
            len(ids),
            sum(now_recall.get(i, 0.0) for i in ids) / len(ids),
            sum(planned.get(i, 0.0) for i in ids) / len(ids),
        )
        for topic, ids in sorted(by_topic.items())
    ]
    short = [i for i in standing.wanted if planned.get(i, 0.0) < deadline.target]
    return Plan(
        deadline.day,
        now.date(),
        deadline.target,
        pace,
        len(standing.unseen),
        standing.started,
        days,
        topics,
        short,
        limit,
    )


def _study_day(
    settings: Settings,
    deadline: Deadline,
    cards: dict[str, _Card],
    fresh: list[str],
    moment: datetime,
) -> int:
    """One simulated day: introduce the fresh cards, then answer every card due before the day
    ends (each at its due time, or at `moment` if it was due earlier), all rated Good."""
    for item_id in fresh:
        cards[item_id] = _Card(new_card(moment), 0, None)
    end = clock.next_day(moment)
    waiting = [(c.state.due, i) for i, c in cards.items() if c.state.due < end]
    heapq.heapify(waiting)
    answers = 0
    while waiting and answers < MAX_ANSWERS_A_DAY:
        at, item_id = heapq.heappop(waiting)
        card = cards[item_id]
        when = max(at, moment)
        after = review(settings, card.state, Rating.GOOD, when, None)
        card.answered(when.date())
        if after.state == CardPhase.REVIEW:
            after = capped(settings, after, when, deadline, card.day_count - 1)
        card.state = after
        answers += 1
        if after.due < end:
            heapq.heappush(waiting, (after.due, item_id))
    return answers - len(fresh)


@dataclass(frozen=True, slots=True)
class Outlook:
    """The home screen's view of the interview date."""

    interview: date
    readiness: float  # mean predicted recall on the day if nothing more is studied
    pace: int  # new items a day today


def outlook(practice: Practice) -> Outlook | None:
    """Readiness and today's pace toward the interview date (no forecast: cheap enough for the
    home screen), or None without a date still ahead."""
    deadline = practice.deadline()
    if deadline is None:
        return None
    now = practice.now()
    standing = _standing(practice, now, with_days=False)
    recall = [
        recall_on(practice.settings, standing.known[i].state, deadline)
        for i in standing.wanted
        if i in standing.known
    ]
    readiness = sum(recall) / len(standing.wanted) if standing.wanted else 0.0
    unseen = len(standing.unseen) + standing.started
    return Outlook(
        deadline.day, readiness, deadline.daily_new(practice.daily_new_limit, unseen, now)
    )
