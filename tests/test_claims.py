"""Claims (issue 32, item 3): what the grader cannot see, the learner can claim. A claimed point
counts as hit, through the scorer itself; a claim never makes an answer easy; the claim is kept
on the attempt, in the stats, in backups, and listed for authors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.grading.rubrics import score_item
from quiz.srs.ratings import Rating

BANK = load_bank(bank_sources())
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ITEM = BANK.items["ch44.q1"]
WEAK_Q1 = "GPU memory bandwidth is the rate at which data is read from GPU memory."
GOOD_Q1 = (
    "GPU memory bandwidth is the rate at which data is read from or written to GPU memory. "
    "Each token reads all the weights, so bandwidth decides how quickly tokens are processed; "
    "higher bandwidth lowers latency and improves efficiency. At batch size 1 decoding is "
    "bandwidth-bound: the bottleneck."
)


def _missed(answer: str) -> list[str]:
    return [p.id for p in score_item(ITEM, answer, BANK.lexicon).points if not p.hit]


def test_a_claimed_point_counts_as_hit_through_the_scorer() -> None:
    plain = score_item(ITEM, WEAK_Q1, BANK.lexicon)
    missed = _missed(WEAK_Q1)
    assert missed
    one = score_item(ITEM, WEAK_Q1, BANK.lexicon, claimed=frozenset(missed[:1]))
    assert one.score > plain.score
    claimed = next(p for p in one.points if p.id == missed[0])
    assert claimed.hit and claimed.claimed and claimed.credit == 1.0
    assert not any(p.claimed for p in plain.points)
    assert one.claimed == frozenset(missed[:1])
    assert one.to_json()["claimed"] == missed[:1]


def test_a_claim_never_makes_an_answer_easy() -> None:
    every = score_item(ITEM, WEAK_Q1, BANK.lexicon, claimed=frozenset(_missed(WEAK_Q1)))
    assert every.score == 1.0
    assert every.suggested == Rating.GOOD  # the learner's word: good at most
    unclaimed = score_item(ITEM, GOOD_Q1, BANK.lexicon)
    assert unclaimed.suggested == Rating.EASY  # found by the grader alone: easy stays easy


def test_a_claim_of_a_point_already_found_or_unknown_changes_nothing() -> None:
    hit = [p.id for p in score_item(ITEM, WEAK_Q1, BANK.lexicon).points if p.hit]
    again = score_item(ITEM, WEAK_Q1, BANK.lexicon, claimed=frozenset([*hit, "no-such-point"]))
    assert again.score == score_item(ITEM, WEAK_Q1, BANK.lexicon).score
    assert again.claimed == frozenset()
