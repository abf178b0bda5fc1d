"""An interview report: each answer's score, rating, time, and the points missed."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


def report_text(report: dict[str, Any]) -> Text:
    text = Text("Interview report\n\n", style="bold")
    mean = report.get("mean_score")
    text.append(f"answered {report['answered']} · ")
    text.append(f"mean score {mean:.2f}" if mean is not None else "no scored answers")
    text.append(f" · over time {report['over_time']} · ")
    text.append(f"{report['seconds_per_question']} s per answer\n\n")
    for item in report["items"]:
        score = f"{item['score']:.2f}" if item["score"] is not None else "  - "
        style = "red3" if item["over_time"] else ""
        text.append(f"{item['id']:<14} {score}  {item['rating']:<5} ")
        text.append(f"{item['seconds']:>6.0f} s", style=style)
        if item["missed"]:
            text.append(f"  missed: {', '.join(item['missed'])}", style="yellow")
        text.append("\n")
    if report.get("unanswered"):
        text.append(f"\nnot reached: {', '.join(report['unanswered'])}\n", style="dim")
    return text


class ReportScreen(Screen[None]):
    TITLE = "Interview report (saved)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="report-back")
    ]

    def __init__(self, report: dict[str, Any]) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="report"):
            yield Static(report_text(self.report), id="report-body")
        yield Footer()
