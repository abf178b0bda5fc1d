"""Progress figures of a profile: states, streak, retention, forecast, heatmap, mastery, misses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from quiz.practice import clock
from quiz.practice.engine import Practice
from quiz.practice.glance import (
    DUE_HORIZON,
    HEATMAP_DAYS,
    MAX_MOMENTS,
    retention_of,
    retention_window,
)
from quiz.srs.ratings import CardPhase
from quiz.srs.scheduler import curve
from quiz.store import figures, queries
from quiz.store.items import live_item_count, revision_of

FORECAST_DAYS = 30
TREND_DAYS = 60  # days with scored answers shown in the score trend


@dataclass(slots=True)
class Stats:
    now: datetime
    new: int
    learning: int
    review: int
    relearning: int
    suspended: int
    due_now: int
    reviews_today: int
    streak: int
    retention: float | None  # share of review-state cards recalled, last RETENTION_DAYS days
    retention_reviews: int
    target_retention: float
    forecast: list[tuple[str, int]]  # (date, cards due that day), the next FORECAST_DAYS days
    heatmap: list[tuple[str, int]]  # (date, answers that day), the last HEATMAP_DAYS days
    score_trend: list[tuple[str, float]] = field(default_factory=list)  # (date, mean score)
    topics: list[dict[str, Any]] = field(default_factory=list)
    missed_points: list[dict[str, Any]] = field(default_factory=list)
    due_moments: list[datetime] = field(default_factory=list)  # when more cards fall due...
    due_until: datetime | None = None  # ...all of them before this moment
    recent_reviews: list[tuple[str, int, int]] = field(default_factory=list)  # for the window
    revision: str | None = None  # the database's revision these figures were read at

    def to_json(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "cards": {
                "new": self.new,
                "learning": self.learning,
                "review": self.review,
                "relearning": self.relearning,
                "suspended": self.suspended,
            },
            "due_now": self.due_now,
            "reviews_today": self.reviews_today,
            "streak_days": self.streak,
            "retention": self.retention,
            "retention_reviews": self.retention_reviews,
            "target_retention": self.target_retention,
            "forecast": [{"date": d, "due": n} for d, n in self.forecast],
            "heatmap": [{"date": d, "answers": n} for d, n in self.heatmap],
            "score_trend": [{"date": d, "mean_score": v} for d, v in self.score_trend],
            "topics": self.topics,
            "missed_points": self.missed_points,
        }


def compute(practice: Practice) -> Stats:
    now = practice.now()
    pid = practice.profile_id
    today = clock.day_start(now)
    heatmap_days = clock.calendar_days(now, HEATMAP_DAYS, forward=False)
    forecast_days = clock.calendar_days(now, FORECAST_DAYS, forward=True)
    with practice.store.read() as session:
        states = figures.card_states(session, pid)
        live = live_item_count(session, ("question", "followup", "template"))
        daily = figures.activity(session, pid, heatmap_days[0])
        until = today + timedelta(days=FORECAST_DAYS)
        due_days = figures.due_per_day(session, pid, now, today, until)

        factor, decay = curve(practice.settings)
        recall = figures.mastery_by_topic(session, pid, now, factor, decay)
        topic_rows = figures.topic_rows(session, pid)
        missed_rows = figures.most_missed(session, pid, 10)
        due_now, overdue = queries.due_counts(session, pid, now, today)
        horizon = now + DUE_HORIZON
        moments = queries.due_moments(session, pid, now, horizon)
        revision = revision_of(session)
    per_day = {row[0]: row[1] for row in daily}
    window = retention_window(now)
    recent = [(row[0], row[2], row[3]) for row in daily if row[0] >= window]
    retention, total = retention_of(recent, now)
    due_until = moments[MAX_MOMENTS] if len(moments) > MAX_MOMENTS else horizon
    scores = {row[0]: row[5] / row[4] for row in daily if row[4]}
    forecast = [
        (d, due_days.get(d, 0) + (overdue if i == 0 else 0)) for i, d in enumerate(forecast_days)
    ]
    cards = sum(states.values())
    active = dict.fromkeys(CardPhase, 0)
    for (phase, suspended), count in states.items():
        if not suspended and phase in active:
            active[CardPhase(phase)] += count
    return Stats(
        now=now,
        new=max(live - cards, 0),
        learning=active[CardPhase.LEARNING],
        review=active[CardPhase.REVIEW],
        relearning=active[CardPhase.RELEARNING],
        suspended=sum(n for (_, susp), n in states.items() if susp),
        due_now=due_now,
        reviews_today=per_day.get(heatmap_days[-1], 0),
        streak=clock.streak(heatmap_days, per_day),
        retention=retention,
        retention_reviews=total,
        target_retention=practice.settings.desired_retention,
        forecast=forecast,
        heatmap=[(d, per_day.get(d, 0)) for d in heatmap_days],
        score_trend=[(d, scores[d]) for d in heatmap_days if d in scores][-TREND_DAYS:],
        topics=_mastery(recall, topic_rows),
        missed_points=_missed(practice, missed_rows),
        due_moments=moments[:MAX_MOMENTS],
        due_until=due_until,
        recent_reviews=recent,
        revision=revision,
    )


def _mastery(
    found: dict[str, tuple[float, float, float, int]],
    topic_rows: dict[str, tuple[int, int, float]],
) -> list[dict[str, Any]]:
    """Per topic, weakest first: mastery (how well its items are answered, weighted toward recent
    answers, times how likely they are recalled now), its two parts, and what it rests on."""
    rows = []
    for topic in sorted(set(found) | set(topic_rows)):
        mastery, recall, quality, cards = found.get(topic, (0.0, 0.0, 0.0, 0))
        answers, scored, score_sum = topic_rows.get(topic, (0, 0, 0.0))
        rows.append(
            {
                "topic": topic,
                "mastery": mastery,
                "recall": recall,
                "quality": quality,
                "cards": cards,
                "mean_score": score_sum / scored if scored else 0.0,
                "answers": answers,
            }
        )
    rows.sort(key=lambda row: (row["mastery"], row["topic"]))
    return rows


def _missed(practice: Practice, rows: list[tuple[str, str, int, int]]) -> list[dict[str, Any]]:
    """The rubric points missed most often, with how often they were asked."""
    out = []
    for item_id, point_id, missed, asked in rows:
        criterion = practice.bank.criterion(item_id, point_id)
        out.append(
            {
                "item": item_id,
                "point": point_id,
                "criterion": criterion,
                "missed": missed,
                "asked": asked,
            }
        )
    return out
