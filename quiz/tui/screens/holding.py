"""Suspend and bury on the asking screens, and their undo (issue 33): ctrl+t or ctrl+g takes the
item off the screen and says so, with `u` to take the hold back (the item returns as it was
asked, with the text typed for it, or with its verdict if it was answered) and `n` to go on."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import Input, Static, TextArea

from quiz.practice import held
from quiz.practice.outcome import Outcome
from quiz.practice.progress import Progress, progress_today
from quiz.practice.queue import QueueEntry
from quiz.problems.generate import Instance
from quiz.tui.screens.aids import AnswerAids
from quiz.tui.screens.base import job
from quiz.tui.widgets.feedback import key_of


@dataclass(frozen=True, slots=True)
class Hold:
    """What the screen showed when an item was held, to show it again if the hold is undone."""

    action: str  # "suspend" or "bury"
    entry: QueueEntry
    problem: Instance | None
    typed: str
    hints: int
    outcome: Outcome | None  # held after its verdict
    answered: str
    retrying: bool


class HoldDone(Message):
    """An item was suspended or buried (`text` says which)."""

    def __init__(self, hold: Hold, text: str) -> None:
        super().__init__()
        self.hold, self.text = hold, text


class HoldUndone(Message):
    """A hold was taken back (released: False if something else had already let it go)."""

    def __init__(self, hold: Hold, released: bool, progress: Progress) -> None:
        super().__init__()
        self.hold, self.released, self.progress = hold, released, progress


class HoldKeys(AnswerAids):
    """ctrl+t, ctrl+g and the undo of either, for `AskScreen`."""

    mode: str
    hold: Hold | None = None  # the hold `u` would take back

    def _show_item(
        self, entry: QueueEntry | None, problem: Instance | None, progress: Progress | None = None
    ) -> None:
        raise NotImplementedError

    def _show_outcome(self, outcome: Outcome, text: str) -> None:
        raise NotImplementedError

    def action_suspend(self) -> None:
        if self.confirmed("suspend", "suspend"):
            self._hold("suspend")

    def action_bury(self) -> None:
        if self.confirmed("bury", "bury"):
            self._hold("bury")

    def _hold(self, action: str) -> None:
        if self.entry is None:
            return
        typed = (
            self.query_one("#number", Input).value
            if self.problem is not None
            else self.query_one("#answer", TextArea).text
        )
        graded = self.phase == "graded"
        hold = Hold(
            action,
            self.entry,
            self.problem,
            typed if not graded else "",
            self.hints_used,
            self.outcome if graded else None,
            self.answered,
            self.retrying,
        )
        self._set_phase("loading")
        self.hold_item(hold)

    @job("ask")
    def hold_item(self, hold: Hold) -> HoldDone:
        item_id = hold.entry.item_id
        if hold.action == "suspend":
            self.practice.suspend(item_id)
            return HoldDone(hold, f"Suspended {item_id}")
        self.practice.bury(item_id)
        return HoldDone(hold, f"Buried until tomorrow: {item_id}")

    def on_hold_done(self, message: HoldDone) -> None:
        self.hold = message.hold
        self.notify(message.text)
        self.quiz.progress_changed()
        keys = self.quiz.options.keys
        notice = Text(message.text, style="bold")
        notice.append(
            f"\n\n{key_of(keys, 'undo', 'u')} undo (it comes back as it was) · "
            f"{key_of(keys, 'next', 'n')} next",
            style="dim",
        )
        self.query_one("#meta", Static).update("")
        self.query_one("#prompt", Static).update(notice)
        for selector in ("#answer", "#number", "#feedback", "#hints"):
            self.query_one(selector).display = False
        self._set_phase("held")

    def undo_hold(self) -> None:
        if self.hold is None:
            return
        hold, self.hold = self.hold, None
        self._set_phase("loading")
        self.release_hold(hold)

    @job("ask")
    def release_hold(self, hold: Hold) -> HoldUndone:
        let_go = held.unsuspend if hold.action == "suspend" else held.unbury
        released = let_go(self.practice, hold.entry.item_id)
        return HoldUndone(hold, released, progress_today(self.practice, self.mode))

    def on_hold_undone(self, message: HoldUndone) -> None:
        hold = message.hold
        verb = "suspension" if hold.action == "suspend" else "burial"
        self.notify(f"Took back the {verb} of {hold.entry.item_id}")
        self.quiz.progress_changed()
        self.query_one("#answer", TextArea).text = hold.typed  # kept by _show_item
        self.retry_again = hold.entry.item_id if hold.retrying else None
        self._show_item(hold.entry, hold.problem, message.progress)
        area = self.query_one("#answer", TextArea)
        area.move_cursor(area.document.end)  # to go on where the learner stopped
        for _ in range(hold.hints):
            self.action_hint()
        if hold.outcome is not None:
            self.answered = hold.answered
            self._show_outcome(hold.outcome, hold.answered)
