"""What the asking screens' background jobs send back: the next item, a graded answer, a new
rating, an answer taken back; and what is said when nothing is left."""

from __future__ import annotations

from datetime import datetime

from textual.message import Message

from quiz.practice.focus import Focus
from quiz.practice.outcome import Outcome
from quiz.practice.progress import Progress
from quiz.practice.queue import QueueEntry
from quiz.practice.render import when
from quiz.problems.generate import Instance
from quiz.store.models import Attempt


class ItemLoaded(Message):
    """The next item to ask (None: nothing left), with its numeric problem if it is one."""

    def __init__(
        self,
        entry: QueueEntry | None,
        problem: Instance | None,
        progress: Progress | None = None,
    ) -> None:
        super().__init__()
        self.entry, self.problem, self.progress = entry, problem, progress


class AnswerGraded(Message):
    def __init__(self, outcome: Outcome, text: str) -> None:
        super().__init__()
        self.outcome, self.text = outcome, text


class Rerated(Message):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


class Undone(Message):
    """The last answer was taken back (None: there was none)."""

    def __init__(self, attempt: Attempt | None) -> None:
        super().__init__()
        self.attempt = attempt


def nothing_left(
    mode: str, progress: Progress | None, now: datetime, focus: Focus | None = None
) -> str:
    """What the asking screen says when its mode has nothing left to ask (cram narrowed by
    `quiz cram --topic/--weakest` says by what)."""
    if mode == "cram" and focus is not None:
        if focus.weakest:
            why = "the weakest are among the items you answered: answer some in practice or review"
            return f"Nothing to cram ({focus.describe()}): {why} first."
        return f"Nothing to cram ({focus.describe()}): its items are all suspended or buried."
    upcoming = progress.next_due if progress is not None else None
    if upcoming is not None and mode == "review":
        shown = "%H:%M UTC" if upcoming.date() == now.date() else "%Y-%m-%d %H:%M UTC"
        return (
            f"Nothing is due. The next card is due {when(upcoming, now)} "
            f"({upcoming.strftime(shown)}); practice new items meanwhile."
        )
    return {
        "review": "Nothing is due. Come back later, or practice new items.",
        "drill": "No numeric problems are available.",
    }.get(mode, "Nothing left for today: you are done.")
