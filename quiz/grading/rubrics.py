"""Compiled rubrics of bank items, compiled once per process (with the bank's lexicon), and
scoring an item's answer."""

from __future__ import annotations

from quiz.bank.model import Item
from quiz.bank.schema import LexiconGroup, RubricPoint
from quiz.grading.compiled import Rubric, compile_rubric
from quiz.grading.results import ScoreResult
from quiz.grading.score import score_answer
from quiz.memo import IdentityMemo

Lexicon = tuple[LexiconGroup, ...]


def _compiler(lexicon: Lexicon) -> IdentityMemo[tuple[RubricPoint, ...], Rubric]:
    return IdentityMemo(lambda points: compile_rubric(points, lexicon))


_by_lexicon: IdentityMemo[Lexicon, IdentityMemo[tuple[RubricPoint, ...], Rubric]] = IdentityMemo(
    _compiler, limit=16
)


def rubric_of(points: tuple[RubricPoint, ...], lexicon: Lexicon) -> Rubric:
    """The compiled rubric (cached per rubric and lexicon object)."""
    return _by_lexicon(lexicon)(points)


def score_item(
    item: Item, answer: str, lexicon: Lexicon, claimed: frozenset[str] = frozenset()
) -> ScoreResult:
    """Score an answer to a question or follow-up (the item must have a rubric) with the
    lexicon of the bank it comes from; the points in `claimed` count as hit if missed."""
    if not item.rubric:
        raise ValueError(f"{item.id} has no rubric to score against")
    return score_answer(rubric_of(item.rubric, lexicon), answer, item.id, claimed)
