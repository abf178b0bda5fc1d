"""Word forms: families, comparatives, and English words that are not typos of each other."""

from __future__ import annotations

import pytest

from tests.test_grading_rules import hits


@pytest.mark.parametrize(
    ("form", "answer"),
    [
        ("slow", "Decoding gets slower."),  # comparatives share their base
        ("slower", "Decoding is slow."),
        ("large", "Larger batches help."),
        ("big", "A bigger card."),
        ("fast", "It is the fastest option."),
        ("lose accuracy", "There is some loss of accuracy."),  # verb and noun of one idea
        ("write", "Data is written to memory."),  # irregular verbs
        ("lose", "It lost precision."),
    ],
)
def test_word_forms_are_unified(form: str, answer: str) -> None:
    assert hits([form], answer)


@pytest.mark.parametrize(
    ("form", "answer"),
    [
        ("serving", "A server CPU has DDR5."),  # a noun in -er, not "more serve"
        ("loading", "The data loader is slow."),
        ("reading", "The reader is old."),
    ],
)
def test_a_noun_in_er_is_no_comparative_of_a_verb(form: str, answer: str) -> None:
    assert not hits([form], answer)


def test_the_english_word_list_is_searched_by_bisection() -> None:
    from quiz.grading.english_words import _LIST, is_english_word

    words = _LIST.read_text(encoding="ascii").split()
    assert words == sorted(set(words)) and all(w.isalpha() and w.islower() for w in words)
    assert min(map(len, words)) == 5
    known = set(words)
    sample = [*words[::97], words[0], words[-1], "small", "stall", "content", "context"]
    assert all(is_english_word(word) for word in sample)
    near = [w[:-1] for w in sample] + [w + "q" for w in sample] + ["a" + w for w in sample]
    assert all(is_english_word(word) == (word in known) for word in near)
    for word in ("bandwith", "contxt", "latancy", "", "small ", "GPU", "sm", "zzzzzz", "\n"):
        assert not is_english_word(word)
