"""Mock interview: N questions with their follow-ups, a countdown each, then the report."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from quiz.practice.interview import Interview
from quiz.tui.screens.base import QuizScreen, job
from quiz.tui.screens.report import clock_text
from quiz.tui.widgets.footer import QuizFooter
from quiz.tui.widgets.header import QuizHeader


class InterviewStarted(Message):
    def __init__(self, session: Interview, plan: list[str]) -> None:
        super().__init__()
        self.session, self.plan = session, plan


class AnswerSaved(Message):
    pass


class ReportReady(Message):
    def __init__(self, report: dict[str, Any]) -> None:
        super().__init__()
        self.report = report


class InterviewScreen(QuizScreen):
    """Each answer is graded and recorded as it is given; an expired timer submits what is typed."""

    TITLE = "Mock interview"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Submit", id="interview-submit", priority=True),
        Binding("1", "rate(1)", "Again", id="interview-again"),
        Binding("2", "rate(2)", "Hard", id="interview-hard"),
        Binding("3", "rate(3)", "Good", id="interview-good"),
        Binding("4", "rate(4)", "Easy", id="interview-easy"),
        Binding("escape", "leave", "End", id="interview-end"),
    ]

    def __init__(self, questions: int, minutes: float) -> None:
        super().__init__()
        self.questions, self.minutes = questions, minutes
        self.session: Interview | None = None
        self.plan: list[str] = []  # item ids in order: each question, then its follow-ups
        self.index = 0
        self.deadline = 0.0
        self.started = 0.0
        self.rated_after = 0.0  # seconds the answer took, when it waits for a self-rating
        self.phase = "loading"
        self.timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield QuizHeader()
        with Vertical(id="interview"):
            yield Static("", id="clock")
            yield Static("Choosing the questions...", id="question")
            yield TextArea(id="interview-answer", placeholder="Answer as you would aloud; ctrl+s.")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.begin()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":
            return self.phase == "answering"
        if action == "rate":
            return self.phase == "self-rate"
        return True

    @job("interview")
    def begin(self) -> InterviewStarted:
        from quiz.practice import interview

        session = interview.start(self.practice, self.questions, self.minutes)
        plan = []
        for item_id in session.item_ids:
            plan.append(item_id)
            plan += list(session.follow_ups(self.practice, item_id))
        return InterviewStarted(session, plan)

    def on_interview_started(self, message: InterviewStarted) -> None:
        self.session, self.plan, self.index = message.session, message.plan, 0
        self.timer = self.set_interval(0.5, self._tick)
        self._ask()

    def _ask(self) -> None:
        if self.index >= len(self.plan) or self.session is None:
            self._finish()
            return
        item_id = self.plan[self.index]
        entry = self.practice.entry(item_id)
        asked = len([i for i in self.plan[: self.index + 1] if i in self.session.item_ids])
        label = (
            "follow-up"
            if entry.kind == "followup"
            else f"question {asked} of {len(self.session.item_ids)}"
        )
        text = Text(f"{label} · {item_id}\n\n", style="dim")
        text.append(self.practice.item(item_id).prompt, style="bold")
        self.query_one("#question", Static).update(text)
        area = self.query_one("#interview-answer", TextArea)
        area.text, area.read_only = "", False
        area.focus()
        self.started = self.quiz.monotonic()
        self.deadline = self.started + self.session.seconds_per_question
        self.phase = "answering"
        self.refresh_bindings()
        self._tick()

    def _tick(self) -> None:
        if self.phase != "answering":
            return
        left = max(self.deadline - self.quiz.monotonic(), 0.0)
        style = "bold red" if left < 30 else "bold"
        self.query_one("#clock", Static).update(
            Text(f"⏱ {int(left) // 60}:{int(left) % 60:02d} left for this answer", style=style)
        )
        if left <= 0:
            self.notify("Time is up: your answer so far is recorded.", severity="warning")
            self.action_submit(expired=True)

    def action_submit(self, expired: bool = False) -> None:
        """Submit once the text area has handled every key typed before ctrl+s."""
        if self.phase != "answering":
            return
        self.phase = "submitting"  # one submission, even if the timer fires again meanwhile
        area = self.query_one("#interview-answer", TextArea)
        area.call_later(self._submit_typed, expired)

    def _submit_typed(self, expired: bool) -> None:
        if self.phase != "submitting":
            return
        self.phase = "answering"
        entry = self.practice.entry(self.plan[self.index])
        text = self.query_one("#interview-answer", TextArea).text
        if entry.item is not None and not entry.item.rubric:
            if expired:
                self._record(text, 1, expired=True)
                return
            self.phase = "self-rate"
            self.rated_after = self.quiz.monotonic() - self.started
            area = self.query_one("#interview-answer", TextArea)
            area.read_only = True
            self.set_focus(None)  # the rating keys go to the screen, not into the answer
            self.refresh_bindings()
            self.query_one("#clock", Static).update(
                Text.assemble(
                    f"⏱ answered in {clock_text(self.rated_after)}; the clock has stopped. ",
                    ("No rubric: rate yourself 1 again · 2 hard · 3 good · 4 easy", "bold cyan"),
                )
            )
            return
        self._record(text, None, expired=expired)

    def action_rate(self, rating: int) -> None:
        if self.phase == "self-rate":
            self._record(self.query_one("#interview-answer", TextArea).text, rating)

    def _record(self, text: str, rating: int | None, expired: bool = False) -> None:
        used = self.rated_after if self.phase == "self-rate" else None
        self.phase = "saving"
        self.refresh_bindings()
        self.query_one("#interview-answer", TextArea).read_only = True
        if expired and self.session is not None:  # cut off at the deadline, not over it
            used = self.session.seconds_per_question
        elif used is None:
            used = self.quiz.monotonic() - self.started
        elapsed = round(used * 1000)
        self.save(self.plan[self.index], text, rating, elapsed)

    @job("interview")
    def save(self, item_id: str, text: str, rating: int | None, duration_ms: int) -> AnswerSaved:
        if self.session is None:
            raise RuntimeError("the interview has not started")
        self.practice.submit(
            item_id,
            text,
            mode="interview",
            rating=rating,
            duration_ms=duration_ms,
            interview_id=self.session.id,
        )
        return AnswerSaved()

    def on_answer_saved(self, message: AnswerSaved) -> None:
        self._advance()

    def job_failed(self, group: str, error: BaseException) -> None:
        super().job_failed(group, error)
        if self.phase == "saving":  # the message says why that answer was not kept; go on
            self._advance()

    def _advance(self) -> None:
        self.practice.skip_follow_ups()  # the interview plan already holds them
        self.index += 1
        self._ask()

    def _finish(self) -> None:
        self.phase = "done"
        if self.timer is not None:
            self.timer.stop()
        self.finish_session()

    @job("interview")
    def finish_session(self) -> ReportReady:
        from quiz.practice import interview

        if self.session is None:
            raise RuntimeError("the interview has not started")
        return ReportReady(interview.finish(self.practice, self.session.id))

    def on_report_ready(self, message: ReportReady) -> None:
        from quiz.tui.screens.report import ReportScreen

        self.app.switch_screen(ReportScreen(message.report))

    def action_leave(self) -> None:
        if self.session is not None and self.phase not in ("done",):
            self.plan = self.plan[: self.index]  # the rest is left unanswered
            self._finish()
        else:
            self.app.pop_screen()
