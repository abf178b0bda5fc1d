"""Each mode serves what the modes table promises, and nothing else."""

from __future__ import annotations

import pytest

from quiz.practice import interview
from quiz.practice.engine import Practice
from quiz.practice.modes import MODES
from quiz.practice.preferences import PracticeError
from quiz.practice.progress import progress_today
from quiz.store.store import Store
from tests.test_practice import GOOD_Q1, Clock, clock, engine, store

__all__ = ["clock", "store"]  # fixtures


def _kinds(p: Practice, mode: str) -> set[str]:
    return {q.kind for q in p.queue(mode, limit=500)}


def test_the_table_names_every_mode_the_engine_accepts(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    for name in MODES:
        p.queue(name, limit=1)
    with pytest.raises(PracticeError, match="mode must be one of practice, review"):
        p.queue("speedrun")


def test_drill_serves_numeric_problems_only_even_after_a_practice_session(
    store: Store, clock: Clock
) -> None:
    p = engine(store, clock)
    outcome = p.submit("ch44.q1", GOOD_Q1)
    assert outcome.follow_ups and p.pending_follow_ups  # practice queued the follow-ups
    assert _kinds(p, "drill") == {"template"}
    assert p.next_item("drill") is not None


def test_drill_is_not_capped_by_the_daily_new_limit(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    p.update_settings(daily_new_limit=0)
    assert p.queue("practice", limit=50) == []
    drill = p.queue("drill", limit=50)
    assert len(drill) == sum(1 for e in p.entries.values() if e.kind == "template")


def test_practice_introduces_new_items_up_to_the_daily_limit(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    p.update_settings(daily_new_limit=1)
    assert len(p.queue("practice", limit=50)) == 1
    p.submit("ch44.q2", "Memory-bound lacks capacity; bandwidth-bound lacks transfer speed.")
    p.skip_follow_ups()
    assert p.queue("practice", limit=50) == []


def test_review_serves_only_what_is_due(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    assert p.queue("review", limit=50) == []  # nothing answered, nothing due
    outcome = p.submit("ch44.q1", GOOD_Q1)
    assert p.queue("review", limit=50) == []  # answered, not yet due, no follow-up chaining
    assert outcome.due is not None
    clock.moment = outcome.due
    assert [(q.item_id, q.reason) for q in p.queue("review", limit=50)] == [("ch44.q1", "due")]


def test_follow_ups_follow_their_parent_in_practice_only(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    p.submit("ch44.q1", GOOD_Q1)
    assert [q.item_id for q in p.queue("practice", limit=2)] == ["ch44.q1.f1", "ch44.q1.f2"]
    for mode in ("review", "cram", "drill"):
        assert "followup" not in _kinds(p, mode), mode


def test_cram_leaves_the_schedule_alone(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    assert _kinds(p, "cram") == {"question", "template"}
    outcome = p.submit("ch44.q1", GOOD_Q1, mode="cram")
    assert not outcome.scheduled and outcome.due is None
    assert p.pending_follow_ups == []
    assert p.queue("review", limit=50) == [] and p.due() == []
    assert "ch44.q1" in [q.item_id for q in p.queue("practice", limit=50)]  # still new


@pytest.mark.parametrize("hold", ["suspend", "bury"])
def test_suspended_and_buried_items_appear_in_no_mode(
    store: Store, clock: Clock, hold: str
) -> None:
    p = engine(store, clock)
    answered = p.submit("ch44.q1", GOOD_Q1)
    getattr(p, hold)("ch44.q1")
    getattr(p, hold)("ch44.q1.f1")
    getattr(p, hold)("ch44.q2")
    template = next(e.id for e in p.entries.values() if e.kind == "template")
    getattr(p, hold)(template)
    assert answered.due is not None
    if hold == "suspend":
        clock.moment = answered.due  # ch44.q1 would be due now (a burial ends tomorrow)
    held = {"ch44.q1", "ch44.q1.f1", "ch44.q2", template}
    for mode in ("practice", "review", "cram", "drill"):
        served = {q.item_id for q in p.queue(mode, limit=500)}
        assert not served & held, mode
    chosen = interview.start(p, questions=50)
    assert not set(chosen.item_ids) & held


def test_the_progress_count_agrees_with_the_queue_in_every_mode(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    p.update_settings(daily_new_limit=3)
    p.submit("ch44.q1", GOOD_Q1)  # follow-ups pending, one new card started
    p.suspend("ch44.q2")
    clock.advance(days=30)  # ch44.q1 is due again
    for mode in MODES:
        if mode == "interview":
            continue  # interviews plan their own questions
        assert progress_today(p, mode).left == len(p.queue(mode, limit=500)), mode


def test_follow_ups_are_counted_once_so_todays_total_holds_still(
    store: Store, clock: Clock
) -> None:
    """A question's follow-ups are queued right after it and are new cards of the day: the
    queue lists each once, and the day's total (done + left) does not grow when they are
    queued nor shrink as they are answered."""
    p = engine(store, clock)
    p.update_settings(daily_new_limit=5)

    def total() -> int:
        progress = progress_today(p, "practice")
        return progress.done + progress.left

    assert total() == 5
    p.submit("ch44.q1", GOOD_Q1)  # two follow-ups now pending
    queued = [q.item_id for q in p.queue("practice", limit=500)]
    assert len(queued) == len(set(queued)), queued
    assert queued[:2] == ["ch44.q1.f1", "ch44.q1.f2"]
    assert total() == 5
    for follow_up in ("ch44.q1.f1", "ch44.q1.f2"):
        p.submit(follow_up, "Bandwidth and capacity both matter.", rating=3)
        assert total() == 5, follow_up
