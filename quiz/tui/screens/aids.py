"""What an asking screen offers around an answer (issue 33): hints before it (one rubric
criterion at a time, each costing the rating: `quiz.practice.hints`), a retry after the feedback
that keeps the text, and a question before suspend or bury drops a typed answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static, TextArea

from quiz.practice.hints import HINT_CAP, Aid, hints_available, hints_shown
from quiz.tui.screens.base import QuizScreen
from quiz.tui.shown import shown, shown_name
from quiz.tui.widgets.feedback import key_of

if TYPE_CHECKING:
    from quiz.practice.outcome import Outcome
    from quiz.practice.queue import QueueEntry
    from quiz.problems.generate import Instance


RETRY_NOTE = "  retry: your first answer keeps the schedule"


def hints_text(criteria: tuple[str, ...], total: int) -> Text:
    """The hints revealed so far, and what they cost."""
    text = Text()
    for number, criterion in enumerate(criteria, 1):
        text.append(f"Hint {number} of {total}: ", style="bold yellow")
        text.append(shown(criterion))
        text.append("\n")
    text.append(f"With a hint this answer is rated at most {HINT_CAP.label}.", style="dim")
    return text


class AnswerAids(QuizScreen):
    """Hints, retry and the question before dropping a typed answer, for `AskScreen`."""

    phase = "loading"
    entry: QueueEntry | None = None
    problem: Instance | None = None
    outcome: Outcome | None = None
    hints_used = 0  # criteria revealed for the item on screen
    retrying = False  # the answer on screen answers its item again, after its feedback
    answered = ""  # the text of the answer graded last
    confirming: str | None = None  # the action asked about once already, for this item
    retry_again: str | None = None  # a retry of this item was taken back: asked as a retry

    def _set_phase(self, phase: str) -> None:
        raise NotImplementedError

    def aid(self) -> Aid:
        return Aid(hints=self.hints_used, retry=self.retrying)

    def reset_aids(self) -> None:
        """A new item on screen: no hint shown, not a retry (unless one was taken back), nothing
        asked."""
        self.hints_used, self.confirming = 0, None
        item_id = self.entry.item_id if self.entry is not None else None
        self.retrying, self.retry_again = item_id is not None and item_id == self.retry_again, None
        hints = self.query_one("#hints", Static)
        hints.update("")
        hints.display = False

    def hinted(self) -> bool:
        """Whether the item on screen has hints to give: a rubric (no numeric problem has)."""
        entry = self.practice.entries.get(self.entry.item_id) if self.entry is not None else None
        return entry is not None and entry.item is not None and bool(entry.item.rubric)

    def action_hint(self) -> None:
        if self.phase != "answering" or self.entry is None or self.problem is not None:
            return
        item = self.practice.item(self.entry.item_id)
        total = hints_available(item)
        if self.hints_used >= total:
            self.notify("No more hints: every criterion is shown." if total else "No hints here.")
            return
        self.hints_used += 1
        hints = self.query_one("#hints", Static)
        hints.update(hints_text(hints_shown(item, self.hints_used), total))
        hints.display = True

    def can_retry(self) -> bool:
        return self.outcome is not None and self.outcome.grade is not None

    def action_retry(self) -> None:
        """Answer the item again with the graded text in the box, to add what was missing."""
        if self.phase != "graded" or not self.can_retry():
            return
        self.retrying, self.confirming = True, None
        self.query_one("#feedback", Static).display = False
        area = self.query_one("#answer", TextArea)
        area.text, area.read_only, area.display = self.answered, False, True
        area.move_cursor(area.document.end)
        area.focus()
        self.query_one("#meta", Static).update(self._retry_meta())
        self._set_phase("answering")

    def _retry_meta(self) -> Text:
        line = Text()
        if self.entry is not None:
            line.append(shown_name(f" {self.entry.item_id} ", style="bold reverse"))
        line.append(RETRY_NOTE, style="bold yellow")
        return line

    def confirmed(self, action: str, verb: str) -> bool:
        """Whether to carry out a suspend or bury now: asked once first while an answer is
        typed, since it would take the item, and the text with it, off the screen."""
        typed = self.phase == "answering" and self.query_one("#answer", TextArea).text.strip()
        if not typed or self.confirming == action:
            return True
        self.confirming = action
        key = key_of(self.quiz.options.keys, action, "ctrl+t" if action == "suspend" else "ctrl+g")
        self.notify(
            f"You have typed an answer: press {key} again to {verb} this item (the text goes "
            "with it), or go on answering."
        )
        return False
