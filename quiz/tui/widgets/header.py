"""The app's header: Textual's, with a title watcher that survives its screen going away.

Textual 8's Header updates its title from an async watcher that only expects `NoScreen`; when a
screen is switched away right as it mounts (an interview ending in its report), the watcher
raises `NoMatches` and the app stops, or the coroutine is left never awaited. This one updates
the title synchronously and ignores a header that is already gone.
"""

from __future__ import annotations

import contextlib

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class QuizHeader(Header):
    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # Textual calls the handler of every base class unless told not to

        def set_title() -> None:
            with contextlib.suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
