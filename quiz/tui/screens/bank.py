"""The bank: search and browse items, see lint findings; reloads when a bank file changes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from quiz.bank.findings import Finding
from quiz.tui.context import Context
from quiz.tui.screens.base import QuizScreen, job
from quiz.tui.shown import shown, shown_name
from quiz.tui.widgets.footer import QuizFooter
from quiz.tui.widgets.header import QuizHeader

POLL_SECONDS = 2.0
HISTORY_SHOWN = 5  # the newest answers in an item's detail (its history screen has them all)
STACKED_BELOW = 100  # columns below which the item list sits above the detail, both full width


class FindingsReady(Message):
    def __init__(self, findings: list[Finding]) -> None:
        super().__init__()
        self.findings = findings


class FilesChanged(Message):
    pass


class ItemHistory(Message):
    def __init__(self, item_id: str, body: Text) -> None:
        super().__init__()
        self.item_id, self.body = item_id, body


class Reloaded(Message):
    def __init__(self, context: Context) -> None:
        super().__init__()
        self.context = context


class BankScreen(QuizScreen):
    TITLE = "Bank"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="bank-back"),
        Binding("ctrl+r", "reload", "Reload", id="bank-reload"),
        Binding("ctrl+f", "search", "Search", id="bank-search"),
    ]

    def compose(self) -> ComposeResult:
        yield QuizHeader()
        self.set_class(self.app.size.width < STACKED_BELOW, "stacked")  # before the first frame
        with Horizontal(id="bank"):
            with Vertical(id="bank-left"):
                yield Input(placeholder="Search ids, topics and text", id="search")
                yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="bank-right"):
                yield Static("", id="detail")
                yield Static("", id="item-history")
                yield Static("", id="findings")
        yield QuizFooter()

    def on_mount(self) -> None:
        table = self.query_one("#items", DataTable)
        table.add_columns("id", "title", "kind", "topic")
        self.fill("")
        table.focus()  # arrows browse at once; ctrl+f searches
        self.lint()
        self.set_interval(POLL_SECONDS, self.check_files)  # the check runs in a thread

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < STACKED_BELOW, "stacked")

    def context_changed(self) -> None:
        self.fill(self.query_one("#search", Input).value)
        self.lint()

    def fill(self, query: str) -> None:
        table = self.query_one("#items", DataTable)
        table.clear()
        needle = query.lower().strip()
        for entry in self.context.entries.values():
            haystack = f"{entry.id} {entry.topic} {entry.title}".lower()
            if needle and needle not in haystack:
                continue
            cells = (entry.id, entry.title[:60], entry.kind, entry.topic)
            table.add_row(*(shown_name(cell) for cell in cells), key=entry.id)
        if table.row_count:
            self.show(str(table.coordinate_to_cell_key(Coordinate(0, 0)).row_key.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value is not None:
            self.show(event.row_key.value)

    def show(self, item_id: str) -> None:
        entry = self.context.entries.get(item_id)
        if entry is None:
            return
        text = Text(f"{entry.id}\n", style="bold")
        erratum: str | None = None
        text.append(f"{entry.kind} · {entry.topic} · rev {entry.rev}\n\n", style="dim")
        if entry.item is not None:
            item = entry.item
            text.append(item.prompt + "\n")
            if item.model_answer:
                text.append(f"\n{item.model_answer_title}\n", style="bold")
                text.append(item.model_answer + "\n")
            for point in item.rubric:
                text.append(f"\n• {point.criterion}", style="cyan")
                forms = " | ".join(c.forms[0] for c in point.concepts)
                text.append(f"\n  {forms}", style="dim")
            erratum = item.question.erratum if item.follow_up is None else None
        elif entry.template is not None:
            template = entry.template.template
            text.append(template.title + "\n\n")
            text.append(template.prompt + "\n", style="dim")
            text.append(f"\nanswer: {template.answer.quantity or template.answer.formula}")
            text.append(f" in {template.answer.unit}\n")
            erratum = template.erratum
        if erratum:  # the source's own mistake, and what is right
            text.append("\n\nErratum\n", style="bold")
            text.append(erratum + "\n")
        self.query_one("#detail", Static).update(text)
        self.shown_item = item_id
        if self.context.engine is not None:  # an instructor has no answers of their own
            self.load_history(item_id)

    shown_item: str | None = None

    @job("history")
    def load_history(self, item_id: str) -> ItemHistory:
        from quiz.practice.history import item_history
        from quiz.tui.screens.history import history_body

        body = Text("Your answers\n", style="bold")
        body.append_text(history_body(item_history(self.practice, item_id), limit=HISTORY_SHOWN))
        return ItemHistory(item_id, body)

    def on_item_history(self, message: ItemHistory) -> None:
        if message.item_id == self.shown_item:
            self.query_one("#item-history", Static).update(message.body)

    @job("lint")
    def lint(self) -> FindingsReady:
        from quiz.authoring.lint import lint_bank

        bank = self.context.bank
        return FindingsReady(list(bank.findings) + lint_bank(bank))

    def on_findings_ready(self, message: FindingsReady) -> None:
        findings = message.findings
        text = Text("Lint findings\n", style="bold")
        if not findings:
            text.append("none: the bank is clean", style="green3")
        for finding in findings[:200]:
            style = "red3" if finding.severity == "error" else "yellow"
            text.append(shown(f"{finding}\n", style=style))
        self.query_one("#findings", Static).update(text)

    @job("watch")
    def check_files(self) -> FilesChanged | None:
        from quiz.tui.context import bank_files

        context = self.context
        return FilesChanged() if bank_files(context.sources) != context.mtimes else None

    def on_files_changed(self, message: FilesChanged) -> None:
        self.action_reload()

    @job("reload")
    def action_reload(self) -> Reloaded:
        from quiz.tui.context import reload_bank

        return Reloaded(reload_bank(self.context))

    def on_reloaded(self, message: Reloaded) -> None:
        self.quiz.set_context(message.context)
        self.notify("Bank reloaded")

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()
