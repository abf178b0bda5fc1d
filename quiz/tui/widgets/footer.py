"""The app's footer: Textual's, rebuilt only when the keys it shows change.

Textual 8's Footer rebuilds all of its key widgets (each one restyled) every time its screen
announces that the bindings may have changed, and a screen announces it on every focus change as
well as on every refresh of its bindings: after a graded answer that made three rebuilds of the
same keys. This one skips an announcement while a rebuild is already on its way (it reads the
bindings when it runs) and one that would show the keys already shown.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]


class QuizFooter(Footer):
    _shown: Shown | None = None
    _pending = False  # a rebuild is scheduled

    def _keys(self) -> Shown:
        """What the footer shows of its screen's bindings: key, action, label, enabled, tip."""
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    def compose(self) -> ComposeResult:
        self._pending = False
        self._shown = self._keys() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        mine = self.is_attached and screen is self.screen
        if mine and (self._pending or self._keys() == self._shown):
            self._bindings_ready = True
            return
        super().bindings_changed(screen)
        self._pending = mine and self.app.app_focus  # Textual schedules a rebuild only then
