"""Sessions as a learner goes through them (issue 33): cram moves on, new items are mixed across
topics and kinds, the progress line counts one mode and does not drift, held items are asked in
no mode, and a mock interview's report names every item not reached. Clocks are injected."""

from __future__ import annotations

import itertools

import pytest

from quiz.practice import interview
from quiz.practice.engine import Practice
from quiz.practice.progress import progress_today
from quiz.store.store import Store
from tests.test_practice import GOOD_Q1, Clock, clock, engine, store

__all__ = ["clock", "store"]  # fixtures


def answer(p: Practice, item_id: str, mode: str) -> None:
    """Answer an item as a learner who half knows it (a problem with a wrong number)."""
    entry = p.entries[item_id]
    if entry.kind == "template":
        problem = p.problem(item_id)
        p.submit(item_id, "1 B", mode=mode, seed=problem.seed)
    else:
        p.submit(item_id, "Bandwidth matters for decoding.", mode=mode, rating=3)


def test_cram_moves_through_every_item_before_one_comes_back(store: Store, clock: Clock) -> None:
    # Before: ch44.q1 came back after every answer, "2 of 26 today", "3 of 27", "4 of 28".
    p = engine(store, clock)
    items = len([e for e in p.entries.values() if e.kind in ("question", "template")])
    seen: list[str] = []
    lines: list[str] = []
    for _ in range(items + 2):
        lines.append(progress_today(p, "cram").text())
        shown = p.next_item("cram")
        assert shown is not None
        seen.append(shown.item_id)
        answer(p, shown.item_id, "cram")
        clock.advance(seconds=30)
    assert len(set(seen[:items])) == items  # every item once before any repeats
    assert seen[items] == seen[0] and seen[items + 1] == seen[1]  # then round again
    assert [line.split(" today")[0] for line in lines[:3]] == [
        f"1 of {items}",
        f"2 of {items}",
        f"3 of {items}",
    ]
    assert lines[items].startswith(f"1 of {items} today")  # the second round, same total
    topics = [p.entries[i].topic for i in seen[:items]]
    assert sum(a == b for a, b in itertools.pairwise(topics)) <= 2  # interleaved
    assert {p.entries[i].kind for i in seen[:4]} == {"question", "template"}


