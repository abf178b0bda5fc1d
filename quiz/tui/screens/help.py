"""Help (`?` or F1): the keys of the screen underneath, as the learner presses them (after the
config file's [keys] remapping), each with what it does and whether it works right now."""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from quiz.tui.shown import shown_name


class KeyRow(NamedTuple):
    key: str  # as displayed (ctrl+s as ^s)
    description: str
    enabled: bool  # works now (else: in another phase of the screen)


def key_rows(app: App[None], screen: Screen[object]) -> list[KeyRow]:
    """Every key of a screen and of the app that says what it does, once per binding, in the
    order the screen declares them (a focused widget's own keys, scrolling, are left out)."""
    rows: dict[tuple[str, str], KeyRow] = {}
    for node, binding, enabled, _tip in screen.active_bindings.values():
        if not binding.description or node not in (screen, app):  # not a widget's scrolling
            continue
        shown = app.get_key_display(binding)
        what = (binding.action, binding.description)
        row = rows.get(what)
        if row is None:
            rows[what] = KeyRow(shown, binding.description, enabled)
        elif shown not in row.key.split(" / "):  # two keys, one action (? and F1)
            rows[what] = row._replace(key=f"{row.key} / {shown}")
    return list(rows.values())


def keys_text(rows: list[KeyRow]) -> Text:
    width = max((len(row.key) for row in rows), default=0)
    text = Text()
    for row in rows:
        style = "bold reverse" if row.enabled else "dim"
        text.append(shown_name(row.key.ljust(width), style=style))
        text.append("  ")
        text.append(shown_name(row.description, style="" if row.enabled else "dim"))
        if not row.enabled:
            text.append("  (not now)", style="dim")
        text.append("\n")
    return text


class HelpScreen(ModalScreen[None]):
    """Lists the keys; any key closes it."""

    def __init__(self, title: str, rows: list[KeyRow]) -> None:
        super().__init__()
        self.heading, self.rows = title, rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(shown_name(f"Keys: {self.heading}", style="bold"), id="help-title")
            yield Static(keys_text(self.rows), id="help-keys")
            yield Static(
                Text("Any key closes this. ctrl+p lists every action by name.", style="dim")
            )

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss()
