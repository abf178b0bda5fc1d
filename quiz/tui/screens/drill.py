"""Numeric drill: a generated problem, an answer with units, the verdict and the worked steps."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType

from quiz.tui.screens.ask import AskScreen


class DrillScreen(AskScreen):
    """Drill mode; `a` draws another instance of the same problem."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "another", "Another", id="another")]
    PHASE_ACTIONS: ClassVar[dict[str, set[str]]] = {
        **AskScreen.PHASE_ACTIONS,
        "graded": AskScreen.PHASE_ACTIONS["graded"] | {"another"},
    }

    def __init__(self) -> None:
        super().__init__("drill")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "another":
            return self.phase == "graded" and self.entry is not None
        return super().check_action(action, parameters)

    @work(thread=True, exclusive=True, group="ask")
    def action_another(self) -> None:
        entry = self.entry
        try:
            problem = self.practice.problem(entry.item_id)
        except Exception as exc:  # shown to the learner, never raised
            self.app.call_from_thread(self._fail, exc)
            return
        self.app.call_from_thread(self._show_item, entry, problem)
