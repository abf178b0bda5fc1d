"""Home: what is due, what is new, streak, retention, weakest topics, and a key per mode."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Static

from quiz.tui.destinations import DESTINATIONS
from quiz.tui.screens.base import QuizScreen, job
from quiz.tui.widgets.header import QuizHeader

if TYPE_CHECKING:
    from quiz.practice.stats import Stats


class StatsComputed(Message):
    def __init__(self, stats: Stats) -> None:
        super().__init__()
        self.stats = stats


def _open_binding(key: str, name: str, title: str) -> BindingType:
    return Binding(key, f"app.open('{name}')", title, id=f"open-{name}", show=False)


class HomeScreen(QuizScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Listed in the Start panel, so the footer stays short (and quick to draw).
        _open_binding(place.key, place.name, place.title)
        for place in DESTINATIONS.values()
    ] + [Binding("q", "app.quit", "Quit", id="quit-home", show=False)]  # the footer has ctrl+q

    def compose(self) -> ComposeResult:
        yield QuizHeader()
        with Horizontal(id="home"):
            with Vertical(id="home-status"):
                yield Static("Loading the bank and your progress...", id="summary")
                yield Static("", id="weakest")
            yield Static(self._modes(), id="modes")
        yield Footer()

    def _modes(self) -> str:
        """The Start panel as markup: each line a key, and clickable."""
        lines = ["[b]Start[/b]", ""]
        remapped = self.quiz.options.keys
        for place in DESTINATIONS.values():
            key = remapped.get(f"open-{place.name}", place.key).split(",")[0].strip()
            shown = "," if key == "comma" else key
            lines.append(
                f"[@click=app.open('{place.name}')][reverse][b] {shown} [/b][/reverse] "
                f"[b]{place.title:<10}[/b] [dim]{place.summary}[/dim][/]"
            )
        lines += ["", "[reverse][b] ctrl+p [/b][/reverse] [dim]every action, by name[/dim]"]
        return "\n".join(lines)

    def on_mount(self) -> None:
        self.context_changed()

    def on_screen_resume(self) -> None:
        self.context_changed()

    def context_changed(self) -> None:
        if self.quiz.load_error:
            self.query_one("#summary", Static).update(
                Text(f"Cannot start: {self.quiz.load_error}", style="bold red")
            )
        elif self.quiz.context is not None:
            self.load_stats()

    @job("home")
    def load_stats(self) -> StatsComputed:
        from quiz.practice.stats import compute

        return StatsComputed(compute(self.practice))

    def on_stats_computed(self, message: StatsComputed) -> None:
        self._show(message.stats)

    def _show(self, stats: Stats) -> None:
        practice = self.practice
        started = practice.daily_new_limit
        summary = Text()
        summary.append(f"Profile {practice.profile_name}\n\n", style="bold")
        summary.append(f"{stats.due_now:>5}", style="bold cyan")
        summary.append("  due now\n")
        summary.append(f"{stats.new:>5}", style="bold green")
        summary.append(f"  not started yet (up to {started} new a day)\n")
        summary.append(f"{stats.reviews_today:>5}", style="bold")
        summary.append("  answered today\n")
        summary.append(f"{stats.streak:>5}", style="bold yellow")
        summary.append("  day streak\n")
        retention = f"{stats.retention:.0%}" if stats.retention is not None else "  -"
        summary.append(f"{retention:>5}", style="bold magenta")
        summary.append(f"  retention, last 30 days (target {stats.target_retention:.0%})\n")
        self.query_one("#summary", Static).update(summary)
        weakest = Text("Weakest topics\n\n", style="bold")
        reviewed = [t for t in stats.topics if t["cards"]]
        if not reviewed:
            weakest.append("none yet: answer a few questions first", style="dim")
        for topic in reviewed[:5]:
            weakest.append(f"{topic['mastery']:>5.0%}  ", style="bold")
            weakest.append(f"{topic['topic']}")
            weakest.append(f" ({topic['answers']} answers)\n", style="dim")
        self.query_one("#weakest", Static).update(weakest)
