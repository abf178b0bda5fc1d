"""Progress figures of a profile: states, streak, retention, forecast, heatmap, mastery, misses."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from quiz.practice import clock
from quiz.practice.windows import (
    DUE_HORIZON,
    HEATMAP_DAYS,
    MAX_MOMENTS,
    retention_of,
    retention_window,
)
from quiz.srs.ratings import CardPhase
from quiz.store.stats_rows import (
    Mastery,
    MasteryQuery,
    StatsRows,
    StatsWindow,
    TopicRow,
    read_stats_rows,
)

if TYPE_CHECKING:
    from quiz.practice.engine import Practice

FORECAST_DAYS = 30
TREND_DAYS = 60  # days with scored answers shown in the score trend


class Stats(NamedTuple):
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
    score_trend: list[tuple[str, float]]  # (date, mean score)
    topics: list[dict[str, Any]]
    missed_points: list[dict[str, Any]]
    due_moments: list[datetime]  # when more cards fall due...
    due_until: datetime | None  # ...all of them before this moment
    recent_reviews: list[tuple[str, int, int]]  # for the retention window
    revision: str | None  # the database's revision these figures were read at
    claimed_points: tuple[dict[str, Any], ...] = ()  # points the learner claimed, most first

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
            "claimed_points": list(self.claimed_points),
        }


def window(now: datetime, moments: bool = True) -> StatsWindow:
    """The days the stats cover, seen from now; without the due moments (which only the app
    uses, to bring its figures to the present) unless `moments`."""
    today = clock.day_start(now)
    return StatsWindow(
        now=now,
        since_day=clock.calendar_days(now, HEATMAP_DAYS, forward=False)[0],
        today=today,
        until=today + timedelta(days=FORECAST_DAYS),
        horizon=now + DUE_HORIZON if moments else None,
    )


def compute(practice: Practice) -> Stats:
    """The stats of the practice's profile: read with the standard library from an SQLite file
    synced with the practice's bank (`read_fast`), else through the store (any database)."""
    now = practice.now()
    rows = _read_file(practice, now)
    if rows is None:
        from quiz.store.figures import stats_rows

        with practice.store.read() as session:
            rows = stats_rows(session, practice.profile_id, window(now))
    return assemble(rows, now, practice.settings.desired_retention)


def _read_file(practice: Practice, now: datetime) -> StatsRows | None:
    from quiz.practice.queue import sync_key
    from quiz.store.location import sqlite_path

    path, key = sqlite_path(practice.store.url), practice.bank.key
    if path is None or key is None:
        return None
    return read_fast(path, practice.profile_name, now, sync_key(key))


def read_fast(
    path: Path,
    profile: str,
    now: datetime,
    synced: str,
    moments: bool = True,
    early: MasteryQuery | None = None,
) -> StatsRows | None:
    """The rows of `compute` from an SQLite file with the standard library, or None where that
    does not apply (see `quiz.store.stats_rows.read_stats_rows`; `early`: the mastery query,
    started ahead)."""
    return read_stats_rows(path, profile, window(now, moments), synced, early)


def assemble(rows: StatsRows, now: datetime, target_retention: float | None = None) -> Stats:
    """The stats from their rows; `target_retention` when a setting pins it for this run."""
    heatmap_days = clock.calendar_days(now, HEATMAP_DAYS, forward=False)
    forecast_days = clock.calendar_days(now, FORECAST_DAYS, forward=True)
    daily, states = rows.daily, rows.states
    per_day = {row[0]: row[1] for row in daily}
    retention_start = retention_window(now)
    recent = [(row[0], row[2], row[3]) for row in daily if row[0] >= retention_start]
    retention, total = retention_of(recent, now)
    moments = rows.moments
    due_until = moments[MAX_MOMENTS] if len(moments) > MAX_MOMENTS else now + DUE_HORIZON
    scores = {row[0]: row[5] / row[4] for row in daily if row[4]}
    forecast = [
        (d, rows.due_days.get(d, 0) + (rows.overdue if i == 0 else 0))
        for i, d in enumerate(forecast_days)
    ]
    cards = sum(states.values())
    active = dict.fromkeys(CardPhase, 0)
    for (phase, suspended), count in states.items():
        if not suspended and phase in active:
            active[CardPhase(phase)] += count
    return Stats(
        now=now,
        new=max(rows.live_items - cards, 0),
        learning=active[CardPhase.LEARNING],
        review=active[CardPhase.REVIEW],
        relearning=active[CardPhase.RELEARNING],
        suspended=sum(n for (_, susp), n in states.items() if susp),
        due_now=rows.due_now,
        reviews_today=per_day.get(heatmap_days[-1], 0),
        streak=clock.streak(heatmap_days, per_day),
        retention=retention,
        retention_reviews=total,
        target_retention=rows.desired_retention if target_retention is None else target_retention,
        forecast=forecast,
        heatmap=[(d, per_day.get(d, 0)) for d in heatmap_days],
        score_trend=[(d, scores[d]) for d in heatmap_days if d in scores][-TREND_DAYS:],
        topics=_mastery(rows.mastery, rows.topics),
        missed_points=[
            {"item": item, "point": point, "criterion": criterion, "missed": m, "asked": a}
            for item, point, m, a, criterion in rows.missed
        ],
        due_moments=moments[:MAX_MOMENTS],
        due_until=due_until,
        recent_reviews=recent,
        revision=rows.revision,
        claimed_points=tuple(
            {"item": item, "point": point, "criterion": criterion, "claimed": c, "asked": a}
            for item, point, c, a, criterion in rows.claimed
        ),
    )


def _mastery(found: dict[str, Mastery], topic_rows: dict[str, TopicRow]) -> list[dict[str, Any]]:
    """Per topic with live answered cards, weakest first: mastery (how well its items are
    answered, weighted toward recent answers, times how likely they are recalled now), its two
    parts, and what it rests on. A topic whose answered items all left the bank (or were only
    crammed, which makes no card) has no mastery to show: it is left out, not shown as 0%; its
    answers still count in the heatmap, streak and score trend."""
    rows = []
    for topic in sorted(found):
        mastery, recall, quality, cards = found[topic]
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
