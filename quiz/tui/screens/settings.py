"""Settings of the profile: theme, desired retention, daily new limit, interview date (saved in
the database)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from quiz.tui.screens.base import QuizScreen, job, one_line
from quiz.tui.shown import shown
from quiz.tui.widgets.footer import QuizFooter
from quiz.tui.widgets.header import QuizHeader


class Saved(Message):
    pass


def _interview(text: str) -> object:
    return date.fromisoformat(text) if text else None


# Each typed setting: what it is called, what it should look like, how it is read.
_READ: dict[str, tuple[str, str, Callable[[str], object]]] = {
    "retention": ("Desired retention", "a number such as 0.90", float),
    "limit": ("New items per day", "a whole number such as 10", int),
    "interview": ("The interview date", "a date such as 2027-01-20, or empty", _interview),
}


class SettingsScreen(QuizScreen):
    TITLE = "Settings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="settings-back"),
        Binding("ctrl+s", "save", "Save", id="settings-save", priority=True),
    ]

    def compose(self) -> ComposeResult:
        practice = self.practice
        themes = sorted(self.app.available_themes)
        yield QuizHeader()
        with Vertical(id="settings"):
            yield Label("Theme")
            yield Select(
                [(name, name) for name in themes],
                value=self.app.theme,
                id="theme",
                allow_blank=False,
            )
            yield Label("Desired retention (0.70-0.99)")
            yield Input(f"{practice.settings.desired_retention:.2f}", id="retention")
            yield Label("New items per day")
            yield Input(str(practice.daily_new_limit), id="limit", type="integer")
            yield Label("Interview date (YYYY-MM-DD; empty: none)")
            shown = practice.interview_date.isoformat() if practice.interview_date else ""
            yield Input(shown, id="interview", placeholder="2027-01-20")
            yield Button("Save", id="save", variant="primary")
            yield Static("", id="settings-message")
            if practice.pinned:
                names = ", ".join(sorted(n.replace("_", " ") for n in practice.pinned))
                yield Static(
                    f"Pinned by your config file or environment ('quiz config' shows which): "
                    f"{names}. A change saved here is kept in your profile; the pinned value "
                    "is used again at the next start.",
                    id="settings-pinned",
                )
        yield QuizFooter()

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value  # preview at once

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def action_save(self) -> None:
        message = self.query_one("#settings-message", Static)
        values: dict[str, Any] = {}
        problems = []
        for name, (what, like, read) in _READ.items():
            typed = self.query_one(f"#{name}", Input).value.strip()
            try:
                values[name] = read(typed)
            except ValueError:
                problems.append(f"{what} must be {like}, not {typed!r}.")
        if problems:
            message.update(shown(" ".join(problems)))  # quotes what was typed
            return
        theme = self.query_one("#theme", Select).value
        self.save(values["retention"], values["limit"], str(theme), values["interview"])

    @job("settings")
    def save(self, retention: float, limit: int, theme: str, interview: date | None) -> Saved:
        practice = self.practice
        if interview is None and practice.interview_date is not None:
            practice.clear_interview()
        practice.update_settings(
            desired_retention=retention,
            daily_new_limit=limit,
            theme=theme,
            interview_date=interview if interview != practice.interview_date else None,
        )
        return Saved()

    def on_saved(self, message: Saved) -> None:
        self.query_one("#settings-message", Static).update("Saved.")
        self.notify("Settings saved")

    def job_failed(self, group: str, error: BaseException) -> None:
        self.query_one("#settings-message", Static).update(shown(f"Not saved: {one_line(error)}"))