def test_cram_never_serves_the_item_just_answered(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    first = p.next_item("cram")
    assert first is not None
    answer(p, first.item_id, "cram")
    after = p.next_item("cram")
    assert after is not None and after.item_id != first.item_id
    assert p.undo() is not None  # taken back: it is served again
    again = p.next_item("cram")
    assert again is not None and again.item_id == first.item_id


def test_new_items_are_mixed_across_topics_and_kinds(store: Store, clock: Clock) -> None:
    # Before: q1..q7 in bank order first, numeric problems after; none in three days at 10 a day.
    p = engine(store, clock)
    p.update_settings(daily_new_limit=100)
    queue = p.queue("practice", limit=100)
    assert queue[0].item_id == "ch44.q1"  # the bank's first item still opens a fresh profile
    topics = [q.topic for q in queue]
    assert all(a != b for a, b in itertools.pairwise(topics))
    assert {q.kind for q in queue[:3]} == {"question", "template"}
    assert queue == p.queue("practice", limit=100)  # deterministic


def test_a_learner_at_ten_new_items_a_day_meets_a_numeric_problem_on_day_one(
    store: Store, clock: Clock
) -> None:
    p = engine(store, clock)
    served: list[tuple[str, str]] = []
    while (shown := p.next_item("practice")) is not None and len(served) < 40:
        served.append((shown.item_id, p.entries[shown.item_id].topic))
        answer(p, shown.item_id, "practice")
        clock.advance(seconds=20)
    kinds = {p.entries[i].kind for i, _ in served}
    assert "template" in kinds and "question" in kinds, served
    fresh = [(i, t) for i, t in served if p.entries[i].kind != "followup"]
    assert all(a[1] != b[1] for a, b in itertools.pairwise(fresh)), fresh


def test_the_order_of_new_items_holds_as_they_are_answered(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    p.update_settings(daily_new_limit=100)
    planned = [q.item_id for q in p.queue("drill", limit=100)]
    served = []
    for _ in range(5):
        shown = p.next_item("drill")
        assert shown is not None
        served.append(shown.item_id)
        answer(p, shown.item_id, "drill")
    assert served == planned[:5]


def test_the_progress_line_counts_one_mode_and_does_not_drift(store: Store, clock: Clock) -> None:
    # Before: drill "6 of 24 today" became "8 of 25" (answers of every mode counted).
    p = engine(store, clock)
    templates = len([e for e in p.entries.values() if e.kind == "template"])
    assert progress_today(p, "drill").text().startswith(f"1 of {templates} today")
    for n in range(2, 5):
        shown = p.next_item("drill")
        assert shown is not None
        answer(p, shown.item_id, "drill")
        clock.advance(seconds=10)  # within the first learning step: none back yet
        assert progress_today(p, "drill").text().startswith(f"{n} of {templates} today")
    p.submit("ch44.q1", GOOD_Q1)  # an answer in practice leaves drill's line alone
    p.skip_follow_ups()
    assert progress_today(p, "drill").text().startswith(f"4 of {templates} today")
    assert progress_today(p, "practice").text().startswith("2 of ")
    clock.advance(minutes=15)  # learning steps bring drill's cards back: its total never falls
    line = progress_today(p, "drill").text()
    assert line.startswith("4 of ") and int(line.split()[2]) >= templates


def test_held_items_are_asked_in_no_mode(store: Store, clock: Clock) -> None:
    # Before: ch44.q2.f1 suspended and ch44.q2.f2 buried were both asked in a mock interview.
    p = engine(store, clock)
    p.suspend("ch44.q2.f1")
    p.bury("ch44.q2.f2")
    session = interview.start(p, questions=2, minutes=1)
    assert "ch44.q2" in session.item_ids
    assert session.follow_ups(p, "ch44.q2") == ()
    assert session.plan(p) == ("ch44.q1", "ch44.q1.f1", "ch44.q1.f2", "ch44.q2")
    p.suspend("ch44.worked-example")
    p.bury("ch44.q3")
    p.bury("decode.ceiling")
    held = {"ch44.q2.f1", "ch44.q2.f2", "ch44.worked-example", "ch44.q3", "decode.ceiling"}
    for mode in ("practice", "review", "cram", "drill", "interview"):
        assert not {q.item_id for q in p.queue(mode, limit=500)} & held, mode
    clock.advance(days=1)  # buried until the next day; suspended until let back in
    back = {q.item_id for q in p.queue("cram", limit=500)}
    assert {"ch44.q3", "decode.ceiling"} <= back and "ch44.worked-example" not in back


def test_the_report_names_the_follow_up_on_screen_when_the_interview_ended(
    store: Store, clock: Clock
) -> None:
    # Before: "Not reached" listed only questions; ch44.q1.f1, on screen at esc, was missing.
    p = engine(store, clock)
    session = interview.start(p, questions=2, minutes=1)
    p.submit("ch44.q1", GOOD_Q1, mode="interview", interview_id=session.id, duration_ms=5_000)
    report = interview.finish(p, session.id)  # ended while ch44.q1.f1 was asked
    assert report["unanswered"] == ["ch44.q1.f1", "ch44.q1.f2", "ch44.q2"]


@pytest.mark.parametrize("template", ["ch44.worked-example", "memory.weights"])
def test_another_draw_differs_when_the_template_can_vary(
    store: Store, clock: Clock, template: str
) -> None:
    # Before: `a` in drill on the worked example showed the identical problem and logged a
    # second review of it.
    p = engine(store, clock)
    seeds = iter(range(1, 1000))
    p.fresh_seed = lambda: next(seeds)
    first = p.problem(template)
    p.submit(template, first.answer_display, mode="drill", seed=first.seed)
    again = p.problem(template)
    varies = len({p.problem(template, seed).prompt for seed in range(1, 30)}) > 1
    assert (again.prompt != first.prompt) == varies
    outcome = p.submit(template, again.answer_display, mode="drill", seed=again.seed)
    assert outcome.scheduled == varies  # an identical repeat is recorded, not reviewed again
    assert len(p.history(template)) == 2
