"""SVG snapshots of every screen at a fixed size and clock (pytest-textual-snapshot).

Update after an intended change with: pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import TextArea

from tests.tui_support import GOOD_Q1, SIZE, loaded, make_app, report_shown, text_of, until


async def _home(pilot: Pilot[None]) -> None:
    app = await loaded(pilot)
    await until(pilot, lambda: "due now" in text_of(app, "#summary"))


EASY_Q1 = (
    "GPU memory bandwidth is the rate at which data is read from or written to GPU memory. "
    "Each token reads all the weights, so bandwidth decides how quickly tokens are processed; "
    "higher bandwidth lowers latency and improves efficiency. At batch size 1 decoding is "
    "bandwidth-bound: the bottleneck."
)
STILL = 1000.0  # the snapshots' monotonic clock never moves


def _snapshot(
    snap_compare: Any,
    tmp_path: Path,
    before: Any,
    size: tuple[int, int] = SIZE,
    **options: Any,
) -> None:
    app = make_app(tmp_path, monotonic=lambda: STILL, **options)  # timers show fixed times
    assert snap_compare(app, terminal_size=size, run_before=before)


async def _phase(pilot: Pilot[None], phase: str) -> None:
    await until(pilot, lambda: getattr(pilot.app.screen, "phase", "") == phase)
    for widget in pilot.app.screen.query("TextArea, Input"):
        widget.cursor_blink = False  # type: ignore[attr-defined]  # a blinking cursor is timing
    await _settled(pilot)


async def _settled(pilot: Pilot[None]) -> None:
    """Wait until the app is quiet: its workers done, its animations run, its messages handled,
    and the scroll position the same on two looks in a row (feedback scrolls into view)."""
    scrollers = list(pilot.app.screen.query("VerticalScroll"))
    last = None
    while True:
        await pilot.app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        now = [s.scroll_y for s in scrollers]
        if now == last:
            return
        last = now


def test_home(snap_compare: Any, tmp_path: Path) -> None:
    _snapshot(snap_compare, tmp_path, _home)


def test_home_in_a_classic_80_by_24_terminal(snap_compare: Any, tmp_path: Path) -> None:
    _snapshot(snap_compare, tmp_path, _home, size=(80, 24))


def test_practice_question(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await _home(pilot)
        await pilot.press("p")
        await _phase(pilot, "answering")
        await pilot.press(*"Bandwidth is the rate of data transfer.")

    _snapshot(snap_compare, tmp_path, before)


def test_practice_feedback(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await _home(pilot)
        await pilot.press("p")
        await _phase(pilot, "answering")
        pilot.app.screen.query_one("#answer", TextArea).text = (
            GOOD_Q1 + " It is not the amount of memory."
        )
        await pilot.press("ctrl+s")
        await _phase(pilot, "graded")

    _snapshot(snap_compare, tmp_path, before)


def test_practice_feedback_with_a_hint_in_a_classic_80_by_24_terminal(
    snap_compare: Any, tmp_path: Path
) -> None:
    """The footer fits (issue 33: it was cut at '^g Bur'); the hint's cap is said."""

    async def before(pilot: Pilot[None]) -> None:
        await _home(pilot)
        await pilot.press("p")
        await _phase(pilot, "answering")
        await pilot.press("ctrl+o")
        pilot.app.screen.query_one("#answer", TextArea).text = EASY_Q1  # easy, capped at hard
        await pilot.press("ctrl+s")
        await _phase(pilot, "graded")

    _snapshot(snap_compare, tmp_path, before, size=(80, 24))


def test_help_on_the_practice_screen(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await _home(pilot)
        await pilot.press("p")
        await _phase(pilot, "answering")
        await pilot.press("f1")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "HelpScreen")
        await _settled(pilot)

    _snapshot(snap_compare, tmp_path, before, size=(80, 24))


