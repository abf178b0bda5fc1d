"""The Textual app while it loads and right after: the first frame, keys typed meanwhile, the
footer's redraws and failing background jobs."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from quiz.cli import main
from quiz.tui.app import ContextLoaded, QuizApp
from quiz.tui.context import Options
from quiz.tui.widgets.footer import QuizFooter
from tests.tui_support import (
    GOOD_Q1,
    NOW,
    SIZE,
    hold_the_load,
    loaded,
    make_app,
    practising,
    text_of,
    text_of_footer,
    until,
)


async def test_a_graded_answer_rebuilds_the_footer_once_with_its_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Grading changes the keys once; the focus moves that follow announce the same keys again,
    which must not rebuild (and restyle) the footer each time."""
    rebuilds: list[str] = []
    original = QuizFooter.compose

    def counted(self: QuizFooter) -> Any:
        rebuilds.append(getattr(self.screen, "phase", ""))
        return original(self)

    monkeypatch.setattr(QuizFooter, "compose", counted)
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        await until(pilot, lambda: "Submit" in text_of_footer(app))
        await pilot.pause()
        before = len(rebuilds)
        screen.query_one("#answer", TextArea).text = GOOD_Q1
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Next" in text_of_footer(app))
        await pilot.pause()
        await pilot.pause()
        assert rebuilds[before:] == ["graded"]
        assert "Submit" not in text_of_footer(app) and "Again" in text_of_footer(app)


async def test_a_failing_job_is_shown_on_screen_and_the_app_carries_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quiz.practice.engine import Practice
    from quiz.tui.screens.ask import AskScreen

    def broken(self: Practice, mode: str = "practice") -> None:
        raise RuntimeError("the disk went away\nsecond line never shown")

    monkeypatch.setattr(Practice, "next_item", broken)
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("p")
        await until(
            pilot, lambda: isinstance(app.screen, AskScreen) and app.screen.phase == "empty"
        )
        assert [n.message for n in app._notifications][-1] == "the disk went away"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, AskScreen))
        assert app.is_running


