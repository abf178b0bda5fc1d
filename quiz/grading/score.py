"""Rubric scoring of a free-text answer: points hit with their evidence, misconceptions, rating.

score = the weighted credit of the rubric points, minus the penalties of misconceptions stated,
capped at REQUIRED_CAP when a required concept is missing, clamped to [0, 1]. A point is hit when
at least `min_concepts` of its concepts appear outside a negation; short of that it earns partial
credit, the share of the concepts it needs that were stated. An answer that reads as a bare list of
keywords (almost no function words, fragments of a few words) earns no point: the concepts it
names are reported as mentioned, not explained.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quiz.bank.schema import LexiconGroup, Misconception, RubricPoint
from quiz.grading.lexicon import expand
from quiz.grading.match import Form, Vocabulary, answer_keys, compile_forms, find
from quiz.grading.text import Tokens, function_word_share, tokenize
from quiz.srs.ratings import rating_for_score

MAX_ANSWER_CHARS = 20_000  # longer answers are scored on this prefix, with a notice
REQUIRED_CAP = 0.5
KEYWORD_LIST_MAX_SHARE = 0.12  # function words in prose are typically 35-50% of the words
KEYWORD_LIST_FRAGMENT_SHARE = 0.25
KEYWORD_LIST_FRAGMENT_WORDS = 3.5
_FRAGMENT = re.compile(r"[,;\n\u2022\u00b7]|\s[-*]\s")
_SENTENCE_END = re.compile(r"\w[.!?](\s|$)")


class Evidence:
    """Where a concept was found; offsets and text are worked out when first read."""

    __slots__ = ("_span", "concept", "first", "form", "last", "tokens")

    def __init__(self, concept: int, form: str, tokens: Tokens, first: int, last: int) -> None:
        self.concept, self.form = concept, form
        self.tokens, self.first, self.last = tokens, first, last
        self._span: tuple[int, int] | None = None

    @property
    def start(self) -> int:
        return self._offsets()[0]

    @property
    def end(self) -> int:
        return self._offsets()[1]

    @property
    def text(self) -> str:
        start, end = self._offsets()
        return self.tokens.text[start:end]

    def _offsets(self) -> tuple[int, int]:
        if self._span is None:
            self._span = self.tokens.span(self.first, self.last)
        return self._span

    def __repr__(self) -> str:
        return f"Evidence({self.concept}, {self.text!r}, {self.start}-{self.end})"

    def to_json(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "form": self.form,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


class PointResult:
    """How an answer fares on one rubric point; the evidence is gathered when first read."""

    __slots__ = (
        "_credit",
        "_evidence",
        "_matches",
        "_negated",
        "_point",
        "_tokens",
        "concepts_found",
        "hit",
        "missing_required",
    )

    def __init__(
        self,
        point: _Point,
        tokens: Tokens,
        matches: list[Found | None],
        hit: bool,
        concepts_found: int,
        missing_required: bool,
        credit: float,
    ) -> None:
        self._point, self._tokens, self._matches = point, tokens, matches
        self.hit, self.concepts_found, self.missing_required = hit, concepts_found, missing_required
        self._credit = credit
        self._evidence: tuple[Evidence, ...] | None = None
        self._negated: tuple[Evidence, ...] = ()

    @property
    def id(self) -> str:
        return self._point.source.id

    @property
    def criterion(self) -> str:
        return self._point.source.criterion

    @property
    def weight(self) -> float:
        return self._point.source.weight

    @property
    def credit(self) -> float:
        """The share of the point's weight earned: the concepts stated over those it needs
        (capped at 1; none for a bare keyword list)."""
        return self._credit

    @property
    def concepts_needed(self) -> int:
        return self._point.needed

    @property
    def concepts_total(self) -> int:
        return len(self._point.concepts)

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Where each concept stated (outside a negation) was found, in the rubric's order."""
        if self._evidence is None:
            self._gather()
        return self._evidence  # type: ignore[return-value]

    @property
    def negated(self) -> tuple[Evidence, ...]:
        """Concepts the answer names only inside a negation."""
        if self._evidence is None:
            self._gather()
        return self._negated

    def _gather(self) -> None:
        stated: list[Evidence] = []
        negated: list[Evidence] = []
        for index, slot in enumerate(self._point.concepts):
            found = self._matches[slot]
            if found is not None:
                where = Evidence(index, found[1].text, self._tokens, found[2], found[3])
                (negated if found[0] else stated).append(where)
        self._evidence, self._negated = tuple(stated), tuple(negated)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "criterion": self.criterion,
            "weight": self.weight,
            "hit": self.hit,
            "credit": self.credit,
            "evidence": [e.to_json() for e in self.evidence],
            "negated": [e.to_json() for e in self.negated],
            "concepts_found": self.concepts_found,
            "concepts_needed": self.concepts_needed,
            "concepts_total": self.concepts_total,
            "missing_required": self.missing_required,
        }


@dataclass(slots=True)  # not frozen: built per answer, frozen init is slow
class MisconceptionResult:
    point: str
    statement: str  # the wrong claim
    correction: str | None  # what is true instead
    penalty: float
    evidence: Evidence

    def to_json(self) -> dict[str, Any]:
        return {
            "point": self.point,
            "statement": self.statement,
            "correction": self.correction,
            "penalty": self.penalty,
            "evidence": self.evidence.to_json(),
        }


