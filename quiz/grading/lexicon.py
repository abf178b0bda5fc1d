"""The lexicon applied to rubric forms: a form that contains one term of a lexicon group also
stands for the same form with each other term of the group in its place ("model weights" ->
"model parameters"). Groups that share a term are merged. Terms are compared by their words'
keys (word family and stem), so "parameter" in a group covers "parameters" in a form. One
substitution per variant, at most MAX_VARIANTS variants per form: the lexicon widens forms, it
never explodes them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from quiz.bank.schema import LexiconGroup
from quiz.grading.match import PINNED, family_stem, words_of

MAX_VARIANTS = 24

Term = tuple[tuple[str, ...], str]  # (the keys of its words, its text)


def _terms(groups: Iterable[LexiconGroup]) -> list[list[Term]]:
    """The groups' terms by their keys; groups that share a term are one group (an author's
    lexicon file extends a group of the packaged one by naming one of its terms)."""
    merged: list[dict[tuple[str, ...], str]] = []
    for group in groups:
        terms = {tuple(family_stem(w) for _, w in words_of(t)): t for t in group.terms}
        joined = [m for m in merged if not m.keys().isdisjoint(terms)]
        for other in joined:
            merged.remove(other)
            terms = {**other, **terms}
        merged.append(terms)
    return [[(keys, text) for keys, text in m.items() if keys] for m in merged]


def expand(forms: Sequence[str], groups: Sequence[LexiconGroup]) -> list[str]:
    """The forms followed by their lexicon variants, without duplicates, in a stable order."""
    if not groups:
        return list(forms)
    compiled = _terms(groups)
    out = dict.fromkeys(forms)
    for form in forms:
        pinned = form.startswith(PINNED)
        text = form[len(PINNED) :].strip() if pinned else form
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
    groups: list[list[Term]], keys: tuple[str, ...]
) -> list[tuple[list[Term], tuple[str, ...], int]]:
    """The terms found in a form's keys, longest first and never overlapping: in "parameter
    efficient finetuning" the whole term counts, not the "parameter" inside it."""
    found = []
    for group in groups:
        for term_keys, _ in group:
            start = _find(keys, term_keys)
            if start is not None:
                found.append((group, term_keys, start))
    found.sort(key=lambda f: -len(f[1]))
    taken: set[int] = set()
    kept = []
    for group, term_keys, start in found:
        span = set(range(start, start + len(term_keys)))
        if not span & taken:
            taken |= span
            kept.append((group, term_keys, start))
    return kept


def _find(keys: tuple[str, ...], part: tuple[str, ...]) -> int | None:
    if not part or len(part) > len(keys):
        return None
    for start in range(len(keys) - len(part) + 1):
        if keys[start : start + len(part)] == part:
            return start
    return None
