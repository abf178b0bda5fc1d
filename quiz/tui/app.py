"""The quiz app: loads the domain in a worker, then opens the home screen's modes on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from quiz.practice import clock
from quiz.tui.context import Context, Options, load
from quiz.tui.screens.home import HomeScreen

COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Practice", "Due items first, then new ones, follow-ups after their parent", "practice"),
    ("Review", "Only what is due now", "review"),
    ("Cram", "Any item, without changing the schedule", "cram"),
    ("Drill", "Numeric problems: MBU, decode speed, memory, roofline", "drill"),
    ("Interview", "A mock interview: questions, follow-ups, a timer, a report", "interview"),
    ("Stats", "History, forecast, retention and mastery as charts", "stats"),
    ("Bank", "Search and browse the items, lint findings", "bank"),
    ("Settings", "Theme, desired retention, daily new limit", "settings"),
    ("Home", "Back to the home screen", "home"),
)


class QuizApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses work anywhere
    TITLE = "quiz"
    SUB_TITLE = "interview practice for AI/ML engineers"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True)
    ]

    def __init__(
        self, options: Options | None = None, now: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__()
        self.options = options or Options()
        self.now = now or clock.now
        self.context: Context | None = None
        self.load_error: str | None = None

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(self.load_context)  # draw first, then import the domain

    @work(thread=True, exclusive=True, group="load")
    def load_context(self) -> None:
        try:
            context = load(self.options, self.now)
        except Exception as exc:  # any failure is shown, never a traceback
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.call_from_thread(self._context_failed, message)
        else:
            self.call_from_thread(self._context_ready, context)

    def _context_ready(self, context: Context) -> None:
        self.context = context
        if context.practice.theme in self.available_themes:
            self.theme = context.practice.theme
        errors = [f for f in context.bank.findings if f.severity == "error"]
        if errors:
            self.notify(
                f"{len(errors)} bank error(s): their items are left out; see Bank for details",
                severity="warning",
                timeout=8,
            )
        self.refresh_screens()
        start, self.options = self.options.start, replace(self.options, start=None)
        if start is not None:
            self.action_open(start)

    def _context_failed(self, message: str) -> None:
        self.load_error = message
        self.notify(message, title="cannot start", severity="error", timeout=30)
        self.refresh_screens()

    def refresh_screens(self) -> None:
        """Tell every open screen the context changed."""
        for screen in self.screen_stack:
            refresh = getattr(screen, "context_changed", None)
            if refresh is not None:
                refresh()

    def set_context(self, context: Context) -> None:
        self.context = context
        self.refresh_screens()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:  # type: ignore[type-arg]
        yield from super().get_system_commands(screen)
        for title, help_text, name in COMMANDS:
            yield SystemCommand(title, help_text, partial(self.action_open, name))

    def action_open(self, name: str) -> None:
        """Open a mode or screen by name (from keys, the home screen and the palette)."""
        if name == "home":
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        if self.context is None:
            message = self.load_error or "still loading the bank and the database..."
            self.notify(message, severity="error" if self.load_error else "information")
            return
        self.push_screen(self._screen(name))

    def _screen(self, name: str) -> Screen:  # type: ignore[type-arg]
        if name in ("practice", "review", "cram"):
            from quiz.tui.screens.ask import AskScreen

            return AskScreen(name)
        if name == "drill":
            from quiz.tui.screens.drill import DrillScreen

            return DrillScreen()
        if name == "interview":
            from quiz.tui.screens.interview import InterviewScreen

            return InterviewScreen(self.options.questions, self.options.minutes)
        if name == "stats":
            from quiz.tui.screens.stats import StatsScreen

            return StatsScreen()
        if name == "bank":
            from quiz.tui.screens.bank import BankScreen

            return BankScreen()
        if name == "settings":
            from quiz.tui.screens.settings import SettingsScreen

            return SettingsScreen()
        raise ValueError(f"unknown screen {name!r}")
