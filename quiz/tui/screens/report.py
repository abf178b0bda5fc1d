"""An interview report: per question and follow-up, the prompt, your answer, the score or your own
rating, the points missed with their criteria, and the time used against the time allowed."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quiz.tui.widgets.footer import QuizFooter
from quiz.tui.widgets.header import QuizHeader

ANSWER_SHOWN = 400  # characters of each answer shown in the report


def clock_text(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _item_text(text: Text, number: str, item: dict[str, Any]) -> None:
    text.append(f"{number} {item['id']}", style="bold")
    text.append(f"  {item.get('kind', '')}\n", style="dim")
    if item.get("prompt"):
        text.append(f"{' '.join(item['prompt'].split())}\n", style="italic")
    answer = " ".join(str(item.get("answer", "")).split())
    if len(answer) > ANSWER_SHOWN:
        answer = answer[: ANSWER_SHOWN - 1] + "…"
    text.append("Your answer: ", style="bold")
    text.append(f"{answer or '(nothing typed)'}\n")
    if item["score"] is not None:
        text.append(f"Score {item['score']:.2f}, rated {item['rating']}", style="cyan")
    else:
        text.append(f"Rated yourself: {item['rating']}", style="cyan")
    allowed = item.get("allowed")
    used = clock_text(item["seconds"])
    timing = f" · {used} of {clock_text(allowed)}" if allowed else f" · {used}"
    text.append(
        timing + (" (over time)" if item["over_time"] else "") + "\n",
        style="red3" if item["over_time"] else "",
    )
    for missed in item["missed"]:
        label = missed["criterion"] or missed["id"] if isinstance(missed, dict) else missed
        text.append(f"  missed: {label}\n", style="yellow")
    text.append("\n")


def report_text(report: dict[str, Any]) -> Text:
    text = Text("Interview report\n\n", style="bold")
    question = 0
    for item in report["items"]:
        if item.get("kind") != "followup":
            question += 1
            number = f"Q{question}"
        else:
            number = f"Q{question} follow-up"
        _item_text(text, number, item)
    mean = report.get("mean_score")
    text.append("Total: ", style="bold")
    text.append(f"{report['answered']} answered · ")
    text.append(f"mean score {mean:.2f}" if mean is not None else "no scored answers")
    if report.get("self_rated"):
        text.append(f" · {report['self_rated']} self-rated")
    if "seconds_used" in report:
        used, allowed = report["seconds_used"], report["seconds_allowed"]
        text.append(f" · time {clock_text(used)} of {clock_text(allowed)}")
    text.append(f" · over time {report['over_time']}\n")
    if report.get("unanswered"):
        text.append(f"Not reached: {', '.join(report['unanswered'])}\n", style="dim")
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
        yield QuizHeader()
        with VerticalScroll(id="report"):
            yield Static(report_text(self.report), id="report-body")
        yield QuizFooter()
