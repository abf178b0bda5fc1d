"""The home screen's saved glance: used only while nothing it depends on changed, and then the
same numbers a full computation gives (cards that fall due since are counted)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from quiz.cachefiles import cache_dir
from quiz.practice.engine import Practice
from quiz.practice.glance import Glance, Where, glance_of, recall_glance, remember_glance
from quiz.practice.stats import compute
from quiz.srs.ratings import Rating
from quiz.store.location import database_url
from quiz.store.revision import read_revision
from quiz.store.store import Store
from tests.test_practice import BANK, GOOD_Q1, Clock


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "progress.db"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    opened = Store.open(database_url(str(db)))
    yield opened
    opened.close()


WHERE_PINS: tuple[object, ...] = (None, None)


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
    assert recall_glance(_where(db), clock()) == saved
    clock.moment = saved.due_later[0]  # the relearning card falls due
    recalled = recall_glance(_where(db), clock())
    assert recalled is not None and recalled.due_now == saved.due_now + 1
    assert recalled == _fresh(practice)


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
    assert recall_glance(_where(db, 3, None), clock()) is None  # another pinned setting
    assert recall_glance(replace(_where(db), profile="other"), clock()) is None
    extra = db.parent / "extra.yaml"
    extra.write_text("questions:\n  - {id: x.q1, topic: t, prompt: p}\n", encoding="utf-8")
    assert recall_glance(replace(_where(db), banks=(str(extra),)), clock()) is None
    clock.advance(days=1)
    assert recall_glance(_where(db), clock()) is None  # another day
    clock.advance(days=-2)
    assert recall_glance(_where(db), clock()) is None  # the clock went back
    clock.advance(days=1)
    practice.submit("ch44.q2", "Memory-bound work waits on memory.")  # a write
    assert recall_glance(_where(db), clock()) is None


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


def test_no_glance_without_a_database_file(tmp_path: Path) -> None:
    assert recall_glance(_where(tmp_path / "none.db"), Clock()()) is None
    assert recall_glance(Where("postgresql://x/y", "default", (), ()), Clock()()) is None
