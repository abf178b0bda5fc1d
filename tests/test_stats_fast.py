"""`quiz stats` reads its figures straight from an SQLite file when the database is synced with the
bank (the standard library only); they must be the figures SQLAlchemy reads, whatever the cards'
states: suspended, buried, of removed items, due, overdue, falling due later."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from quiz.authoring.checked import load_checked_bank
from quiz.bank.model import Bank
from quiz.bank.sources import bank_sources
from quiz.practice.engine import Practice
from quiz.practice.glance import Where, fresh_glance, glance_of
from quiz.practice.queue import sync_key
from quiz.practice.stats import assemble, compute, read_fast, window
from quiz.srs.ratings import Rating
from quiz.store.figures import stats_rows
from quiz.store.location import database_url
from quiz.store.stats_rows import StatsRows
from quiz.store.store import Store
from tests.test_practice import GOOD_Q1, Clock

EXTRA = """\
questions:
  - id: extra.q1
    topic: extra-topic
    prompt: Why is decoding at batch size 1 bandwidth-bound?
    model_answer: Each token reads all the weights from memory, so bandwidth sets the pace.
    rubric:
      - id: p1
        criterion: Says every token reads all the weights.
        min_concepts: 2
        concepts:
          - forms: [weights]
          - forms: [each token, every token]
      - id: p2
        criterion: Names memory bandwidth as the limit.
        concepts:
          - forms: [bandwidth]
  - id: extra.q2
    topic: extra-topic
    prompt: What does MBU measure?
    model_answer: How much of the memory bandwidth the model uses.
    rubric:
      - id: p1
        criterion: Says it is the share of bandwidth used.
        concepts:
          - forms: [bandwidth]
