"""Practice, review and cram: one item at a time, graded with reasons, rated, then the next."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Input, Static, TextArea

from quiz.practice.entries import Entry
from quiz.practice.outcome import Outcome
from quiz.practice.queue import QueueEntry
from quiz.problems.generate import Instance
from quiz.srs.ratings import Rating
from quiz.tui.screens.base import QuizScreen, job
from quiz.tui.widgets.graded import highlighted, points

TITLES = {
    "practice": "Practice",
    "review": "Review",
    "cram": "Cram (the schedule is left alone)",
    "drill": "Numeric drill",
}


class ItemLoaded(Message):
    """The next item to ask (None: nothing left), with its numeric problem if it is one."""

    def __init__(self, entry: QueueEntry | None, problem: Instance | None) -> None:
        super().__init__()
        self.entry, self.problem = entry, problem


class AnswerGraded(Message):
    def __init__(self, outcome: Outcome, text: str) -> None:
        super().__init__()
        self.outcome, self.text = outcome, text


class Rerated(Message):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


class Done(Message):
    """A correction was made (undo, suspend, bury): say so and move on to the next item."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class AskScreen(QuizScreen):
    """Ask the next item of a mode; ctrl+s submits; 1-4 (re)rates; n next; u undo."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Submit", id="submit", priority=True),
        Binding("1", "rate(1)", "Again", id="rate-again"),
        Binding("2", "rate(2)", "Hard", id="rate-hard"),
        Binding("3", "rate(3)", "Good", id="rate-good"),
        Binding("4", "rate(4)", "Easy", id="rate-easy"),
        Binding("n", "next", "Next", id="next"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("x", "suspend", "Suspend", id="suspend"),
        Binding("z", "bury", "Bury", id="bury"),
        Binding("escape", "leave", "Home", id="leave"),
    ]
    PHASE_ACTIONS: ClassVar[dict[str, set[str]]] = {
        "answering": {"submit", "leave", "suspend", "bury"},
        "self-rate": {"rate", "leave"},
        "graded": {"rate", "next", "undo", "leave", "suspend", "bury"},
        "empty": {"leave", "undo"},
        "loading": {"leave"},
    }

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode
        self.title = TITLES.get(mode, mode.title())  # before mounting: the Header reads it
        self.phase = "loading"
        self.entry: QueueEntry | None = None
        self.problem: Instance | None = None
        self.outcome: Outcome | None = None
        self.submitting = False
        self.started = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="ask"):
            yield Static("", id="meta")
            yield Static("Loading...", id="prompt")
            yield TextArea(
                id="answer", placeholder="Your answer. Enter is a new line; ctrl+s submits."
            )
            yield Input(id="number", placeholder="Your answer with its unit, e.g. 14 GB or 267%")
            yield Static("", id="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#number", Input).display = False
        self.query_one("#feedback", Static).display = False
        self.load_next()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"submit", "rate", "next", "undo", "leave", "suspend", "bury"}:
            return action in self.PHASE_ACTIONS.get(self.phase, set())
        return True

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        self.refresh_bindings()

    def job_failed(self, group: str, error: BaseException) -> None:
        super().job_failed(group, error)
        if self.submitting:  # the answer stays, to be submitted again
            self.submitting = False
            self.query_one("#answer", TextArea).read_only = False
            self.query_one("#number", Input).disabled = False
            self._set_phase("answering")
        elif self.phase == "loading":
            self._set_phase("empty")

    # ---- loading an item -----------------------------------------------------------------

    @job("ask")
    def load_next(self) -> ItemLoaded:
        entry = self.practice.next_item(self.mode)
        problem = None
        if entry is not None and entry.kind == "template":
            problem = self.practice.problem(entry.item_id)
        return ItemLoaded(entry, problem)

    def on_item_loaded(self, message: ItemLoaded) -> None:
        self._show_item(message.entry, message.problem)

    def _show_item(self, entry: QueueEntry | None, problem: Instance | None) -> None:
        self.entry, self.problem, self.outcome = entry, problem, None
        feedback = self.query_one("#feedback", Static)
        feedback.display = False
        area, number = self.query_one("#answer", TextArea), self.query_one("#number", Input)
        if entry is None:
            self.query_one("#meta", Static).update("")
            message = {
                "review": "Nothing is due. Come back later, or practice new items.",
                "drill": "No numeric problems are available.",
            }.get(self.mode, "Nothing left for today: you are done.")
            self.query_one("#prompt", Static).update(Text(message, style="bold green"))
            area.display = number.display = False
            self._set_phase("empty")
            return
        meta = Text()
        meta.append(f" {entry.item_id} ", style="bold reverse")
        meta.append(f"  {entry.kind} · {entry.topic} · {entry.reason}")
        if entry.changed:
            meta.append("  · text changed since you last saw it", style="bold yellow")
        self.query_one("#meta", Static).update(meta)
        if problem is not None:
            prompt = Text(problem.prompt)
            if problem.verdict is not None:
                prompt.append(f"\n\nAnswer with one of: {', '.join(problem.labels)}", style="dim")
            self.query_one("#prompt", Static).update(prompt)
            area.display, number.display = False, True
            number.value = ""
            number.disabled = False
            number.focus()
        else:
            self.query_one("#prompt", Static).update(Text(self.practice.item(entry.item_id).prompt))
            area.display, number.display = True, False
            area.read_only = False
            area.text = ""
            area.focus()
        self.started = time.monotonic()
        self._set_phase("answering")

    # ---- answering ---------------------------------------------------------------------------

    def _answer_text(self) -> str:
        if self.problem is not None:
            return self.query_one("#number", Input).value
        return self.query_one("#answer", TextArea).text

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        """Submit once the answer widget has handled every key typed before ctrl+s."""
        if self.phase != "answering":
            return
        self.phase = "submitting"  # one submission, even if ctrl+s repeats meanwhile
        widget = self.query_one("#number" if self.problem is not None else "#answer")
        widget.call_later(self._submit_typed)

    def _submit_typed(self) -> None:
        if self.phase != "submitting" or self.entry is None:
            return
        self.phase = "answering"
        text = self._answer_text()
        if not text.strip():
            self.notify("Write an answer first.", severity="warning")
            return
        entry = self.practice.entry(self.entry.item_id)
        if entry.item is not None and not entry.item.rubric:
            self._ask_self_rating(entry)
            return
        self._submit(text, None)

    def _ask_self_rating(self, entry: Entry) -> None:
        body = Text("This follow-up has no rubric: rate your own answer.\n", style="bold")
        body.append("1 again · 2 hard · 3 good · 4 easy\n", style="bold cyan")
        if entry.item is not None and entry.item.model_answer:
            body.append("\nModel answer\n", style="bold")
            body.append(entry.item.model_answer)
        self._show_feedback(body)
        self.query_one("#answer", TextArea).read_only = True
        self._set_phase("self-rate")
        self.query_one("#feedback", Static).focus()

    def _submit(self, text: str, rating: int | None) -> None:
        self._lock_answer()
        seconds = time.monotonic() - self.started
        self.submit_answer(text, rating, round(seconds * 1000))

    def _lock_answer(self) -> None:
        self.query_one("#answer", TextArea).read_only = True
        self.query_one("#number", Input).disabled = True
        self.submitting = True
        self._set_phase("loading")

    @job("ask")
    def submit_answer(self, text: str, rating: int | None, duration_ms: int) -> AnswerGraded:
        if self.entry is None:
            raise RuntimeError("no item is being asked")
        seed = self.problem.seed if self.problem is not None else None
        outcome = self.practice.submit(
            self.entry.item_id,
            text,
            mode=self.mode,
            seed=seed,
            rating=rating,
            duration_ms=duration_ms,
            **self.submit_options(),
        )
        return AnswerGraded(outcome, text)

    def on_answer_graded(self, message: AnswerGraded) -> None:
        self.submitting = False
        self._show_outcome(message.outcome, message.text)

    def submit_options(self) -> dict[str, Any]:
        return {}

    def _show_outcome(self, outcome: Outcome, text: str) -> None:
        self.outcome = outcome
        # The answer is shown inside the feedback (highlighted), so the verdict sits right under
        # the prompt, with no scrolling to find it.
        self.query_one("#answer", TextArea).display = False
        self.query_one("#number", Input).display = False
        self._show_feedback(self._feedback(outcome, text))
        self._set_phase("graded")
        self.query_one("#feedback", Static).focus()

    def _show_feedback(self, body: Any) -> None:
        feedback = self.query_one("#feedback", Static)
        feedback.update(body)
        feedback.display = True
        feedback.can_focus = True
        self.query_one("#ask", VerticalScroll).scroll_home(animate=False)

    def _rating_line(self, outcome: Outcome) -> Text:
        line = Text()
        if outcome.score is not None and outcome.grade is not None:
            line.append(f"Score {outcome.score:.2f}", style="bold")
            line.append("   ")
        line.append("Rating: ", style="bold")
        line.append(Rating(outcome.final).label, style="bold cyan")
        if outcome.suggested is not None and outcome.suggested != outcome.final:
            line.append(f" (suggested {Rating(outcome.suggested).label})", style="dim")
        line.append("   1-4 to re-rate · n next · u undo", style="dim")
        if outcome.scheduled and outcome.due is not None:
            line.append(f"\nNext review {outcome.due:%Y-%m-%d %H:%M} UTC", style="dim")
        elif not outcome.scheduled:
            line.append("\nCram: the schedule was not changed", style="dim")
        return line

    def _feedback(self, outcome: Outcome, text: str) -> Group:
        parts: list[Any] = [self._rating_line(outcome), Text("")]
        if outcome.grade is not None:
            parts += [
                Text("Your answer, with the evidence found", style="bold"),
                highlighted(text, outcome.grade),
                Text(""),
                points(outcome.grade),
            ]
        elif outcome.verdict is not None and outcome.instance is not None:
            verdict, problem = outcome.verdict, outcome.instance
            mark = ("✔ correct", "bold green3") if verdict.correct else ("✘ wrong", "bold red3")
            parts.append(Text(f"Your answer: {text.strip()}"))
            line = Text(mark[0], style=mark[1])
            line.append(f": the answer is {problem.answer_display}")
            parts.append(line)
            if verdict.diagnosis:
                parts.append(Text(f"Diagnosis: {verdict.diagnosis}", style="yellow"))
            parts += [Text("\nWorked solution", style="bold")]
            parts += [Text(f"  {step}") for step in problem.steps]
            if problem.notes:
                parts += [Text(f"  · {note}", style="dim") for note in problem.notes]
            if problem.erratum:
                parts += [Text("\nErratum", style="bold"), Text(problem.erratum)]
        entry = self.practice.entries.get(outcome.item_id)
        item = entry.item if entry is not None else None
        if item is not None and item.model_answer:
            parts += [Text("\nModel answer", style="bold"), Text(item.model_answer)]
            if item.supplement:
                parts += [
                    Text("Supplement (not from the chapter)", style="bold dim"),
                    Text(item.supplement),
                ]
            if item.follow_up is None and item.question.erratum:
                parts += [Text("Erratum", style="bold"), Text(item.question.erratum)]
        if outcome.follow_ups:
            parts.append(Text(f"\nFollow-ups next: {', '.join(outcome.follow_ups)}", style="cyan"))
        return Group(*parts)

    # ---- after grading -----------------------------------------------------------------------

    def action_rate(self, rating: int) -> None:
        if self.phase == "self-rate":
            self._submit(self._answer_text(), rating)
        elif self.phase == "graded" and self.outcome is not None:
            self.override(self.outcome.attempt_id, rating)

    @job("ask")
    def override(self, attempt_id: int, rating: int) -> Rerated:
        return Rerated(self.practice.override(attempt_id, rating))

    def on_rerated(self, message: Rerated) -> None:
        changed = message.outcome
        if self.outcome is None or self.outcome.attempt_id != changed.attempt_id:
            return
        graded = replace(self.outcome.graded, final=changed.final)
        self.outcome = replace(self.outcome, graded=graded, due=changed.due)
        self._show_feedback(self._feedback(self.outcome, self._answer_text()))
        self.notify(f"Rated {Rating(changed.final).label}")

    def action_next(self) -> None:
        self._set_phase("loading")
        self.load_next()

    @job("ask")
    def action_undo(self) -> Done:
        undone = self.practice.undo()
        return Done(
            f"Took back answer {undone.id} to {undone.item_id}" if undone else "Nothing to undo"
        )

    @job("ask")
    def action_suspend(self) -> Done | None:
        if self.entry is None:
            return None
        self.practice.suspend(self.entry.item_id)
        return Done(f"Suspended {self.entry.item_id}")

    @job("ask")
    def action_bury(self) -> Done | None:
        if self.entry is None:
            return None
        self.practice.bury(self.entry.item_id)
        return Done(f"Buried until tomorrow: {self.entry.item_id}")

    def on_done(self, message: Done) -> None:
        self.notify(message.text)
        self.action_next()

    def action_leave(self) -> None:
        self.app.pop_screen()
