"""The home screen's saved glance: used only while nothing it depends on changed, and then the
same numbers a full computation gives (cards that fall due since are counted)."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quiz.cachefiles import cache_dir
from quiz.practice.engine import Practice
from quiz.practice.glance import (
    Glance,
    Where,
    glance_of,
    recall_glance,
    remember_glance,
)
from quiz.practice.stats import compute
from quiz.practice.windows import retention_of
from quiz.srs.ratings import Rating
from quiz.store.revision import read_revision
from quiz.store.store import Store
from tests.test_practice import BANK, GOOD_Q1, Clock

WHERE_PINS: tuple[object, ...] = (None, None, None)  # as the app: new cards, retention, date


def _where(db: Path, *pins: object) -> Where:
    return Where(str(db), "default", (), pins or WHERE_PINS)


def _save(practice: Practice, db: Path, clock: Clock) -> Glance:
    stats = compute(practice)
    glance = glance_of(stats, practice)
    remember_glance(_where(db), glance, stats.revision, clock())
    return glance


def _fresh(practice: Practice) -> Glance:
    return glance_of(compute(practice), practice)


def test_a_saved_glance_is_the_computed_one_and_follows_the_clock(store: Store, db: Path) -> None:
    clock = Clock()
    practice = Practice(store, BANK, "default", now=clock)
    practice.submit("ch44.q1", GOOD_Q1, rating=int(Rating.AGAIN))  # due again in minutes
    practice.submit("ch44.q2", "Memory-bound work waits on memory.", rating=int(Rating.GOOD))
    saved = _save(practice, db, clock)
    assert saved.due_later and saved.reviews_today == 2 and saved.weakest
    assert recall_glance(_where(db), clock()) == saved  # the same moment: the same figures
    clock.moment = saved.due_later[0]  # the relearning card falls due
    recalled = recall_glance(_where(db), clock())
    assert recalled is not None and recalled.due_now == saved.due_now + 1
    assert replace(recalled, due_until=None) == replace(_fresh(practice), due_until=None)


def test_a_fresh_engine_on_an_unchanged_database_keeps_its_revision(store: Store, db: Path) -> None:
    clock = Clock()
    Practice(store, BANK, "default", now=clock).submit("ch44.q1", GOOD_Q1)
    before = read_revision(db)
    compute(Practice(store, BANK, "default", now=clock))
    assert before is not None and read_revision(db) == before


def test_any_change_to_what_it_depends_on_drops_it(store: Store, db: Path) -> None:
    clock = Clock()
    practice = Practice(store, BANK, "default", now=clock)
    practice.submit("ch44.q1", GOOD_Q1)
    _save(practice, db, clock)
    assert recall_glance(_where(db), clock()) is not None
    assert recall_glance(_where(db, 3, None, None), clock()) is None  # another pinned setting
    assert recall_glance(replace(_where(db), profile="other"), clock()) is None
    extra = db.parent / "extra.yaml"
    extra.write_text("questions:\n  - {id: x.q1, topic: t, prompt: p}\n", encoding="utf-8")
    assert recall_glance(replace(_where(db), banks=(str(extra),)), clock()) is None
    clock.advance(days=-1)
    assert recall_glance(_where(db), clock()) is None  # the clock went back
    clock.advance(days=15)
    assert recall_glance(_where(db), clock()) is None  # beyond the due moments it keeps
    clock.advance(days=-14)
    practice.submit("ch44.q2", "Memory-bound work waits on memory.")  # a write
    assert recall_glance(_where(db), clock()) is None


def _same_but_mastery(recalled: Glance | None, fresh: Glance) -> None:
    assert recalled is not None and recalled.weakest is None  # mastery decays by the day
    assert replace(recalled, weakest=fresh.weakest, due_later=(), due_until=None) == replace(
        fresh, due_later=(), due_until=None, recent=recalled.recent
    )


def test_on_later_days_it_is_brought_forward_exactly(store: Store, db: Path) -> None:
    clock = Clock()
    practice = Practice(store, BANK, "default", now=clock)
    for item in ("ch44.q1", "ch44.q2", "ch44.q3"):
        practice.submit(item, GOOD_Q1, rating=int(Rating.GOOD))
    clock.advance(days=3)  # they come back as reviews
    practice.submit("ch44.q1", GOOD_Q1, rating=int(Rating.GOOD))
    practice.submit("ch44.q2", "no idea", rating=int(Rating.AGAIN))
    saved = _save(practice, db, clock)
    assert saved.streak == 1 and saved.reviews_today == 2 and saved.due_later
    for days in (1, 2, 6, 40):  # the next day, a gap, many cards due, the window passed
        clock.advance(days=days)
        recalled = recall_glance(_where(db), clock())
        if days == 40:
            assert recalled is None  # beyond the due moments it keeps
        else:
            _same_but_mastery(recalled, _fresh(practice))
        clock.advance(days=-days)


def test_the_retention_window_moves_with_the_day() -> None:
    days = (("2026-10-05", 10, 9), ("2026-10-20", 4, 1), ("2026-11-02", 6, 6))
    now = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)  # the window starts 2026-10-05
    assert retention_of(days, now) == (16 / 20, 20)
    assert retention_of(days, now + timedelta(days=1)) == (7 / 10, 10)  # 10-05 left it
    assert retention_of(days, now + timedelta(days=60)) == (None, 0)


def test_a_planted_or_damaged_entry_is_ignored(store: Store, db: Path) -> None:
    clock = Clock()
    practice = Practice(store, BANK, "default", now=clock)
    practice.submit("ch44.q1", GOOD_Q1)
    _save(practice, db, clock)
    [entry] = cache_dir().glob("glance-*.json")
    os.chmod(entry, 0o666)  # others may write it: not trusted
    assert recall_glance(_where(db), clock()) is None
    os.chmod(entry, 0o600)
    assert recall_glance(_where(db), clock()) is not None
    for damage in (b"{", b"[]", b'{"key": 1}', entry.read_bytes().replace(b'"due_now"', b'"x"')):
        entry.write_bytes(damage)
        assert recall_glance(_where(db), clock()) is None


MALFORMED: list[tuple[str, object]] = [
    ("due_now", {"a": 1}),
    ("due_now", "3"),
    ("due_now", True),
    ("due_now", -1),
    ("new", 1.5),
    ("streak", None),
    ("reviews_today", [1]),
    ("daily_new_limit", "20"),
    ("target_retention", "0.9"),
    ("retention", {"x": 1}),
    ("retention", float("nan")),
    ("readiness", "high"),
    ("profile_name", 7),
    ("day", 20261103),
    ("day", "not a day"),
    ("interview", 5),
    ("weakest", "abc"),
    ("weakest", [{"topic": 1, "mastery": 0.5, "answers": 2}]),
    ("weakest", [{"topic": "t", "mastery": "0.5", "answers": 2}]),
    ("weakest", [{"topic": "t", "mastery": 0.5, "answers": 2, "extra": 1}]),
    ("recent", [["2026-11-01", "1", 1]]),
    ("recent", [["2026-11-01", 1]]),
    ("recent", {"a": 1}),
    ("due_later", [None]),
    ("due_until", "soon"),
    ("unknown_field", 1),
]


def test_a_malformed_value_in_a_saved_glance_is_as_if_there_were_none(
    store: Store, db: Path
) -> None:
    clock = Clock()
    practice = Practice(store, BANK, "default", now=clock)
    practice.submit("ch44.q1", GOOD_Q1)
    _save(practice, db, clock)
    [entry] = cache_dir().glob("glance-*.json")
    good = json.loads(entry.read_text(encoding="utf-8"))
    assert recall_glance(_where(db), clock() + timedelta(days=1)) is not None
    for field, value in MALFORMED:
        document = json.loads(json.dumps(good))
        document["glance"][field] = value
        entry.write_text(json.dumps(document), encoding="utf-8")
        for later in (timedelta(0), timedelta(days=1)):  # the same day, and brought forward
            assert recall_glance(_where(db), clock() + later) is None, (field, value)


def test_no_glance_without_a_database_file(tmp_path: Path) -> None:
    assert recall_glance(_where(tmp_path / "none.db"), Clock()()) is None
    assert recall_glance(Where("postgresql://x/y", "default", (), ()), Clock()()) is None


def test_figures_read_straight_from_the_database_agree_with_the_stats(
    store: Store, db: Path
) -> None:
    """When the saved glance is stale, the app's first frame reads the figures with the standard
    library (`fresh_glance`); they must be the stats' own, whatever the cards' states."""
    from quiz.authoring.checked import load_checked_bank
    from quiz.bank.sources import bank_sources
    from quiz.practice.glance import fresh_glance

    clock = Clock()
    bank = load_checked_bank(bank_sources())  # keyed, as the app loads it: the sync is recorded
    practice = Practice(store, bank, "default", now=clock)
    assert fresh_glance(_where(db), clock()) == _same_fields(practice)  # nothing answered yet
    for day in range(4):  # a streak, reviews of mature cards, lapses
        for item, rating in (("ch44.q1", Rating.GOOD), ("ch44.q2", Rating.AGAIN), ("ch44.q3", 3)):
            practice.submit(item, GOOD_Q1, rating=int(rating))
        practice.submit(f"ch44.q{4 + day}", GOOD_Q1, rating=int(Rating.EASY))
        clock.advance(days=1, hours=3)
    seen = []
    for moment in (0, 2, 30):  # now, later today, when much has fallen due
        clock.advance(hours=moment)
        found = fresh_glance(_where(db), clock())
        assert found is not None and found.weakest is None  # mastery waits for the full load
        assert found == _same_fields(practice)
        seen.append(found)
    assert seen[0].streak == 4 and seen[0].retention is not None and seen[-1].due_now >= 1
    practice.suspend(practice.due(10)[0].item_id)  # a held card that was due: not counted
    practice.submit("ch44.q7", "no idea", rating=int(Rating.AGAIN))  # due in minutes...
    practice.bury("ch44.q7")  # ...buried until tomorrow: its moment moves
    held = fresh_glance(_where(db), clock())
    assert held == _same_fields(practice) and held is not None
    assert held.due_now == seen[-1].due_now - 1 and held.due_later
    assert fresh_glance(_where(db, 3, 0.8, None), clock()) == _same_fields(practice, 3, 0.8)
    assert fresh_glance(replace(_where(db), profile="nobody"), clock()) is None
    extra = db.parent / "extra.yaml"  # another bank than the one synced: not known here
    extra.write_text("questions:\n  - {id: x.q1, topic: t, prompt: p}\n", encoding="utf-8")
    assert fresh_glance(replace(_where(db), banks=(str(extra),)), clock()) is None


def _same_fields(practice: Practice, *pins: object) -> Glance:
    if pins:
        practice.pin_settings(daily_new_limit=pins[0], desired_retention=pins[1])  # type: ignore[arg-type]
    full = glance_of(compute(practice), practice)
    return replace(full, weakest=None)
