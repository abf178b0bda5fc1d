"""The lexicon applied to rubric forms: a form that contains one term of a lexicon group also
stands for the same form with each other term of the group in its place ("model weights" ->
"model parameters"). Groups that share a term are merged. Terms are compared by their words'
keys (word family and stem), so "parameter" in a group covers "parameters" in a form, and then
word by word as inflections only: "tokenizer" has the stem of "token" but is another word. One
substitution per variant, at most MAX_VARIANTS variants per form: the lexicon widens forms, it
never explodes them."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from quiz.bank.schema import LexiconGroup
from quiz.collector import collector_paused
from quiz.grading.match import PINNED, either_order, family_stem, unpinned, words_of
from quiz.grading.negation_words import NEGATION_CUES, OPPOSITES
from quiz.grading.words import WORD_FAMILIES

MAX_VARIANTS = 24

Term = tuple[tuple[str, ...], tuple[str, ...], str]  # (its words' keys, its words, its text)
Opposite = tuple[tuple[str, ...], str]  # (a term's keys, the text of its opposite)


def keys_of(text: str) -> tuple[str, ...]:
    """The keys of a term's or a form's words, as the lexicon compares them."""
    return tuple(family_stem(word) for _, word in words_of(text))


def _term(text: str) -> Term:
    return keys_of(text), tuple(word for _, word in words_of(text)), text


def _inflections(word: str) -> set[str]:
    found = {word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("y"):
        found |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        found.add(word[:-1] + "ing")
    if len(word) > 2 and word[-1] not in "aeiouwxy":  # stop -> stopped, stopping
        found |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return found


@lru_cache(maxsize=4096)
def same_word(first: str, second: str) -> bool:
    """Whether two words are one word, inflected or not ("token", "tokens"; "lose", "lost"),
    and not merely of one stem: a tokenizer is not a token, ratings are not a rate."""
    first, second = WORD_FAMILIES.get(first, first), WORD_FAMILIES.get(second, second)
    return first == second or second in _inflections(first) or first in _inflections(second)


def _same_term(first: Term, second: Term) -> bool:
    return first[0] == second[0] and all(map(same_word, first[1], second[1]))


MAX_SPELLINGS = 32  # distinct spellings of one term's keys compared word by word


@dataclass(frozen=True, slots=True)
class _Compiled:
    groups: list[list[Term]]
    by_keys: dict[tuple[str, ...], list[tuple[int, Term]]]  # a term's keys -> (group, term)
    lengths: dict[str, tuple[int, ...]]  # first key -> lengths of the terms it begins
    opposites: dict[str, list[Opposite]]  # first key -> (a term's keys, its opposite's text)


_recent: list[tuple[Sequence[LexiconGroup], _Compiled]] = []


def _compiled(groups: Sequence[LexiconGroup]) -> _Compiled:
    """The lexicon compiled, once per lexicon: the bank's own tuple is recognised by identity
    (hashing a tuple of 200,000 groups for every form would cost more than the form)."""
    for known, compiled in _recent:
        if known is groups:
            return compiled
    key = tuple(groups)
    compiled = _compiled_by_value(key)
    _recent[:] = [*_recent[-15:], (groups if isinstance(groups, tuple) else key, compiled)]
    return compiled


def _spelled_alike(
    spellings: dict[tuple[str, ...], int], term: Term
) -> tuple[int | None, list[int]]:
    """Among the spellings already seen of a term's keys (each with the group it was first
    seen in): the group holding this very spelling, else those holding a spelling that is the
    same term (inflected). Only MAX_SPELLINGS spellings are compared word by word, so the work
    per term is bounded however many groups repeat it."""
    exact = spellings.get(term[1])
    if exact is not None:
        return exact, []
    alike = [
        group
        for words, group in itertools.islice(spellings.items(), MAX_SPELLINGS)
        if _same_term(term, (term[0], words, ""))
    ]
    return None, alike


@lru_cache(maxsize=16)
def _compiled_by_value(groups: tuple[LexiconGroup, ...]) -> _Compiled:
    """The groups' terms, indexed by their keys; groups that share a term are one group (an
    author's lexicon file extends a group of the packaged one by naming one of its terms).
    Linear in the terms: each is looked up by its keys and spelling, never compared with every
    earlier term (200,000 groups sharing one term took minutes)."""
    with collector_paused():  # millions of long-lived objects: see quiz.collector
        return _compile(groups)


def _compile(groups: tuple[LexiconGroup, ...]) -> _Compiled:
    listed = [[t for t in map(_term, group.terms) if t[0]] for group in groups]
    listed = [terms for terms in listed if terms]  # a pair of opposites has none
    joined = list(range(len(listed)))  # union-find: each group's representative

    def root(index: int) -> int:
        while joined[index] != index:
            joined[index] = joined[joined[index]]
            index = joined[index]
        return index

    seen: dict[tuple[str, ...], dict[tuple[str, ...], int]] = {}  # keys -> spelling -> group
    for index, terms in enumerate(listed):
        for term in terms:
            spellings = seen.setdefault(term[0], {})
            exact, alike = _spelled_alike(spellings, term)
            for other_index in [exact] if exact is not None else alike:
                joined[root(other_index)] = root(index)
            spellings.setdefault(term[1], index)
    by_root: dict[int, list[Term]] = {}
    kept: dict[tuple[int, tuple[str, ...]], dict[tuple[str, ...], int]] = {}  # per merged group
    for index, terms in enumerate(listed):
        group = root(index)
        for term in terms:
            spellings = kept.setdefault((group, term[0]), {})
            exact, alike = _spelled_alike(spellings, term)
            if exact is None and not alike:
                spellings[term[1]] = group
                by_root.setdefault(group, []).append(term)
    merged = list(by_root.values())
    by_keys: dict[tuple[str, ...], list[tuple[int, Term]]] = {}
    lengths: dict[str, set[int]] = {}
    for index, terms_of_group in enumerate(merged):
        for term in terms_of_group:
            by_keys.setdefault(term[0], []).append((index, term))
            lengths.setdefault(term[0][0], set()).add(len(term[0]))
    begun = {k: tuple(sorted(v)) for k, v in lengths.items()}
    return _Compiled(merged, by_keys, begun, _opposites(groups))


def expand(forms: Sequence[str], groups: Sequence[LexiconGroup]) -> list[str]:
    """The forms followed by their lexicon variants, without duplicates, in a stable order. A
    word next to the term that the other term repeats is said once: "time per output token"
    -> "time per output word", not "time per output output word". A phrase's variant keeps the
    phrase's word order unless the phrase itself matches either way round: "bandwidth is the
    amount of memory" gives "=bandwidth is the capacity", which "capacity ... bandwidth" does
    not state. A form that is a whole term gives the other terms as they are."""
    if not groups:
        return list(forms)
    compiled = _compiled(groups)
    out = dict.fromkeys(forms)
    for form in forms:
        pinned, text = unpinned(form)
        words = words_of(text)
        fixed_order = not either_order(text)
        made = 0
        for group, term, start in _matches(compiled, words):
            end = start + len(term[0])
            for other in group:
                if made >= MAX_VARIANTS:
                    break
                if other[0] == term[0]:
                    continue
                before, after = list(words[:start]), list(words[end:])
                if before and before[-1][1] == other[1][0]:
                    before.pop()
                if after and after[0][1] == other[1][-1]:
                    after.pop(0)
                parts = [raw for raw, _ in before] + [other[2]] + [raw for raw, _ in after]
                in_phrase = start > 0 or end < len(words)
                keep = pinned or (fixed_order and in_phrase)
                out.setdefault((PINNED if keep else "") + " ".join(parts))
                made += 1
    return list(out)


def _matches(
    lexicon: _Compiled, words: tuple[tuple[str, str], ...]
) -> list[tuple[list[Term], Term, int]]:
    """The terms found in a form's words (the first place each occurs), longest first and
    never overlapping: in "parameter efficient finetuning" the whole term counts, not the
    "parameter" inside it. A term's words are found inflected, never derived."""
    keys = tuple(family_stem(word) for _, word in words)
    found: dict[tuple[int, tuple[str, ...]], tuple[Term, int]] = {}
    for start, key in enumerate(keys):
        for length in lexicon.lengths.get(key, ()):
            end = start + length
            inside = [word for _, word in words[start:end]]
            for group, term in lexicon.by_keys.get(keys[start:end], ()):
                if all(map(same_word, inside, term[1])):
                    found.setdefault((group, term[0]), (term, start))
    ordered = sorted(found.items(), key=lambda f: -len(f[0][1]))
    taken: set[int] = set()
    kept = []
    for (group, _), (term, start) in ordered:
        span = set(range(start, start + len(term[0])))
        if not span & taken:
            taken |= span
            kept.append((lexicon.groups[group], term, start))
    return kept


