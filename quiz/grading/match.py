"""Surface-form matching: word families for inflections, a bounded edit budget for typos, phrases
read the way a person reads them.

Each rubric word gets a key: the Snowball stem of its family's word (irregular forms and verb/noun
pairs map to one word: written -> write, loss -> lose). An answer word maps to a key when its key
is one; failing that, when it is a comparative or superlative of a rubric word (slower, fastest,
bigger: of the rubric word itself, so "server" is not "serving") or a rubric comparative's base
(slow for "slower"); failing that, when it is within the edit budget of a rubric word: one edit
(a transposition counts as one) for words of 5-8 letters, two from 9 letters, same first letter,
unless both are English words that differ before their end ("small" is not a misspelt "stall",
nor "content" "context"; "tighten" still matches "tighter", and a British spelling is no word of
the list: "utilisation" matches "utilization").
Short words, numbers and acronyms (FIFO, MBU, 7B) must match exactly, so "LIFO" is not "FIFO",
"dequeue" is not "enqueue" and "top" never matches inside "stop".

A multi-word form matches when its words appear in order with at most PHRASE_GAP other words
between neighbours. Its small words (OPTIONAL_WORDS: "the", "of", ...) are optional when at least
two other words remain, the gap growing by the words left out; a form of two content words also
matches in the other order ("data transfer", "transfer the data") unless the author pins the
order with a leading "=" ("=per token").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count, pairwise, repeat

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from quiz.grading.english_words import is_english_word
from quiz.grading.negation_words import NEGATION_CUES, PRE_TRIGGERS
from quiz.grading.text import Tokens, normalise, tokenize
from quiz.grading.words import FUNCTION_WORDS, OPTIONAL_WORDS, WORD_FAMILIES

PHRASE_GAP = 2
_MISSING = "\x00missing"  # a word not looked up yet
NEGATION_KEY = "not"  # every negation cue matches a rubric form's "not" ("isn't", "never", "no")
NEGATION_GAP = 1  # "not connected", "isn't really connected"; not "no effect on training"
FUZZY_MIN_LENGTH = 5
_STEMMER = Stemmer.Stemmer("english")  # Snowball's English stemmer, compiled
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9]+s?$")
PINNED = "="  # a form starting with it keeps its word order


def unpinned(form: str) -> tuple[bool, str]:
    """(whether the author pinned the form's word order, its text without the mark)."""
    if form.startswith(PINNED):
        return True, form[len(PINNED) :].strip()
    return False, form


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    stemmed: str = _STEMMER.stemWord(word)
    return stemmed


def family_stem(word: str) -> str:
    """The key of a word: the stem of the word standing for its family."""
    return stem(WORD_FAMILIES.get(word, word))


# The keys of negation triggers: a form holding one says its own negation.
_TRIGGER_KEYS = frozenset({NEGATION_KEY, *(family_stem(w) for w in PRE_TRIGGERS - NEGATION_CUES)})


def base_forms(word: str) -> tuple[str, ...]:
    """The bases a comparative or superlative may come from: faster -> fast, larger -> large,
    bigger -> big, easier -> easy (candidates; the caller keeps those that are rubric words)."""
    for suffix in ("est", "er"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            found = [base, base + "e"]
            if base[-1] == base[-2]:
                found.append(base[:-1])
            if base.endswith("i"):
                found.append(base[:-1] + "y")
            return tuple(found)
    return ()


def _two_words(word: str, other: str) -> bool:
    """Whether an answer's English word and a rubric word within its edit budget are two words,
    not one and its typo: the rubric word is in the list too and they differ before the shorter
    one's last letter ("small", "stall"). Words that differ only at the end are kept as one
    family ("tighten" for "tighter", "weigh" for "weight", "batter" for a cut-short "battery")."""
    shorter = min(len(word), len(other))
    same = 0
    while same < shorter and word[same] == other[same]:
        same += 1
    return same < shorter - 1 and is_english_word(other)


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
    negating: bool = False  # the form holds a negation trigger ("does not fit", "avoid stalls")


def _form(text: str, keys: list[str], skipped: list[int], tight: Sequence[bool] = ()) -> Form:
    """`skipped[i]`: the optional words left out just before keys[i], which widen its reach;
    `tight[i]`: keys[i] is hyphened to the key before it ("memory-bound"), so it must follow
    it at once."""
    reach = [
        1
        if tight and tight[at]
        else 1 + (NEGATION_GAP if previous == NEGATION_KEY else PHRASE_GAP) + gap
        for at, (previous, gap) in enumerate(zip(keys, skipped[1:], strict=False), start=1)
    ]
    steps = tuple(zip(keys[1:], reach, strict=False))
    negating = not _TRIGGER_KEYS.isdisjoint(keys)
    return Form(text, tuple(keys), frozenset(keys), steps, negating)


@dataclass(slots=True)
class Vocabulary:
    """The rubric words answers are mapped onto, with a cache of fuzzy look-ups."""

    keys: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)  # a comparative's base word -> its key
    words: set[str] = field(default_factory=set)  # the rubric words as written, normalised
    fuzzy_words: dict[str, str] = field(default_factory=dict)  # rubric word -> its key
    _by_first: dict[str, list[str]] = field(default_factory=dict)
    _cache: dict[str, str | None] = field(default_factory=dict)

    def compile(self, text: str) -> tuple[Form, ...]:
        """The form, compiled: with its small words optional, and in both orders when it is two
        content words whose order the author did not pin."""
        pinned, shown = unpinned(text)
        words = words_of(shown)
        kept = _kept(words)
        keys = [self._word(*words[i]) for i in kept]  # a small word left out is no key
        skipped = [index - previous - 1 for previous, index in zip([-1, *kept], kept, strict=False)]
        tight: list[bool] = []
        if "-" in shown:
            hyphened = _hyphened(shown)
            tight = [skip == 0 and hyphened[i] for skip, i in zip(skipped, kept, strict=True)]
        form = _form(shown, keys, skipped, tight)
        self._cache.clear()
        if pinned or not _two_content_words(words, kept):
            return (form,)
        return form, _form(shown, keys[::-1], [0, 0])

    def _word(self, raw: str, word: str) -> str:
        key = NEGATION_KEY if word in NEGATION_CUES else family_stem(word)
        self.keys.add(key)
        self.words.add(word)
        for base in base_forms(word):
            self.aliases.setdefault(base, key)
        exact = (
            len(word) < FUZZY_MIN_LENGTH
            or any(c.isdigit() for c in word)
            or bool(_ACRONYM.match(raw))
        )
        if not exact and word not in self.fuzzy_words:
            self.fuzzy_words[word] = key
            self._by_first.setdefault(word[0], []).append(word)
        return key

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
        key = family_stem(word)
        if key in self.keys:
            return key
        if word in self.aliases:  # "slow" for a rubric's "slower"
            return self.aliases[word]
        if word.endswith("s") and word[:-1] in self.keys:  # GPUs, LLMs
            return word[:-1]
        for base in base_forms(word):  # "slower" for a rubric's "slow", not "server" for "serving"
            if base in self.words:
                return family_stem(base)
        if len(word) < FUZZY_MIN_LENGTH or any(c.isdigit() for c in word):
            return None
        candidates = self._by_first.get(word[0])
        if not candidates:
            return None
        # The budget depends on the rubric word's length: ask for up to 2 edits in C, then keep
        # the closest candidate within its own budget.
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=2, limit=None)
        best, best_distance = None, 3
        english = None  # whether the answer word is an English word, looked up when it matters
        for candidate, distance, _ in found:
            if distance <= edit_budget(len(candidate)) and distance < best_distance:
                if english is None:
                    english = is_english_word(word)
                if english and _two_words(word, candidate):
                    continue  # not a typo: "small" for "stall", "content" for "context"
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


