"""Practice, review and cram: one item at a time, graded with reasons, rated, then the next."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Static, TextArea

from quiz.practice.entries import Entry
from quiz.practice.outcome import Outcome
from quiz.practice.progress import Progress, progress_today
from quiz.practice.queue import QueueEntry
from quiz.problems.generate import Instance
from quiz.srs.ratings import Rating
from quiz.tui.destinations import INSTRUCTOR_NOTE
from quiz.tui.screens.aids import RETRY_NOTE
from quiz.tui.screens.asked import AnswerGraded, ItemLoaded, Rerated, Undone, nothing_left
from quiz.tui.screens.base import QuizScreen, job
from quiz.tui.screens.claiming import CLAIM_ACTIONS, ClaimKeys
from quiz.tui.screens.history import HistoryKey
from quiz.tui.screens.holding import HoldKeys
from quiz.tui.widgets.feedback import feedback, self_rating_prompt
from quiz.tui.widgets.footer import QuizFooter
from quiz.tui.widgets.header import QuizHeader

TITLES = {
    "practice": "Practice",
    "review": "Review",
    "cram": "Cram (the schedule is left alone)",
    "drill": "Numeric drill",
}


class AskScreen(HistoryKey, HoldKeys, ClaimKeys, QuizScreen):
    """Ask the next item of a mode; ctrl+s submits; 1-4 (re)rates; n next; u undo."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Submit", id="submit", priority=True),
        Binding("1", "rate(1)", "Again", id="rate-again"),
        Binding("2", "rate(2)", "Hard", id="rate-hard"),
        Binding("3", "rate(3)", "Good", id="rate-good"),
        Binding("4", "rate(4)", "Easy", id="rate-easy"),
        Binding("n", "next", "Next", id="next"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("r", "retry", "Retry", id="retry"),  # the same item again, the text kept
        Binding("h", "history", "History", id="history"),  # the item's past answers
        # ctrl keys: they work while typing an answer, and no answer needs them.
        Binding("ctrl+o", "hint", "Hint", id="hint", priority=True),  # the next criterion
        Binding("ctrl+t", "suspend", "Suspend", id="suspend", priority=True),
        Binding("ctrl+g", "bury", "Bury", id="bury", priority=True),
        Binding("escape", "leave", "Home", id="leave"),
    ]
    PHASE_ACTIONS: ClassVar[dict[str, set[str]]] = {
        "answering": {"submit", "hint", "leave", "suspend", "bury"},
        "self-rate": {"rate", "leave"},
        "graded": {"rate", "next", "retry", "undo", "leave", "suspend", "bury", "history"},
        "empty": {"leave", "undo"},
        "held": {"undo", "next", "leave"},  # suspended or buried: u takes it back
        "loading": {"leave"},
    }

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode
        self.title = TITLES.get(mode, mode.title())  # before mounting: the Header reads it
        self.phase = "loading"
        self._footer_shows = self.PHASE_ACTIONS["loading"]
        self.entry: QueueEntry | None = None
        self.problem: Instance | None = None
        self.outcome: Outcome | None = None
        self.submitting = False
        self.started = time.monotonic()
        self.progress: Progress | None = None  # the line shown with the item

    def compose(self) -> ComposeResult:
        yield QuizHeader()
        with VerticalScroll(id="ask"):
            yield Static("", id="meta")
            yield Static("Loading...", id="prompt")
            yield Static("", id="hints")
            yield TextArea(
                id="answer", placeholder="Your answer. Enter is a new line; ctrl+s submits."
            )
            yield Input(id="number", placeholder="A number with its unit, e.g. 12.5 GB/s")
            yield Static("", id="feedback")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.query_one("#number", Input).display = False
        self.query_one("#feedback", Static).display = False
        self.query_one("#hints", Static).display = False
        self.query_one("#answer", TextArea).focus()  # typing may start before the item is in
        if self.quiz.context is not None or self.quiz.load_error:
            self._begin()  # else opened while the bank and the database load: context_changed

    def on_key(self, event: events.Key) -> None:
        """A printable key that reaches the screen itself was taken by no widget: it was handed
        out before the answer box had the focus (typed in the instant the screen opened, in one
        burst with the key that opened it). It is the answer's, in the order typed."""
        area = self.query_one("#answer", TextArea)
        typed = event.character if event.is_printable else None
        if typed and self.phase in ("loading", "answering") and area.display:
            event.stop()
            event.prevent_default()
            area.insert(typed)

    begun = False  # the first item was asked for

    def context_changed(self) -> None:
        """The bank and the database are loaded (or could not be): a screen opened meanwhile
        asks its first item now. A later change (a bank reload) leaves the item on screen."""
        if not self.begun:
            self._begin()

    def _begin(self) -> None:
        self.begun = True
        if self.quiz.load_error:
            self.query_one("#prompt", Static).update(
                Text(f"Cannot start: {self.quiz.load_error}", style="bold red")
            )
            self._set_phase("empty")
        elif self.context.engine is None:  # an instructor: no profile to practise with
            self.notify(INSTRUCTOR_NOTE, title="instructor", severity="warning")
            self.app.pop_screen()
        else:
            self.load_next()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"retry", "rate"} and self.phase == "graded" and self.retrying:
            return False  # after a retry the first answer's review stands
        if (action == "retry" and not self.can_retry()) or (action == "hint" and not self.hinted()):
            return False
        if action in CLAIM_ACTIONS:  # c, v: a graded answer with a point the scorer missed
            return self.claim_offered()
        if action in set().union(*self.PHASE_ACTIONS.values()):
            return action in self.PHASE_ACTIONS.get(self.phase, set())
        return True

    def _set_phase(self, phase: str) -> None:
        """Enter a phase; the footer is redrawn only when the keys it shows change, and not for
        the brief loading phase (its keys are refused meanwhile: `check_action`)."""
        self.phase = phase
        shown = self.PHASE_ACTIONS.get(phase, set())
        if phase != "loading" and shown != self._footer_shows:
            self._footer_shows = shown
            self.refresh_bindings()

    def job_failed(self, group: str, error: BaseException) -> None:
        super().job_failed(group, error)
        if self.submitting:  # the answer stays, to be submitted again
            self.submitting = False
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
        elif entry is not None:
            self.practice.prepare(entry.item_id)
        return ItemLoaded(entry, problem, progress_today(self.practice, self.mode))

    @job("ask")
    def load_again(self, item_id: str, seed: int | None) -> ItemLoaded:
        """The item whose answer was just taken back, as it was asked (the same problem)."""
        entry = self.practice.queue_entry(item_id, "undone: answer it again")
        problem = self.practice.problem(item_id, seed) if entry.kind == "template" else None
        return ItemLoaded(entry, problem, progress_today(self.practice, self.mode))

    def on_item_loaded(self, message: ItemLoaded) -> None:
        self._show_item(message.entry, message.problem, message.progress)

    def _show_item(
        self, entry: QueueEntry | None, problem: Instance | None, progress: Progress | None = None
    ) -> None:
        self.entry, self.problem, self.outcome, self.progress = entry, problem, None, progress
        self.reset_aids()
        feedback = self.query_one("#feedback", Static)
        feedback.display = False
        area, number = self.query_one("#answer", TextArea), self.query_one("#number", Input)
        if entry is None:
            self.query_one("#meta", Static).update("")
            message = nothing_left(self.mode, progress, self.practice.now(), self.practice.focus)
            self.query_one("#prompt", Static).update(Text(message, style="bold green"))
            area.display = number.display = False
            self._set_phase("empty")
            return
        meta = Text()
        meta.append(f" {entry.item_id} ", style="bold reverse")
        meta.append(f"  {entry.kind} · {entry.topic} · {entry.reason}")
        if entry.changed:
            meta.append("  · text changed since you last saw it", style="bold yellow")
        if self.retrying:  # a retry taken back, asked again
            meta.append(RETRY_NOTE, style="bold yellow")
        if progress is not None:
            meta.append(f"\n {progress.text()}", style="dim")
        self.query_one("#meta", Static).update(meta)
        if problem is not None:
            prompt = Text(problem.prompt)
            if problem.verdict is not None:
                prompt.append(f"\n\nAnswer with one of: {', '.join(problem.labels)}", style="dim")
            self.query_one("#prompt", Static).update(prompt)
            area.display, number.display = False, True
            number.value = area.text.strip()  # what was typed while the problem loaded
            area.text = ""
            number.disabled = False
            number.focus()
        else:
            self.query_one("#prompt", Static).update(Text(self.practice.item(entry.item_id).prompt))
            area.display, number.display = True, False
            area.read_only = False  # what was typed while it loaded stays (see _clear_answer)
            area.focus()
        self.started = time.monotonic()
        self._set_phase("answering")

    # ---- answering ---------------------------------------------------------------------------

    def _retry_meta(self) -> Text:
        """A retry keeps the item's progress line: it does not move it."""
        line = super()._retry_meta()
        if self.progress is not None:
            line.append(f"\n {self.progress.text()}", style="dim")
        return line

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
        self._show_feedback(self_rating_prompt(entry.item, self.quiz.options.keys))
        self.query_one("#answer", TextArea).read_only = True
        self._set_phase("self-rate")
        self.query_one("#feedback", Static).focus()

    def _submit(self, text: str, rating: int | None) -> None:
        self._begin_submission()
        seconds = time.monotonic() - self.started
        self.submit_answer(text, rating, round(seconds * 1000))

    def _begin_submission(self) -> None:
        """From now on the screen's actions are refused (the loading phase). The answer's
        widget is left as it is (its text is already taken): restyling it would draw a frame
        while the answer is graded and saved, and delay the verdict."""
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
            aid=self.aid(),
            **self.submit_options(),
        )
        return AnswerGraded(outcome, text)

    def on_answer_graded(self, message: AnswerGraded) -> None:
        self.submitting, self.answered = False, message.text
        self._show_outcome(message.outcome, message.text)
        # Saved once the verdict is on screen: the save's queries would otherwise hold the
        # interpreter while the verdict is drawn.
        self.call_after_refresh(self.quiz.progress_changed)

    def submit_options(self) -> dict[str, Any]:
        return {}

    def _show_outcome(self, outcome: Outcome, text: str) -> None:
        self.outcome = outcome
        self._set_phase("graded")  # first: the focus moves below announce the same keys again
        # The answer is shown inside the feedback (highlighted), so the verdict sits right under
        # the prompt, with no scrolling to find it.
        self.query_one("#answer", TextArea).display = False
        self.query_one("#number", Input).display = False
        self._show_feedback(self._feedback(outcome, text))
        self.query_one("#feedback", Static).focus()

    def _feedback(self, outcome: Outcome, text: str) -> Any:
        keys, mark = self.quiz.options.keys, self.claim_mark
        return feedback(self.practice, outcome, text, keys, self.retrying, mark)

    def _show_feedback(self, body: Any) -> None:
        feedback = self.query_one("#feedback", Static)
        feedback.update(body)
        feedback.display = True
        feedback.can_focus = True
        self.query_one("#ask", VerticalScroll).scroll_home(animate=False)

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
        self.quiz.progress_changed()

    def action_next(self) -> None:
        self._clear_answer()
        self._set_phase("loading")
        self.load_next()

    def _clear_answer(self) -> None:
        """The answer box emptied when the next item is asked for, not when it arrives: keys
        typed while it loads are the learner's first words."""
        self.query_one("#answer", TextArea).text = ""

    def action_undo(self) -> None:
        if self.phase == "held":
            self.undo_hold()
        else:
            self.undo_answer()

    @job("ask")
    def undo_answer(self) -> Undone:
        return Undone(self.practice.undo())

    def on_undone(self, message: Undone) -> None:
        undone = message.attempt
        if undone is None:
            self.notify("Nothing to undo")
            return
        self.notify(f"Took back your answer to {undone.item_id}: answer it again")
        self.quiz.progress_changed()
        self.query_one("#answer", TextArea).text = undone.answer  # to be mended, not retyped
        self.retry_again = undone.item_id if undone.retry else None  # still a retry
        self._set_phase("loading")
        self.load_again(undone.item_id, undone.seed)

    def action_leave(self) -> None:
        self.app.pop_screen()
