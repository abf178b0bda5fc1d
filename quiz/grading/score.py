"""Rubric scoring of a free-text answer: points hit with their evidence, misconceptions, rating.

score = the weighted credit of the rubric points, minus the penalties of misconceptions stated,
capped at REQUIRED_CAP when a required concept is missing, clamped to [0, 1]. A point is hit when
at least `min_concepts` of its concepts appear outside a negation; short of that it earns partial
credit, the share of the concepts it needs that were stated. An answer that reads as a bare list
of keywords (almost no function words or verbs, fragments of a few words) earns no point: the
concepts it names are reported as mentioned, not explained.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

from quiz.grading.compiled import CompiledPoint, Rubric
from quiz.grading.glue import Glue
from quiz.grading.match import answer_keys, find, find_apart, find_negated
from quiz.grading.results import Evidence, Found, MisconceptionResult, PointResult, ScoreResult
from quiz.grading.text import Tokens, relating_share, tokenize

MAX_ANSWER_CHARS = 20_000  # longer answers are scored on this prefix, with a notice
REQUIRED_CAP = 0.5
KEYWORD_LIST_MAX_SHARE = 0.12  # function words alone are typically 35-50% of prose's words
KEYWORD_LIST_FRAGMENT_SHARE = 0.25
KEYWORD_LIST_FRAGMENT_WORDS = 3.5
_FRAGMENT = re.compile(r"[,;\n\u2022\u00b7]|\s[-*]\s")
_SENTENCE_END = re.compile(r"\w[.!?](\s|$)")


def is_keyword_list(tokens: Tokens) -> bool:
    """Words without sentences: few function words, negations or relating verbs ("means",
    "lacks"), in a row without a sentence's end or in short comma-separated fragments ("memory
    bound lacks capacity, bandwidth bound lacks speed" is two terse clauses, not a list)."""
    if len(tokens) < 4:
        return False
    share = relating_share(tokens)
    if share >= KEYWORD_LIST_FRAGMENT_SHARE:
        return False
    fragments = [f for f in _FRAGMENT.split(tokens.text) if f.strip()]
    if share < KEYWORD_LIST_MAX_SHARE and len(fragments) < 2:
        return not _SENTENCE_END.search(tokens.text)  # words in a row, not a sentence
    words_per_fragment = len(tokens) / max(len(fragments), 1)
    return share < KEYWORD_LIST_FRAGMENT_SHARE and words_per_fragment <= KEYWORD_LIST_FRAGMENT_WORDS


def _matches(rubric: Rubric, tokens: Tokens, positions: dict[str, list[int]]) -> list[Found | None]:
    """Per slot, its first form (in the author's order) found outside a negation, else the
    first found inside one, else None. A flipped form (the concept's opposite, or X of a "not X"
    form) counts only where a negation reaches it, and then takes that negation over: in "not in
    a closed path" a rubric with "open" finds "open" and "path" stated."""
    has_all = set(positions).issuperset  # a set answers it twice as fast as the dict's keys
    any_negation = tokens.any_negation
    before, after = tokens.negated_before, tokens.negated_after
    flips_found: dict[int, tuple[int, int]] = {}  # id of a flipped form -> where it is negated
    if any_negation and rubric.flipped:
        flips_found = _negated_flips(rubric, tokens, before, positions, has_all)
        if flips_found:
            before = _taken_over(before, flips_found.values())
    matches: list[Found | None] = []
    for forms, flips in rubric.slots:
        negated: Found | None = None
        for form in forms:
            if not has_all(form.key_set):
                continue
            if form.steps:
                match = find(form, tokens, before, after, positions)
                if match is None:
                    continue
                if not match[0]:
                    matches.append((False, form, match[1], match[2]))
                    break
            else:  # one word: its first occurrence outside a negation
                spots = positions[form.keys[0]]
                if not any_negation:
                    matches.append((False, form, spots[0], spots[0]))
                    break
                for spot in spots:
                    if not (before[spot] or after[spot]):
                        break
                else:
                    if negated is None:
                        negated = (True, form, spots[0], spots[0])
                    continue
                matches.append((False, form, spot, spot))
                break
            if negated is None:
                negated = (True, form, match[1], match[2])
        else:
            if flips_found:
                for form in flips:
                    where = flips_found.get(id(form))
                    if where is not None:
                        negated = (False, form, _cue(tokens, where[0]), where[1])
                        break
            matches.append(negated)
    return matches


def _elsewhere(
    rubric: Rubric,
    slot: int,
    tokens: Tokens,
    positions: dict[str, list[int]],
    taken: list[Found],
) -> Found | None:
    """Another place the answer states the slot's concept, apart from the words the point's other
    concepts were found in: one word is evidence for one concept of a point ("token count" is not
    also "token"), else None."""
    spans = [(other[2], other[3]) for other in taken]
    for form in rubric.slots[slot][0]:
        where = find_apart(form, tokens, positions, spans)
        if where is not None:
            return (False, form, *where)
    return None


def _negated_flips(
    rubric: Rubric,
    tokens: Tokens,
    marks: Sequence[bool],
    positions: dict[str, list[int]],
    has_all: Callable[[Iterable[str]], bool],
) -> dict[int, tuple[int, int]]:
    """Each flipped form found inside a negation (by the form's id): where it is."""
    found: dict[int, tuple[int, int]] = {}
    for form in rubric.flipped:
        if has_all(form.key_set):
            where = find_negated(form, tokens, marks, positions)
            if where is not None:
                found[id(form)] = where
    return found


