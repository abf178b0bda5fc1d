"""What the week-long journey's learners share (tests/test_journey.py): their own bank, what
they know, a learner with a database, a bank file and a clock moved on day by day, and reading
what the app shows (the item on screen, the progress line, the home figures, held items)."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TextArea

from quiz.tui.app import QuizApp
from quiz.tui.context import Options
from tests.tui_support import NOW, SIZE, loaded, text_of, until

MINE = """questions:
  - id: j.q1
    topic: journey
    prompt: {prompt}
    model_answer: The rate at which data moves.
    rubric:
      - id: def
        criterion: Defines it as a rate.
        concepts:
          - forms: [rate, speed]
    follow_ups:
      - id: j.q1.f1
        prompt: Why does bandwidth matter when decoding?
        model_answer: Each token reads all the weights.
        rubric:
          - id: why
            criterion: Says each token reads the weights.
            concepts:
              - forms: [weights, parameters]
"""
Q2 = """  - id: j.q2
    topic: journey
    prompt: What is latency?
    model_answer: The delay before a response comes.
    rubric:
      - id: def
        criterion: Defines latency as a delay.
        concepts:
          - forms: [delay, wait]
"""
RIGHT = {  # what the learner knows: their own bank
    "j.q1": "It is the rate at which data moves from memory.",
    "j.q1.f1": "Each token has to read all the weights from memory.",
    "j.q2": "It is the delay before the response arrives.",
}
UNKNOWN = "I do not know this one yet."  # anything else: a wrong answer, rated again


class Learner:
    """One learner's database, bank file and clock, across days."""

    def __init__(self, tmp_path: Path, **options: object) -> None:
        self.db = str(tmp_path / "journey.db")
        self.bank = tmp_path / "mine.yaml"
        self.bank.write_text(MINE.format(prompt="What is bandwidth?") + Q2, encoding="utf-8")
        self.now: datetime = NOW
        self.options = options

    def next_day(self) -> None:
        self.now += timedelta(days=1)

    @asynccontextmanager
    async def day(self, **options: object) -> AsyncIterator[tuple[Pilot[None], QuizApp]]:
        settings = {**self.options, **options}
        frozen = settings.pop("frozen_timers", False)  # the interview's countdown stands still
        app = QuizApp(
            Options(db=self.db, banks=(str(self.bank),), **settings),  # type: ignore[arg-type]
            now=lambda: self.now,
            monotonic=(lambda: 0.0) if frozen else time.monotonic,
        )
        async with app.run_test(size=SIZE) as pilot:
            yield pilot, await loaded(pilot)


def phase(app: QuizApp) -> str:
    return str(getattr(app.screen, "phase", ""))


def on_screen(app: QuizApp) -> str:
    """The id of the item the asking screen shows (its meta line's first word)."""
    meta = text_of(app, "#meta").split()
    return meta[0] if meta else ""


def progress(app: QuizApp) -> tuple[int, int]:
    """The progress line's 'N of M today'."""
    found = re.search(r"(\d+) of (\d+) today", text_of(app, "#meta"))
    assert found, text_of(app, "#meta")
    return int(found[1]), int(found[2])


def figure(app: QuizApp, label: str) -> int:
    """A home figure: the number before its label ('3  due now')."""
    found = re.search(rf"(\d+)\s+{label}", text_of(app, "#summary"))
    assert found, text_of(app, "#summary")
    return int(found[1])


async def home(pilot: Pilot[None], app: QuizApp) -> None:
    """Back on the home screen with its figures computed for the moment."""
    while type(app.screen).__name__ != "HomeScreen":
        await pilot.press("escape")
        await pilot.pause()
    await until(pilot, lambda: "due now" in text_of(app, "#summary"))


async def open_mode(pilot: Pilot[None], app: QuizApp, key: str) -> None:
    await pilot.press(key)
    await until(pilot, lambda: phase(app) in ("answering", "empty"))


async def answer(pilot: Pilot[None], app: QuizApp, text: str | None = None) -> str:
    """Answer the item on screen (as the learner knows it, unless told what to type), rating
    it themself when it has no rubric; returns its id."""
    item = on_screen(app)
    problem = getattr(app.screen, "problem", None)
    # Pasted rather than typed key by key (typing is covered by the tests of the asking
    # screens): a week of answers typed one key at a time would take minutes.
    if problem is not None:  # a numeric problem: the learner works it out
        app.screen.query_one("#number", Input).value = text or problem.answer_display
        await pilot.press("enter")
    else:
        box = app.screen.query_one("#answer", TextArea)
        box.text = text if text is not None else box.text or RIGHT.get(item, UNKNOWN)
        await pilot.press("ctrl+s")
    await until(pilot, lambda: phase(app) in ("graded", "self-rate"))
    if phase(app) == "self-rate":
        await pilot.press("1")
        await until(pilot, lambda: phase(app) == "graded")
    return item


async def next_item(pilot: Pilot[None], app: QuizApp) -> None:
    await pilot.press("n")
    await until(pilot, lambda: phase(app) in ("answering", "empty"))


def feedback(app: QuizApp) -> str:
    return text_of(app, "#feedback")


def answer_box(app: QuizApp) -> str:
    return app.screen.query_one("#answer", TextArea).text


def held_rows(app: QuizApp) -> list[str]:
    table = app.screen.query_one("#held-items", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
