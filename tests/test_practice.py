"""The practice engine without any UI: queues, grading, scheduling, undo, flags, interviews."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from quiz.bank.loader import load_bank, load_text
from quiz.bank.model import Bank
from quiz.bank.sources import bank_sources
from quiz.practice import entries as entries_module
from quiz.practice import interview
from quiz.practice.engine import Practice
from quiz.practice.outcome import Outcome
from quiz.practice.preferences import PracticeError
from quiz.practice.queue import interleave
from quiz.practice.render import stats_text
from quiz.practice.stats import compute
from quiz.srs.scheduler import CardState
from quiz.store.location import database_url
from quiz.store.store import Store
from tests.conftest import SELF_RATED, one_question_bank

BANK = load_bank(bank_sources())
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
GOOD_Q1 = (
    "GPU memory bandwidth is the rate at which data is read from or written to GPU memory. "
    "Each token reads all the weights, so bandwidth decides how quickly tokens are processed; "
    "higher bandwidth lowers latency and improves efficiency. At batch size 1 decoding is "
    "bandwidth-bound: the bottleneck."
)


class Clock:
    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(new_db: Callable[[str], str]) -> Iterator[Store]:
    """A fresh database, SQLite and PostgreSQL in turn."""
    opened = Store.open(database_url(new_db("progress")))
    yield opened
    opened.close()


def engine(store: Store, clock: Clock, bank: Bank = BANK, profile: str = "default") -> Practice:
    return Practice(store, bank, profile, now=clock)


def due_at(outcome: Outcome) -> datetime:
    """When the card just answered is due (the answer was scheduled)."""
    assert outcome.due is not None
    return outcome.due


def test_interleave_round_robins_topics() -> None:
    rows = ["a1", "a2", "a3", "b1", "c1", "c2"]
    assert interleave(rows, lambda r: r[0]) == ["a1", "b1", "c1", "a2", "c2", "a3"]


def test_new_items_come_in_bank_order_up_to_the_daily_limit(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    queue = p.queue("practice", limit=50)
    assert [q.reason for q in queue] == ["new"] * 10  # daily new limit 10
    assert queue[0].item_id == "ch44.q1"
    assert all(q.kind in ("question", "template") for q in queue)  # follow-ups come after parents
    p.submit("ch44.q1", GOOD_Q1)
    after = p.queue("practice", limit=50)
    assert [q.item_id for q in after[:2]] == ["ch44.q1.f1", "ch44.q1.f2"]
    assert after[0].reason == "follow-up"
    # One new card started today and the two follow-ups will start two more: 7 others, and no
    # follow-up listed again among them.
    assert sum(q.reason == "new" for q in after) == 7
    assert len({q.item_id for q in after}) == len(after) == 9
    restarted = engine(store, clock)  # a new session: the follow-ups come back as new items
    assert [q.item_id for q in restarted.queue("practice", 3)][:2] == ["ch44.q1.f1", "ch44.q1.f2"]


def test_a_warm_start_makes_no_entry_until_one_is_asked_for(
    store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyed = dataclasses.replace(BANK, key="warm")  # as loaded by the app: keyed by its files
    engine(store, clock, keyed)  # the first start syncs the bank and records its key
    made: list[str] = []
    real = entries_module.Entry

    def counted(*args: object, **keys: object) -> object:
        made.append(str(args[0]))
        return real(*args, **keys)  # type: ignore[arg-type]

    monkeypatch.setattr(entries_module, "Entry", counted)
    p = engine(store, clock, keyed)
    assert made == []  # at 100,000 items, making them all was most of a start's time
    first = p.next_item("practice")
    assert first is not None and first.item_id in made
    assert first.title == " ".join(BANK.items[first.item_id].prompt.split())
    assert list(p.entries) == [*BANK.items, *BANK.templates]
    assert len(p.entries) == len(BANK.items) + len(BANK.templates)
    assert "no.such" not in p.entries and p.entries.get("no.such") is None
    template = next(iter(BANK.templates))
    assert p.entries[template].kind == "template" and p.entries[template] is p.entries[template]


def test_submit_grades_records_and_schedules(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    outcome = p.submit("ch44.q1", GOOD_Q1, duration_ms=42_000)
    assert outcome.score == 1.0 and outcome.suggested == 4 and outcome.final == 4
    assert outcome.due is not None and outcome.due > START
    assert outcome.follow_ups == ("ch44.q1.f1", "ch44.q1.f2")
    (attempt,) = p.history("ch44.q1")
    assert attempt.id == outcome.attempt_id and attempt.duration_ms == 42_000
    assert json.loads(attempt.points)[0] == {"id": "definition", "hit": True}
    follow_up = p.next_item("practice")
    assert follow_up is not None and follow_up.item_id == "ch44.q1.f1"  # right after its question
    assert p.next_item("review") is None  # nothing due yet, and review chains no follow-ups
    clock.moment = due_at(outcome)
    assert [q.item_id for q in p.due()] == ["ch44.q1"]


def test_a_fresh_engine_sees_what_the_last_one_committed(store: Store, clock: Clock) -> None:
    engine(store, clock).submit("ch44.q2", "Memory-bound tasks lack memory capacity.")
    other = engine(store, clock)
    assert len(other.history("ch44.q2")) == 1


def test_numeric_templates_need_their_seed_and_check_the_number(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    with pytest.raises(PracticeError, match="give the seed"):
        p.submit("memory.weights", "13 GB")
    problem = p.problem("memory.weights", seed=4)
    right = p.submit("memory.weights", problem.answer_display, seed=4, mode="drill")
    assert right.correct is True and right.final == 3
    wrong = p.submit("memory.weights", "1 GB", seed=4, mode="drill")
    assert wrong.correct is False and wrong.final == 1
    seeds = [a.seed for a in p.history("memory.weights")]
    assert seeds == [4, 4]
    assert len({p.problem("memory.weights").seed for _ in range(5)}) >= 2  # fresh seeds


SELF_RATED_BANK = load_bank(bank_sources([str(SELF_RATED)]))


def test_follow_up_without_rubric_needs_a_self_rating(store: Store, clock: Clock) -> None:
    p = engine(store, clock, SELF_RATED_BANK)
    with pytest.raises(PracticeError, match="rate your answer yourself"):
        p.submit("s.q1.f1", "Because both limit speed.")
    outcome = p.submit("s.q1.f1", "Because both limit speed.", rating=2)
    assert outcome.score is None and outcome.final == 2 and outcome.scheduled


def test_cram_never_changes_a_schedule(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    first = p.submit("ch44.q1", GOOD_Q1)
    crammed = p.submit("ch44.q1", "no idea", mode="cram")
    assert not crammed.scheduled and crammed.due is None
    p.skip_follow_ups()
    clock.moment = due_at(first) - timedelta(minutes=1)
    assert p.due() == []
    clock.moment = due_at(first)
    assert [q.item_id for q in p.due()] == ["ch44.q1"]
    assert {q.reason for q in p.queue("cram", limit=100)} == {"cram"}


def test_override_reschedules_from_the_state_before(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    easy = p.submit("ch44.q1", GOOD_Q1)
    again = p.override(easy.attempt_id, 1)
    assert again.final == 1 and again.due is not None and again.due < due_at(easy)
    (attempt,) = p.history("ch44.q1")
    assert attempt.final_rating == 1 and attempt.suggested_rating == 4
    clock.advance(minutes=2)
    later = p.submit("ch44.q1", GOOD_Q1)
    with pytest.raises(PracticeError, match="only the last grade"):
        p.override(easy.attempt_id, 3)
    assert p.override(later.attempt_id, 3).final == 3


def test_undo_restores_the_previous_card(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    first = p.submit("ch44.q1", GOOD_Q1)
    clock.moment = due_at(first)
    second = p.submit("ch44.q1", "I do not know.")
    assert second.final == 1
    undone = p.undo()
    assert undone is not None and undone.id == second.attempt_id
    p.skip_follow_ups()
    assert [q.item_id for q in p.due()] == ["ch44.q1"]  # due again as after the first answer
    assert p.undo() is not None  # the first answer too: the card is gone
    assert p.queue("practice", limit=1)[0].reason == "new"
    assert p.undo() is None
    assert all(a.undone for a in p.history())


def test_suspend_and_bury(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    p.suspend("ch44.q1")
    assert "ch44.q1" not in [q.item_id for q in p.queue("practice", 50)]
    p.suspend("ch44.q1", False)
    assert p.queue("practice", 50)[0].item_id == "ch44.q1"
    first = p.submit("ch44.q2", "Memory-bound tasks lack memory capacity.")
    p.skip_follow_ups()
    clock.moment = due_at(first)
    until = p.bury("ch44.q2")
    assert "ch44.q2" not in [q.item_id for q in p.due()]
    clock.moment = until
    assert "ch44.q2" in [q.item_id for q in p.due()]


def _bank_with(prompt: str, rev: int = 1) -> Bank:
    return load_text(one_question_bank(prompt, rev))


def test_edited_items_are_flagged_and_rev_bumps_reset_the_card(store: Store, clock: Clock) -> None:
    p = engine(store, clock, _bank_with("What is bandwidth?"))
    first = p.submit("t.q1", "It is a rate.")
    clock.moment = due_at(first)
    edited = engine(store, clock, _bank_with("What is memory bandwidth, exactly?"))
    (due,) = edited.due()
    assert due.changed
    seen = edited.submit("t.q1", "It is a rate.")
    assert seen.changed
    clock.moment = due_at(seen)
    assert (
        not engine(store, clock, _bank_with("What is memory bandwidth, exactly?")).due()[0].changed
    )
    bumped = engine(store, clock, _bank_with("What is memory bandwidth, exactly?", rev=2))
    assert bumped.cards_reset == 1
    assert len(bumped.history("t.q1")) == 2  # history kept
    (entry,) = bumped.due()
    assert entry.due == clock.moment


def test_removed_items_keep_their_history(store: Store, clock: Clock) -> None:
    engine(store, clock, _bank_with("What is bandwidth?")).submit("t.q1", "A rate.")
    without = engine(store, clock, load_text("questions: []"))
    assert without.due() == [] and without.queue("practice") == []
    assert len(without.history("t.q1")) == 1


def test_profiles_are_separate(store: Store, clock: Clock) -> None:
    engine(store, clock, profile="alice").submit("ch44.q1", GOOD_Q1)
    bob = engine(store, clock, profile="bob")
    assert bob.history() == [] and bob.queue("practice")[0].item_id == "ch44.q1"


def test_interview_report(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    session = interview.start(p, questions=2, minutes=1)
    assert len(session.item_ids) == 2 and session.seconds_per_question == 60
    first, second = session.item_ids
    p.submit(first, GOOD_Q1, mode="interview", interview_id=session.id, duration_ms=30_000)
    follow = session.follow_ups(p, first)[0]
    p.submit(follow, "ok", mode="interview", interview_id=session.id, rating=3, duration_ms=90_000)
    report = interview.finish(p, session.id)
    assert report["answered"] == 2 and report["unanswered"] == [f"{first}.f2", second]
    assert report["over_time"] == 1
    assert [i["id"] for i in report["items"]] == [first, follow]
    with pytest.raises(PracticeError, match="between 1 and 50"):
        interview.start(p, questions=0)
    (saved,) = interview.reports(p)
    assert saved["interview"] == session.id and saved["finished_at"] == START.isoformat()


def test_stats_on_a_constructed_history(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    for day in range(3):  # answers on three consecutive days
        p.submit("ch44.q1", GOOD_Q1 if day != 1 else "Bandwidth is the amount of memory.")
        p.skip_follow_ups()
        clock.advance(days=1)
    clock.advance(days=-1)
    stats = compute(p)
    assert stats.streak == 3 and stats.reviews_today == 1
    assert [n for _, n in stats.heatmap][-3:] == [1, 1, 1]
    assert stats.new == len(p.entries) - 1 and stats.learning + stats.review + stats.relearning == 1
    missed = {m["point"]: m for m in stats.missed_points}
    assert missed["definition"]["missed"] == 1 and missed["definition"]["asked"] == 3
    (topic,) = [t for t in stats.topics if t["topic"] == "gpu-memory-bandwidth"]
    assert topic["answers"] == 3 and topic["cards"] == 1
    with store.read() as session:
        from quiz.srs.scheduler import retrievability
        from quiz.store import queries

        card = queries.card(session, p.profile_id, "ch44.q1")
        assert card is not None
        state = CardState(
            card.state, card.step, card.stability, card.difficulty, card.due, card.last_review
        )
    recall = retrievability(p.settings, state, clock())
    assert topic["quality"] == pytest.approx(0.75)  # 1.0, then 0.0, then 1.0: recent counts most
    assert topic["recall"] == pytest.approx(recall)
    assert topic["mastery"] == pytest.approx(0.75 * recall)
    assert sum(n for _, n in stats.forecast) == 1
    document = stats.to_json()
    assert len(document["heatmap"]) == 365 and len(document["forecast"]) == 30
    lines = stats_text(stats).splitlines()  # the charts come with their figures
    (due,) = [d for d, n in stats.forecast if n]
    at = lines.index(f"due, next 30 days: 1 in all, most on {due} (1)")
    chart = [n for _, n in stats.forecast]
    assert lines[at + 1] == "  " + "".join("█" if n else "·" for n in chart)
    at = lines.index(
        f"answers, last 90 days: 3 in all on 3 day(s), most on {stats.heatmap[-3][0]} (1)"
    )
    assert lines[at + 1] == "  " + "·" * 87 + "███"
    quiet = stats._replace(forecast=[(d, 0) for d, _ in stats.forecast], heatmap=[])
    assert "due, next 30 days: nothing due" in stats_text(quiet)
    assert "answers, last 90 days: none yet" in stats_text(quiet)


def test_retention_counts_recall_of_review_cards(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    outcome = p.submit("ch44.q1", GOOD_Q1)  # easy: straight to review
    p.skip_follow_ups()
    clock.moment = due_at(outcome)
    p.submit("ch44.q1", GOOD_Q1)
    clock.advance(days=20)  # within the 30-day window of the second review
    p.submit("ch44.q1", "No idea.")
    stats = compute(p)
    assert stats.retention_reviews == 2 and stats.retention == 0.5
    assert stats.relearning == 1


def test_a_topic_whose_answers_all_failed_is_never_mastered(store: Store, clock: Clock) -> None:
    p = engine(store, clock)
    for _ in range(2):
        outcome = p.submit("ch44.q1", "Bandwidth is the amount of memory.")
        assert outcome.score == 0.0
        p.skip_follow_ups()
        clock.advance(minutes=15)
    (topic,) = [t for t in compute(p).topics if t["topic"] == "gpu-memory-bandwidth"]
    assert topic["recall"] > 0.9  # just reviewed: FSRS alone would call this mastered
    assert topic["mastery"] == 0.0 and topic["answers"] == 2


def test_undo_and_a_new_rating_keep_the_running_quality_right(store: Store, clock: Clock) -> None:
    p = engine(store, clock, SELF_RATED_BANK)
    p.submit("s.q1.f1", "fine", rating=4)  # self-rated: easy counts 1.0
    clock.advance(minutes=20)
    second = p.submit("s.q1.f1", "less sure", rating=2)  # hard: 0.5, so 0.75 running

    def quality() -> float:
        return float(next(t for t in compute(p).topics if t["cards"])["quality"])

    assert quality() == pytest.approx(0.75)
    p.override(second.attempt_id, 1)  # again: 0.0, so 0.5
    assert quality() == pytest.approx(0.5)
    p.undo()
    assert quality() == pytest.approx(1.0)
