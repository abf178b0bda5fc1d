"""Claims in the app (issue 32, item 3), through the pilot: after a graded answer, `c` claims the
marked missed point ("I said this") and `v` marks the next one; the feedback shows the new score
and rating and says "claimed" on the point; `c` again withdraws the claim."""

from __future__ import annotations

import json
from pathlib import Path

from quiz.tui.config_names import keys_problem
from tests.tui_support import SIZE, make_app, practising, text_of, text_of_footer, until

WEAK_Q1 = "GPU memory bandwidth is the rate at which data is read from GPU memory."


def _phase(screen: object) -> str:
    return str(getattr(screen, "phase", ""))


async def test_c_claims_the_marked_missed_point_and_v_marks_the_next(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        await pilot.press(*WEAK_Q1, "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        outcome = getattr(screen, "outcome", None)
        assert outcome is not None and outcome.grade is not None
        missed = [p for p in outcome.grade.points if not p.hit]
        assert len(missed) >= 2
        feedback = text_of(app, "#feedback")
        assert f"c I said this: {missed[0].criterion}" in feedback
        assert "v next missed point" in feedback and "claimed (you said" not in feedback
        assert "I said this" not in text_of_footer(app)  # the feedback names the keys
        await pilot.press("v")
        await until(
            pilot, lambda: f"I said this: {missed[1].criterion}" in text_of(app, "#feedback")
        )
        await pilot.press("c")
        await until(pilot, lambda: "claimed (you said this" in text_of(app, "#feedback"))
        feedback = text_of(app, "#feedback")
        assert f"c withdraw the claim: {missed[1].criterion}" in feedback
        (attempt,) = app.context.practice.history("ch44.q1")  # type: ignore[union-attr]
        assert json.loads(attempt.claimed or "[]") == [missed[1].id]
        assert attempt.score is not None and attempt.score > outcome.score
        assert f"Score {attempt.score:.2f}" in feedback
        await pilot.press("c")  # again: withdrawn
        await until(pilot, lambda: "claimed (you said" not in text_of(app, "#feedback"))
        (attempt,) = app.context.practice.history("ch44.q1")  # type: ignore[union-attr]
        assert attempt.claimed is None and attempt.score == outcome.score


async def test_the_claim_keys_are_letters_of_the_answer_while_answering(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        _, screen = await practising(pilot)
        await pilot.press("c", "v")
        assert screen.query_one("#answer").text == "cv"  # type: ignore[attr-defined]


def test_the_claim_keys_can_be_remapped_and_a_clash_is_reported() -> None:
    assert keys_problem({"claim": "x", "claim-pick": "y"}) is None
    problem = keys_problem({"claim": "n"})
    assert problem is not None and "claim" in problem and "next" in problem


async def test_the_feedback_names_the_claim_keys_as_remapped(tmp_path: Path) -> None:
    app = make_app(tmp_path, keys={"claim": "x", "claim-pick": "y"})
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await practising(pilot)
        await pilot.press(*WEAK_Q1, "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        feedback = text_of(app, "#feedback")
        assert "x I said this: " in feedback and "y next missed point" in feedback
        await pilot.press("x")
        await until(pilot, lambda: "claimed (you said this" in text_of(app, "#feedback"))
