"""Undo for suspend and bury (issue 33), through the pilot: after ctrl+t or ctrl+g the asking
screen says what was held and offers `u` to take it back (the item returns to the screen with
the text typed for it, as undo does for an answer) and `n` to go on to the next item."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen
from textual.widgets import TextArea

from tests.tui_support import GOOD_Q1, SIZE, make_app, practising, text_of, until


def _phase(screen: Screen[object]) -> str:
    return str(getattr(screen, "phase", ""))


def _item(screen: Screen[object]) -> str:
    entry = getattr(screen, "entry", None)
    return str(getattr(entry, "item_id", ""))


async def test_u_takes_a_suspension_back_with_the_typed_text(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        first = _item(screen)
        await pilot.press(*"half an answer", "ctrl+t", "ctrl+t")  # asked, confirmed
        await until(pilot, lambda: _phase(screen) == "held")
        practice = app.context.practice  # type: ignore[union-attr]
        assert practice.held_items() == {first}
        assert f"Suspended {first}" in text_of(app, "#prompt")
        assert first not in text_of(app, "#meta")  # no longer the item asked
        await pilot.press("u")
        await until(pilot, lambda: _phase(screen) == "answering")
        assert _item(screen) == first and first in text_of(app, "#meta")
        assert screen.query_one("#answer", TextArea).text == "half an answer"
        assert practice.held_items() == set()
        await pilot.press(*" more")  # the box is live again
        assert screen.query_one("#answer", TextArea).text == "half an answer more"


async def test_u_takes_a_burial_back_and_n_goes_on(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        first = _item(screen)
        await pilot.press("ctrl+g")  # nothing typed: at once
        await until(pilot, lambda: _phase(screen) == "held")
        assert f"Buried until tomorrow: {first}" in text_of(app, "#prompt")
        await pilot.press("u")
        await until(pilot, lambda: _phase(screen) == "answering")
        assert _item(screen) == first
        practice = app.context.practice  # type: ignore[union-attr]
        assert practice.held_items() == set()
        await pilot.press("ctrl+g")
        await until(pilot, lambda: _phase(screen) == "held")
        await pilot.press("n")  # kept buried: the next item
        await until(pilot, lambda: _phase(screen) == "answering" and _item(screen) != first)
        assert practice.held_items() == {first}
        assert screen.query_one("#answer", TextArea).text == ""


async def test_a_suspension_after_the_verdict_taken_back_shows_the_verdict_again(
    tmp_path: Path,
) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        first = _item(screen)
        await pilot.press(*GOOD_Q1, "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        await pilot.press("ctrl+t")
        await until(pilot, lambda: _phase(screen) == "held")
        await pilot.press("u")
        await until(pilot, lambda: _phase(screen) == "graded")
        assert _item(screen) == first and "Rating:" in text_of(app, "#feedback")
        practice = app.context.practice  # type: ignore[union-attr]
        assert practice.held_items() == set()
        assert [a.item_id for a in practice.history()] == [first]  # the answer stands
