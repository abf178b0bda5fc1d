"""An item's history (after feedback, `h`, and in the Bank screen's detail), the Held screen
with its unsuspend and unbury keys, and cram narrowed by `quiz cram --topic/--weakest`, driven
through the pilot (issue 33)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, TextArea

from quiz.tui.app import QuizApp
from tests.tui_support import GOOD_Q1, NOW, SIZE, loaded, make_app, practising, text_of, until

HOSTILE = "Bandwidth [b]is[/b] a rate [@click=app.quit]quit[/]."


def _screen(app: QuizApp) -> str:
    return type(app.screen).__name__


async def _opened(pilot: Pilot[None], name: str, part: str) -> None:
    """Until the screen of that class is on top with its part composed."""
    app = pilot.app
    await until(pilot, lambda: type(app.screen).__name__ == name and bool(app.screen.query(part)))


async def test_h_after_feedback_shows_the_items_history(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        app.context.practice.submit("ch44.q1", "Bandwidth is how much memory it has.")  # type: ignore[union-attr]
        screen.query_one("#answer", TextArea).text = HOSTILE
        await pilot.press("h")  # typing: an h is the answer's, not the history's
        assert screen.query_one("#answer", TextArea).text == "h" + HOSTILE
        assert app.screen is screen
        screen.query_one("#answer", TextArea).text = HOSTILE
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        await pilot.press("h")
        await _opened(pilot, "HistoryScreen", "#history-body")
        await until(pilot, lambda: "newest first" in text_of(app, "#history-body"))
        body = text_of(app, "#history-body")
        assert "2 answer(s), newest first" in body
        assert HOSTILE in body  # as typed: markup shown as text, never run
        assert "2026-11-26 09:00 UTC  practice  score" in body and "rated again" in body
        assert "missed: Explains its role in processing tokens." in body
        assert "ch44.q1" in text_of(app, "#history-item")
        assert not any(
            "@click" in str(app.screen.get_style_at(x, y).meta)
            for x in range(100)
            for y in range(30)
        )
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert screen.phase == "graded"  # type: ignore[attr-defined]


async def test_the_bank_screen_shows_an_items_answers(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        app.context.practice.submit("ch44.q1", GOOD_Q1)  # type: ignore[union-attr]
        await pilot.press("b")
        await until(pilot, lambda: "Your answers" in text_of(app, "#item-history"))
        shown = text_of(app, "#item-history")
        assert "1 answer(s), newest first" in shown and GOOD_Q1 in shown
        await pilot.press("down")  # ch44.q1.f1: never answered
        await until(pilot, lambda: "No answers yet." in text_of(app, "#item-history"))


async def test_the_held_screen_lists_and_lets_items_back_in(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        practice = app.context.practice  # type: ignore[union-attr]
        practice.suspend("ch44.q2")
        practice.bury("ch44.q1")
        await pilot.press("h")
        await _opened(pilot, "HeldScreen", "#held-items")
        table = app.screen.query_one("#held-items", DataTable)
        await until(pilot, lambda: table.row_count == 2)
        assert "2 held." in text_of(app, "#held-summary")
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[:3] == ["ch44.q1", "buried", "in 15 h (2026-11-27 00:00 UTC)"]
        assert [str(cell) for cell in table.get_row_at(1)][:3] == ["ch44.q2", "suspended", "-"]
        await pilot.press("u")  # ch44.q1 is buried, not suspended: nothing changes
        await pilot.press("b")
        await until(pilot, lambda: table.row_count == 1)
        assert practice.held_items() == {"ch44.q2"}
        await pilot.press("u")
        await until(pilot, lambda: table.row_count == 0)
        assert practice.held_items() == set()
        assert "Nothing is suspended or buried" in text_of(app, "#held-summary")
        await pilot.press("escape")
        await until(pilot, lambda: _screen(app) == "HomeScreen")


async def test_cram_from_the_command_line_keeps_to_its_topic(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="cram", cram_topic="mbu")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: getattr(app.screen, "phase", "") == "answering")
        screen = app.screen
        assert screen.entry.topic == "mbu"  # type: ignore[attr-defined]
        assert {q.topic for q in app.context.practice.queue("cram", 100)} == {"mbu"}  # type: ignore[union-attr]
        assert app.context.practice.now() == NOW  # type: ignore[union-attr]


async def test_cram_of_the_weakest_before_any_answer_says_why_it_is_empty(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="cram", cram_weakest=3)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: getattr(app.screen, "phase", "") == "empty")
        said = text_of(app, "#prompt")
        assert said.startswith("Nothing to cram (your 3 weakest):")
        assert "answer some in practice or review first" in said
