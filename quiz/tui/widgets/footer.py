"""The app's footer: Textual's, rebuilt only when the keys it shows change.

Textual 8's Footer rebuilds all of its key widgets (each one restyled) every time its screen
announces that the bindings may have changed, and a screen announces it on every focus change as
well as on every refresh of its bindings: after a graded answer that made three rebuilds of the
same keys. This one skips an announcement while a rebuild is already on its way (it reads the
bindings when it runs) and one that would show the keys already shown.

It also fits the terminal: where the keys would run past its edge (an 80-column terminal cut
"^g Bur"), the least needed are left out of the footer, in the order of `LEFT_OUT_FIRST`; they
still work, and help (? or F1) lists them.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

Shown = tuple[tuple[str, str, str, bool, str], ...]

# Actions whose keys leave the footer first when it is too narrow for all (ctrl+q is known;
# suspend and bury are rare; the palette, which reaches every action, stays longest).
LEFT_OUT_FIRST = ("quit", "bury", "suspend", "history", "command_palette")
COMPACT_BELOW = 100  # columns below which the footer's keys are packed closer (Textual's compact)


def key_width(key: FooterKey, compact: bool) -> int:
    """Columns a footer key takes: its key and description with their padding (compact: one
    space between them and one after); the palette's also has a border and padding."""
    extra = (1 if compact else 2) if key.has_class("-command-palette") else 0
    return len(key.key_display) + len(key.description) + (2 if compact else 3) + extra


def fitted(widgets: list[Widget], width: int, compact: bool = False) -> Iterable[Widget]:
    """The footer's widgets less the keys, least needed first, that would not fit."""
    keys = [w for w in widgets if isinstance(w, FooterKey)]
    need = sum(key_width(key, compact) for key in keys)
    left_out: set[int] = set()
    for action in LEFT_OUT_FIRST:
        if need <= width:
            break
        for key in keys:
            if key.action == action and id(key) not in left_out:
                left_out.add(id(key))
                need -= key_width(key, compact)
    return [w for w in widgets if id(w) not in left_out]


class QuizFooter(Footer):
    _shown: Shown | None = None
    _pending = False  # a rebuild is scheduled
    _width = 0  # the width the keys were fitted to

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
        self._width = self.size.width or self.app.size.width
        self.compact = self._width < COMPACT_BELOW
        yield from fitted(list(super().compose()), self._width, self.compact)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width and self._bindings_ready:
            self.refresh(recompose=True)

    def bindings_changed(self, screen: Screen[object]) -> None:
        mine = self.is_attached and screen is self.screen
        if mine and (self._pending or self._keys() == self._shown):
            self._bindings_ready = True
            return
        super().bindings_changed(screen)
        self._pending = mine and self.app.app_focus  # Textual schedules a rebuild only then
