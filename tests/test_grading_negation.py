"""Negation as trigger families in the NegEx tradition (issue 32): pre-triggers, two-word
pre-triggers, post-triggers, pseudo-triggers and scope terminators, each from one table
(quiz.grading.negation_words.TRIGGER_FAMILIES)."""

from __future__ import annotations

import pytest

from quiz.bank.loader import validated
from quiz.bank.schema import RubricPoint
from quiz.grading.compiled import compile_rubric
from quiz.grading.negation_words import TRIGGER_FAMILIES
from quiz.grading.score import score_answer
from quiz.grading.text import tokenize


def hits(forms: list[str], answer: str) -> bool:
    point = validated(
        RubricPoint,
        {"id": "p", "criterion": "c", "concepts": [{"forms": forms}], "min_concepts": 1},
    )
    return score_answer(compile_rubric([point]), answer).points[0].hit


def denied(answer: str, word: str) -> bool:
    tokens = tokenize(answer)
    at = tokens.words.index(word)
    return tokens.negated_before[at] or tokens.negated_after[at]


def test_every_family_is_in_the_table() -> None:
    names = [name for name, _, _ in TRIGGER_FAMILIES]
    assert names == ["pre", "pre-pair", "post-relevance", "post", "pseudo", "terminator"]
    assert all(words for _, _, words in TRIGGER_FAMILIES)


@pytest.mark.parametrize(
    "answer",
    [
        "Never use batching here.",
        "Run it without batching.",
        "Avoid batching, it adds delay.",
        "You should skip batching for this job.",
        "We are avoiding batching on this server.",
        "Do not bother with batching.",
    ],
)
def test_pre_triggers_deny_what_follows(answer: str) -> None:
    assert not hits(["batching"], answer)


@pytest.mark.parametrize(
    "answer",
    [
        "Keep full precision rather than quantizing the weights.",
        "Buy a bigger card instead of quantizing the weights.",
        "The team fails to quantize the weights.",
    ],
)
def test_two_word_pre_triggers_deny_what_follows_the_pair(answer: str) -> None:
    assert not hits(["quantize"], answer)


@pytest.mark.parametrize(
    "answer",
    [
        "Instead, quantize the weights.",  # "instead" alone ends a clause, it denies nothing
        "I would rather quantize the weights.",
        "The job fails when we do not quantize: quantize the weights.",
    ],
)
def test_the_first_word_of_a_pair_alone_denies_nothing(answer: str) -> None:
    assert hits(["quantize"], answer)


@pytest.mark.parametrize(
    ("answer", "word"),
    [
        ("Latency is never the reason for it.", "latency"),
        ("The bandwidth cannot explain the slowdown.", "bandwidth"),
        ("Efficiency does not enter into it.", "efficiency"),
        ("Batching plays no role here.", "batching"),
        ("A bottleneck here is ruled out.", "bottleneck"),
        ("Efficiency is unrelated.", "efficiency"),
        ("Quantization cannot fix anything.", "quantization"),
    ],
)
def test_post_triggers_deny_what_comes_before(answer: str, word: str) -> None:
    assert denied(answer, word)


@pytest.mark.parametrize(
    ("answer", "word"),
    [
        ("Not only batching helps.", "batching"),
        ("Not just batching helps.", "batching"),
        ("No matter the batching, it helps.", "batching"),
        ("There is no increase in latency.", "latency"),
        ("Not all GPUs support it.", "gpus"),
        ("Not every kernel is fast.", "kernel"),
        ("It takes no more than two seconds of latency.", "latency"),
    ],
)
def test_pseudo_triggers_deny_nothing(answer: str, word: str) -> None:
    assert not denied(answer, word)


@pytest.mark.parametrize(
    "answer",
    [
        "It is not capacity but batching that helps.",
        "There is no capacity problem; however batching helps.",
        "Avoid offloading, which is slow. Use batching.",
        "No capacity issue here, batching helps.",
    ],
)
def test_scope_terminators_end_the_reach(answer: str) -> None:
    assert hits(["batching"], answer)


def test_a_form_holding_a_trigger_is_stated_by_it() -> None:
    assert hits(["avoid bottlenecks"], "Balancing them helps avoid bottlenecks.")
    assert hits(["rather than guessing"], "Measure rather than guessing.")
    assert not hits(["bottlenecks"], "Balancing them helps avoid bottlenecks.")


def test_opposite_advice_earns_nothing_and_right_advice_keeps_its_point() -> None:
    assert not hits(["quantization"], "Instead of quantization, just buy a bigger GPU.")
    assert hits(["quantization"], "Instead of buying a bigger GPU, use quantization.")
