"""Claims, UI-free: "I said this" on a rubric point the scorer missed.

The scorer misses what it cannot see (a paraphrase outside the bank's forms); the learner may
claim such a point. The claim is recorded on the attempt, and the answer is scored again by the
scorer with the claimed points counted as hit (`score_item(..., claimed=...)`), never patched by
hand. Its rating follows: a claim is the learner's word, so an answer with a point claimed is
suggested at most *good* (`quiz.grading.results.CLAIM_CAP`), never *easy*; a misconception still
makes it *again*, and a hint's cap still holds. When the learner had kept the suggested rating,
the attempt is re-rated to the new suggestion (its card rescheduled, if it is the card's latest);
a rating the learner chose stays. Claiming a claimed point again withdraws the claim.
"""

from __future__ import annotations

from dataclasses import replace

from quiz.practice.engine import Practice
from quiz.practice.hints import capped, capped_rating
from quiz.practice.outcome import Graded, Outcome
from quiz.practice.preferences import PracticeError
from quiz.srs.ratings import Rating
from quiz.store import answers
from quiz.store.claims import set_claims
from quiz.store.models import Attempt
from quiz.store.rollups import claimed_points


def toggle_claim(practice: Practice, outcome: Outcome, point_id: str) -> Outcome:
    """Claim a missed point of a graded answer (or withdraw its claim): the outcome as scored
    and rated under the claims."""
    with practice.store.read() as session:
        attempt = session.get(Attempt, outcome.attempt_id)
        if attempt is None or attempt.profile_id != practice.profile_id or attempt.undone:
            raise PracticeError(f"no attempt {outcome.attempt_id} to claim a point of")
        session.expunge(attempt)
    claimed = set(claimed_points(attempt))
    claimed ^= {point_id}
    return claim_points(practice, attempt, frozenset(claimed), outcome)


def claim_points(
    practice: Practice, attempt: Attempt, claimed: frozenset[str], outcome: Outcome | None = None
) -> Outcome:
    """Set an attempt's claims to `claimed` (points it found are dropped from them)."""
    from quiz.grading.rubrics import score_item

    entry = practice.entry(attempt.item_id)
    item = entry.item
    if item is None or not item.rubric:
        raise PracticeError(f"{attempt.item_id} has no rubric: there is no point to claim")
    if entry.content_hash != attempt.content_hash:
        raise PracticeError(
            f"{attempt.item_id} changed since attempt {attempt.id}: its points cannot be claimed"
        )
    if attempt.score is None:
        raise PracticeError(f"attempt {attempt.id} was not scored: there is no point to claim")
    unknown = claimed - {point.id for point in item.rubric}
    if unknown:
        raise PracticeError(f"{attempt.item_id} has no rubric point {', '.join(sorted(unknown))}")
    grade = score_item(item, attempt.answer, practice.bank.lexicon, claimed)
    suggested = capped_rating(grade.suggested, attempt.hints)
    kept = attempt.suggested_rating is None or attempt.final_rating == attempt.suggested_rating
    final, due = Rating(attempt.final_rating), outcome.due if outcome is not None else None
    with practice.store.write() as session:
        set_claims(
            session,
            practice.profile_id,
            attempt.id,
            grade.claimed,
            grade.score,
            int(suggested),
            entry.topic,
        )
        if kept and suggested != final:
            try:
                done = answers.rerate_answer(
                    session,
                    practice.profile_id,
                    attempt.id,
                    int(suggested),
                    practice.settings,
                    practice.deadline(),
                )
            except answers.RecordError:  # not the card's latest: the claim, not the schedule
                pass
            else:
                final, due = Rating(done.final), done.due
    graded = Graded(
        score=grade.score,
        correct=None,
        suggested=grade.suggested,
        final=final,
        grade=grade,
        notes=tuple(grade.notes),
    )
    graded = capped(graded, attempt.hints)  # the hints' cap, with its note
    if outcome is not None:
        return replace(outcome, graded=graded, due=due)
    return Outcome(
        attempt_id=attempt.id,
        item_id=attempt.item_id,
        kind=entry.kind,
        mode=attempt.mode,
        graded=graded,
        scheduled=attempt.scheduled,
        due=due,
    )
