"""A mock interview from the keyboard: a question and its two self-rated follow-ups, then the
report, with the clock injected (no test here waits on the wall clock)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from quiz.tui.app import QuizApp
from quiz.tui.context import Options
from tests.test_tui import NOW, SIZE, loaded, text_of, until


class Ticks:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _app(tmp_path: Path, ticks: Ticks) -> QuizApp:
    options = Options(db=str(tmp_path / "iv.db"), questions=1, minutes=3)
    return QuizApp(options, now=lambda: NOW, monotonic=ticks)


async def test_a_question_and_two_self_rated_follow_ups_end_in_a_full_report(
    tmp_path: Path,
) -> None:
    ticks = Ticks()
    async with _app(tmp_path, ticks).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("i")
        screen = app.screen
        await until(pilot, lambda: screen.phase == "answering")
        assert screen.plan == ["ch44.q1", "ch44.q1.f1", "ch44.q1.f2"]  # the chapter's q1
        answers = {
            "ch44.q1": "GPU memory bandwidth is the rate data moves between memory and the cores.",
            "ch44.q1.f1": "Time per token against bytes per step.",
            "ch44.q1.f2": "Quantize 3 times harder.",
        }
        ratings = {"ch44.q1.f1": "3", "ch44.q1.f2": "2"}
        for item_id, answer in answers.items():
            await until(
                pilot,
                lambda i=item_id: screen.phase == "answering" and screen.plan[screen.index] == i,
            )
            await pilot.press(*answer)
            ticks.now += 42
            await pilot.press("ctrl+s")
            if item_id in ratings:
                await until(pilot, lambda: screen.phase == "self-rate")
                assert "rate yourself" in text_of(app, "#clock")
                ticks.now += 30  # thinking about the rating is not answer time
                await pilot.press(ratings[item_id])
        await until(pilot, lambda: type(app.screen).__name__ == "ReportScreen")
        body = " ".join(text_of(app, "#report-body").split())
        assert "Explain the concept of GPU Memory Bandwidth" in body
        assert "Your answer: Quantize 3 times harder." in body  # the digit 3 is kept, not eaten
        assert "Rated yourself: good" in body and "Rated yourself: hard" in body
        assert "missed:" in body  # the first answer misses rubric points, shown by criterion
        assert body.count("0:42 of 3:00") == 3
        assert "Total: 3 answered" in body and "2 self-rated" in body
        history = app.context.practice.history()  # type: ignore[union-attr]
        assert [(a.item_id, a.answer) for a in history] == list(answers.items())
        assert [a.final_rating for a in history][1:] == [3, 2]
        assert {a.duration_ms for a in history} == {42_000}


async def test_an_expired_timer_records_what_was_typed(tmp_path: Path) -> None:
    ticks = Ticks()
    async with _app(tmp_path, ticks).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("i")
        screen = app.screen
        await until(pilot, lambda: screen.phase == "answering")
        await pilot.press(*"Bandwidth")
        await until(
            pilot, lambda: screen.query_one("#interview-answer", TextArea).text == "Bandwidth"
        )
        ticks.now += 181  # past the 3 minutes: the next tick records the answer
        await until(
            pilot, lambda: screen.phase == "answering" and screen.plan[screen.index] == "ch44.q1.f1"
        )
        (attempt,) = app.context.practice.history("ch44.q1")  # type: ignore[union-attr]
        assert attempt.answer == "Bandwidth" and attempt.duration_ms == 181_000
