"""Practice, drill, review, cram and interviews in the Textual app, driven through the pilot;
results checked in the database."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from tests.conftest import SELF_RATED, make_due
from tests.tui_support import (
    GOOD_Q1,
    SIZE,
    loaded,
    make_app,
    plain,
    practising,
    report_shown,
    text_of,
    until,
)


async def test_a_misconception_is_quoted_with_its_correction(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        _, screen = await practising(pilot)
        screen.query_one("#answer", TextArea).text = "Bandwidth is the amount of memory."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        feedback = plain(screen.query_one("#feedback", Static))
        said = '! "Bandwidth is the amount of memory" (-0.25): Bandwidth is a rate of data transfer'
        assert said in feedback


def test_a_misconception_without_a_correction_is_named_as_one() -> None:
    from quiz.bank.loader import validated
    from quiz.bank.schema import RubricPoint
    from quiz.grading.compiled import compile_rubric
    from quiz.grading.score import score_answer
    from quiz.tui.widgets.graded import points

    point = {
        "id": "kv",
        "criterion": "Says the cache grows.",
        "concepts": [{"forms": ["grows", "gets bigger"]}],
        "misconceptions": [
            {"statement": "The KV cache has a fixed size.", "forms": ["fixed size"]}
        ],
    }
    rubric = compile_rubric([validated(RubricPoint, point)])
    text = points(score_answer(rubric, "The cache has a fixed size.")).plain
    assert '! "fixed size" (-0.25): a misconception: The KV cache has a fixed size.' in text


async def test_practice_answer_rate_undo(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        assert screen.entry.item_id == "ch44.q1"  # type: ignore[attr-defined]
        await pilot.press(*GOOD_Q1)
        assert screen.query_one("#answer", TextArea).text == GOOD_Q1
        await pilot.press("enter", "ctrl+s")  # Enter is a newline, ctrl+s submits
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        feedback = plain(screen.query_one("#feedback", Static))
        assert "Defines GPU Memory Bandwidth accurately." in feedback
        assert "Model answer" in feedback
        practice = app.context.practice  # type: ignore[union-attr]
        (attempt,) = practice.history("ch44.q1")
        assert attempt.answer == GOOD_Q1 + "\n"
        await pilot.press("1")
        await until(pilot, lambda: practice.history("ch44.q1")[0].final_rating == 1)
        await pilot.press("u")
        await until(pilot, lambda: practice.history("ch44.q1")[0].undone)
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        assert screen.entry.item_id == "ch44.q1"  # type: ignore[attr-defined]  # back to it
        assert "undone: answer it again" in text_of(app, "#meta")
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_follow_up_without_rubric_asks_for_a_rating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_due(tmp_path / "tui.db", "s.q1", monkeypatch, "2026-11-20T09:00:00Z")  # served first
    async with make_app(tmp_path, banks=(str(SELF_RATED),)).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        assert screen.entry.item_id == "s.q1"  # type: ignore[attr-defined]
        await pilot.press(*"Rate of data.", "ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        await pilot.press("n")
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        assert screen.entry.item_id == "s.q1.f1"  # type: ignore[attr-defined]
        await pilot.press(*"Both limit speed.", "ctrl+s")
        await until(pilot, lambda: screen.phase == "self-rate")  # type: ignore[attr-defined]
        await pilot.press("3")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        (attempt,) = app.context.practice.history("s.q1.f1")  # type: ignore[union-attr]
        assert attempt.answer == "Both limit speed." and attempt.final_rating == 3


async def test_a_follow_up_with_an_authored_rubric_is_graded(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        await pilot.press(*"Rate of data.", "ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        await pilot.press("n")
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        assert screen.entry.item_id == "ch44.q1.f1"  # type: ignore[attr-defined]
        answer = "Capacity decides what fits; bandwidth how fast it is read, or the GPU waits."
        await pilot.press(*answer, "ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        assert "written for this bank" in text_of(app, "#feedback")
        (attempt,) = app.context.practice.history("ch44.q1.f1")  # type: ignore[union-attr]
        assert attempt.score is not None and attempt.score > 0


async def test_drill_right_and_wrong(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        app.context.practice.fresh_seed = itertools.count(11).__next__  # type: ignore[union-attr]
        await pilot.press("d")
        screen = app.screen
        await until(pilot, lambda: getattr(screen, "phase", "") == "answering")
        problem = screen.problem  # type: ignore[attr-defined]
        await pilot.press(*problem.answer_display, "enter")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        feedback = plain(screen.query_one("#feedback", Static))
        assert "✔ correct" in feedback and "Worked solution" in feedback
        await pilot.press("a")  # another instance of the same problem
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        assert screen.query_one("#number", Input).value == ""
        await pilot.press(*"2.67%", "enter")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        feedback = plain(screen.query_one("#feedback", Static))
        assert "✘ wrong" in feedback and "Diagnosis" in feedback
        attempts = app.context.practice.history(problem.template)  # type: ignore[union-attr]
        assert [a.correct for a in attempts] == [True, False]
        assert [a.seed for a in attempts] == [11, 12]


async def test_interview_with_expiring_timers_ends_in_a_saved_report(tmp_path: Path) -> None:
    async with make_app(tmp_path, questions=2, minutes=1).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("i")
        screen = app.screen
        await until(pilot, lambda: getattr(screen, "phase", "") == "answering")
        await pilot.press(*"Bandwidth is the rate of data transfer.")
        give_up = time.monotonic() + 90
        while type(app.screen).__name__ != "ReportScreen":  # every timer expires in turn
            assert time.monotonic() < give_up, "the interview never ended"
            if getattr(app.screen, "phase", "") == "answering":
                app.screen.deadline = time.monotonic() - 1  # type: ignore[attr-defined]
            await pilot.pause(0.3)
        await report_shown(pilot)
        body = text_of(app, "#report-body")
        assert "Interview report" in body and "ch44.q1" in body
        from quiz.practice import interview

        (report,) = interview.reports(app.context.practice)  # type: ignore[union-attr]
        assert report["answered"] >= 2 and report["questions"][:1] == ["ch44.q1"]
        first = app.context.practice.history("ch44.q1")[0]  # type: ignore[union-attr]
        assert (
            first.answer == "Bandwidth is the rate of data transfer." and first.mode == "interview"
        )


async def test_review_opens_straight_into_review(tmp_path: Path) -> None:
    async with make_app(tmp_path, start="review").run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app = pilot.app
        await until(pilot, lambda: getattr(app.screen, "mode", "") == "review")
        await until(pilot, lambda: app.screen.phase == "empty")  # type: ignore[attr-defined]
        assert "Nothing is due" in text_of(app, "#prompt")  # type: ignore[arg-type]
        assert "next card" not in text_of(app, "#prompt")  # type: ignore[arg-type]  # none yet


async def test_an_empty_review_says_when_the_next_card_falls_due(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        screen.query_one("#answer", TextArea).text = "It is memory."  # rated again: due soon
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        assert app.context.practice.due() == []  # type: ignore[union-attr]  # in a minute
        await pilot.press("escape")
        await pilot.press("r")
        await until(pilot, lambda: getattr(app.screen, "phase", "") == "empty")
        prompt = text_of(app, "#prompt")
        assert "Nothing is due. The next card is due in 1 min (09:01 UTC)" in prompt, prompt


async def test_suspend_and_bury_work_while_typing_an_answer(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        first = screen.entry.item_id  # type: ignore[attr-defined]
        assert "1 of 10 today" in text_of(app, "#meta")  # the daily limit of new items
        await pilot.press(*"xz half an answer")  # letters are typed, not commands
        assert screen.query_one("#answer", TextArea).text == "xz half an answer"
        await pilot.press("ctrl+t", "ctrl+t")  # the typed answer goes: asked, then confirmed
        await until(pilot, lambda: screen.phase == "held")  # type: ignore[attr-defined]
        await pilot.press("n")  # on to the next item (u would take the suspension back)
        await until(pilot, lambda: screen.entry.item_id != first)  # type: ignore[attr-defined]
        second = screen.entry.item_id  # type: ignore[attr-defined]
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        await pilot.press("ctrl+g")  # nothing typed: at once
        await until(pilot, lambda: screen.phase == "held")  # type: ignore[attr-defined]
        await pilot.press("n")
        await until(pilot, lambda: screen.entry.item_id not in (first, second))  # type: ignore[attr-defined]
        practice = app.context.practice  # type: ignore[union-attr]
        assert practice.held_items() == {first, second}
        assert practice.history() == []  # nothing was answered


async def test_the_verdict_and_the_rating_keys_fit_an_80_by_24_terminal(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=(80, 24)) as pilot:
        app, screen = await practising(pilot)
        await pilot.press(*GOOD_Q1, "ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        await until(pilot, lambda: "Rating:" in app.export_screenshot())
        shown = app.export_screenshot()
        assert "Rating:" in shown and "Score" in shown  # the verdict, in view
        assert "Again" in shown and "Easy" in shown  # the rating keys, in the footer


async def test_cram_answers_are_recorded_and_leave_the_schedule_alone(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("c")
        screen = app.screen
        await until(pilot, lambda: getattr(screen, "phase", "") == "answering")
        item_id = screen.entry.item_id  # type: ignore[attr-defined]
        answer = "Bandwidth is the rate at which data moves; each token reads the weights."
        if screen.entry.kind == "template":  # type: ignore[attr-defined]
            answer = "1 GB"
            await pilot.press(*answer, "enter")
        else:
            await pilot.press(*answer, "ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        assert "Cram: the schedule was not changed" in plain(screen.query_one("#feedback", Static))
        practice = app.context.practice  # type: ignore[union-attr]
        (attempt,) = practice.history(item_id)
        assert attempt.mode == "cram" and not attempt.scheduled and attempt.card_id is None
        assert practice.due() == []