def find(
    form: Form,
    tokens: Tokens,
    before: Sequence[bool],
    after: Sequence[bool],
    positions: dict[str, list[int]],
) -> Occurrence | None:
    """The first non-negated occurrence of a phrase, else its first negated one, else None.
    `before` and `after`: the answer's negation marks. Every key of the form must be in
    `positions`."""
    negated_hit: Occurrence | None = None
    for first in positions[form.keys[0]]:
        last = _phrase_end(form, tokens, first, positions)
        if last < 0:
            continue
        if not _denied(form, before, after, first, last):
            return (False, first, last)
        if negated_hit is None:
            negated_hit = (True, first, last)
    return negated_hit


def _denied(
    form: Form, before: Sequence[bool], after: Sequence[bool], first: int, last: int
) -> bool:
    """Whether a negation denies a form's occurrence: one reaching its first word, one after
    its last, or a cue between its words ("the fixes are not different" for "different
    fixes"), unless the form holds a trigger itself ("does not fit", "avoid bottlenecks")."""
    return before[first] or after[last] or (before[last] and not form.negating)


def find_negated(
    form: Form, tokens: Tokens, before: Sequence[bool], positions: dict[str, list[int]]
) -> tuple[int, int] | None:
    """The first occurrence of a form inside a negation that reaches it from before (a flipped
    form's statement: "not in a closed path"), else None. Every key must be in `positions`."""
    for first in positions[form.keys[0]]:
        if before[first]:
            last = _phrase_end(form, tokens, first, positions)
            if last >= 0:
                return first, last
    return None


