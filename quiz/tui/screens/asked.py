"""What the asking screens' background jobs send back: the next item, a graded answer, a new
rating, an answer taken back, a correction made."""

from __future__ import annotations

from textual.message import Message

from quiz.practice.outcome import Outcome
from quiz.practice.progress import Progress
from quiz.practice.queue import QueueEntry
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


class Done(Message):
    """A correction was made (undo, suspend, bury): say so and move on to the next item."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
