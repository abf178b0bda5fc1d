"""Phrases as a person reads them: a negation between a phrase's words denies it, a form that
says "not" itself still matches, and no phrase spans a clause word it does not hold."""

from __future__ import annotations

import pytest

from quiz.grading.score import score_answer
from tests.test_grading_rules import hits, rubric


@pytest.mark.parametrize(
    ("form", "answer"),
    [
        ("different fixes", "The fixes are not different."),  # the other order, denied between
        ("data transfer", "The data needs no transfer at all."),
        ("weights read", "The weights are never read twice."),
        ("read from memory", "It is read not from memory but from cache."),
    ],
)
def test_a_negation_inside_a_phrase_denies_it(form: str, answer: str) -> None:
    result = score_answer(rubric([form]), answer)
    assert not result.points[0].hit
    assert result.points[0].negated


@pytest.mark.parametrize(
    ("form", "answer"),
    [
        ("not need gradients", "You do not need gradients for the frozen base."),
        ("does not fit", "The model does not fit on one card."),
        ("cannot fit", "The weights cannot fit there."),
    ],
)
def test_a_form_that_negates_still_matches_its_own_negation(form: str, answer: str) -> None:
    assert hits([form], answer)


@pytest.mark.parametrize(
    ("form", "answer"),
    [
        ("limited by bandwidth", "It is limited by capacity while bandwidth is ample."),
        ("memory capacity", "It wants more memory but capacity is fixed."),
        ("weights streamed", "The weights fit whereas streamed data waits."),
    ],
)
def test_a_phrase_is_not_found_across_a_clause_word(form: str, answer: str) -> None:
    assert not hits([form], answer)


def test_a_form_may_hold_a_clause_word_itself() -> None:
    assert hits(["fast but small"], "The cache is fast but small.")
    assert hits(["limited by bandwidth"], "It is limited by bandwidth, while capacity is ample.")


@pytest.mark.parametrize(
    ("form", "answer"),
    [
        ("e.g.", "Low MBU wastes bandwidth, e.g. a 7B model at 100 tok/s."),
        ("e.g.", "E.g. a 7B model at 100 tok/s."),
        ("torch.cuda", "Call torch.cuda.max_memory_allocated after a step."),
        ("e.g.", "Naïve decoding, e.g. a 7B model at batch 1."),  # not ASCII: the regex path
    ],
)
def test_a_dot_inside_a_word_ends_no_clause(form: str, answer: str) -> None:
    """ "e.g." and "torch.cuda" are the bank's own forms: the dot between their letters had
    ended a clause, so neither could ever be found."""
    assert hits([form], answer)


def test_a_full_stop_typed_without_a_space_still_ends_the_sentence() -> None:
    assert hits(["bandwidth"], "The model does not fit.Bandwidth is fine though.")
    assert hits(["bandwidth"], "It does not fit.\u00a0Bandwidth is fine.")


@pytest.mark.parametrize(
    ("form", "answer", "found"),
    [
        ("memory-bound", "Decoding is memory bandwidth bound.", False),  # another compound
        ("memory-bound", "The job is memory bound.", True),
        ("memory-bound", "The job is memory-bound.", True),
        ("memory-bound", "The job is bound by memory.", True),  # two words, the other way round
        ("memory-bound tasks", "Memory-bound training tasks.", True),  # a gap after the compound
    ],
)
def test_a_hyphenated_compound_in_a_form_keeps_its_words_together(
    form: str, answer: str, found: bool
) -> None:
    assert hits([form], answer) is found
