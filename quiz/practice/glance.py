"""The home screen's figures at a glance, kept between starts so the app shows real numbers in
its first frame, before the bank, SQLAlchemy and the engine are loaded.

A glance is saved (a JSON entry in the user cache) whenever the figures are computed, with what
they depend on: the database file and its revision (a token every write replaces), the profile,
the settings pinned for this run and the bank's key. Read back, it is used only if all of these
are unchanged, so no answer was given since; it is then brought to the present exactly: cards
that fell due since are counted from the due moments it keeps (up to a horizon), and on a later
day nothing was answered today, the streak holds only if the last day had answers and the
retention window is recounted from the daily figures it keeps. Topic mastery decays by the day,
so on a later day it is left to the full computation. This module imports only the standard
library and the cheap modules of the layers below it.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from math import isfinite
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.bank.sources import bank_key, bank_sources
from quiz.cachefiles import cache_dir, read_trusted, write_entry
from quiz.digests import blake2b
from quiz.practice import clock
from quiz.practice.windows import (
    DUE_HORIZON,
    HEATMAP_DAYS,
    MAX_MOMENTS,
    retention_of,
    retention_window,
)
from quiz.store.location import database_file
from quiz.store.revision import read_revision

if TYPE_CHECKING:
    from quiz.practice.engine import Practice
    from quiz.practice.stats import Stats

FORMAT = 3
WEAKEST = 5  # topics shown on the home screen


@dataclass(frozen=True, slots=True)
class Topic:
    topic: str
    mastery: float
    answers: int


@dataclass(frozen=True, slots=True)
class Glance:
    """What the home screen shows, as of `day` (an ISO date)."""

    profile_name: str
    daily_new_limit: int
    target_retention: float
    due_now: int
    new: int
    reviews_today: int
    streak: int
    retention: float | None
    day: str
    weakest: tuple[Topic, ...] | None = ()  # None: not known for this day
    recent: tuple[tuple[str, int, int], ...] = ()  # (day, review answers, recalled), last days
    due_later: tuple[datetime, ...] = field(default=(), repr=False)  # when cards fall due next
    due_until: datetime | None = None  # the moments are complete before this moment
    interview: str | None = None  # the interview date (ISO) while it is ahead
    readiness: float | None = None  # mean predicted recall on that day, from the cards as they are

    def at(self, now: datetime) -> Glance | None:
        """The figures at a later moment, or None if they cannot be known from the glance."""
        if self.due_until is not None and now >= self.due_until:
            return None
        fallen = bisect_right(self.due_later, now)
        later = replace(self, due_now=self.due_now + fallen, due_later=self.due_later[fallen:])
        today = clock.day_start(now).date()
        if today.isoformat() == self.day:
            return later
        days = (today - date.fromisoformat(self.day)).days
        if self.interview is not None and today.isoformat() >= self.interview:
            later = replace(later, interview=None, readiness=None)  # the day has come
        return replace(
            later,
            day=today.isoformat(),
            reviews_today=0,  # nothing was written since: no answer today
            streak=self.streak if days == 1 and self.reviews_today else 0,
            retention=retention_of(self.recent, now)[0],
            weakest=None,
        )


def current_glance(practice: Practice, where: Where) -> Glance:
    """Compute the glance from the database, and save it for the next start."""
    from quiz.practice.stats import compute

    stats = compute(practice)
    glance = glance_of(stats, practice)
    remember_glance(where, glance, stats.revision, stats.now, practice.bank.key)
    return glance


def glance_of(stats: Stats, practice: Practice) -> Glance:
    from quiz.practice.plan import outlook

    reviewed = [topic for topic in stats.topics if topic["cards"]]
    ahead = outlook(practice)
    return Glance(
        profile_name=practice.profile_name,
        daily_new_limit=ahead.pace if ahead is not None else practice.daily_new_limit,
        target_retention=stats.target_retention,
        due_now=stats.due_now,
        new=stats.new,
        reviews_today=stats.reviews_today,
        streak=stats.streak,
        retention=stats.retention,
        day=clock.day_start(stats.now).date().isoformat(),
        recent=tuple(stats.recent_reviews),
        weakest=tuple(
            Topic(str(t["topic"]), float(t["mastery"]), int(t["answers"]))
            for t in reviewed[:WEAKEST]
        ),
        due_later=tuple(stats.due_moments),
        due_until=stats.due_until,
        interview=ahead.interview.isoformat() if ahead is not None else None,
        readiness=ahead.readiness if ahead is not None else None,
    )


_FIELDS = frozenset(Glance.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class Where:
    """What a glance depends on, besides the database's revision and the day."""

    db: str | None
    profile: str
    banks: tuple[str, ...]
    pins: tuple[Any, ...]  # the settings pinned for this run (config file, environment)

    def files(self) -> tuple[Path, Path] | None:
        path = database_file(self.db)
        if path is None:
            return None
        name = blake2b(f"{path}\0{self.profile}".encode(), digest_size=16).hexdigest()
        return path, cache_dir() / f"glance-{name}.json"

    def key(self, path: Path, revision: str, bank: str | None = None) -> dict[str, Any] | None:
        """The entry's key; `bank` is the bank's key when the caller has it (a loaded bank
        carries it), else it is computed from the sources."""
        bank = bank or bank_key(bank_sources(self.banks))
        if bank is None:  # a bank source that cannot be read: nothing to compare with
            return None
        return {
            "format": FORMAT,
            "db": str(path),
            "profile": self.profile,
            "pins": list(self.pins),
            "bank": bank,
            "revision": revision,
        }


