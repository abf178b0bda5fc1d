"""Mastery as a learner reads it (issue 33): their own rating counts where it overrides the
suggestion, and answers to items that left the bank do not show as a 0% topic."""

from __future__ import annotations

import dataclasses
from typing import Any

from quiz.practice.stats import compute
from quiz.store.store import Store
from tests.test_practice import BANK, Clock, clock, engine, store

__all__ = ["clock", "store"]  # fixtures

HALF_RIGHT_Q2 = (  # scores 0.75: suggested hard
    "Memory-bound: not enough memory capacity, the weights do not fit. Bandwidth-bound: memory "
    "transfer speed limits throughput, so compute waits. Strategies: quantization, batching."
)


def _topic(store: Store, clock: Clock, topic: str) -> dict[str, Any]:
    (row,) = [t for t in compute(engine(store, clock)).topics if t["topic"] == topic]
    return row


def test_mastery_takes_the_learners_own_rating(store: Store, clock: Clock) -> None:
    # Before: rated 1 (again; suggested hard) and the weakest topics still showed 75%.
    p = engine(store, clock)
    outcome = p.submit("ch44.q2", HALF_RIGHT_Q2, rating=1)
    assert outcome.score == 0.75 and outcome.suggested == 2 and outcome.final == 1
    row = _topic(store, clock, "memory-vs-bandwidth-bound")
    assert row["quality"] == 0.0 and row["mastery"] == 0.0
    p.override(outcome.attempt_id, 4)  # re-rated easy: at least the score
    row = _topic(store, clock, "memory-vs-bandwidth-bound")
    assert row["quality"] == 1.0


def test_the_suggested_rating_keeps_the_score_as_quality(store: Store, clock: Clock) -> None:
    engine(store, clock).submit("ch44.q2", HALF_RIGHT_Q2)
    assert _topic(store, clock, "memory-vs-bandwidth-bound")["quality"] == 0.75


def test_a_topic_whose_items_left_the_bank_is_left_out_of_mastery(
    store: Store, clock: Clock
) -> None:
    # Before: "kv-cache 0% (answers 0%, recall 0%) from 2 answer(s) on 0 card(s)" for two
    # answers that scored 1.00, once the topic's templates left the bank.
    p = engine(store, clock)
    for seed in (1, 2):
        problem = p.problem("memory.kv-cache", seed)
        outcome = p.submit("memory.kv-cache", problem.answer_display, seed=seed)
        assert outcome.score == 1.0
    assert _topic(store, clock, "kv-cache")["mastery"] > 0
    kept = {i: e for i, e in BANK.templates.items() if e.topic != "kv-cache"}
    smaller = dataclasses.replace(BANK, templates=kept, key=None)
    topics = compute(engine(store, clock, smaller)).topics
    assert "kv-cache" not in {t["topic"] for t in topics}
    assert "memory-vs-bandwidth-bound" not in {t["topic"] for t in topics}  # never answered
