"""The scorer on arbitrary text: it never fails, its score stays in [0, 1], every piece of
evidence is a real slice of the answer, and the tokenizer's fast path (byte translation, for
ASCII) splits words and clauses exactly as its regex path does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.grading.rubrics import rubric_of
from quiz.grading.score import score_answer
from quiz.grading.text import ASCII_WORD, Tokens, _ascii_breaks, normalise, tokenize

BANK = load_bank(bank_sources())
RUBRICS = [rubric_of(item.rubric, BANK.lexicon) for item in BANK.items.values() if item.rubric]
WORDS = [
    "memory",
    "bandwidth",
    "GPU",
    "GPUs",
    "HBM",
    "weights",
    "tokens",
    "not",
    "never",
    "can't",
    "isn't",
    "doesn't",
    "matter",
    "irrelevant",
    "but",
    "however",
    "the",
    "a",
    "of",
    "and",
    "or",
    "bandwith",
    "3.35",
    "1,000",
    "bandwidth-bound",
    "rock'n'roll",
    "'quoted'",
    "'",
    "x'",
    "é",
    "naïve",
    "don\u2019t",
    "\u2014",
    "İ",
    "ß",
]
PUNCTUATION = [
    " ",
    " ",
    " ",
    ", ",
    ". ",
    "; ",
    ": ",
    "! ",
    "? ",
    " - ",
    "-",
    "\n",
    "(",
    ")",
    "[",
    "]",
]
TEXT = st.lists(st.sampled_from(WORDS) | st.sampled_from(PUNCTUATION), max_size=60).map("".join)
ASCII_TEXT = st.text(alphabet="abz09 .,;:!?()[]-'\n", max_size=80)


@given(text=TEXT | st.text(max_size=80), which=st.integers(0, len(RUBRICS) - 1))
def test_any_answer_scores_in_range_with_evidence_cut_from_it(text: str, which: int) -> None:
    result = score_answer(RUBRICS[which], text)
    assert 0.0 <= result.score <= 1.0
    for point in result.points:
        assert 0.0 <= point.credit <= 1.0
        for evidence in (*point.evidence, *point.negated):
            assert 0 <= evidence.start < evidence.end <= len(result_text(text))
            assert evidence.text == result_text(text)[evidence.start : evidence.end]
            assert normalise(evidence.text).strip()


def result_text(text: str) -> str:
    """The text evidence offsets refer to: the answer as tokenized (NFC for non-ASCII)."""
    return tokenize(text).text


@given(text=ASCII_TEXT | TEXT.filter(str.isascii))
def test_the_fast_path_splits_as_the_regex_path_does(text: str) -> None:
    source = text.lower()
    if "''" in source:  # the fast path leaves these to the regex
        return
    fast = tokenize(text)
    assert list(fast.words) == [normalise(w) for w in ASCII_WORD.findall(source)]
    slow = Tokens(text, source, ASCII_WORD.findall(source), fast.words)
    assert _ascii_breaks(source) == slow._regex_breaks()
    for index in range(len(fast.words)):  # every word's span, found both ways
        assert fast.span(index, index) == slow.span(index, index)
