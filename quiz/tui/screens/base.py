"""What every screen of the app shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from quiz.practice.engine import Practice


class QuizScreen(Screen[None]):
    """A screen of the app, with the loaded practice engine at hand."""

    @property
    def practice(self) -> Practice:
        return self.app.context.practice  # type: ignore[attr-defined, no-any-return]
