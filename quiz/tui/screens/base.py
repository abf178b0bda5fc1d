"""What every screen of the app shares: typed access to the app and the engine, background jobs
whose results come back as typed messages, and one handler for a job that failed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from quiz.tui.served import offer_alternatives, served

if TYPE_CHECKING:
    from quiz.practice.engine import Practice
    from quiz.tui.app import QuizApp
    from quiz.tui.context import Context

F = TypeVar("F", bound=Callable[..., Any])


def job(group: str) -> Callable[[F], F]:
    """Run a method in a thread, one at a time per group. It returns a Message (posted to the
    screen when it finishes) or None; an exception it raises reaches `job_failed`."""
    return cast(
        "Callable[[F], F]", work(thread=True, exclusive=True, group=group, exit_on_error=False)
    )


def one_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class QuizScreen(Screen[None]):
    """A screen of the app, with the loaded practice engine at hand."""

    def __init__(
        self, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name, id, classes)
        if served():  # in a browser tab: keys the browser keeps get alternatives
            offer_alternatives(self, self.quiz.options.keys)

    @property
    def quiz(self) -> QuizApp:
        return cast("QuizApp", self.app)

    @property
    def context(self) -> Context:
        found = self.quiz.context
        if found is None:
            raise RuntimeError("the bank and the database are still loading")
        return found

    @property
    def practice(self) -> Practice:
        return self.context.practice

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.SUCCESS and isinstance(worker.result, Message):
            self.post_message(worker.result)
        elif event.state is WorkerState.ERROR and worker.error is not None:
            self.job_failed(worker.group, worker.error)

    def job_failed(self, group: str, error: BaseException) -> None:
        """The one place a failed job is shown: a message on screen, never a traceback."""
        self.notify(one_line(error), severity="error", timeout=10)
