"""A rubric compiled for matching: every concept's and misconception's forms, widened by the
lexicon and by opposites, compiled to word keys, each a slot the scorer fills once per answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from quiz.bank.schema import LexiconGroup, Misconception, RubricPoint
from quiz.grading.lexicon import expand, negation_variants
from quiz.grading.match import Form, Vocabulary, compile_forms


@dataclass(frozen=True, slots=True)
class CompiledPoint:
    """A rubric point with its concepts and misconceptions as slots."""

    source: RubricPoint
    concepts: tuple[int, ...]  # slot of each concept
    slots: tuple[tuple[int, bool], ...]  # (slot, required?) of each concept
    mistakes: tuple[tuple[Misconception, int], ...]  # each misconception and its slot
    needed: int  # concepts the point needs


def _point(
    source: RubricPoint, concepts: tuple[int, ...], misconceptions: tuple[int, ...]
) -> CompiledPoint:
    required = (concept.required for concept in source.concepts)
    return CompiledPoint(
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

    points: tuple[CompiledPoint, ...]
    vocabulary: Vocabulary
    slots: tuple[tuple[Form, ...], ...]
    total_weight: float
    flipped: tuple[Form, ...]  # every slot's flipped forms, which may take over a negation


def compile_rubric(points: Sequence[RubricPoint], lexicon: Sequence[LexiconGroup] = ()) -> Rubric:
    """The rubric compiled for matching, each concept's forms widened by the lexicon."""
    vocabulary = Vocabulary()
    slots: list[tuple[Form, ...]] = []

    def slot(forms: Sequence[str]) -> int:
        widened = expand(forms, lexicon)
        plain, flipped = negation_variants(widened, lexicon)
        # A form with the keys and reaches of an earlier one can never be the one found.
        distinct: dict[tuple[object, ...], Form] = {}
        for form in compile_forms(vocabulary, [*widened, *plain]):
            if form.keys:
                distinct.setdefault((form.keys, form.steps), form)
        for form in compile_forms(vocabulary, flipped):
            if form.keys:
                distinct.setdefault((form.keys, form.steps, True), replace(form, flipped=True))
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
    flips = tuple(form for forms in slots for form in forms if form.flipped)
    return Rubric(compiled, vocabulary, tuple(slots), total, flips)
