"""Claiming a missed rubric point from the feedback ("I said this", issue 32): `c` claims the
marked missed point (or withdraws its claim), `v` marks the next missed point. The claim is
recorded and the answer scored again by the engine (`quiz.practice.claims`); the feedback is
redrawn with the new score and rating."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from quiz.tui.screens.base import QuizScreen, job
from quiz.tui.widgets.claims import claimable

if TYPE_CHECKING:
    from quiz.practice.outcome import Outcome

CLAIM_ACTIONS = frozenset({"claim", "claim_pick"})


class Claimed(Message):
    """A point was claimed (or its claim withdrawn): the outcome under the claims now."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


class ClaimKeys(QuizScreen):
    """The claim keys of `AskScreen`, offered once an answer is graded against a rubric."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not in the footer (it fills 80 columns already): the feedback names them, as remapped.
        Binding("c", "claim", "I said this", id="claim", show=False),
        Binding("v", "claim_pick", "Next missed", id="claim-pick", show=False),
    ]

    phase = "loading"
    outcome: Outcome | None = None
    _claim_at: tuple[int, int] = (0, 0)  # (attempt, the missed point marked), for the feedback

    @property
    def claim_mark(self) -> int:
        """The missed point the claim key acts on (an index into `claimable`), for the answer on
        screen: the first for a new answer."""
        attempt, mark = self._claim_at
        return mark if self.outcome is not None and attempt == self.outcome.attempt_id else 0

    def claim_offered(self) -> bool:
        """Whether the claim keys do anything now: an answer graded by a rubric is on screen
        and the scorer missed some of its points."""
        outcome = self.outcome
        return (
            self.phase == "graded"
            and outcome is not None
            and outcome.grade is not None
            and bool(claimable(outcome.grade))
        )

    def action_claim(self) -> None:
        outcome = self.outcome
        if not self.claim_offered() or outcome is None or outcome.grade is None:
            return
        ids = claimable(outcome.grade)
        self.claim(outcome, ids[self.claim_mark % len(ids)])

    def action_claim_pick(self) -> None:
        if not self.claim_offered() or self.outcome is None or self.outcome.grade is None:
            return
        count = len(claimable(self.outcome.grade))
        self._claim_at = (self.outcome.attempt_id, (self.claim_mark + 1) % count)
        self.redraw_feedback()

    @job("ask")
    def claim(self, outcome: Outcome, point_id: str) -> Claimed:
        from quiz.practice.claims import toggle_claim

        return Claimed(toggle_claim(self.practice, outcome, point_id))

    def on_claimed(self, message: Claimed) -> None:
        changed = message.outcome
        if self.outcome is None or self.outcome.attempt_id != changed.attempt_id:
            return
        self.outcome = changed
        self.redraw_feedback()
        self.notify(f"Score {changed.score or 0:.2f}, rated {changed.final.label}")
        self.quiz.progress_changed()

    def redraw_feedback(self) -> None:
        """The feedback drawn again for the outcome on screen."""
        if self.outcome is not None:
            self._show_feedback(self._feedback(self.outcome, self._answer_text()))

    # Defined by the screen.
    def _feedback(self, outcome: Outcome, text: str) -> Any:
        raise NotImplementedError

    def _show_feedback(self, body: Any) -> None:
        raise NotImplementedError

    def _answer_text(self) -> str:
        raise NotImplementedError
