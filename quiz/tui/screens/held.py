"""Held items: the suspended and buried ones (no mode asks them), with when a buried one comes
back; `u` unsuspends and `b` unburies the highlighted one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Static

from quiz.practice.render import when
from quiz.tui.screens.base import QuizScreen, job
from quiz.tui.shown import shown_name
from quiz.tui.widgets.footer import QuizFooter
from quiz.tui.widgets.header import QuizHeader

if TYPE_CHECKING:
    from quiz.practice.held import HeldItem

EMPTY = "Nothing is suspended or buried: every item can be asked."
HINT = "ctrl+t suspends and ctrl+g buries the item being asked; u unsuspends, b unburies here."


class HeldLoaded(Message):
    def __init__(self, items: list[HeldItem], said: str | None = None, changed: bool = False):
        super().__init__()
        self.items, self.said, self.changed = items, said, changed


class HeldScreen(QuizScreen):
    TITLE = "Held items"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="held-back"),
        Binding("u", "unsuspend", "Unsuspend", id="held-unsuspend"),
        Binding("b", "unbury", "Unbury", id="held-unbury"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[HeldItem] = []

    def compose(self) -> ComposeResult:
        yield QuizHeader()
        with Vertical(id="held"):
            yield Static("Loading...", id="held-summary")
            yield DataTable(id="held-items", cursor_type="row", zebra_stripes=True)
        yield QuizFooter()

    def on_mount(self) -> None:
        table = self.query_one("#held-items", DataTable)
        table.add_columns("id", "held", "back", "title")
        table.focus()
        if self.quiz.context is not None:
            self.load()

    def context_changed(self) -> None:
        self.load()

    @job("held")
    def load(self, said: str | None = None) -> HeldLoaded:
        from quiz.practice.held import held

        return HeldLoaded(held(self.practice), said)

    def on_held_loaded(self, message: HeldLoaded) -> None:
        self.items = message.items
        table = self.query_one("#held-items", DataTable)
        table.clear()
        now = self.practice.now()
        for item in self.items:
            states = ["suspended"] if item.suspended else []
            back = "-"
            if item.buried_until is not None:
                states.append("buried")
                back = f"{when(item.buried_until, now)} ({item.buried_until:%Y-%m-%d %H:%M} UTC)"
            cells = (shown_name(item.item_id), ", ".join(states), back, shown_name(item.title))
            table.add_row(*cells, key=item.item_id)
        summary = Text(f"{len(self.items)} held. " if self.items else EMPTY + " ", style="bold")
        summary.append(HINT, style="dim")
        self.query_one("#held-summary", Static).update(summary)
        if message.said is not None:
            self.notify(message.said)
        if message.changed:
            self.quiz.progress_changed()  # the home figures: one more item can be asked

    def _highlighted(self) -> HeldItem | None:
        table = self.query_one("#held-items", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return next((item for item in self.items if item.item_id == key), None)

    def action_unsuspend(self) -> None:
        item = self._highlighted()
        if item is not None:
            self.let_back(item.item_id, suspended=True)

    def action_unbury(self) -> None:
        item = self._highlighted()
        if item is not None:
            self.let_back(item.item_id, suspended=False)

    @job("held")
    def let_back(self, item_id: str, suspended: bool) -> HeldLoaded:
        from quiz.practice.held import held, unbury, unsuspend

        done = (unsuspend if suspended else unbury)(self.practice, item_id)
        state = "suspended" if suspended else "buried"
        said = f"{item_id} can be asked again" if done else f"{item_id} was not {state}"
        return HeldLoaded(held(self.practice), said, changed=done)
