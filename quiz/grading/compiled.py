"""A rubric compiled for matching: every concept's and misconception's forms, widened by the
lexicon and by opposites, compiled to word keys, each a slot the scorer fills once per answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quiz.bank.schema import LexiconGroup, Misconception, RubricPoint
from quiz.grading.glue import in_field
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

    Every concept and misconception is a slot: its forms, compiled, in the author's order, and
    its flipped forms (stated where a negation reaches them: "not in a closed path" for "open")."""

    points: tuple[CompiledPoint, ...]
    vocabulary: Vocabulary
    slots: tuple[tuple[tuple[Form, ...], tuple[Form, ...]], ...]  # (forms, flipped forms)
    total_weight: float
    flipped: tuple[Form, ...]  # every slot's flipped forms, which may take over a negation
    in_field: bool = False  # its words are the field's (glue.FIELD_SHARE): salads are judged


def compile_rubric(points: Sequence[RubricPoint], lexicon: Sequence[LexiconGroup] = ()) -> Rubric:
    """The rubric compiled for matching, each concept's forms widened by the lexicon."""
    vocabulary = Vocabulary()
    slots: list[tuple[tuple[Form, ...], tuple[Form, ...]]] = []

    def slot(forms: Sequence[str]) -> int:
        widened = expand(forms, lexicon)
        plain, flipped = negation_variants(widened, lexicon)
        slots.append(
            (
                _distinct(compile_forms(vocabulary, [*widened, *plain])),
                _distinct(compile_forms(vocabulary, flipped)),
            )
        )
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
    every_flip = tuple(form for _, flips in slots for form in flips)
    return Rubric(compiled, vocabulary, tuple(slots), total, every_flip, in_field(vocabulary.words))


def _distinct(forms: Iterable[Form]) -> tuple[Form, ...]:
    """The forms less any with the keys and reaches of an earlier one (never the one found)."""
    distinct: dict[tuple[object, ...], Form] = {}
    for form in forms:
        if form.keys:
            distinct.setdefault((form.keys, form.steps), form)
    return tuple(distinct.values())
