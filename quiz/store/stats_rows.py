"""What a profile's stats are made of, as rows; and the read-only fast path that reads them from
an SQLite file with the standard library (`quiz.store.figures.stats_rows` reads the same with
SQLAlchemy, on any database; a test checks they agree)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from quiz.srs.forgetting import DECAY, FACTOR
from quiz.store.fast import (
    DUE,
    FALLING,
    KEPT_OUT,
    LIVE_ITEMS,
    REMOVED,
    as_stored,
    not_due_now,
    open_snapshot,
    open_synced,
    set_apart,
    synced_with,
)
from quiz.store.revision import REVISION_KEY

MISSED_TOP = 10  # rubric points listed as missed most

DailyRow = tuple[str, int, int, int, int, float]  # day, answers, mature, passed, scored, sum
Mastery = tuple[float, float, float, int]  # mastery, mean recall, mean quality, cards
TopicRow = tuple[int, int, float]  # answers, scored answers, score sum
MissedRow = tuple[str, str, int, int, str]  # item, point, missed, asked, criterion


class StatsWindow(NamedTuple):
    """The moments the stats are read at and the days they cover."""

    now: datetime
    since_day: str  # the first day of the activity figures (ISO date)
    today: datetime  # the start of the current day: cards due before it are overdue
    until: datetime  # the end of the forecast
    horizon: datetime | None  # due moments are kept up to here (None: not read)


class StatsRows(NamedTuple):
    desired_retention: float
    states: dict[tuple[int, bool], int]  # live cards by (state, suspended)
    live_items: int  # questions, follow-ups and templates in the bank
    daily: list[DailyRow]  # from since_day
    due_days: dict[str, int]  # cards due per day from today until the forecast's end
    mastery: dict[str, Mastery]  # per topic, over its live answered cards
    topics: dict[str, TopicRow]
    missed: list[MissedRow]  # the rubric points missed most, most first
    due_now: int
    overdue: int  # of those, due before today
    moments: list[datetime]  # when more cards fall due, up to the horizon, earliest first
    revision: str | None
    claimed: tuple[MissedRow, ...] = ()  # the points claimed most ("missed" is times claimed)


def criterion_of(criteria: str | None, point_id: str) -> str:
    """A point's criterion from an item's stored criteria ('' when unknown)."""
    found = json.loads(criteria) if criteria else {}
    return str(found.get(point_id, "")) if isinstance(found, dict) else ""


# The queries of quiz.store.figures and quiz.store.queries, in SQLite's words and shaped for its
# indexes: a count over an index range, less the few cards kept out of it (held by the partial
# index of held cards, or of removed items by theirs), which are read once and set apart below.
_RECALL = "power(1 + :factor * max(CAST(julianday(:now) - julianday(c.last_review) AS INTEGER), 0)"
_QUERIES = {
    "states": "SELECT state, suspended, count(*) FROM cards WHERE profile_id = :pid"
    " GROUP BY state, suspended",
    "states_removed": "SELECT c.state, c.suspended, count(*) FROM items i CROSS JOIN cards c"
    f" ON c.profile_id = :pid AND c.item_id = i.id WHERE i.{REMOVED} GROUP BY 1, 2",
    "live": LIVE_ITEMS,
    "kept_out": KEPT_OUT,
    "due": DUE,
    "due_days": "SELECT substr(due, 1, 10), count(*) FROM cards WHERE profile_id = :pid"
    " AND due >= :today AND due <= :until GROUP BY 1",
    "falling": FALLING,
    "daily": "SELECT day, answers, mature_reviews, mature_passed, scored, score_sum"
    " FROM daily_activity WHERE profile_id = :pid AND day >= :since",
    "topics": "SELECT topic, answers, scored, score_sum FROM topic_activity"
    " WHERE profile_id = :pid",
    "missed": "SELECT p.item_id, p.point_id, p.missed, p.asked, i.criteria FROM point_activity p"
    " LEFT JOIN items i ON i.id = p.item_id WHERE p.profile_id = :pid AND p.missed > 0"
    " ORDER BY p.missed DESC, p.item_id, p.point_id LIMIT :top",
    "claimed": "SELECT p.item_id, p.point_id, p.claimed, p.asked, i.criteria FROM point_activity"
    " p LEFT JOIN items i ON i.id = p.item_id WHERE p.profile_id = :pid AND p.claimed > 0"
    " ORDER BY p.claimed DESC, p.item_id, p.point_id LIMIT :top",
    "revision": f"SELECT value FROM meta WHERE key = '{REVISION_KEY}'",
}
# Each card's recall, computed once (LIMIT -1 keeps SQLite from inlining it twice), by topic.
_MASTERY = (
    "SELECT topic, avg(recall * quality), avg(recall), avg(quality), count(*) FROM"
    f" (SELECT i.topic AS topic, {_RECALL} / c.stability, :decay) AS recall,"
    " coalesce(c.quality, 0.0) AS quality FROM cards c JOIN items i ON i.id = c.item_id"
    " WHERE c.profile_id = :pid AND i.removed IS 0 AND c.stability IS NOT NULL"
    " AND c.last_review IS NOT NULL LIMIT -1) GROUP BY topic"
)


class MasteryQuery:
    """The stats' longest query (every card's recall, by topic) on a read connection of its
    own, in a thread, started as soon as the database and the moment are known so that it runs
    while the caller imports, keys the bank and reads the rest. Its rows are used only if its
    snapshot has the revision the other reads saw (no write came between them)."""

    def __init__(self, path: Path, profile: str, now: datetime) -> None:
        self._path, self._profile, self._now = path, profile, as_stored(now)
        self._found: tuple[tuple[str | None, str | None], list[Any]] | None = None
        self._thread = threading.Thread(target=self._run, name="quiz-mastery", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        connection = open_snapshot(self._path)
        if connection is None:
            return
        try:
            found = connection.execute(
                "SELECT id FROM profiles WHERE name = ?", (self._profile,)
            ).fetchone()
            if found is not None:
                values = {"pid": found[0], "now": self._now, "factor": FACTOR, "decay": DECAY}
                rows = connection.execute(_MASTERY, values).fetchall()
                revision = connection.execute(_QUERIES["revision"]).fetchall()
                seen = (revision[0][0] if revision else None, synced_with(connection))
                self._found = (seen, rows)
        except sqlite3.Error:
            pass
        finally:
            connection.close()

    def rows(self, revision: str | None, synced: str, now: str) -> list[Any] | None:
        """Its rows if they were read at this revision, sync and moment, else None."""
        self._thread.join()
        if self._found is None or self._found[0] != (revision, synced) or now != self._now:
            return None
        return self._found[1]


def read_stats_rows(
    path: Path, profile: str, window: StatsWindow, synced: str, early: MasteryQuery | None = None
) -> StatsRows | None:
    """A profile's stats rows from an SQLite file, or None if the fast path does not apply
    (another schema, items synced with another bank, no such profile, no math functions). With
    `early`, the mastery rows it read are taken when they are of the same snapshot."""
    connection = open_synced(path, synced)
    if connection is None:
        return None
    values = {
        "now": as_stored(window.now),
        "since": window.since_day,
        "today": as_stored(window.today),
        "until": as_stored(window.until),
        "horizon": as_stored(window.horizon or window.now),  # no range: no moments
        "factor": FACTOR,
        "decay": DECAY,
        "top": MISSED_TOP,
    }
    try:
        found = connection.execute(
            "SELECT id, desired_retention FROM profiles WHERE name = ?", (profile,)
        ).fetchone()
        if found is None:
            return None
        values["pid"] = found[0]
        rows = {name: connection.execute(sql, values).fetchall() for name, sql in _QUERIES.items()}
        revision = rows["revision"][0][0] if rows["revision"] else None
        taken = early.rows(revision, synced, values["now"]) if early is not None else None
        rows["mastery"] = (
            taken if taken is not None else connection.execute(_MASTERY, values).fetchall()
        )
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    states = Counter({(int(s), bool(held)): int(n) for s, held, n in rows["states"]})
    states.subtract({(int(s), bool(held)): int(n) for s, held, n in rows["states_removed"]})
    due_now, overdue, moments = set_apart(rows["kept_out"], rows["due"][0], rows["falling"], values)
    return StatsRows(
        desired_retention=float(found[1]),
        states={key: n for key, n in states.items() if n},
        live_items=int(rows["live"][0][0]),
        daily=[
            (str(d), int(a), int(m), int(p), int(s), float(t)) for d, a, m, p, s, t in rows["daily"]
        ],
        due_days=_per_day(rows, values),
        mastery={
            str(t): (float(m), float(r), float(q), int(n)) for t, m, r, q, n in rows["mastery"]
        },
        topics={str(t): (int(a), int(s), float(v)) for t, a, s, v in rows["topics"]},
        missed=[
            (str(item), str(point), int(m), int(a), criterion_of(criteria, point))
            for item, point, m, a, criteria in rows["missed"]
        ],
        due_now=due_now,
        overdue=overdue,
        moments=moments,
        revision=revision,
        claimed=tuple(
            (str(item), str(point), int(m), int(a), criterion_of(criteria, point))
            for item, point, m, a, criteria in rows["claimed"]
        ),
    )


def _per_day(rows: dict[str, list[Any]], at: dict[str, Any]) -> dict[str, int]:
    """Cards due per day from today to the forecast's end: the index range's counts with the
    kept-out cards set apart, as `set_apart` does for what is due now."""
    today, until = at["today"], at["until"]
    per_day = Counter({str(day): int(n) for day, n in rows["due_days"]})
    for card in rows["kept_out"]:
        if not_due_now(card, at["now"]) and today <= card[0] <= until:
            per_day[card[0][:10]] -= 1
    return {day: n for day, n in per_day.items() if n}