@dataclass(slots=True)  # not frozen: built per answer, frozen init is slow
class ScoreResult:
    question: str
    score: float
    points: tuple[PointResult, ...]
    misconceptions: tuple[MisconceptionResult, ...]
    keyword_list: bool
    truncated: bool
    notes: tuple[str, ...]

    @property
    def rating(self) -> str:
        return rating_for_score(self.score).label

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "score": round(self.score, 4),
            "rating": self.rating,
            "points": [p.to_json() for p in self.points],
            "misconceptions": [m.to_json() for m in self.misconceptions],
            "keyword_list": self.keyword_list,
            "truncated": self.truncated,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class _Point:
    source: RubricPoint
    concepts: tuple[int, ...]  # slot of each concept
    slots: tuple[tuple[int, bool], ...]  # (slot, required?) of each concept
    mistakes: tuple[tuple[Misconception, int], ...]  # each misconception and its slot
    needed: int  # concepts the point needs


def _point(
    source: RubricPoint, concepts: tuple[int, ...], misconceptions: tuple[int, ...]
) -> _Point:
    required = (concept.required for concept in source.concepts)
    return _Point(
        source,
        concepts,
        tuple(zip(concepts, required, strict=True)),
        tuple(zip(source.misconceptions, misconceptions, strict=True)),
        source.min_concepts,
    )


@dataclass(frozen=True, slots=True)
class Rubric:
    """A rubric compiled for matching; build it once per item with compile_rubric.

    Every concept and misconception is a slot: its forms, compiled, in the author's order."""

    points: tuple[_Point, ...]
    vocabulary: Vocabulary
    slots: tuple[tuple[Form, ...], ...]
    total_weight: float


def compile_rubric(points: Sequence[RubricPoint], lexicon: Sequence[LexiconGroup] = ()) -> Rubric:
    """The rubric compiled for matching, each concept's forms widened by the lexicon."""
    vocabulary = Vocabulary()
    slots: list[tuple[Form, ...]] = []

    def slot(forms: Sequence[str]) -> int:
        widened = expand(forms, lexicon)
        # A form with the keys and reaches of an earlier one can never be the one found.
        distinct: dict[tuple[object, ...], Form] = {}
        for form in compile_forms(vocabulary, widened):
            if form.keys:
                distinct.setdefault((form.keys, form.steps), form)
        slots.append(tuple(distinct.values()))
        return len(slots) - 1

    compiled = tuple(
        _point(
            point,
            tuple(slot(concept.forms) for concept in point.concepts),
            tuple(slot(m.forms) for m in point.misconceptions),
        )
        for point in points
    )
    total = sum(point.weight for point in points) or 1.0
    return Rubric(compiled, vocabulary, tuple(slots), total)


def is_keyword_list(tokens: Tokens) -> bool:
    """Words without sentences: few function words, in short comma-separated fragments."""
    if len(tokens) < 4:
        return False
    share = function_word_share(tokens)
    if share >= KEYWORD_LIST_FRAGMENT_SHARE:
        return False
    if share < KEYWORD_LIST_MAX_SHARE and not _SENTENCE_END.search(tokens.text):
        return True
    fragments = [f for f in _FRAGMENT.split(tokens.text) if f.strip()]
    words_per_fragment = len(tokens) / max(len(fragments), 1)
    return share < KEYWORD_LIST_FRAGMENT_SHARE and words_per_fragment <= KEYWORD_LIST_FRAGMENT_WORDS


Found = tuple[bool, Form, int, int]  # (negated, form, first word, last word)


def _matches(rubric: Rubric, tokens: Tokens, positions: dict[str, list[int]]) -> list[Found | None]:
    """Per slot, its first form (in the author's order) found outside a negation, else the
    first found inside one, else None."""
    has_all = set(positions).issuperset  # a set answers it twice as fast as the dict's keys
    before, after = tokens.negated_before, tokens.negated_after
    any_negation = tokens.any_negation
    matches: list[Found | None] = []
    for forms in rubric.slots:
        negated: Found | None = None
        for form in forms:
            if not has_all(form.key_set):
                continue
            if form.steps:
                match = find(form, tokens, positions)
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
            matches.append(negated)
    return matches


def score_answer(rubric: Rubric, answer: str, question: str = "") -> ScoreResult:
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
    results: list[PointResult] = []
    mistakes: list[MisconceptionResult] = []
    capped = False
    earned = penalties = 0.0
    for point in rubric.points:
        stated = 0
        missing_required = False
        for slot, required in point.slots:
            found = matches[slot]
            if found is not None and not found[0]:
                stated += 1
            elif required:
                missing_required = True
        hit = stated >= point.needed and not keyword_list
        credit = 0.0 if keyword_list else min(stated / point.needed, 1.0)
        results.append(PointResult(point, tokens, matches, hit, stated, missing_required, credit))
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
        question, score, tuple(results), tuple(mistakes), keyword_list, truncated, tuple(notes)
    )