def test_drill_question(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        app = await loaded(pilot)
        assert app.context is not None
        app.context.practice.fresh_seed = itertools.count(3).__next__
        await pilot.press("d")
        await _phase(pilot, "answering")
        await pilot.press(*"2.67%")
        await _settled(pilot)

    _snapshot(snap_compare, tmp_path, before)


def test_interview(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press("i")
        await _phase(pilot, "answering")
        screen: Any = pilot.app.screen
        screen.timer.pause()
        screen.deadline = STILL + 60.5
        screen._tick()
        await until(pilot, lambda: "1:00 left" in str(screen.query_one("#clock").content))
        await _settled(pilot)

    _snapshot(snap_compare, tmp_path, before, questions=2, minutes=1)


def test_interview_report(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        app = await loaded(pilot)
        await pilot.press("i")
        await _phase(pilot, "answering")
        screen: Any = app.screen
        screen.timer.pause()
        screen.started = STILL - 42  # every answer took 42 s
        await pilot.press(*"Bandwidth is the rate of data transfer.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.index == 1 and screen.phase == "answering")
        await pilot.press("escape")  # end early: the rest is reported as not reached
        await report_shown(pilot)
        await until(pilot, lambda: "Total:" in text_of(app, "#report-body"))
        await _settled(pilot)

    _snapshot(snap_compare, tmp_path, before, questions=2, minutes=1)


def test_stats(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        app = await loaded(pilot)
        assert app.context is not None
        practice = app.context.practice
        practice.submit("ch44.q1", GOOD_Q1)
        practice.submit("ch44.q2", "Bandwidth is the amount of memory.")
        practice.submit("memory.weights", "13.48 GB", seed=0)
        await pilot.press("s")
        await until(pilot, lambda: "ch44.q2" in text_of(app, "#missed"))
        await _settled(pilot)

    _snapshot(snap_compare, tmp_path, before)


async def _bank(pilot: Pilot[None]) -> None:
    app = await loaded(pilot)
    await pilot.press("b")
    await until(pilot, lambda: "Lint findings" in text_of(app, "#findings"), 30)
    await _settled(pilot)


def test_bank(snap_compare: Any, tmp_path: Path) -> None:
    _snapshot(snap_compare, tmp_path, _bank)


def test_bank_in_a_classic_80_by_24_terminal(snap_compare: Any, tmp_path: Path) -> None:
    """Each item's id and title in view (kind and topic are in the detail beside)."""
    _snapshot(snap_compare, tmp_path, _bank, size=(80, 24))


def test_settings(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press("comma")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "SettingsScreen")
        await _settled(pilot)

    _snapshot(snap_compare, tmp_path, before)


def test_cohort(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        app = await loaded(pilot)
        assert app.context is not None
        practice = app.context.practice
        practice.submit("ch44.q1", GOOD_Q1)
        practice.submit("ch44.q2", "Bandwidth is the amount of memory.")
        await pilot.press("k")
        await until(pilot, lambda: "ch44.q2" in text_of(app, "#struggling"))
        await _settled(pilot)

    _snapshot(snap_compare, tmp_path, before)


def test_item_history(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        from quiz.tui.screens.history import HistoryScreen

        app = await loaded(pilot)
        assert app.context is not None
        app.context.practice.submit("ch44.q1", "Bandwidth is how much memory the GPU has.")
        app.context.practice.submit("ch44.q1", GOOD_Q1, rating=3)
        app.push_screen(HistoryScreen("ch44.q1"))  # as h after feedback opens it
        await until(pilot, lambda: bool(app.screen.query("#history-body")))
        await until(pilot, lambda: "newest first" in text_of(app, "#history-body"))
        await _settled(pilot)

    _snapshot(snap_compare, tmp_path, before)


def test_held(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[None]) -> None:
        app = await loaded(pilot)
        assert app.context is not None
        app.context.practice.suspend("ch44.q2")
        app.context.practice.bury("ch44.q1")
        await pilot.press("h")
        await until(pilot, lambda: bool(app.screen.query("#held-summary")))
        await until(pilot, lambda: "2 held." in text_of(app, "#held-summary"))
        await _settled(pilot)

    _snapshot(snap_compare, tmp_path, before)
