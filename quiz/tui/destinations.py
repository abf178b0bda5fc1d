"""Every place the app can open, in one table: the home screen's keys and Start panel, the command
palette and the screen factories read it. The practice modes' titles and summaries come from
the engine's modes table (`quiz.practice.modes`), so a mode is described once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.screen import Screen

from quiz.practice.modes import MODES

if TYPE_CHECKING:
    from quiz.tui.context import Options


@dataclass(frozen=True, slots=True)
class Destination:
    name: str
    key: str  # on the home screen
    title: str
    summary: str
    open: Callable[[Options], Screen[None]]  # imports the screen's module on first use
    early: bool = False  # opens before the bank is loaded: its answer box takes what is typed


def _ask(mode: str) -> Callable[[Options], Screen[None]]:
    def make(options: Options) -> Screen[None]:
        from quiz.tui.screens.ask import AskScreen

        return AskScreen(mode)

    return make


def _drill(options: Options) -> Screen[None]:
    from quiz.tui.screens.drill import DrillScreen

    return DrillScreen()


def _interview(options: Options) -> Screen[None]:
    from quiz.tui.screens.interview import InterviewScreen

    return InterviewScreen(options.questions, options.minutes)


def _stats(options: Options) -> Screen[None]:
    from quiz.tui.screens.stats import StatsScreen

    return StatsScreen()


def _bank(options: Options) -> Screen[None]:
    from quiz.tui.screens.bank import BankScreen

    return BankScreen()


def _cohort(options: Options) -> Screen[None]:
    from quiz.tui.screens.cohort import CohortScreen

    return CohortScreen()


def _held(options: Options) -> Screen[None]:
    from quiz.tui.screens.held import HeldScreen

    return HeldScreen()


def _settings(options: Options) -> Screen[None]:
    from quiz.tui.screens.settings import SettingsScreen

    return SettingsScreen()


def _mode(name: str, key: str, make: Callable[[Options], Screen[None]]) -> Destination:
    mode = MODES[name]
    early = name in ("practice", "review", "cram", "drill")
    return Destination(name, key, mode.title, mode.summary, make, early)


DESTINATIONS: dict[str, Destination] = {
    d.name: d
    for d in (
        _mode("practice", "p", _ask("practice")),
        _mode("review", "r", _ask("review")),
        _mode("cram", "c", _ask("cram")),
        _mode("drill", "d", _drill),
        _mode("interview", "i", _interview),
        Destination("stats", "s", "Stats", "history and mastery as charts", _stats),
        Destination("bank", "b", "Bank", "browse items and lint findings", _bank),
        Destination("held", "h", "Held", "suspended and buried items", _held),
        Destination("cohort", "k", "Cohort", "learners' progress and weak spots", _cohort),
        Destination(
            "settings", "comma", "Settings", "theme, retention, limit, interview", _settings
        ),
    )
}


def screen_bindings() -> dict[str, dict[str, str]]:
    """Per screen (by its class name), each binding id with its default key(s); the app's own
    bindings (ctrl+q) hold on every screen, so each screen lists them too."""
    from quiz.tui.app import QuizApp
    from quiz.tui.screens.ask import AskScreen
    from quiz.tui.screens.bank import BankScreen
    from quiz.tui.screens.cohort import CohortScreen
    from quiz.tui.screens.drill import DrillScreen
    from quiz.tui.screens.held import HeldScreen
    from quiz.tui.screens.history import HistoryScreen
    from quiz.tui.screens.home import HomeScreen
    from quiz.tui.screens.interview import InterviewScreen
    from quiz.tui.screens.report import ReportScreen
    from quiz.tui.screens.settings import SettingsScreen
    from quiz.tui.screens.stats import StatsScreen

    def declared(owner: type) -> dict[str, str]:
        found: dict[str, str] = {}
        for cls in reversed(owner.__mro__):  # a subclass's binding wins over its base's
            for binding in cls.__dict__.get("BINDINGS", ()):
                binding_id = getattr(binding, "id", None)
                if binding_id:
                    found[binding_id] = binding.key
        return found

    app = declared(QuizApp)
    screens: tuple[type, ...] = (HomeScreen, AskScreen, DrillScreen, InterviewScreen)
    screens += (ReportScreen, StatsScreen, BankScreen, SettingsScreen, CohortScreen)
    screens += (HeldScreen, HistoryScreen)
    return {screen.__name__: {**app, **declared(screen)} for screen in screens}


def binding_ids() -> set[str]:
    """The id of every key binding of the app and its screens (what `[keys]` may remap)."""
    return {binding for bindings in screen_bindings().values() for binding in bindings}


# What a cohort's instructor may open: their role reads the class and has no profile of its own.
INSTRUCTOR_SCREENS = frozenset({"cohort", "bank"})
INSTRUCTOR_NOTE = (
    "an instructor's role has no practice profile of its own: the Cohort screen shows the class "
    "(and the Bank screen its items)"
)
