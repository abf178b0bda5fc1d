"""The asking screens' aids and rough edges (issue 33), driven through the pilot: a hint reveals
one rubric criterion at a time and caps the rating; a retry keeps the text and is not scheduled;
suspend and bury ask before dropping a typed answer; undo gives the answer's text back; `?` and
F1 list the screen's keys as remapped; the rating line names the remapped keys; drill keeps its
progress line after `a`; an instructor's home offers only what an instructor can open."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import func, select
from textual.screen import Screen
from textual.widgets import TextArea
from textual.widgets._footer import FooterKey

from quiz.store.models import ReviewLog
from quiz.tui.app import QuizApp
from quiz.tui.context import Options
from quiz.tui.screens.home import start_panel
from tests.conftest import SELF_RATED, make_due
from tests.tui_support import (
    NOW,
    SIZE,
    loaded,
    make_app,
    practising,
    text_of,
    until,
)

WEAK_Q1 = "Bandwidth is the rate data moves from GPU memory."
FIRST_CRITERION = "Defines GPU Memory Bandwidth accurately."
FULL_Q1 = (  # rated easy unaided
    "GPU memory bandwidth is the rate at which data is read from or written to GPU memory. "
    "Each token reads all the weights, so bandwidth decides how quickly tokens are processed; "
    "higher bandwidth lowers latency and improves efficiency. At batch size 1 decoding is "
    "bandwidth-bound: the bottleneck."
)


def _phase(screen: object) -> str:
    return str(getattr(screen, "phase", ""))


async def test_a_hint_reveals_one_criterion_at_a_time_and_caps_the_rating(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        assert FIRST_CRITERION not in text_of(app, "#hints")
        await pilot.press("ctrl+o")
        await until(pilot, lambda: FIRST_CRITERION in text_of(app, "#hints"))
        hints = text_of(app, "#hints")
        assert "Hint 1 of" in hints and "Hint 2 of" not in hints
        assert "at most hard" in hints  # the cost is said before it is paid
        await pilot.press("ctrl+o")
        await until(pilot, lambda: "Hint 2 of" in text_of(app, "#hints"))
        screen.query_one("#answer", TextArea).text = FULL_Q1
        await pilot.press("ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        feedback = text_of(app, "#feedback")
        assert "Rating: hard (suggested hard)" not in feedback
        assert "Rating: hard" in feedback and "2 hints used: rated at most hard" in feedback
        (attempt,) = app.context.practice.history("ch44.q1")  # type: ignore[union-attr]
        assert (attempt.hints, attempt.final_rating) == (2, 2)


async def test_a_retry_keeps_the_text_and_leaves_the_first_review_in_place(
    tmp_path: Path,
) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        await pilot.press(*WEAK_Q1, "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        assert "r retry" in text_of(app, "#feedback")
        await pilot.press("r")
        await until(pilot, lambda: _phase(screen) == "answering")
        area = screen.query_one("#answer", TextArea)
        assert area.text == WEAK_Q1 and area.has_focus
        assert "retry: your first answer keeps the schedule" in text_of(app, "#meta")
        await pilot.press(*" Each token reads all the weights, so it bounds decoding.", "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        feedback = text_of(app, "#feedback")
        assert "Retry: the schedule keeps your first answer's review" in feedback
        practice = app.context.practice  # type: ignore[union-attr]
        first, retry = practice.history("ch44.q1")
        assert (first.retry, first.scheduled, retry.retry, retry.scheduled) == (
            False,
            True,
            True,
            False,
        )
        assert retry.answer.startswith(WEAK_Q1 + " Each token")
        with practice.store.read() as session:
            assert session.scalar(select(func.count()).select_from(ReviewLog)) == 1


async def test_suspending_a_typed_answer_asks_first_and_keeps_the_text(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        first = screen.entry.item_id  # type: ignore[attr-defined]
        await pilot.press(*"half an answer", "ctrl+t")
        await until(pilot, lambda: any("again to suspend" in n.message for n in app._notifications))
        assert screen.entry.item_id == first  # type: ignore[attr-defined]
        assert screen.query_one("#answer", TextArea).text == "half an answer"
        assert app.context.practice.held_items() == set()  # type: ignore[union-attr]
        await pilot.press("ctrl+t")  # asked and confirmed
        await until(pilot, lambda: _phase(screen) == "held")
        assert app.context.practice.held_items() == {first}  # type: ignore[union-attr]
        await pilot.press("n")
        await until(pilot, lambda: screen.entry.item_id != first)  # type: ignore[attr-defined]


async def test_undo_gives_the_answer_back_in_the_box(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        await pilot.press(*WEAK_Q1, "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        await pilot.press("u")
        await until(pilot, lambda: "undone" in text_of(app, "#meta"))
        await until(pilot, lambda: _phase(screen) == "answering")
        assert screen.query_one("#answer", TextArea).text == WEAK_Q1


async def test_help_lists_the_screens_keys_as_remapped(tmp_path: Path) -> None:
    keys = {"next": "j", "rate-again": "7", "rate-hard": "8", "rate-good": "9", "rate-easy": "0"}
    async with make_app(tmp_path, keys=keys).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        shown = text_of(app, "#help-keys")
        assert "ctrl+s" in shown or "^s" in shown
        assert "Submit" in shown and "Hint" in shown and "Suspend" in shown
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press(*WEAK_Q1, "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        line = text_of(app, "#feedback").splitlines()[0]
        assert "7/8/9/0 re-rate" in line and "j next" in line and "1-4" not in line
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        shown = text_of(app, "#help-keys")
        rows = [line.split() for line in shown.splitlines()]
        assert ["j", "Next"] in rows and ["7", "Again"] in rows and ["0", "Easy"] in rows
        assert "Scroll" not in shown  # the screen's keys, not the focused widget's


async def test_drill_keeps_its_progress_line_after_another(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        app.context.practice.fresh_seed = itertools.count(11).__next__  # type: ignore[union-attr]
        await pilot.press("d")
        screen = app.screen
        await until(pilot, lambda: _phase(screen) == "answering")
        assert " today" in text_of(app, "#meta")
        await pilot.press(*screen.problem.answer_display, "enter")  # type: ignore[attr-defined]
        await until(pilot, lambda: _phase(screen) == "graded")
        await pilot.press("a")
        await until(pilot, lambda: _phase(screen) == "answering")
        assert " today" in text_of(app, "#meta")


def test_an_instructors_start_panel_offers_only_what_an_instructor_opens() -> None:
    panel = start_panel({}, narrow=False, places={"cohort", "bank"}).plain
    assert "Cohort" in panel and "Bank" in panel
    assert "Practice" not in panel and "Review" not in panel and "Stats" not in panel


async def test_the_footer_fits_an_80_column_terminal_while_answering_and_after(
    tmp_path: Path,
) -> None:
    async with make_app(tmp_path).run_test(size=(80, 24)) as pilot:
        _, screen = await practising(pilot)
        await pilot.pause()
        assert _footer_fits(screen, "Submit", "Hint", "Home")
        await pilot.press(*WEAK_Q1, "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        await pilot.pause()
        assert _footer_fits(screen, "Again", "Easy", "Next", "Retry", "Undo")


def _footer_fits(screen: Screen[object], *labels: str) -> bool:
    keys = [key for key in screen.query(FooterKey) if key.display]
    shown = " ".join(str(key.render()) for key in keys)
    cut = [str(key.render()) for key in keys if key.region.right > 80]
    assert cut == [], shown  # none cut off at the terminal's edge ('^g Bur')
    assert all(label in shown for label in labels), shown
    return True


async def test_the_self_rating_prompt_names_the_remapped_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_due(tmp_path / "tui.db", "s.q1", monkeypatch, "2026-11-20T09:00:00Z")  # served first
    keys = {"rate-again": "7", "rate-hard": "8", "rate-good": "9", "rate-easy": "0"}
    app = make_app(tmp_path, banks=(str(SELF_RATED),), keys=keys)
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await practising(pilot)
        await pilot.press(*"Rate of data.", "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        await pilot.press("n")
        await until(pilot, lambda: _phase(screen) == "answering")
        await pilot.press(*"Both limit speed.", "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "self-rate")
        assert "7 again · 8 hard · 9 good · 0 easy" in text_of(app, "#feedback")
        await pilot.press("9")
        await until(pilot, lambda: _phase(screen) == "graded")
        (attempt,) = app.context.practice.history("s.q1.f1")  # type: ignore[union-attr]
        assert attempt.final_rating == 3


async def test_a_retry_taken_back_is_asked_again_as_a_retry(tmp_path: Path) -> None:
    """Undo after a retry's feedback takes back the retry only: answered again, it is still a
    retry, so the card is not reviewed a second time that day."""
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        await pilot.press(*WEAK_Q1, "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        await pilot.press("r")
        await until(pilot, lambda: _phase(screen) == "answering")
        await pilot.press(*" More.", "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        await pilot.press("u")
        await until(
            pilot, lambda: "undone" in text_of(app, "#meta") or "retry" in text_of(app, "#meta")
        )
        await until(pilot, lambda: _phase(screen) == "answering")
        assert screen.query_one("#answer", TextArea).text == WEAK_Q1 + " More."
        assert "retry: your first answer keeps the schedule" in text_of(app, "#meta")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        practice = app.context.practice  # type: ignore[union-attr]
        first, undone, again = practice.history("ch44.q1")
        assert (first.retry, undone.undone, again.retry, again.scheduled) == (
            False,
            True,
            True,
            False,
        )
        with practice.store.read() as session:
            assert session.scalar(select(func.count()).select_from(ReviewLog)) == 1


async def test_an_instructors_home_lists_only_cohort_and_bank(cohort: dict[str, str]) -> None:
    app = QuizApp(Options(db=cohort["mia"]), now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: "Instructor" in text_of(app, "#summary"))
        await until(pilot, lambda: "Practice" not in text_of(app, "#modes"))
        modes = text_of(app, "#modes")
        assert "Cohort" in modes and "Bank" in modes and "Review" not in modes


async def test_a_question_mark_typed_in_an_answer_is_text_and_opens_help_at_home(
    tmp_path: Path,
) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        await pilot.press(*"Why? Because", "question_mark")
        assert screen.query_one("#answer", TextArea).text == "Why? Because?"
        assert app.screen is screen  # no help over the answer
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        shown = text_of(app, "#help-keys")
        assert "Practice" in shown and "Stats" in shown  # the home screen's keys
        await pilot.press("x")  # any key closes it
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")


def test_a_retry_in_cram_says_what_cram_says() -> None:
    from quiz.practice.outcome import Graded, Outcome
    from quiz.srs.ratings import Rating
    from quiz.tui.widgets.feedback import rating_line

    graded = Graded(score=None, correct=None, suggested=None, final=Rating.GOOD)
    cram = Outcome(
        attempt_id=1,
        item_id="x",
        kind="question",
        mode="cram",
        graded=graded,
        scheduled=False,
        due=None,
    )
    assert "Cram: the schedule was not changed" in rating_line(cram, {}, retry=True).plain
    practice = Outcome(
        attempt_id=2,
        item_id="x",
        kind="question",
        mode="practice",
        graded=graded,
        scheduled=False,
        due=None,
    )
    line = rating_line(practice, {}, retry=True).plain
    assert "Retry: the schedule keeps your first answer's review" in line
    assert "re-rate" not in line  # after a retry the first answer's review stands


async def test_a_retry_keeps_the_progress_line(tmp_path: Path) -> None:
    """README: a retry 'does not move the progress line'; it vanished from the screen instead
    (found by tests/test_journey.py)."""
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        line = text_of(app, "#meta").splitlines()[-1]
        assert "1 of" in line
        await pilot.press(*WEAK_Q1, "ctrl+s")
        await until(pilot, lambda: _phase(screen) == "graded")
        await pilot.press("r")
        await until(pilot, lambda: _phase(screen) == "answering")
        assert "retry" in text_of(app, "#meta") and line in text_of(app, "#meta")
