"""The spans the progress figures cover, shared by the stats and the home screen's glance."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from quiz.practice import clock

RETENTION_DAYS = 30  # the retention figure's window
DUE_HORIZON = timedelta(days=14)  # how far ahead due moments are kept
MAX_MOMENTS = 20_000  # due moments kept at most
HEATMAP_DAYS = 365  # the stats' activity heatmap, and how far back a streak is counted


def retention_window(now: datetime) -> str:
    """The first day (ISO) of the retention window that ends on now's day."""
    return (clock.day_start(now) - timedelta(days=RETENTION_DAYS - 1)).date().isoformat()


def retention_of(days: Iterable[tuple[str, int, int]], now: datetime) -> tuple[float | None, int]:
    """(share recalled, review answers) over the RETENTION_DAYS days up to now's day, from
    per-day (day, review answers, recalled) figures."""
    window = retention_window(now)
    total = sum(reviews for day, reviews, _ in days if day >= window)
    recalled = sum(passed for day, _, passed in days if day >= window)
    return (recalled / total if total else None), total