def find_apart(
    form: Form, tokens: Tokens, positions: dict[str, list[int]], taken: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """The first occurrence of a form outside a negation that shares no word with the spans
    `taken` (the evidence of a point's other concepts), else None."""
    if not form.key_set.issubset(positions):
        return None
    before, after = tokens.negated_before, tokens.negated_after
    for first in positions[form.keys[0]]:
        last = _phrase_end(form, tokens, first, positions)
        if last < 0 or _denied(form, before, after, first, last):
            continue
        if all(last < start or end < first for start, end in taken):
            return first, last
    return None


def _phrase_end(form: Form, tokens: Tokens, first: int, positions: dict[str, list[int]]) -> int:
    """The last word of the form's occurrence that starts at word `first`, else -1: each next
    word is its first occurrence within reach of the one before, and no clause ends between
    them ("lacks capacity, bandwidth bound..." does not say "bandwidth capacity"), neither at
    punctuation nor at a clause word the form does not hold ("but", "while", "whereas"...)."""
    current = first
    for key, reach in form.steps:
        spots = positions[key]
        at = bisect_right(spots, current)
        if at == len(spots) or spots[at] > current + reach:
            return -1
        current = spots[at]
    if current > first and tokens.ends.next_start(first, current + 1) <= current:
        return -1
    if current - first < len(form.keys):  # the form's words side by side
        return current
    clause_words = tokens.clause_words  # "limited by capacity while bandwidth..."
    if clause_words:
        at = bisect_right(clause_words, first)
        while at < len(clause_words) and clause_words[at] <= current:
            if family_stem(tokens.words[clause_words[at]]) not in form.key_set:
                return -1
            at += 1
    return current


@lru_cache(maxsize=65536)
def _hyphened(text: str) -> tuple[bool, ...]:
    """Per word of a form, whether a hyphen joins it to the word before ("memory-bound")."""
    tokens = tokenize(text)
    spans = [tokens.span(at, at) for at in range(len(tokens))]
    return (False, *(text[end:start] == "-" for (_, end), (start, _) in pairwise(spans)))


def _kept(words: Sequence[tuple[str, str]]) -> list[int]:
    """The words of a form that are keys: all but its small words, unless fewer than two remain."""
    kept = [i for i, (_, word) in enumerate(words) if word not in OPTIONAL_WORDS]
    return kept if len(kept) >= 2 else list(range(len(words)))


def _two_content_words(words: Sequence[tuple[str, str]], kept: Sequence[int]) -> bool:
    return len(kept) == 2 and not any(words[i][1] in FUNCTION_WORDS for i in kept)


def either_order(text: str) -> bool:
    """Whether a form (without its pin) also matches with its two words the other way round."""
    words = words_of(text)
    return _two_content_words(words, _kept(words))


def split_by_clause_end(form: str) -> bool:
    """Whether punctuation inside a form ends a clause between its words ("fast; small", "e.g.
    GPU"): no phrase is found across a clause's end, so no answer can state such a form."""
    tokens = tokenize(unpinned(form)[1])
    size = len(tokens.words)
    return size > 1 and tokens.ends.next_start(0, size) < size


def compile_forms(vocabulary: Vocabulary, forms: Iterable[str]) -> tuple[Form, ...]:
    return tuple(form for text in forms for form in vocabulary.compile(text))


@lru_cache(maxsize=65536)
def words_of(text: str) -> tuple[tuple[str, str], ...]:
    """(as written, normalised) of each word of a form, segmented as answers are; an acronym's
    plural is the acronym ("GPUs" is GPU). Cached: a form is read by the lexicon, by the
    negation variants and by its compilation."""
    tokens = tokenize(text)
    found = []
    for index in range(len(tokens)):
        start, end = tokens.span(index, index)
        raw = text[start:end]
        word = normalise(raw)
        if _ACRONYM.match(raw) and raw.endswith("s") and raw[:-1].isupper():
            word = word[:-1]
        found.append((raw, word))
    return tuple(found)