"""


def _keyed(*extra: Path) -> Bank:
    bank = load_checked_bank(bank_sources([str(path) for path in extra]))
    assert bank.key is not None and not bank.errors
    return bank


def _full(practice: Practice, clock: Clock) -> StatsRows:
    with practice.store.read() as session:
        return stats_rows(session, practice.profile_id, window(clock()))


def _same(fast: StatsRows | None, full: StatsRows) -> None:
    assert fast is not None
    assert fast.mastery.keys() == full.mastery.keys()
    for topic, figures in full.mastery.items():  # floats summed in SQL: equal to rounding
        assert fast.mastery[topic] == pytest.approx(figures, rel=1e-12)
    assert fast._replace(mastery=full.mastery) == full


def test_the_fast_stats_rows_are_the_full_ones(store: Store, db: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    clock = Clock()
    with_extra = _keyed(extra)
    practice = Practice(store, with_extra, "default", now=clock)
    for day in range(5):  # a streak, reviews of mature cards, lapses, missed points
        for item, rating in (("ch44.q1", Rating.GOOD), ("ch44.q2", Rating.AGAIN), ("ch44.q3", 3)):
            practice.submit(item, GOOD_Q1, rating=int(rating))
        practice.submit(f"ch44.q{4 + day % 3}", "no idea at all", rating=int(Rating.HARD))
        practice.submit("extra.q1", "weights", rating=int(Rating.GOOD))
        practice.submit("extra.q2", "it measures bandwidth use", rating=int(Rating.EASY))
        clock.advance(days=1, hours=5)
    synced = sync_key(with_extra.key or "")
    assert read_fast(db, "default", clock(), synced) is not None
    practice.suspend("ch44.q1")
    practice.suspend("ch44.q2")  # due in minutes: overdue from tomorrow, but held
    practice.submit("ch44.q7", "no idea", rating=int(Rating.AGAIN))  # due in minutes...
    practice.bury("ch44.q7")  # ...buried until tomorrow: later than it falls due
    practice.bury("ch44.q3")  # due later than the burial ends
    practice.suspend("extra.q2")  # held, and of an item about to be removed

    shipped = _keyed()  # the extra file is gone: its items are removed, their cards left out
    practice = Practice(store, shipped, "default", now=clock)
    synced = sync_key(shipped.key or "")
    seen = []
    for hours in (0, 3, 30, 24 * 12):  # now, later today, tomorrow, when much fell due
        clock.advance(hours=hours)
        full = _full(practice, clock)
        _same(read_fast(db, "default", clock(), synced), full)
        assert assemble(full, clock()) == compute(practice)
        home = fresh_glance(Where(str(db), "default", (), (None, None, None)), clock())
        assert home == replace(glance_of(compute(practice), practice), weakest=None)
        seen.append(full)
    assert seen[0].states and seen[0].missed and seen[0].moments and seen[-1].due_now
    assert {row[0] for row in seen[0].missed} >= {"extra.q1"}  # kept, with its criterion
    assert all(row[4] for row in seen[0].missed)
    assert "extra-topic" not in seen[0].mastery  # removed items count nowhere
    assert read_fast(db, "nobody", clock(), synced) is None
    assert read_fast(db, "default", clock(), sync_key(with_extra.key or "")) is None


def test_a_database_from_before_criteria_were_kept_gets_them_at_the_next_start(
    db: Path, tmp_path: Path
) -> None:
    """Revision 0006 added the items' criteria: upgrading forgets the last sync, so the next
    start writes them; until then the fast path does not apply."""
    from quiz.store.engine import make_engine
    from quiz.store.migrate import downgrade, upgrade

    clock, shipped = Clock(), _keyed()
    synced = sync_key(shipped.key or "")
    store = Store.open(database_url(str(db)))
    Practice(store, shipped, "default", now=clock).submit("ch44.q1", "no idea", rating=1)
    store.close()
    engine = make_engine(database_url(str(db)))
    downgrade(engine, "0005")
    upgrade(engine)
    engine.dispose()
    assert read_fast(db, "default", clock(), synced) is None  # not synced since the upgrade
    store = Store.open(database_url(str(db)))
    practice = Practice(store, shipped, "default", now=clock)
    rows = read_fast(db, "default", clock(), synced)
    assert rows is not None and rows.missed
    assert {row[4] for row in rows.missed} <= {p.criterion for p in shipped.items["ch44.q1"].rubric}
    assert all(row[4] for row in rows.missed)
    assert rows == _full(practice, clock)
    store.close()


def test_quiz_stats_prints_the_full_figures_from_the_fast_path(
    store: Store, db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from quiz.cli import main
    from quiz.practice.render import stats_text

    clock, shipped = Clock(), _keyed()
    practice = Practice(store, shipped, "default", now=clock)
    for _ in range(3):  # three days
        practice.submit("ch44.q1", GOOD_Q1)
        practice.submit("ch44.q2", "bandwidth, I think", rating=int(Rating.HARD))
        clock.advance(days=1, hours=2)
    monkeypatch.setenv("QUIZ_NOW", clock().isoformat())
    assert read_fast(db, "default", clock(), sync_key(shipped.key or "")) is not None
    expected = compute(practice)
    assert main(["stats", "--json", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(expected.to_json()))
    assert main(["stats", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out == stats_text(expected) + "\n" and "rubric points missed most" in out


def test_the_mastery_read_ahead_is_used_only_for_the_same_snapshot(store: Store, db: Path) -> None:
    """`quiz stats` starts the mastery query in a thread before the rest: its rows count only
    if no write came between its snapshot and the other reads."""
    from quiz.store.stats_rows import MasteryQuery, read_stats_rows

    clock, shipped = Clock(), _keyed()
    synced = sync_key(shipped.key or "")
    practice = Practice(store, shipped, "default", now=clock)
    for item in ("ch44.q1", "ch44.q2", "ch44.q3"):
        practice.submit(item, GOOD_Q1)
    clock.advance(days=3)
    early = MasteryQuery(db, "default", clock())
    ahead = read_stats_rows(db, "default", window(clock()), synced, early)
    assert ahead is not None and ahead.mastery and ahead == _full(practice, clock)
    stale = MasteryQuery(db, "default", clock())
    stale.rows(None, synced, "")  # waits until it has read
    practice.submit("ch44.q1", "no idea at all", rating=int(Rating.AGAIN))  # a write since
    after = read_stats_rows(db, "default", window(clock()), synced, stale)
    assert after == _full(practice, clock) and after is not None
    assert after.mastery != ahead.mastery  # the stale rows were not taken
    later = MasteryQuery(db, "default", clock())
    clock.advance(hours=30)  # another moment than the one it read at
    assert read_stats_rows(db, "default", window(clock()), synced, later) == _full(practice, clock)
    assert MasteryQuery(db.parent / "none.db", "default", clock()).rows(None, synced, "") is None
