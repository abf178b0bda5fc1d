"""Surface-form matching: stems for inflections, a bounded edit budget for typos, phrases in order.

Each rubric word gets a key (its Snowball stem). An answer word maps to a key when its stem is one,
or, failing that, when it is within the edit budget of a rubric word: one edit (a transposition
counts as one) for words of 5-8 letters, two from 9 letters, same first letter. Short words,
numbers and acronyms (FIFO, MBU, 7B) must match exactly, so "LIFO" is not "FIFO", "dequeue" is not
"enqueue" and "top" never matches inside "stop". A multi-word form matches when its words appear in
order with at most PHRASE_GAP other words between neighbours.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count, repeat

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from quiz.grading.text import Tokens, normalise, tokenize
from quiz.grading.words import NEGATION_CUES

PHRASE_GAP = 2
_MISSING = "\x00missing"  # a word not looked up yet
NEGATION_KEY = "not"  # every negation cue matches a rubric form's "not" ("isn't", "never", "no")
NEGATION_GAP = 1  # "not connected", "isn't really connected"; not "no effect on training"
FUZZY_MIN_LENGTH = 5
_STEMMER = snowballstemmer.stemmer("english")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9]+s?$")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    stemmed: str = _STEMMER.stemWord(word)
    return stemmed


def edit_budget(length: int) -> int:
    if length < FUZZY_MIN_LENGTH:
        return 0
    return 1 if length < 9 else 2


@dataclass(frozen=True, slots=True)
class Form:
    """A surface form compiled to the keys of its words, and for a phrase, how far each later
    word may follow the one before it."""

    text: str
    keys: tuple[str, ...]
    key_set: frozenset[str]
    steps: tuple[tuple[str, int], ...]  # each later word's key, and how far it may follow


def _form(text: str, keys: list[str]) -> Form:
    reach = [1 + (NEGATION_GAP if previous == NEGATION_KEY else PHRASE_GAP) for previous in keys]
    return Form(text, tuple(keys), frozenset(keys), tuple(zip(keys[1:], reach, strict=False)))


@dataclass(slots=True)
class Vocabulary:
    """The rubric words answers are mapped onto, with a cache of fuzzy look-ups."""

    keys: set[str] = field(default_factory=set)
    fuzzy_words: dict[str, str] = field(default_factory=dict)  # rubric word -> its key
    _by_first: dict[str, list[str]] = field(default_factory=dict)
    _cache: dict[str, str | None] = field(default_factory=dict)

    def compile(self, text: str) -> Form:
        keys: list[str] = []
        tokens = tokenize(text)  # the same segmentation as answers get
        for index in range(len(tokens)):
            start, end = tokens.span(index, index)
            raw = text[start:end]
            word = normalise(raw)
            if _ACRONYM.match(raw) and raw.endswith("s") and raw[:-1].isupper():
                word = word[:-1]  # "GPUs" is the acronym GPU
            key = NEGATION_KEY if word in NEGATION_CUES else stem(word)
            keys.append(key)
            self.keys.add(key)
            exact = (
                len(word) < FUZZY_MIN_LENGTH
                or any(c.isdigit() for c in word)
                or bool(_ACRONYM.match(raw))
            )
            if not exact and word not in self.fuzzy_words:
                self.fuzzy_words[word] = key
                self._by_first.setdefault(word[0], []).append(word)
        self._cache.clear()
        return _form(text, keys)

    def key(self, word: str) -> str | None:
        """The rubric key an answer word stands for, if any."""
        found = self._cache.get(word, _MISSING)
        if found is _MISSING:
            found = self._lookup(word)
            if len(self._cache) < 100_000:
                self._cache[word] = found
        return found

    def _lookup(self, word: str) -> str | None:
        if word in NEGATION_CUES:
            return NEGATION_KEY if NEGATION_KEY in self.keys else None
        key = stem(word)
        if key in self.keys:
            return key
        if word.endswith("s") and word[:-1] in self.keys:  # GPUs, LLMs
            return word[:-1]
        if len(word) < FUZZY_MIN_LENGTH or any(c.isdigit() for c in word):
            return None
        candidates = self._by_first.get(word[0])
        if not candidates:
            return None
        # The budget depends on the rubric word's length: ask for up to 2 edits in C, then keep
        # the closest candidate within its own budget.
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=2, limit=None)
        best, best_distance = None, 3
        for candidate, distance, _ in found:
            if distance <= edit_budget(len(candidate)) and distance < best_distance:
                best, best_distance = self.fuzzy_words[candidate], distance
        return best


def answer_keys(tokens: Tokens, vocabulary: Vocabulary) -> dict[str, list[int]]:
    """Positions of every rubric key in the answer, in order."""
    words = tokens.words
    keys = list(map(vocabulary._cache.get, words, repeat(_MISSING, len(words))))
    positions: dict[str, list[int]] = {}
    for index in compress(count(), keys):  # the words that are rubric keys, or not seen yet
        key = keys[index]
        if key in positions:
            positions[key].append(index)
        else:
            positions[key] = [index]  # type: ignore[index]
    unseen = positions.pop(_MISSING, None)
    if unseen:
        for index in unseen:
            key = vocabulary.key(words[index])
            if key is not None:
                positions.setdefault(key, []).append(index)
        for spots in positions.values():
            spots.sort()
    return positions


Occurrence = tuple[bool, int, int]  # (negated, first word, last word)


def find(form: Form, tokens: Tokens, positions: dict[str, list[int]]) -> Occurrence | None:
    """The first non-negated occurrence of a phrase, else its first negated one, else None."""
    if not positions.keys() >= form.key_set:
        return None
    before, after = tokens.negated_before, tokens.negated_after
    negated_hit: Occurrence | None = None
    for first in positions[form.keys[0]]:
        current = first
        for key, reach in form.steps:  # each next word: its first occurrence within reach
            spots = positions[key]
            at = bisect_right(spots, current)
            if at == len(spots) or spots[at] > current + reach:
                break
            current = spots[at]
        else:
            if not (before[first] or after[current]):
                return (False, first, current)
            if negated_hit is None:
                negated_hit = (True, first, current)
    return negated_hit


def compile_forms(vocabulary: Vocabulary, forms: Iterable[str]) -> tuple[Form, ...]:
    return tuple(vocabulary.compile(text) for text in forms)
