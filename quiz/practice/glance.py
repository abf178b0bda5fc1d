"""The home screen's figures at a glance, kept between starts so the app shows real numbers in
its first frame, before the bank, SQLAlchemy and the engine are loaded.

A glance is saved (a JSON entry in the user cache) whenever the figures are computed, with what
they depend on: the database file and its revision (a token every write replaces), the profile,
the settings pinned for this run, the bank's key and the day. Read back, it is used only if all
of these are unchanged and it is still the same day; cards that fall due since are counted from
the due moments it keeps, so the numbers are what a full computation would give. This module
imports only the standard library and the cheap modules of the layers below it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.bank.sources import bank_key, bank_sources
from quiz.cachefiles import cache_dir, read_trusted, write_entry
from quiz.practice import clock
from quiz.store.location import database_file
from quiz.store.revision import read_revision

if TYPE_CHECKING:
    from quiz.practice.engine import Practice
    from quiz.practice.stats import Stats

FORMAT = 1
WEAKEST = 5  # topics shown on the home screen


@dataclass(frozen=True, slots=True)
class Topic:
    topic: str
    mastery: float
    answers: int


@dataclass(frozen=True, slots=True)
class Glance:
    """What the home screen shows."""

    profile_name: str
    daily_new_limit: int
    target_retention: float
    due_now: int
    new: int
    reviews_today: int
    streak: int
    retention: float | None
    weakest: tuple[Topic, ...] = ()
    due_later: tuple[datetime, ...] = field(default=(), repr=False)  # later today

    def at(self, now: datetime) -> Glance:
        """The figures at a later moment of the same day: cards that fell due since count."""
        fallen = [moment for moment in self.due_later if moment <= now]
        return replace(
            self, due_now=self.due_now + len(fallen), due_later=self.due_later[len(fallen) :]
        )


def current_glance(practice: Practice, where: Where) -> Glance:
    """Compute the glance from the database, and save it for the next start."""
    from quiz.practice.stats import compute

    stats = compute(practice)
    glance = glance_of(stats, practice)
    remember_glance(where, glance, stats.revision, stats.now)
    return glance


def glance_of(stats: Stats, practice: Practice) -> Glance:
    reviewed = [topic for topic in stats.topics if topic["cards"]]
    return Glance(
        profile_name=practice.profile_name,
        daily_new_limit=practice.daily_new_limit,
        target_retention=stats.target_retention,
        due_now=stats.due_now,
        new=stats.new,
        reviews_today=stats.reviews_today,
        streak=stats.streak,
        retention=stats.retention,
        weakest=tuple(
            Topic(str(t["topic"]), float(t["mastery"]), int(t["answers"]))
            for t in reviewed[:WEAKEST]
        ),
        due_later=tuple(stats.due_later_today),
    )


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
        name = hashlib.blake2b(f"{path}\0{self.profile}".encode(), digest_size=16).hexdigest()
        return path, cache_dir() / f"glance-{name}.json"

    def key(self, path: Path, revision: str, now: datetime) -> dict[str, Any] | None:
        bank = bank_key(bank_sources(self.banks))
        if bank is None:  # a bank source that cannot be read: nothing to compare with
            return None
        return {
            "format": FORMAT,
            "db": str(path),
            "profile": self.profile,
            "pins": list(self.pins),
            "bank": bank,
            "revision": revision,
            "day": clock.day_start(now).isoformat(),
        }


def recall_glance(where: Where, now: datetime) -> Glance | None:
    """The saved glance, brought to `now`, if nothing it depends on changed; else None."""
    try:
        return _recall(where, now)
    except (OSError, ValueError):  # a path the system refuses: no glance, the full load reports
        return None


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
        key = where.key(path, revision, now)
        if key is None or document["key"] != key:
            return None
        taken = datetime.fromisoformat(document["taken"])
        figures = document["glance"]
        glance = Glance(
            **{
                **figures,
                "weakest": tuple(Topic(**topic) for topic in figures["weakest"]),
                "due_later": tuple(datetime.fromisoformat(m) for m in figures["due_later"]),
            }
        )
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
    if now < taken:  # the clock went back (QUIZ_NOW): the due moments cannot be trusted
        return None
    return glance.at(now)


def remember_glance(where: Where, glance: Glance, revision: str | None, now: datetime) -> None:
    """Save the glance computed at `now` from the database at `revision` (never an error)."""
    files = where.files()
    if files is None or revision is None:
        return
    path, entry = files
    key = where.key(path, revision, now)
    if key is None:
        return
    figures = asdict(glance)
    figures["due_later"] = [moment.isoformat() for moment in glance.due_later]
    document = {"key": key, "taken": now.isoformat(), "glance": figures}
    write_entry(entry.parent, entry, json.dumps(document).encode("utf-8"), "glance-*.json")
