"""Feedback latency: from ctrl+s to the verdict on screen, against a one-key echo.

Drives the app with Textual's pilot (headless, the app's own event loop and compositor), in
practice mode on a fresh database: for each of --answers questions it types an answer, then
times, inside the app (the pilot's own waiting is not counted):
  - one key echoed: from the answer box receiving a key to the first screen refresh after it
    handled it (the baseline: the least the app does for a key);
  - feedback: from the submit action (ctrl+s) to the first screen refresh after the verdict is
    shown (budget <= 50 ms),
and prints medians, the ratio, and how many times the footer was recomposed per answer.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Footer, TextArea  # noqa: E402

from quiz.tui.app import QuizApp  # noqa: E402
from quiz.tui.context import Options  # noqa: E402
from quiz.tui.screens.ask import AskScreen  # noqa: E402

BUDGET_MS = 50.0
ANSWER = "Bandwidth is the rate data moves from memory; each token reads all the weights"


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    while not condition():
        await pilot.pause(0.001)  # sleeps: the worker threads get the GIL


def phase(app: QuizApp) -> str:
    return str(getattr(app.screen, "phase", ""))


async def one_answer(pilot: Pilot[None], app: QuizApp) -> tuple[float, float, int] | None:
    """(echo seconds, verdict seconds, footer recomposes) for the item asked; None if it is a
    numeric problem or a follow-up without a rubric (no verdict to time)."""
    await until(pilot, lambda: phase(app) == "answering")
    if getattr(app.screen, "problem", None) is not None:
        await pilot.press("ctrl+g")  # buried: the next item
        return None
    area = app.screen.query_one("#answer", TextArea)
    area.focus()
    area.insert(ANSWER)
    MOMENTS.clear()
    await pilot.press("x")
    await until(pilot, lambda: "echoed" in MOMENTS)
    echo = MOMENTS["echoed"] - MOMENTS["key"]
    footer = app.screen.query_one(Footer)
    composed = _compose_count(footer)
    await pilot.press("ctrl+s")
    await until(pilot, lambda: "shown" in MOMENTS or phase(app) == "self-rate")
    timed = "shown" in MOMENTS
    verdict = MOMENTS["shown"] - MOMENTS["submit"] if timed else 0.0
    if not timed:
        await pilot.press("3")
        await until(pilot, lambda: phase(app) == "graded")
    recomposed = _compose_count(footer) - composed
    await pilot.press("n")
    return (echo, verdict, recomposed) if timed else None


async def session(answers: int, db: str) -> tuple[list[float], list[float], float]:
    app = QuizApp(Options(db=db, daily_new_limit=1000))
    echoes, feedbacks, recomposes = [], [], 0
    async with app.run_test(size=(110, 40)) as pilot:
        await until(pilot, lambda: app.context is not None)
        await pilot.press("p")
        while len(feedbacks) < answers:
            measured = await one_answer(pilot, app)
            if measured is not None:
                echoes.append(measured[0])
                feedbacks.append(measured[1])
                recomposes += measured[2]
    return echoes, feedbacks, recomposes / answers


def _compose_count(footer: Footer) -> int:
    return int(getattr(footer, "bench_recomposes", 0))


MOMENTS: dict[str, float] = {}


def instrument() -> None:
    """Note when the answer box gets a key and the submit action starts, and when the screen
    has refreshed after each was handled."""

    def noted(name: str, done: str | None, original: Any) -> Any:
        def wrapper(self: Any, *args: Any) -> Any:
            MOMENTS.setdefault(name, time.perf_counter())
            result = original(self, *args)
            if done is not None:
                self.call_after_refresh(lambda: MOMENTS.setdefault(done, time.perf_counter()))
            return result

        return wrapper

    key_handler = TextArea._on_key

    async def on_key(self: TextArea, event: Any) -> None:
        MOMENTS.setdefault("key", time.perf_counter())
        await key_handler(self, event)
        self.call_after_refresh(lambda: MOMENTS.setdefault("echoed", time.perf_counter()))

    TextArea._on_key = on_key  # type: ignore[method-assign]
    AskScreen.action_submit = noted("submit", None, AskScreen.action_submit)  # type: ignore[method-assign]
    AskScreen._show_outcome = noted("graded", "shown", AskScreen._show_outcome)  # type: ignore[method-assign]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=7)
    args = parser.parse_args()
    instrument()
    original = Footer.recompose

    async def counted(self: Footer) -> None:
        self.bench_recomposes = getattr(self, "bench_recomposes", 0) + 1  # type: ignore[attr-defined]
        await original(self)

    Footer.recompose = counted  # type: ignore[method-assign]
    db = str(Path(tempfile.mkdtemp(prefix="quiz-feedback-")) / "quiz.db")
    echoes, feedbacks, recomposes = asyncio.run(session(args.answers, db))
    echo, verdict = statistics.median(echoes) * 1000, statistics.median(feedbacks) * 1000
    print(f"one key echoed:     {echo:7.1f} ms (median of {len(echoes)})")
    print(f"ctrl+s to verdict:  {verdict:7.1f} ms = {verdict / echo:.1f}x the echo")
    print(f"footer recomposed:  {recomposes:.1f} times per answer")
    ok = verdict <= BUDGET_MS
    print(f"budget {BUDGET_MS:.0f} ms: " + ("met" if ok else "NOT MET"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
