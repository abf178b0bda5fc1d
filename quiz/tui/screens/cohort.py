"""The cohort: every learner's progress and the class's weak spots (`quiz cohort` in the app),
for an instructor on a shared database; on a learner's own database it shows its profiles."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from quiz.tui.screens.base import QuizScreen, job
from quiz.tui.shown import shown, shown_name
from quiz.tui.widgets.charts import Chart
from quiz.tui.widgets.footer import QuizFooter
from quiz.tui.widgets.header import QuizHeader

if TYPE_CHECKING:
    from quiz.practice.cohort import Cohort

COLUMNS = (
    "learner",
    "due",
    "overdue",
    "answers 7d",
    "retention",
    "target",
    "claims",  # rubric points claimed: the learner's word, not found by the scorer
    "weakest topic",
)


class CohortLoaded(Message):
    def __init__(self, report: Cohort) -> None:
        super().__init__()
        self.report = report


class CohortScreen(QuizScreen):
    TITLE = "Cohort"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="cohort-back"),
        Binding("f5", "reload", "Refresh", id="cohort-refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield QuizHeader()
        with VerticalScroll(id="cohort"):
            yield DataTable(id="learners", cursor_type="row", zebra_stripes=True)
            with Horizontal(classes="chart-row"):
                yield Chart("Weakest topics (mean mastery)", "Loading...", id="topics")
                yield Chart("Items most learners struggle with", id="struggling")
            yield Chart("Rubric points missed most", id="missed")
            yield Static("", id="left-out").set_styles("display: none;")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.query_one("#learners", DataTable).add_columns(*COLUMNS)
        self.load()

    def action_reload(self) -> None:
        self.load()

    @job("cohort")
    def load(self) -> CohortLoaded:
        from quiz.practice.cohort import cohort

        context = self.context
        return CohortLoaded(cohort(context.store, context.bank, self.quiz.now()))

    def on_cohort_loaded(self, message: CohortLoaded) -> None:
        report = message.report
        table = self.query_one("#learners", DataTable)
        table.clear()
        for x in report.learners:
            weakest = min(x.mastery.items(), key=lambda kv: (kv[1], kv[0]), default=None)
            cells = (
                x.name,
                str(x.due),
                str(x.overdue),
                str(x.answers_7d),
                f"{x.retention:.0%}" if x.retention is not None else "-",
                f"{x.target:.0%}",
                str(x.claims),
                f"{weakest[0]} {weakest[1]:.0%}" if weakest else "-",
            )  # a learner's name is a database's text: shown, never read as markup
            table.add_row(*(shown_name(cell) for cell in cells))
        topics = Text()
        for topic, mastery, learners in report.topics:
            topics.append(f"{mastery:>5.0%}  ", style="bold")
            topics.append(f"{topic} ({learners})\n")
        self.query_one("#topics", Chart).update(topics or Text("none yet", style="dim"))
        struggling = Text()
        for s in report.struggling:
            struggling.append(f"{s['learners']:>3}/{s['answered_by']:<3} ", style="bold red3")
            struggling.append(f"{s['item']}\n")
        self.query_one("#struggling", Chart).update(struggling or Text("none", style="dim"))
        missed = Text()
        for p in report.missed:
            missed.append(f"{p['learners']:>3} learner(s) ", style="bold red3")
            missed.append(f"{p['item']} · {p['criterion']}\n")
        for p in report.claimed:  # where the rubric misses what learners say
            missed.append(f"{p['learners']:>3} claimed    ", style="bold cyan")
            missed.append(shown(f"{p['item']} · {p['criterion']}"))
            missed.append("\n")
        self.query_one("#missed", Chart).update(missed or Text("none yet", style="dim"))
        from quiz.practice.cohort import left_out

        notes = left_out(report)  # a learner's hand-written rows the figures leave out
        note = self.query_one("#left-out", Static)
        note.update(shown("\n".join(notes), style="yellow"))
        note.display = bool(notes)
