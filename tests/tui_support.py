"""What the Textual app's pilot tests share: the app on a fixed clock, waiting for a condition
(never for a fixed time), and reading what a widget shows."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from quiz.tui.app import QuizApp
from quiz.tui.context import Options
from tests.conftest import one_question_bank

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
SIZE = (110, 40)
GOOD_Q1 = "Bandwidth is the rate data moves from GPU memory; each token reads the weights."
BANK = "# yaml-language-server: $schema=schema.json\n" + one_question_bank()


def make_app(
    tmp_path: Path, monotonic: Callable[[], float] = time.monotonic, **options: object
) -> QuizApp:
    return QuizApp(
        Options(db=str(tmp_path / "tui.db"), **options),  # type: ignore[arg-type]
        now=lambda: NOW,
        monotonic=monotonic,
    )


async def until(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.05)


async def report_shown(pilot: Pilot[None]) -> None:
    """Until the interview's report is on screen with its body: the report screen is pushed
    before it is composed, so a check in between finds no '#report-body'."""
    app = pilot.app
    await until(
        pilot,
        lambda: (
            type(app.screen).__name__ == "ReportScreen" and bool(app.screen.query("#report-body"))
        ),
    )


async def loaded(pilot: Pilot[None]) -> QuizApp:
    app = pilot.app
    assert isinstance(app, QuizApp)
    await until(pilot, lambda: app.context is not None or app.load_error is not None)
    await pilot.pause()
    return app


def plain(widget: Static) -> str:
    """What a Static shows, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def hold_the_load(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The app's domain load waits until the returned event is set."""
    from quiz.tui.context import load

    release = threading.Event()

    def held_load(*args: object) -> object:
        assert release.wait(30)
        return load(*args)  # type: ignore[arg-type]

    monkeypatch.setattr("quiz.tui.app.load", held_load)
    return release


def text_of(app: QuizApp, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static))


def text_of_footer(app: QuizApp) -> str:
    return " ".join(str(key.render()) for key in app.screen.query(FooterKey))


async def practising(pilot: Pilot[None]) -> tuple[QuizApp, Screen[object]]:
    """The loaded app with its practice screen asking the first question."""
    app = await loaded(pilot)
    await pilot.press("p")
    screen = app.screen
    await until(pilot, lambda: getattr(screen, "phase", "") == "answering")
    return app, screen
