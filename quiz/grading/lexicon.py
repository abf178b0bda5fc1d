"""The lexicon applied to rubric forms: a form that contains one term of a lexicon group also
stands for the same form with each other term of the group in its place ("model weights" ->
"model parameters"). Groups that share a term are merged. Terms are compared by their words'
keys (word family and stem), so "parameter" in a group covers "parameters" in a form. One
substitution per variant, at most MAX_VARIANTS variants per form: the lexicon widens forms, it
never explodes them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from quiz.bank.schema import LexiconGroup
from quiz.grading.match import PINNED, family_stem, unpinned, words_of
from quiz.grading.words import NEGATION_CUES, OPPOSITES

MAX_VARIANTS = 24

Term = tuple[tuple[str, ...], str]  # (the keys of its words, its text)


def keys_of(text: str) -> tuple[str, ...]:
    """The keys of a term's or a form's words, as the lexicon compares them."""
    return tuple(family_stem(word) for _, word in words_of(text))


@dataclass(frozen=True, slots=True)
class _Compiled:
    groups: list[list[Term]]
    by_first: dict[str, list[tuple[int, tuple[str, ...]]]]  # first key -> (group, term keys)


@lru_cache(maxsize=16)
def _compiled(groups: tuple[LexiconGroup, ...]) -> _Compiled:
    """The groups' terms by their keys, indexed by their first key; groups that share a term
    are one group (an author's lexicon file extends a group of the packaged one by naming one of
    its terms). Worked out once per lexicon, not once per rubric form."""
    merged: list[dict[tuple[str, ...], str]] = []
    for group in groups:
        if not group.terms:
            continue  # a pair of opposites
        terms = {keys_of(t): t for t in group.terms}
        joined = [m for m in merged if not m.keys().isdisjoint(terms)]
        for other in joined:
            merged.remove(other)
            terms = {**other, **terms}
        merged.append(terms)
    found = [[(keys, text) for keys, text in m.items() if keys] for m in merged]
    by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for index, terms_of_group in enumerate(found):
        for term_keys, _ in terms_of_group:
            by_first.setdefault(term_keys[0], []).append((index, term_keys))
    return _Compiled(found, by_first)


def expand(forms: Sequence[str], groups: Sequence[LexiconGroup]) -> list[str]:
    """The forms followed by their lexicon variants, without duplicates, in a stable order."""
    if not groups:
        return list(forms)
    compiled = _compiled(tuple(groups))
    out = dict.fromkeys(forms)
    for form in forms:
        pinned, text = unpinned(form)
        words = words_of(text)
        keys = tuple(family_stem(word) for _, word in words)
        made = 0
        for group, term_keys, start in _matches(compiled, keys):
            before = " ".join(raw for raw, _ in words[:start])
            after = " ".join(raw for raw, _ in words[start + len(term_keys) :])
            for other_keys, other in group:
                if other_keys == term_keys or made >= MAX_VARIANTS:
                    continue
                variant = " ".join(part for part in (before, other, after) if part)
                out.setdefault((PINNED if pinned else "") + variant)
                made += 1
    return list(out)


def _matches(
    lexicon: _Compiled, keys: tuple[str, ...]
) -> list[tuple[list[Term], tuple[str, ...], int]]:
    """The terms found in a form's keys (the first place each occurs), longest first and never
    overlapping: in "parameter efficient finetuning" the whole term counts, not the "parameter"
    inside it."""
    found: dict[tuple[int, tuple[str, ...]], int] = {}
    for start, key in enumerate(keys):
        for group, term_keys in lexicon.by_first.get(key, ()):
            if keys[start : start + len(term_keys)] == term_keys:
                found.setdefault((group, term_keys), start)
    ordered = sorted(found.items(), key=lambda f: -len(f[0][1]))
    taken: set[int] = set()
    kept = []
    for (group, term_keys), start in ordered:
        span = set(range(start, start + len(term_keys)))
        if not span & taken:
            taken |= span
            kept.append((lexicon.groups[group], term_keys, start))
    return kept


Opposite = tuple[tuple[str, ...], str]  # (a term's keys, the text of its opposite)


@lru_cache(maxsize=16)
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
    index = _opposites(tuple(groups))
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
    for terms in _compiled(tuple(groups)).groups:
        for keys, _ in terms:
            if len(keys) > 1:
                found.setdefault(keys[0], []).append(keys)
    for starting in found.values():
        starting.sort(key=len, reverse=True)
    return found


def interchangeable(groups: Sequence[LexiconGroup], first: str, second: str) -> bool:
    """Whether two terms are in one (merged) group of the lexicon."""
    keys = [keys_of(term) for term in (first, second)]
    return any(
        all(any(k == term_keys for term_keys, _ in group) for k in keys)
        for group in _compiled(tuple(groups)).groups
    )
