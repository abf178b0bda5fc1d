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
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count, repeat

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from quiz.grading.text import NEGATION_CUES, Tokens, normalise, tokenize

PHRASE_GAP = 2
_MISSING = "\x00missing"
NEGATION_KEY = "not"  # every negation cue matches a rubric form's "not" ("isn't", "never", "no")
NEGATION_GAP = 1  # "not connected", "isn't really connected"; not "no effect on training"
FUZZY_MIN_LENGTH = 5
_STEMMER = snowballstemmer.stemmer("english")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9]+s?$")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def edit_budget(length: int) -> int:
    if length < FUZZY_MIN_LENGTH:
        return 0
    return 1 if length < 9 else 2


@dataclass(frozen=True, slots=True)
class Form:
    """A surface form compiled to the keys of its words."""

    text: str
    keys: tuple[str, ...]


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
        return Form(text, tuple(keys))

    def key(self, word: str) -> str | None:
        """The rubric key an answer word stands for, if any."""
        cached = self._cache.get(word, "")
        if cached != "":
            return cached
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


@dataclass(slots=True)
class Match:
    form: Form
    first: int  # token index
    last: int
    negated: bool


def answer_keys(tokens: Tokens, vocabulary: Vocabulary) -> dict[str, list[int]]:
    """Positions of every rubric key in the answer."""
    words = tokens.words
    keys = list(map(vocabulary._cache.get, words, repeat(_MISSING, len(words))))
    if _MISSING in keys:
        keys = [vocabulary.key(w) if k is _MISSING else k for w, k in zip(words, keys, strict=True)]
    positions: dict[str, list[int]] = {}
    for index in compress(count(), keys):  # only the words that are rubric keys
        positions.setdefault(keys[index], []).append(index)  # type: ignore[arg-type]
    return positions


def find(form: Form, tokens: Tokens, positions: dict[str, list[int]]) -> Match | None:
    """The first non-negated occurrence of the form, else the first negated one, else None."""
    keys = form.keys
    if not keys or keys[0] not in positions:
        return None
    for key in keys[1:]:
        if key not in positions:
            return None
    negated_hit: Match | None = None
    for first in positions[keys[0]]:
        last = _extend(keys, first, positions) if len(keys) > 1 else first
        if last is None:
            continue
        negated = tokens.negated_before[first] or tokens.negated_after[last]
        if not negated:
            return Match(form, first, last, False)
        if negated_hit is None:
            negated_hit = Match(form, first, last, True)
    return negated_hit


def _extend(keys: tuple[str, ...], first: int, positions: dict[str, list[int]]) -> int | None:
    current, previous = first, keys[0]
    for key in keys[1:]:
        limit = current + 1 + (NEGATION_GAP if previous == NEGATION_KEY else PHRASE_GAP)
        for position in positions[key]:
            if current < position <= limit:
                current, previous = position, key
                break
        else:
            return None
    return current


def compile_forms(vocabulary: Vocabulary, forms: Iterable[str]) -> tuple[Form, ...]:
    return tuple(vocabulary.compile(text) for text in forms)