def _taken_over(marks: Sequence[bool], flips: Iterable[tuple[int, int]]) -> list[bool]:
    """The negation marks less what follows each negated opposite in its negation's reach."""
    released = list(marks)
    for _, last in flips:
        end = last + 1
        while end < len(marks) and marks[end]:
            released[end] = False
            end += 1
    return released


def _cue(tokens: Tokens, first: int) -> int:
    """The negation cue whose reach includes word `first` (where a flipped form's evidence
    starts: "not in a closed")."""
    marks = tokens.negated_before
    while first > 0 and marks[first - 1]:
        first -= 1
    return max(first - 1, 0)


def _stated(point: CompiledPoint, matches: list[Found | None]) -> list[Found]:
    """The point's concepts found outside a negation."""
    found = (matches[slot] for slot, _ in point.slots)
    return [where for where in found if where is not None and not where[0]]


def _glue(
    rubric: Rubric, tokens: Tokens, positions: dict[str, list[int]], matches: list[Found | None]
) -> Glue:
    """The answer judged for glue, with each point's evidence."""

    def stated() -> list[list[tuple[int, int]]]:
        return [[(found[2], found[3]) for found in _stated(p, matches)] for p in rubric.points]

    return Glue(tokens, set(chain.from_iterable(positions.values())), stated, rubric.in_field)


def score_answer(
    rubric: Rubric, answer: str, question: str = "", claimed: frozenset[str] = frozenset()
) -> ScoreResult:
    """Score an answer against a compiled rubric. A point in `claimed` that the answer misses
    is counted as hit, with full credit (the learner says they stated it: a claim); a claim of
    a point found, or of no point of the rubric, changes nothing."""
    notes: list[str] = []
    truncated = len(answer) > MAX_ANSWER_CHARS
    if truncated:
        cut = answer.rfind(" ", 0, MAX_ANSWER_CHARS)
        answer = answer[: cut if cut > MAX_ANSWER_CHARS // 2 else MAX_ANSWER_CHARS]
        notes.append(f"the answer is long: only its first {len(answer):,} characters were scored")
    tokens = tokenize(answer)
    positions = answer_keys(tokens, rubric.vocabulary)
    keyword_list = is_keyword_list(tokens)
    if keyword_list:
        notes.append(
            "this reads as a list of keywords: the terms are shown as mentioned, but points are "
            "earned by explaining them in sentences"
        )
    matches = _matches(rubric, tokens, positions)
    # Glue and salad (quiz.grading.glue): judged once, when some evidence was found.
    glue = None if keyword_list or not any(matches) else _glue(rubric, tokens, positions, matches)
    if glue is not None and not glue.found:
        glue = None
    results: list[PointResult] = []
    mistakes: list[MisconceptionResult] = []
    granted: list[str] = []  # the claimed points the answer missed
    capped = False
    earned = penalties = 0.0
    for point in rubric.points:
        stated = 0
        missing_required = False
        shown = matches  # a copy for this point if a concept's evidence moves
        # The point's wrong claims found: their words are no evidence for it (a misconception
        # voids what it contradicts), so a concept found in one is looked for elsewhere.
        wrong = [matches[slot] for _, slot in point.mistakes]
        void: list[Found] = [found for found in wrong if found is not None and not found[0]]
        # Evidence in a clause of glue (a foreign predicate, an identity chain) is none either.
        said = [] if glue is None else _stated(point, matches)
        if said and glue is not None:
            form = said[0][1]
            spans = glue.glued([(found[2], found[3]) for found in said])
            void += [(False, form, first, last) for first, last in spans]
        taken: list[Found] = []  # the evidence of the concepts counted so far
        for slot, required in point.slots:
            found = shown[slot]
            if found is not None and not found[0]:
                for other in (*taken, *void):
                    if found[2] <= other[3] and other[2] <= found[3]:  # they share a word
                        shown = list(shown) if shown is matches else shown
                        apart = [*taken, *void]
                        found = shown[slot] = _elsewhere(rubric, slot, tokens, positions, apart)
                        break
                if found is not None:
                    stated += 1
                    taken.append(found)
                    continue
            if required:
                missing_required = True
        hit = stated >= point.needed and not keyword_list
        credit = 0.0 if keyword_list else min(stated / point.needed, 1.0)
        claim = not hit and bool(claimed) and point.source.id in claimed
        if claim:
            hit, credit, missing_required = True, 1.0, False
            granted.append(point.source.id)
        results.append(
            PointResult(point, tokens, shown, hit, stated, missing_required, credit, claim)
        )
        capped = capped or missing_required
        earned += point.source.weight * credit
        for source, slot in point.mistakes:
            found = matches[slot]
            if found is not None and not found[0]:
                where = Evidence(0, found[1].text, tokens, found[2], found[3])
                mistakes.append(
                    MisconceptionResult(
                        point.source.id, source.statement, source.correction, source.penalty, where
                    )
                )
                penalties += source.penalty
    score = earned / rubric.total_weight - penalties
    if capped and score > REQUIRED_CAP:
        score = REQUIRED_CAP
        notes.append(f"a required concept is missing: the score is capped at {REQUIRED_CAP:g}")
    score = min(max(score, 0.0), 1.0)
    return ScoreResult(
        question,
        score,
        tuple(results),
        tuple(mistakes),
        keyword_list,
        truncated,
        tuple(notes),
        frozenset(granted),
    )