async def test_a_screen_key_pressed_while_loading_opens_the_screen_once_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A screen that shows what is loaded (stats) opens once it is in; the asking modes open
    at once (test_an_answer_typed_right_after_p_while_loading_goes_into_the_answer)."""
    from quiz.tui.screens.stats import StatsScreen

    release = hold_the_load(monkeypatch)
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = pilot.app
        assert isinstance(app, QuizApp)
        await pilot.press("s")  # the instant the home screen is there, before anything loaded
        assert app.context is None and app.pending_open == "stats"
        assert "Opening stats as soon as" in [n.message for n in app._notifications][-1]
        release.set()
        await until(pilot, lambda: isinstance(app.screen, StatsScreen))
        assert app.pending_open is None


class GatedApp(QuizApp):
    """The app with its domain load held until the test opens the gate."""

    def __init__(self, gate: threading.Event, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gate = gate

    def load_domain(self) -> ContextLoaded:
        self.gate.wait()
        return super().load_domain()


async def test_the_first_frame_shows_last_times_figures_and_keys_wait_for_the_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "tui.db")
    monkeypatch.setenv("QUIZ_NOW", NOW.isoformat())
    assert main(["answer", "ch44.q1", "--answer", GOOD_Q1, "--rating", "again", "--db", db]) == 0
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:  # computes and saves them
        app = await loaded(pilot)
        await until(pilot, lambda: "due now" in text_of(app, "#summary"))
        computed = text_of(app, "#summary"), text_of(app, "#weakest")
    assert "1  answered today" in computed[0] and "(1 answer)" in computed[1]
    gate = threading.Event()
    app = GatedApp(gate, Options(db=db), now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        assert app.context is None  # nothing of the domain is loaded yet...
        assert (text_of(app, "#summary"), text_of(app, "#weakest")) == computed  # ...but shown
        await pilot.press("p")  # asked for while loading: opened once loaded
        gate.set()
        await until(pilot, lambda: type(app.screen).__name__ == "AskScreen")
    tomorrow = GatedApp(threading.Event(), Options(db=db), now=lambda: NOW + timedelta(days=1))
    async with tomorrow.run_test(size=SIZE) as pilot:  # the next day: brought forward
        assert "0  answered today" in text_of(tomorrow, "#summary")
        assert "1  day streak" in text_of(tomorrow, "#summary")
        assert "working out today's mastery" in text_of(tomorrow, "#weakest")
        tomorrow.gate.set()
        await until(pilot, lambda: "(1 answer)" in text_of(tomorrow, "#weakest"))


async def test_a_submit_redraws_the_footer_for_the_verdict_only_and_refuses_keys_meanwhile(
    tmp_path: Path,
) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        _, screen = await practising(pilot)
        redraws: list[str] = []
        original = screen.refresh_bindings

        def counted() -> None:
            redraws.append(screen.phase)  # type: ignore[attr-defined]
            original()

        screen.refresh_bindings = counted  # type: ignore[method-assign]
        screen.query_one("#answer", TextArea).insert(GOOD_Q1)
        await pilot.press("ctrl+s")
        assert screen.phase in ("submitting", "loading", "graded")  # type: ignore[attr-defined]
        assert not screen.check_action("submit", ())  # a second ctrl+s is refused meanwhile
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        assert redraws and set(redraws) == {"graded"}  # not for the loading phase in between
        assert screen.check_action("next", ()) and not screen.check_action("submit", ())


async def test_quitting_mid_session_leaves_figures_for_an_instant_next_start(
    tmp_path: Path,
) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        screen.query_one("#answer", TextArea).insert(GOOD_Q1)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()  # the figures saved in the background
    later = GatedApp(threading.Event(), Options(db=str(tmp_path / "tui.db")), now=lambda: NOW)
    async with later.run_test(size=SIZE):  # quit from the question, not the home screen
        assert "1  answered today" in text_of(later, "#summary")
        later.gate.set()


async def test_keys_typed_while_the_first_question_loads_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quiz.practice.engine import Practice
    from quiz.tui.screens.ask import AskScreen

    release = threading.Event()
    real_next = Practice.next_item

    def held_next(self: Practice, mode: str) -> object:
        assert release.wait(30)
        return real_next(self, mode)

    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        monkeypatch.setattr(Practice, "next_item", held_next)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        screen = app.screen
        assert screen.phase == "loading"  # type: ignore[attr-defined]
        await pilot.press(*"Bandwidth")  # the box is there and focused: a quick learner types
        release.set()
        await until(pilot, lambda: getattr(screen, "phase", "") == "answering")
        area = screen.query_one("#answer", TextArea)
        assert area.text == "Bandwidth"
        first = screen.entry.item_id  # type: ignore[attr-defined]
        await pilot.press("ctrl+t", "ctrl+t")  # suspended half-way (asked, confirmed): the
        # next question starts empty
        await until(pilot, lambda: screen.phase == "held")  # type: ignore[attr-defined]
        await pilot.press("n")
        await until(pilot, lambda: screen.entry.item_id != first)  # type: ignore[attr-defined]
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        assert area.text == ""


async def test_after_an_answer_given_elsewhere_the_home_reads_its_figures_before_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:  # creates and syncs the database
        app = await loaded(pilot)
        await until(pilot, lambda: "due now" in text_of(app, "#summary"))
    with monkeypatch.context() as patch:  # an answer from the command line: the saved figures
        patch.setenv("QUIZ_NOW", NOW.isoformat())  # are no longer true
        assert (
            main(["answer", "ch44.q1", "--answer", "no idea", "--db", str(tmp_path / "tui.db")])
            == 0
        )
    release = hold_the_load(monkeypatch)
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        held = pilot.app
        assert isinstance(held, QuizApp)
        await until(pilot, lambda: "due now" in text_of(held, "#summary"))
        assert held.context is None  # read straight from the database, before the domain loaded
        assert "1  answered today" in text_of(held, "#summary")
        assert "working out" in text_of(held, "#weakest")  # mastery waits for the full load
        release.set()
        await until(pilot, lambda: held.context is not None)
        await until(pilot, lambda: "working out" not in text_of(held, "#weakest"))
        assert "1  answered today" in text_of(held, "#summary")


@pytest.mark.parametrize("mode", ["p", "d"])
async def test_an_answer_typed_right_after_p_while_loading_goes_into_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """`p` (or `d`) pressed while the bank and the database load, then typing at once: the
    letters are the answer's first words. They were the home screen's keys: the 'd' of
    "Bandwidth" opened the drill, the 'b' the bank, and the answer was lost."""
    from quiz.tui.screens.ask import AskScreen

    release = hold_the_load(monkeypatch)
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = pilot.app
        assert isinstance(app, QuizApp)
        typed = "Bandwidth is the rate" if mode == "p" else "3 GB"
        await pilot.press(mode, *typed)
        assert app.context is None  # still loading: the keys were typed before it was in
        release.set()
        screen = app.screen
        assert (
            isinstance(screen, AskScreen) and screen.mode == {"p": "practice", "d": "drill"}[mode]
        )
        await until(pilot, lambda: screen.phase == "answering")
        if mode == "p":
            assert screen.query_one("#answer", TextArea).text == typed
        else:  # a numeric problem: what was typed moves into its number box
            assert screen.query_one("#number", Input).value == typed
        assert len(app.screen_stack) == 2  # home, then this screen: no other screen opened


async def test_an_instructor_who_presses_p_while_loading_is_told_and_sent_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quiz.tui.context import Context

    release = hold_the_load(monkeypatch)
    real_ready = QuizApp._context_ready

    def as_instructor(self: QuizApp, context: Context, keys: str | None) -> None:
        real_ready(self, Context(context.bank, None, context.store), keys)

    monkeypatch.setattr(QuizApp, "_context_ready", as_instructor)
    toasts: list[str] = []

    def hook(message: object) -> None:
        from textual.notifications import Notify

        if isinstance(message, Notify):
            toasts.append(message.notification.message)

    async with make_app(tmp_path).run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("p")
        release.set()
        app = pilot.app
        await until(pilot, lambda: any("instructor" in toast for toast in toasts))
        await until(pilot, lambda: len(app.screen_stack) == 1)


@pytest.mark.parametrize("loading", [False, True])
async def test_an_answer_typed_in_one_burst_with_p_goes_into_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loading: bool
) -> None:
    """A real terminal hands `p` and the next letters out in one burst, before the practice
    screen has drawn or focused its answer box (tests/test_terminal.py). They were lost."""
    from textual import events

    from quiz.tui.screens.ask import AskScreen

    release = hold_the_load(monkeypatch) if loading else None
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = pilot.app
        assert isinstance(app, QuizApp)
        if release is None:
            await loaded(pilot)
        for key in "pBandwidth":  # queued at once, not one key after another's handling
            app.post_message(events.Key(key, key))
        if release is not None:
            release.set()
        await until(pilot, lambda: getattr(app.screen, "phase", "") == "answering")
        assert isinstance(app.screen, AskScreen)
        assert app.screen.query_one("#answer", TextArea).text == "Bandwidth"
        assert len(app.screen_stack) == 2
