"""The clock: real UTC time, or QUIZ_NOW (ISO 8601) to test and demonstrate scheduling."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from quiz.srs.moments import FIRST_YEAR, LAST_NOW_YEAR, out_of_range


class ClockError(ValueError):
    """QUIZ_NOW is not a readable date and time."""


def now() -> datetime:
    """Aware UTC now; QUIZ_NOW overrides it (a naive value is taken as UTC)."""
    value = os.environ.get("QUIZ_NOW", "").strip()
    if not value:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ClockError(
            f"QUIZ_NOW={value!r} is not an ISO 8601 date and time (e.g. 2026-12-25T09:00:00Z)"
        ) from None
    if out_of_range(moment, LAST_NOW_YEAR) is not None:  # schedules run years ahead of it
        raise ClockError(
            f"QUIZ_NOW={value!r} must be between the years {FIRST_YEAR} and {LAST_NOW_YEAR}"
        )
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def day_start(moment: datetime) -> datetime:
    """Midnight UTC of the moment's day."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def next_day(moment: datetime) -> datetime:
    return day_start(moment) + timedelta(days=1)


def calendar_days(end: datetime, count: int, forward: bool) -> list[str]:
    """ISO dates of `count` days: from end's day on (forward), or up to it, oldest first."""
    start = day_start(end)
    step = 1 if forward else -1
    days = [(start + timedelta(days=step * i)).date().isoformat() for i in range(count)]
    return days if forward else days[::-1]


def streak(days: list[str], answers: dict[str, int]) -> int:
    """Days in a row with answers, back from the last of `days` (which may still be empty)."""
    found = 0
    for day in reversed(days):
        if answers.get(day, 0):
            found += 1
        elif day != days[-1]:
            break
    return found
