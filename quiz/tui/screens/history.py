"""An item's answer history: the learner's past answers with scores, ratings and missed points.
Opened with `h` after feedback on the asking screens; the Bank screen's detail shows the same."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from quiz.tui.screens.base import QuizScreen, job
from quiz.tui.shown import shown, shown_name
from quiz.tui.widgets.footer import QuizFooter
from quiz.tui.widgets.header import QuizHeader

if TYPE_CHECKING:
    from quiz.practice.history import PastAnswer
    from quiz.practice.queue import QueueEntry


def history_body(answers: list[PastAnswer], limit: int | None = None) -> Text:
    """The answers, newest first, as text (every answer and criterion shown as text, never
    markup); with `limit`, only the newest that many and a count of the rest."""
    from quiz.practice.history import verdict

    if not answers:
        return Text("No answers yet.", style="dim")
    text = Text(f"{len(answers)} answer(s), newest first\n", style="dim")
    for past in answers[:limit]:
        text.append(f"\n{past.at:%Y-%m-%d %H:%M} UTC  {past.mode}  ", style="bold")
        text.append(verdict(past) + "\n", style="bold")
        for point, criterion in past.missed:
            text.append("  missed: ", style="yellow")
            text.append(shown_name(criterion or point))
            text.append("\n")
        for point, criterion in past.claimed:  # the learner's word, apart from the missed
            text.append("  claimed: ", style="cyan")
            text.append(shown_name(criterion or point))
            text.append("\n")
        text.append(shown(past.answer.strip() + "\n", style="italic"))
    if limit is not None and len(answers) > limit:
        text.append(f"\n... and {len(answers) - limit} older", style="dim")
    return text


class HistoryLoaded(Message):
    def __init__(self, answers: list[PastAnswer]) -> None:
        super().__init__()
        self.answers = answers


class HistoryScreen(QuizScreen):
    """One item's past answers; escape goes back to where it was opened."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="history-back"),
    ]

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.title = "History"

    def compose(self) -> ComposeResult:
        yield QuizHeader()
        with VerticalScroll(id="history"):
            yield Static(shown_name(self.item_id, style="bold reverse"), id="history-item")
            yield Static("Loading...", id="history-body")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.load()

    @job("history")
    def load(self) -> HistoryLoaded:
        from quiz.practice.history import item_history

        return HistoryLoaded(item_history(self.practice, self.item_id))

    def on_history_loaded(self, message: HistoryLoaded) -> None:
        entry = self.practice.entries.get(self.item_id)
        head = shown_name(f" {self.item_id} ", style="bold reverse")
        if entry is not None:
            head.append_text(shown_name(f"  {entry.title}"))
        self.query_one("#history-item", Static).update(head)
        self.query_one("#history-body", Static).update(history_body(message.answers))


class HistoryKey(QuizScreen):
    """The `history` action of an asking screen (bound to `h` there, in the phases it
    chooses): the history of the item on screen."""

    entry: QueueEntry | None = None

    def action_history(self) -> None:
        if self.entry is not None:
            self.app.push_screen(HistoryScreen(self.entry.item_id))
