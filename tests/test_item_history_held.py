"""An item's answer history, the held (suspended and buried) items with unsuspend and unbury,
and cram narrowed to a topic or the weakest items: the engine's side (issue 33)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.practice.engine import Practice
from quiz.practice.focus import Focus
from quiz.practice.held import held, held_text, unbury, unsuspend
from quiz.practice.history import history_text, item_history
from quiz.practice.preferences import PracticeError
from quiz.practice.progress import progress_today
from quiz.srs.ratings import Rating
from quiz.store import queries
from quiz.store.location import database_url
from quiz.store.store import Store

BANK = load_bank(bank_sources())
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
GOOD_Q1 = (
    "GPU memory bandwidth is the rate at which data is read from or written to GPU memory. "
    "Each token reads all the weights, so bandwidth decides how quickly tokens are processed; "
    "higher bandwidth lowers latency and improves efficiency. At batch size 1 decoding is "
    "bandwidth-bound: the bottleneck."
)
POOR_Q1 = "Bandwidth is how much memory the GPU has."


class Clock:
    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def store(new_db: Callable[[str], str]) -> Iterator[Store]:
    opened = Store.open(database_url(new_db("progress")))
    yield opened
    opened.close()


def test_history_lists_answers_newest_first_with_scores_ratings_and_missed_points(
    store: Store,
) -> None:
    clock = Clock()
    p = Practice(store, BANK, now=clock)
    p.submit("ch44.q1", POOR_Q1)
    clock.moment += timedelta(days=1)
    good = p.submit("ch44.q1", GOOD_Q1)
    p.override(good.attempt_id, 2)  # the learner rates it hard
    clock.moment += timedelta(hours=1)
    p.submit("ch44.q1", "A third answer, taken back.")
    assert p.undo() is not None

    newest, oldest = item_history(p, "ch44.q1")  # the undone answer is left out
    assert newest.at == START + timedelta(days=1) and oldest.at == START
    assert newest.answer == GOOD_Q1 and newest.mode == "practice"
    assert newest.score is not None and newest.score >= 0.9
    assert newest.final == Rating.HARD and newest.suggested in (Rating.GOOD, Rating.EASY)
    assert newest.missed == ()
    assert oldest.score is not None and oldest.score < 0.6 and oldest.final == Rating.AGAIN
    missed = dict(oldest.missed)
    assert missed["token-processing"] == "Explains its role in processing tokens."
    assert "definition" not in missed or missed["definition"].startswith("Defines")
    assert newest.to_json()["rating"] == "hard" and newest.to_json()["missed"] == []
    text = history_text("ch44.q1", "What is GPU memory bandwidth?", [newest, oldest])
    assert "2 answer(s), newest first" in text
    assert "2026-11-03 09:00 UTC  practice  score" in text and "rated hard (suggested" in text
    assert "missed: Explains its role in processing tokens." in text
    assert item_history(p, "ch44.q2") == []
    with pytest.raises(PracticeError, match="no item 'nope' in the bank"):
        item_history(p, "nope")


def test_held_lists_suspended_and_buried_items_until_let_back_in(store: Store) -> None:
    clock = Clock()
    p = Practice(store, BANK, now=clock)
    p.suspend("ch44.q2")
    returns = p.bury("ch44.q1")
    listed = held(p)
    assert [(h.item_id, h.suspended, h.buried_until) for h in listed] == [
        ("ch44.q1", False, returns),  # the bank's order
        ("ch44.q2", True, None),
    ]
    assert listed[0].to_json()["buried_until"] == "2026-11-03T00:00:00+00:00"
    text = held_text(listed, clock.moment)
    assert "ch44.q1  buried, back in 15 h (2026-11-03 00:00 UTC)" in text
    assert "ch44.q2  suspended" in text and "2 held" in text

    assert unsuspend(p, "ch44.q2") is True
    assert unsuspend(p, "ch44.q2") is False  # not suspended any more
    assert unbury(p, "ch44.q2") is False  # never buried
    assert [h.item_id for h in held(p)] == ["ch44.q1"]
    assert unbury(p, "ch44.q1") is True
    assert held(p) == [] and p.held_items() == set()
    assert "ch44.q1" in [q.item_id for q in p.queue("practice", 50)]
    assert held_text([], clock.moment).startswith("Nothing is suspended or buried")
    with pytest.raises(PracticeError, match="no item 'nope'"):
        unsuspend(p, "nope")


def test_a_burial_that_has_ended_is_no_longer_held(store: Store) -> None:
    clock = Clock()
    p = Practice(store, BANK, now=clock)
    returns = p.bury("ch44.q1")
    clock.moment = returns
    assert held(p) == []
    assert unbury(p, "ch44.q1") is False


def test_cram_keeps_to_a_topic_or_the_weakest_items(store: Store) -> None:
    clock = Clock()
    p = Practice(store, BANK, now=clock)
    p.focus = Focus(topic="mbu")
    crammed = p.queue("cram", limit=100)
    assert crammed and {q.topic for q in crammed} == {"mbu"}
    assert {q.item_id for q in crammed} == {
        e.id for e in p.entries.values() if e.topic == "mbu" and e.kind != "followup"
    }

    p.focus = None
    p.submit("ch44.q1", GOOD_Q1)
    p.submit("ch44.q2", "Memory-bound tasks lack memory capacity.")
    p.submit("ch44.q3", "No idea.")
    p.skip_follow_ups()
    p.focus = Focus(weakest=2)
    weakest = {q.item_id for q in p.queue("cram", limit=100)}
    assert weakest == {"ch44.q2", "ch44.q3"}  # the strong ch44.q1 is left out
    p.focus = Focus(weakest=5)  # only three were answered: those three
    assert {q.item_id for q in p.queue("cram", 100)} == {"ch44.q1", "ch44.q2", "ch44.q3"}
    p.suspend("ch44.q3")
    p.focus = Focus(weakest=2)  # a held item is not crammed: the next weakest takes its place
    assert {q.item_id for q in p.queue("cram", 100)} == {"ch44.q1", "ch44.q2"}
    p.focus = Focus(topic="gpu-memory-bandwidth", weakest=1)
    assert [q.item_id for q in p.queue("cram", 100)] == ["ch44.q1"]
    assert Focus(topic="mbu", weakest=3).describe() == "topic mbu, your 3 weakest"


def test_crams_progress_line_counts_the_focused_items(store: Store) -> None:
    clock = Clock()
    p = Practice(store, BANK, now=clock)
    mbu = [e.id for e in p.entries.values() if e.topic == "mbu" and e.kind != "followup"]
    p.focus = Focus(topic="mbu")
    assert progress_today(p, "cram").text().startswith(f"1 of {len(mbu)} today")
    p.submit(mbu[0], "82.96%", mode="cram", seed=3)
    assert progress_today(p, "cram").text().startswith(f"2 of {len(mbu)} today")
    p.focus = Focus(weakest=1)  # a cram answer leaves the card alone: nothing answered yet
    assert progress_today(p, "cram").text().startswith("1 of 0 today")
    p.submit("ch44.q1", "It is a rate.")  # practice: the card's answer quality is kept
    assert progress_today(p, "cram").text().startswith("1 of 1 today")


def test_an_item_held_before_any_answer_comes_back_new_not_due(store: Store) -> None:
    """Suspending or burying an item never answered gives it a card to hold the flag; let back
    in, it is new again (it was listed as due, weeks overdue, though never answered)."""
    clock = Clock()
    p = Practice(store, BANK, now=clock)
    p.suspend("ch44.q2")
    p.bury("ch44.q3")
    answered = p.submit("ch44.q1", GOOD_Q1)
    p.skip_follow_ups()
    p.suspend("ch44.q1")
    clock.moment += timedelta(hours=1)
    assert unsuspend(p, "ch44.q2") and unbury(p, "ch44.q3") and unsuspend(p, "ch44.q1")
    assert p.due() == []  # (it was ch44.q2 and ch44.q3, due since they were held)
    with p.store.read() as session:  # never answered: no card, as before they were held
        assert queries.card(session, p.profile_id, "ch44.q2") is None
        assert queries.card(session, p.profile_id, "ch44.q3") is None
    assert answered.due is not None
    clock.moment = answered.due  # answered before it was held: its schedule is kept
    assert [q.item_id for q in p.due()] == ["ch44.q1"]
    p.suspend("ch44.q2")
    p.bury("ch44.q2")  # suspended and buried: unsuspending leaves it buried
    assert unsuspend(p, "ch44.q2") and [h.item_id for h in held(p)] == ["ch44.q2"]
    assert unbury(p, "ch44.q2") and held(p) == []
    assert "ch44.q2" not in [q.item_id for q in p.due()]