def _opposites(groups: tuple[LexiconGroup, ...]) -> dict[str, list[Opposite]]:
    """The built-in opposites and the lexicon's, each way round, indexed by their first key."""
    pairs = [*OPPOSITES, *(tuple(g.opposites) for g in groups if g.opposites)]
    by_first: dict[str, list[Opposite]] = {}
    for pair in pairs:
        for term, other in (pair, pair[::-1]):
            keys = keys_of(term)
            if keys:
                by_first.setdefault(keys[0], []).append((keys, other))
    return by_first


def negation_variants(
    forms: Sequence[str], groups: Sequence[LexiconGroup] = ()
) -> tuple[list[str], list[str]]:
    """(plain, flipped) variants of the forms. A flipped form states its concept where a
    negation reaches it from before. A form that negates ("not connected") is also its rest,
    flipped ("connected" inside a negation, however far the cue: "not really directly
    connected"), and when its term has an opposite, the opposite said plainly ("disconnected").
    A form with a term ("closed path") is also the form with the term's opposite, flipped ("open
    path": "not in an open path"). The first term of a form only."""
    index = _compiled(groups).opposites
    plain: list[str] = []
    flipped: list[str] = []
    for form in forms:
        pinned, text = unpinned(form)
        words = words_of(text)
        keys = tuple(family_stem(word) for _, word in words)
        if len(words) > 1 and words[0][1] in NEGATION_CUES:
            flipped.append((PINNED if pinned else "") + " ".join(raw for raw, _ in words[1:]))
        for start, key in enumerate(keys):
            found = [
                (term, other)
                for term, other in index.get(key, ())
                if keys[start : start + len(term)] == term
            ]
            if not found:
                continue
            term, other = max(found, key=lambda f: len(f[0]))
            negated = start > 0 and words[start - 1][1] in NEGATION_CUES
            before = [raw for raw, _ in words[: start - 1 if negated else start]]
            after = [raw for raw, _ in words[start + len(term) :]]
            variant = (PINNED if pinned else "") + " ".join([*before, other, *after])
            (plain if negated else flipped).append(variant)
            break
    return plain, flipped


def phrases(groups: Sequence[LexiconGroup]) -> dict[str, list[tuple[str, ...]]]:
    """The lexicon's terms of several words ("KV cache", "memory bandwidth") by their first key,
    longest first: `quiz rubric suggest` keeps each as one concept."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for terms in _compiled(groups).groups:
        for keys, _, _ in terms:
            if len(keys) > 1:
                found.setdefault(keys[0], []).append(keys)
    for starting in found.values():
        starting.sort(key=len, reverse=True)
    return found


def same_term(first: str, second: str) -> bool:
    """Whether two terms are one for the lexicon: the same words, inflected or not ("KV
    caches", "KV cache"), and not merely of one stem ("tokenizer", "token")."""
    return _same_term(_term(first), _term(second))


def interchangeable(groups: Sequence[LexiconGroup], first: str, second: str) -> bool:
    """Whether two terms are in one (merged) group of the lexicon."""
    compiled = _compiled(groups)

    def holding(text: str) -> set[int]:
        term = _term(text)
        return {group for group, t in compiled.by_keys.get(term[0], ()) if _same_term(term, t)}

    return bool(holding(first) & holding(second))
