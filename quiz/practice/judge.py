"""Judge one answer: a numeric problem by the calculator, a free-text answer by its rubric, an
item without a rubric by the learner's own rating."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.practice.entries import Entry
from quiz.practice.outcome import Graded
from quiz.srs.ratings import Rating, rating_for_check

if TYPE_CHECKING:  # the scorer and the generator are imported on first use, off the start path
    from quiz.bank.schema import LexiconGroup
    from quiz.problems.generate import Instance


class JudgeError(ValueError):
    """The answer cannot be judged as given; the message says what is missing."""


def instance_of(entry: Entry, seed: int) -> Instance:
    """The numeric problem of a template entry for a seed."""
    from quiz.problems.compiled import compiled
    from quiz.problems.generate import GenerationError, generate

    if entry.template is None:
        raise JudgeError(f"{entry.id} is not a numeric problem")
    try:
        return generate(compiled(entry.template.template), seed)
    except GenerationError as exc:
        raise JudgeError(str(exc)) from None


def prepare(entry: Entry, lexicon: tuple[LexiconGroup, ...]) -> None:
    """Compile the entry's rubric now (it is cached), so judging an answer to it is quick."""
    if entry.item is not None and entry.item.rubric:
        from quiz.grading.rubrics import rubric_of

        rubric_of(entry.item.rubric, lexicon)


def judge(
    entry: Entry,
    answer: str,
    *,
    seed: int | None,
    rating: Rating | None,
    lexicon: tuple[LexiconGroup, ...] = (),
) -> Graded:
    """The verdict on an answer; an explicit rating replaces the suggested one. A free-text
    answer is scored with its bank's lexicon."""
    if entry.template is not None:
        if seed is None:
            raise JudgeError(
                f"{entry.id} is a numeric problem: give the seed of the instance you answered"
            )
        from quiz.problems.generate import check_answer

        instance = instance_of(entry, seed)
        verdict = check_answer(instance, answer)
        suggested = rating_for_check(verdict.correct)
        return Graded(
            score=1.0 if verdict.correct else 0.0,
            correct=verdict.correct,
            suggested=suggested,
            final=rating or suggested,
            seed=seed,
            verdict=verdict,
            instance=instance,
        )
    if entry.item is None or not entry.item.rubric:
        if rating is None:
            raise JudgeError(
                f"{entry.id} has no rubric to grade against: rate your answer yourself "
                "(again, hard, good or easy)"
            )
        return Graded(score=None, correct=None, suggested=None, final=rating)
    from quiz.grading.rubrics import score_item

    grade = score_item(entry.item, answer, lexicon)
    suggested = grade.suggested  # again for a wrong claim, whatever the score
    return Graded(
        score=grade.score,
        correct=None,
        suggested=suggested,
        final=rating or suggested,
        grade=grade,
        notes=tuple(grade.notes),
    )
