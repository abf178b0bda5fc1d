"""The quiz app: loads the domain in a worker, then opens the home screen's modes on demand."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from quiz.practice import clock
from quiz.practice.glance import Glance, Where, current_glance, fresh_glance, recall_glance
from quiz.printable import printable
from quiz.tui.config_names import keys_problem, theme_problem
from quiz.tui.context import Context, Options, load
from quiz.tui.destinations import DESTINATIONS, INSTRUCTOR_NOTE, INSTRUCTOR_SCREENS
from quiz.tui.screens.base import one_line
from quiz.tui.screens.home import GlanceComputed, HomeScreen
from quiz.tui.served import offer_alternatives, served

if TYPE_CHECKING:
    from quiz.practice.engine import Practice


@dataclass(frozen=True, slots=True)
class ContextLoaded:
    context: Context
    keys_problem: str | None  # [keys] entries of the config file that name no binding


class QuizApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses work anywhere
    TITLE = "quiz"
    SUB_TITLE = "interview practice for AI/ML engineers"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        # Not a priority: typed into an answer, ? is a question mark.
        Binding("f1,question_mark", "help", "Help: this screen's keys", id="help", show=False),
    ]

    def __init__(
        self,
        options: Options | None = None,
        now: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.options = options or Options()
        if served():  # in a browser tab (quiz serve): ctrl+q gets an alternative, in the footer
            offer_alternatives(self, self.options.keys)  # from the first frame
        self.now = now or clock.now
        self.monotonic = monotonic  # the interview's timers read this (tests pass their own)
        self.pending_open: str | None = None  # a screen asked for while loading
        self.context: Context | None = None
        self.load_error: str | None = None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast, always as plain text: its message quotes bank keys, config values and
        profile names, so it is never parsed as markup (whatever a caller asks)."""
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def glance_where(self) -> Where:
        """What the home screen's saved figures depend on, for this start."""
        o = self.options
        interview = o.interview_date.isoformat() if o.interview_date else None
        pins = (o.daily_new_limit, o.desired_retention, interview)
        return Where(o.db, o.profile, o.banks, pins)

    def progress_changed(self) -> None:
        """The learner's progress changed (an answer, a rating, an undo...): save the home
        screen's figures again, in the background, so the next start shows them at once."""
        if self.context is not None and self.context.engine is not None:
            self.save_glance(self.context.engine)

    @work(thread=True, exclusive=True, group="glance", exit_on_error=False)
    def save_glance(self, practice: Practice) -> None:
        current_glance(practice, self.glance_where())

    @cached_property
    def first_glance(self) -> Glance | None:
        """The home screen's figures saved last time, if still true (looked for once)."""
        return recall_glance(self.glance_where(), self.now())

    def watch_app_focus(self, focus: bool) -> None:
        """Focus is back (Textual's web driver starts the app blurred, under quiz serve): the
        footer, which ignored the keys announced meanwhile, shows them now."""
        if focus:
            self.screen.refresh_bindings()

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen()

    def on_mount(self) -> None:
        if self.options.theme in self.available_themes:
            self.theme = self.options.theme
        if self.options.keys:
            self.set_keymap(dict(self.options.keys))
        for warning in self.options.warnings:
            self.notify(warning, title="config file", severity="warning", timeout=15)
        self.call_after_refresh(self.start_loading)  # draw first, then import the domain

    loading = False  # the domain's load was started

    def start_loading(self) -> None:
        """Start loading the bank and the database, once: after the first frame, or sooner
        when a screen is opened before it (a callback after the home screen's refresh waits
        while another screen covers it)."""
        if not self.loading:
            self.loading = True
            self.load_context()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_context(self) -> ContextLoaded:
        if self.first_glance is None:  # nothing saved is still true: read the figures first
            glance = fresh_glance(self.glance_where(), self.now())
            if glance is not None:
                self.call_from_thread(self._glance_read, glance)
        return self.load_domain()

    def _glance_read(self, glance: Glance) -> None:
        """Figures read straight from the database (an answer was given elsewhere since the
        saved ones): shown on the home screen until the full computation replaces them."""
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.post_message(GlanceComputed(glance, full=False))

    def load_domain(self) -> ContextLoaded:
        """Import and open the domain (in the loading worker's thread)."""
        context = load(self.options, self.now)
        return ContextLoaded(context, keys_problem(self.options.keys))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "load":
            return
        if event.state is WorkerState.SUCCESS and isinstance(worker.result, ContextLoaded):
            self._context_ready(worker.result.context, worker.result.keys_problem)
        elif event.state is WorkerState.ERROR and worker.error is not None:
            self._context_failed(one_line(worker.error))

    def _context_ready(self, context: Context, keys_problem: str | None) -> None:
        self.context = context
        engine = context.engine  # None for an instructor: no profile, so no theme of theirs
        if engine is not None:
            wrong_theme = theme_problem(engine.theme, self.available_themes)
            if wrong_theme is None:
                self.theme = engine.theme
            elif "theme" in engine.pinned:
                self.notify(wrong_theme, title="config file", severity="warning", timeout=15)
        if keys_problem is not None:
            self.notify(keys_problem, title="config file", severity="warning", timeout=15)
        if engine is not None and engine.not_shared is not None:
            self.notify(engine.not_shared, title="cohort", severity="warning", timeout=20)
        errors = [f for f in context.bank.findings if f.severity == "error"]
        if errors:
            self.notify(
                f"{len(errors)} bank error(s), the first: {errors[0]}. Their items are left out"
                " (the Bank screen lists them all).",
                severity="warning",
                timeout=12,
            )
        self.refresh_screens()
        start, self.options = self.options.start, replace(self.options, start=None)
        wanted, self.pending_open = self.pending_open or start, None
        if wanted is not None:
            self.action_open(wanted)

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
        instructor = self.context is not None and self.context.engine is None
        for place in DESTINATIONS.values():
            if instructor and place.name not in INSTRUCTOR_SCREENS:
                continue  # it would only say why it cannot open
            yield SystemCommand(place.title, place.summary, partial(self.action_open, place.name))
        yield SystemCommand("Home", "Back to the home screen", partial(self.action_open, "home"))

    def action_help(self) -> None:
        """The current screen's keys, as remapped (a screen of their own, closed by any key)."""
        from quiz.tui.screens.help import HelpScreen, key_rows

        screen = self.screen
        if not isinstance(screen, HelpScreen):
            self.push_screen(HelpScreen(str(screen.title or self.title), key_rows(self, screen)))

    def action_open(self, name: str) -> None:
        """Open a mode or screen by name (from keys, the home screen and the palette)."""
        if name == "home":
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        if self.load_error:
            self.notify(self.load_error, title="cannot start", severity="error")
            return
        place = DESTINATIONS.get(name)
        if place is None:
            self.notify(f"no screen called {name!r}", severity="error")
            return
        if self.context is None and place.early:  # the answer box takes what is typed now,
            self.start_loading()  # not the home screen's keys
            self.push_screen(place.open(self.options))
            return
        if self.context is None:  # carried out as soon as the bank and the database are loaded
            self.pending_open = name
            self.notify(f"Opening {name} as soon as the bank and your progress are loaded...")
            return
        if self.context.engine is None and name not in INSTRUCTOR_SCREENS:
            self.notify(INSTRUCTOR_NOTE, title="instructor", severity="warning")
            return
        self.push_screen(place.open(self.options))
