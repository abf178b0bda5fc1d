"""Stats as charts: the year's activity, the due forecast, retention, mastery, score trend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message

from quiz.tui.screens.base import QuizScreen, job
from quiz.tui.shown import shown
from quiz.tui.widgets.charts import Chart, bars, columns, heatmap
from quiz.tui.widgets.footer import QuizFooter
from quiz.tui.widgets.header import QuizHeader

if TYPE_CHECKING:
    from quiz.practice.stats import Stats


HEATMAP_WEEKS = 52  # the heatmap's range, and its label


class StatsLoaded(Message):
    def __init__(self, stats: Stats, reports: list[dict[str, Any]]) -> None:
        super().__init__()
        self.stats, self.reports = stats, reports


class StatsScreen(QuizScreen):
    TITLE = "Stats"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="stats-back"),
        Binding("o", "open_report", "Last interview", id="stats-report"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.reports: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield QuizHeader()
        with VerticalScroll(id="stats"):
            yield Chart(f"Answers, last {HEATMAP_WEEKS} weeks", "Loading...", id="heatmap")
            with Horizontal(classes="chart-row"):
                yield Chart("Due, next 30 days", id="forecast")
                yield Chart("Retention, last 30 days", id="retention")
            with Horizontal(classes="chart-row"):
                yield Chart("Mastery: answer quality x recall (answers)", id="mastery")
                yield Chart("Mean score by day", id="trend")
            with Horizontal(classes="chart-row"):
                yield Chart("Rubric points missed most", id="missed")
                yield Chart("Interviews", id="interviews")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.load()

    @job("stats")
    def load(self) -> StatsLoaded:
        from quiz.practice import interview
        from quiz.practice.stats import compute

        practice = self.practice
        return StatsLoaded(compute(practice), interview.reports(practice))

    def on_stats_loaded(self, message: StatsLoaded) -> None:
        self._show(message.stats, message.reports)

    def _show(self, stats: Stats, reports: list[dict[str, Any]]) -> None:
        self.reports = reports
        self.query_one("#heatmap", Chart).update(heatmap(stats.heatmap[-HEATMAP_WEEKS * 7 :]))
        due = [n for _, n in stats.forecast]
        forecast = columns(due, height=5)
        forecast.append(f"today {due[0]} · next 7 days {sum(due[:7])} · 30 days {sum(due)}")
        self.query_one("#forecast", Chart).update(forecast)
        rows = [("target", stats.target_retention, f"{stats.target_retention:.0%}")]
        if stats.retention is not None:
            note = f"{stats.retention:.0%} of {stats.retention_reviews}"
            rows.insert(0, ("actual", stats.retention, note))
        retention = bars(rows, width=20, style="magenta")
        if stats.retention is None:
            retention.append("\nno reviews of mature cards yet", style="dim")
        self.query_one("#retention", Chart).update(retention)
        mastery = [
            (t["topic"], t["mastery"], f"{t['mastery']:.0%} ({t['answers']})") for t in stats.topics
        ]
        self.query_one("#mastery", Chart).update(bars(mastery, width=12, style="green3"))
        trend = [score for _, score in stats.score_trend]
        chart = columns(trend, height=5, style="cyan") if trend else Text("no scored answers yet")
        self.query_one("#trend", Chart).update(chart)
        missed = Text()
        for m in stats.missed_points or []:
            missed.append(f"{m['missed']:>3}/{m['asked']:<3} ", style="bold red3")
            missed.append(f"{m['item']} · {m['criterion']}\n")
        for m in stats.claimed_points:  # the learner's word, apart from the points found
            missed.append(f"{m['claimed']:>3}/{m['asked']:<3} ", style="bold cyan")
            missed.append(shown(f"{m['item']} · {m['criterion']}"))
            missed.append(" (claimed)\n", style="cyan")
        self.query_one("#missed", Chart).update(missed or Text("none yet", style="dim"))
        lines = Text()
        for report in reports[:8]:
            mean = report.get("mean_score")
            lines.append(f"{(report.get('finished_at') or '')[:16]}  ")
            lines.append(f"{report.get('answered', 0)} answers · ")
            lines.append(f"mean {mean:.2f}\n" if mean is not None else "no score\n")
        if reports:
            lines.append("o: open the last report", style="dim")
        self.query_one("#interviews", Chart).update(lines or Text("none yet", style="dim"))

    def action_open_report(self) -> None:
        if not self.reports:
            self.notify("No interview yet")
            return
        from quiz.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.reports[0]))
