"""Numeric drill: a generated problem, an answer with units, the verdict and the worked steps."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from quiz.practice.progress import progress_today
from quiz.tui.screens.ask import AskScreen
from quiz.tui.screens.asked import ItemLoaded
from quiz.tui.screens.base import job


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

    @job("ask")
    def action_another(self) -> ItemLoaded | None:
        if self.entry is None:
            return None
        problem = self.practice.problem(self.entry.item_id)
        return ItemLoaded(self.entry, problem, progress_today(self.practice, self.mode))