def recall_glance(where: Where, now: datetime) -> Glance | None:
    """The saved glance, brought to `now`, if nothing it depends on changed; else None."""
    try:
        return _recall(where, now)
    except (OSError, ValueError):  # a path the system refuses: no glance, the full load reports
        return None


def fresh_glance(where: Where, now: datetime) -> Glance | None:
    """The figures read from a SQLite database with the standard library, as the stats count
    them (a test checks they agree), when the saved glance is stale (an answer given elsewhere)
    but the database is synced with this bank. Topic mastery waits for the full computation,
    and so does everything under an interview date (its readiness needs the scheduler)."""
    try:
        return _fresh(where, now)
    except (OSError, ValueError):
        return None


def _fresh(where: Where, now: datetime) -> Glance | None:
    path = database_file(where.db)
    bank = bank_key(bank_sources(where.banks)) if path is not None else None
    if path is None or bank is None:
        return None
    from quiz.practice.queue import sync_key
    from quiz.store.fast import home_rows

    days = clock.calendar_days(now, HEATMAP_DAYS, forward=False)
    horizon = now + DUE_HORIZON
    rows = home_rows(path, where.profile, now, days[0], horizon, sync_key(bank))
    daily_limit, retention_pin, interview_pin = where.pins
    if rows is None or (interview_pin or rows.interview_date):
        return None
    answers = {day: count for day, count, _, _ in rows.days}
    window = retention_window(now)
    recent = tuple((day, reviews, passed) for day, _, reviews, passed in rows.days if day >= window)
    moments = rows.moments
    return Glance(
        profile_name=rows.name,
        daily_new_limit=daily_limit if daily_limit is not None else rows.daily_new_limit,
        target_retention=retention_pin if retention_pin is not None else rows.desired_retention,
        due_now=rows.due_now,
        new=max(rows.live_items - rows.cards, 0),
        reviews_today=answers.get(days[-1], 0),
        streak=clock.streak(days, answers),
        retention=retention_of(recent, now)[0],
        day=days[-1],
        weakest=None,
        recent=recent,
        due_later=tuple(moments[:MAX_MOMENTS]),
        due_until=moments[MAX_MOMENTS] if len(moments) > MAX_MOMENTS else horizon,
    )


def _recall(where: Where, now: datetime) -> Glance | None:
    files = where.files()
    if files is None:
        return None
    path, entry = files
    revision = read_revision(path)
    data = read_trusted(entry) if revision is not None else None
    if revision is None or data is None:
        return None
    try:
        document = json.loads(data)
        key = where.key(path, revision)
        if key is None or document["key"] != key:
            return None
        taken = datetime.fromisoformat(document["taken"])
        glance = _typed(document["glance"])
    except (ValueError, TypeError, KeyError, RecursionError, OverflowError):
        return None
    if now < taken:  # the clock went back (QUIZ_NOW): the due moments cannot be trusted
        return None
    return glance.at(now)


def _moment(value: object) -> datetime:
    return datetime.fromtimestamp(_number(value), UTC)


def _number(value: object) -> float:
    """A finite JSON number (not a boolean), else TypeError."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not isfinite(value):
        raise TypeError("not a finite number")
    return value


def _count(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("not a count")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _day(value: object) -> str:
    return date.fromisoformat(_text(value)).isoformat()


def _optional(value: object, read: Callable[[object], Any]) -> Any:
    return None if value is None else read(value)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _topic(value: object) -> Topic:
    if not isinstance(value, dict) or set(value) != {"topic", "mastery", "answers"}:
        raise TypeError("not a topic")
    return Topic(_text(value["topic"]), _number(value["mastery"]), _count(value["answers"]))


def _day_figures(value: object) -> tuple[str, int, int]:
    day, answers, recalled = _list(value)  # a ValueError unless three
    return _day(day), _count(answers), _count(recalled)


def _typed(figures: object) -> Glance:
    """The saved figures, every value checked for its type (a planted or damaged entry is
    refused with TypeError, ValueError or KeyError, never shown or added to)."""
    if not isinstance(figures, dict) or set(figures) != _FIELDS:
        raise KeyError("not the glance's fields")
    return Glance(
        profile_name=_text(figures["profile_name"]),
        daily_new_limit=_count(figures["daily_new_limit"]),
        target_retention=_number(figures["target_retention"]),
        due_now=_count(figures["due_now"]),
        new=_count(figures["new"]),
        reviews_today=_count(figures["reviews_today"]),
        streak=_count(figures["streak"]),
        retention=_optional(figures["retention"], _number),
        day=_day(figures["day"]),
        weakest=_optional(
            figures["weakest"], lambda topics: tuple(_topic(t) for t in _list(topics))
        ),
        recent=tuple(_day_figures(d) for d in _list(figures["recent"])),
        due_later=tuple(_moment(m) for m in _list(figures["due_later"])),
        due_until=_optional(figures["due_until"], _moment),
        interview=_optional(figures["interview"], _day),
        readiness=_optional(figures["readiness"], _number),
    )


def remember_glance(
    where: Where, glance: Glance, revision: str | None, now: datetime, bank: str | None = None
) -> None:
    """Save the glance computed at `now` from the database at `revision` (never an error);
    `bank`: the key of the bank in use, if known (saves hashing the bank files again)."""
    files = where.files()
    if files is None or revision is None:
        return
    path, entry = files
    key = where.key(path, revision, bank)
    if key is None:
        return
    figures = asdict(glance)
    figures["due_later"] = [moment.timestamp() for moment in glance.due_later]
    until = glance.due_until
    figures["due_until"] = until.timestamp() if until is not None else None
    document = {"key": key, "taken": now.isoformat(), "glance": figures}
    write_entry(entry.parent, entry, json.dumps(document).encode("utf-8"), "glance-*.json")
