"""Home: what is due, what is new, streak, retention, weakest topics, and a key per mode."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from quiz.printable import printable_name
from quiz.tui.destinations import DESTINATIONS, INSTRUCTOR_NOTE, INSTRUCTOR_SCREENS
from quiz.tui.screens.base import QuizScreen, job
from quiz.tui.shown import shown_name
from quiz.tui.widgets.footer import QuizFooter
from quiz.tui.widgets.header import QuizHeader

if TYPE_CHECKING:
    from quiz.practice.glance import Glance


class GlanceComputed(Message):
    """The home screen's figures: `full`, from the stats, or read straight from the database
    before the domain loaded (topic mastery still to come)."""

    def __init__(self, glance: Glance, full: bool = True) -> None:
        super().__init__()
        self.glance, self.full = glance, full


def _open_binding(key: str, name: str, title: str) -> BindingType:
    """A key that opens a screen. A priority binding: the app runs it as the key arrives, so the
    screen is open before the next key is handed out (a key typed in the same instant is the
    new screen's, not the home screen's, where it would open another)."""
    return Binding(key, f"app.open('{name}')", title, id=f"open-{name}", show=False, priority=True)


NARROW = 110  # columns below which the Start panel drops its descriptions for the figures


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
                glance = self.quiz.first_glance
                if glance is None:
                    yield Static("Loading the bank and your progress...", id="summary")
                    yield Static("", id="weakest")
                else:  # the figures saved last time, still true: shown in the first frame
                    yield Static(_summary(glance), id="summary")
                    yield Static(_weakest(glance), id="weakest")
            narrow = self.app.size.width < NARROW  # set before the first frame
            self.set_class(narrow, "narrow")
            yield Static(self._modes(narrow), id="modes")
        yield QuizFooter()

    def _modes(self, narrow: bool) -> Content:
        context = self.quiz.context
        instructor = context is not None and context.engine is None  # no practice of their own
        return start_panel(
            self.quiz.options.keys, narrow, INSTRUCTOR_SCREENS if instructor else None
        )

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        if narrow != self.has_class("narrow"):
            self.set_class(narrow, "narrow")
            self.query_one("#modes", Static).update(self._modes(narrow))

    computed = False  # the full computation's figures are shown

    def on_mount(self) -> None:
        self.context_changed()

    def on_screen_resume(self) -> None:
        self.context_changed()

    def context_changed(self) -> None:
        if self.quiz.load_error:
            self.query_one("#summary", Static).update(
                Text(f"Cannot start: {self.quiz.load_error}", style="bold red")
            )
        elif self.quiz.context is not None and self.quiz.context.engine is None:
            self.query_one("#summary", Static).update(
                Text(f"Instructor\n\n{INSTRUCTOR_NOTE[0].upper()}{INSTRUCTOR_NOTE[1:]}.")
            )
            self.query_one("#weakest", Static).update("")
            self.query_one("#modes", Static).update(self._modes(self.has_class("narrow")))
        elif self.quiz.context is not None:
            self.load_stats()

    @job("home")
    def load_stats(self) -> GlanceComputed:
        from quiz.practice.glance import current_glance

        return GlanceComputed(current_glance(self.practice, self.quiz.glance_where()))

    def on_glance_computed(self, message: GlanceComputed) -> None:
        if self.computed and not message.full:
            return  # the full computation came first: it wins
        self.computed = self.computed or message.full
        self.query_one("#summary", Static).update(_summary(message.glance))
        self.query_one("#weakest", Static).update(_weakest(message.glance))


def start_panel(
    remapped: Mapping[str, str], narrow: bool, places: Collection[str] | None = None
) -> Content:
    """The Start panel: each line a key, and clickable; in a narrow terminal the keys and
    names only; only the `places` named, if given (an instructor's). The keys come from the
    config file, so they are template variables (inserted as plain text), never markup."""
    lines = ["[b]Start[/b]", ""]
    keys: dict[str, str] = {}
    for place in DESTINATIONS.values():
        if places is not None and place.name not in places:
            continue
        key = remapped.get(f"open-{place.name}", place.key).split(",")[0].strip()
        keys[f"key_{place.name}"] = " " + printable_name("," if key == "comma" else key) + " "
        summary = "" if narrow else f" [dim]{place.summary}[/dim]"
        lines.append(
            f"[@click=app.open('{place.name}')][reverse][b]$key_{place.name}[/b][/reverse] "
            f"[b]{place.title:<10}[/b]{summary}[/]"
        )
    every = "every action" if narrow else "every action, by name"
    lines += ["", f"[reverse][b] ctrl+p [/b][/reverse] [dim]{every}[/dim]"]
    return Content.from_markup("\n".join(lines), **keys)


def _summary(glance: Glance) -> Text:
    summary = Text()
    summary.append("Profile ", style="bold")
    summary.append(shown_name(glance.profile_name, style="bold"))
    summary.append("\n\n")
    summary.append(f"{glance.due_now:>5}", style="bold cyan")
    summary.append("  due now\n")
    summary.append(f"{glance.new:>5}", style="bold green")
    summary.append(f"  not started yet (up to {glance.daily_new_limit} new a day)\n")
    summary.append(f"{glance.reviews_today:>5}", style="bold")
    summary.append("  answered today\n")
    summary.append(f"{glance.streak:>5}", style="bold yellow")
    summary.append("  day streak\n")
    retention = f"{glance.retention:.0%}" if glance.retention is not None else "  -"
    summary.append(f"{retention:>5}", style="bold magenta")
    summary.append(f"  retention, last 30 days (target {glance.target_retention:.0%})\n")
    if glance.interview is not None and glance.readiness is not None:
        left = (date.fromisoformat(glance.interview) - date.fromisoformat(glance.day)).days
        summary.append(f"{left:>5}", style="bold red")
        summary.append(
            f"  days to your interview ({glance.interview}): readiness "
            f"{glance.readiness:.0%} (quiz plan)\n"
        )
    return summary


def _weakest(glance: Glance) -> Text:
    weakest = Text("Weakest topics\n\n", style="bold")
    if glance.weakest is None:  # a new day: mastery decayed overnight, worked out in a moment
        weakest.append("working out today's mastery...", style="dim")
        return weakest
    if not glance.weakest:
        weakest.append("none yet: answer a few questions first", style="dim")
    for topic in glance.weakest:
        weakest.append(f"{topic.mastery:>5.0%}  ", style="bold")
        weakest.append(shown_name(topic.topic))
        noun = "answer" if topic.answers == 1 else "answers"
        weakest.append(f" ({topic.answers} {noun})\n", style="dim")
    return weakest
