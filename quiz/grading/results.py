"""What scoring an answer yields: each point's credit with its evidence, the misconceptions
stated, the score and its rating; all of it as JSON for `quiz score --json` and `quiz grade`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quiz.grading.compiled import CompiledPoint
from quiz.grading.match import Form
from quiz.grading.text import Tokens
from quiz.srs.ratings import Rating, rating_for_score

CLAIM_CAP = Rating.GOOD  # the best rating of an answer with a point claimed by the learner
Found = tuple[bool, Form, int, int]  # (negated, form, first word, last word)


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
        "claimed",
        "concepts_found",
        "hit",
        "missing_required",
    )

    def __init__(
        self,
        point: CompiledPoint,
        tokens: Tokens,
        matches: list[Found | None],
        hit: bool,
        concepts_found: int,
        missing_required: bool,
        credit: float,
        claimed: bool = False,
    ) -> None:
        self._point, self._tokens, self._matches = point, tokens, matches
        self.claimed = claimed  # missed by the scorer, claimed by the learner: counted as hit
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
            "claimed": self.claimed,
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
    claimed: frozenset[str] = frozenset()  # points the scorer missed that the learner claimed

    @property
    def suggested(self) -> Rating:
        """The rating the answer suggests: its score's, but *again* whenever it states a wrong
        claim (a misconception), as an interviewer fails a confident wrong answer whatever
        else it says; and at most *good* with a point claimed (`CLAIM_CAP`): a claim is the
        learner's word, which earns the point but never an easy answer."""
        if self.misconceptions:
            return Rating.AGAIN
        rating = rating_for_score(self.score)
        return min(rating, CLAIM_CAP) if self.claimed else rating

    @property
    def rating(self) -> str:
        return self.suggested.label

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "score": round(self.score, 4),
            "rating": self.rating,
            "claimed": sorted(self.claimed),
            "points": [p.to_json() for p in self.points],
            "misconceptions": [m.to_json() for m in self.misconceptions],
            "keyword_list": self.keyword_list,
            "truncated": self.truncated,
            "notes": list(self.notes),
        }
