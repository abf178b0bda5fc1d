"""A mock interview from the keyboard: a question and its two self-rated follow-ups, then the
report, with the clock injected (no test here waits on the wall clock)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from quiz.tui.app import QuizApp
from quiz.tui.context import Options
from tests.conftest import SELF_RATED, make_due
from tests.tui_support import NOW, SIZE, loaded, report_shown, text_of, until


class Ticks:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _app(tmp_path: Path, ticks: Ticks, banks: tuple[str, ...] = ()) -> QuizApp:
    options = Options(db=str(tmp_path / "iv.db"), banks=banks, questions=1, minutes=3)
    return QuizApp(options, now=lambda: NOW, monotonic=ticks)


async def interviewing(pilot: Pilot[None]) -> tuple[QuizApp, Any]:
    """The app, once loaded, with an interview opened at its first question."""
    app = await loaded(pilot)
    await pilot.press("i")
    screen = app.screen
    await until(pilot, lambda: getattr(screen, "phase", "") == "answering")
    return app, screen


async def test_a_question_and_two_self_rated_follow_ups_end_in_a_full_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_due(tmp_path / "iv.db", "s.q1", monkeypatch, "2026-11-20T09:00:00Z")  # due: asked first
    ticks = Ticks()
    async with _app(tmp_path, ticks, (str(SELF_RATED),)).run_test(size=SIZE) as pilot:
        app, screen = await interviewing(pilot)
        assert screen.plan == ["s.q1", "s.q1.f1", "s.q1.f2"]
        answers = {
            "s.q1": "It is the speed of moving data, between memory and the cores.",
            "s.q1.f1": "Time per token against bytes per step.",
            "s.q1.f2": "Quantize 3 times harder.",
        }
        ratings = {"s.q1.f1": "3", "s.q1.f2": "2"}
        for item_id, answer in answers.items():

            def asking(i: str = item_id) -> bool:
                return bool(screen.phase == "answering" and screen.plan[screen.index] == i)

            await until(pilot, asking)
            await pilot.press(*answer)
            ticks.now += 42
            await pilot.press("ctrl+s")
            if item_id in ratings:
                await until(pilot, lambda: screen.phase == "self-rate")
                assert "rate yourself" in text_of(app, "#clock")
                ticks.now += 30  # thinking about the rating is not answer time
                await pilot.press(ratings[item_id])
        await report_shown(pilot)
        body = " ".join(text_of(app, "#report-body").split())
        assert "What does GPU memory bandwidth measure?" in body
        assert "Your answer: Quantize 3 times harder." in body  # the digit 3 is kept, not eaten
        assert "Rated yourself: good" in body and "Rated yourself: hard" in body
        assert body.count("0:42 of 3:00") == 3
        assert "Total: 3 answered" in body and "2 self-rated" in body
        history = app.context.practice.history()  # type: ignore[union-attr]
        assert [(a.item_id, a.answer) for a in history][1:] == list(answers.items())
        assert [a.final_rating for a in history][2:] == [3, 2]
        assert {a.duration_ms for a in history[1:]} == {42_000}


async def test_an_interview_grades_follow_ups_with_authored_rubrics(tmp_path: Path) -> None:
    ticks = Ticks()
    async with _app(tmp_path, ticks).run_test(size=SIZE) as pilot:
        app, screen = await interviewing(pilot)
        assert screen.plan == ["ch44.q1", "ch44.q1.f1", "ch44.q1.f2"]  # the chapter's q1
        answers = [
            "GPU memory bandwidth is the rate data moves between memory and the cores.",
            "Capacity decides what fits, bandwidth how fast it is read; or the GPU waits.",
            "GPU HBM is far higher than CPU DRAM, TB/s against GB/s, so decoding is faster.",
        ]
        for index, answer in enumerate(answers):

            def at(i: int = index) -> bool:
                return bool(screen.phase == "answering" and screen.index == i)

            await until(pilot, at)
            await pilot.press(*answer, "ctrl+s")
        await report_shown(pilot)
        body = " ".join(text_of(app, "#report-body").split())
        assert "Rated yourself" not in body and "missed:" in body
        history = app.context.practice.history()  # type: ignore[union-attr]
        assert all(a.score is not None for a in history) and len(history) == 3


async def test_an_expired_timer_records_what_was_typed(tmp_path: Path) -> None:
    ticks = Ticks()
    async with _app(tmp_path, ticks).run_test(size=SIZE) as pilot:
        app, screen = await interviewing(pilot)
        await pilot.press(*"Bandwidth")
        await until(
            pilot, lambda: screen.query_one("#interview-answer", TextArea).text == "Bandwidth"
        )
        ticks.now += 181  # past the 3 minutes: the next tick records the answer
        await until(
            pilot, lambda: screen.phase == "answering" and screen.plan[screen.index] == "ch44.q1.f1"
        )
        (attempt,) = app.context.practice.history("ch44.q1")  # type: ignore[union-attr]
        # Cut off at the deadline, whenever the tick that noticed it came: time ran out, the
        # learner did not run over it.
        assert attempt.answer == "Bandwidth" and attempt.duration_ms == 180_000
