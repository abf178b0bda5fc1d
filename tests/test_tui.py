"""The Textual app driven as a person would, through the pilot; results checked in the database."""

from __future__ import annotations

import io
import itertools
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.command import CommandList
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, TextArea
from textual.widgets._footer import FooterKey

from quiz.cli import main
from quiz.tui.app import ContextLoaded, QuizApp
from quiz.tui.context import Options
from quiz.tui.widgets.charts import heatmap
from quiz.tui.widgets.footer import QuizFooter
from tests.conftest import SELF_RATED, make_due, one_question_bank

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


async def test_home_shows_progress_and_modes(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await until(pilot, lambda: "due now" in text_of(app, "#summary"))
        assert "Practice" in text_of(app, "#modes")
        assert "Profile default" in text_of(app, "#summary")


async def test_home_fits_a_classic_80_column_terminal(tmp_path: Path) -> None:
    """Below 110 columns the Start panel lists keys and names only, so the figures beside it
    keep their lines; it follows the terminal as it is resized."""
    async with make_app(tmp_path).run_test(size=(80, 24)) as pilot:
        app = await loaded(pilot)
        await until(pilot, lambda: "due now" in text_of(app, "#summary"))
        status = app.screen.query_one("#home-status")
        assert status.size.width >= 46  # "  41  not started yet (up to 10 new a day)" and room
        modes = text_of(app, "#modes")
        assert all(name in modes for name in ("Practice", "Interview", "Settings"))
        assert "due first" not in modes
        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: "due first" in text_of(app, "#modes"))
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: "due first" not in text_of(app, "#modes"))


async def test_a_misconception_is_quoted_with_its_correction(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        _, screen = await practising(pilot)
        screen.query_one("#answer", TextArea).text = "Bandwidth is the amount of memory."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        feedback = plain(screen.query_one("#feedback", Static))
        said = '! "Bandwidth is the amount of memory" (-0.25): Bandwidth is a rate of data transfer'
        assert said in feedback


def test_a_misconception_without_a_correction_is_named_as_one() -> None:
    from quiz.bank.loader import validated
    from quiz.bank.schema import RubricPoint
    from quiz.grading.compiled import compile_rubric
    from quiz.grading.score import score_answer
    from quiz.tui.widgets.graded import points

    point = {
        "id": "kv",
        "criterion": "Says the cache grows.",
        "concepts": [{"forms": ["grows", "gets bigger"]}],
        "misconceptions": [
            {"statement": "The KV cache has a fixed size.", "forms": ["fixed size"]}
        ],
    }
    rubric = compile_rubric([validated(RubricPoint, point)])
    text = points(score_answer(rubric, "The cache has a fixed size.")).plain
    assert '! "fixed size" (-0.25): a misconception: The KV cache has a fixed size.' in text


async def test_practice_answer_rate_undo(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        assert screen.entry.item_id == "ch44.q1"  # type: ignore[attr-defined]
        await pilot.press(*GOOD_Q1)
        assert screen.query_one("#answer", TextArea).text == GOOD_Q1
        await pilot.press("enter", "ctrl+s")  # Enter is a newline, ctrl+s submits
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        feedback = plain(screen.query_one("#feedback", Static))
        assert "Defines GPU Memory Bandwidth accurately." in feedback
        assert "Model answer" in feedback
        practice = app.context.practice  # type: ignore[union-attr]
        (attempt,) = practice.history("ch44.q1")
        assert attempt.answer == GOOD_Q1 + "\n"
        await pilot.press("1")
        await until(pilot, lambda: practice.history("ch44.q1")[0].final_rating == 1)
        await pilot.press("u")
        await until(pilot, lambda: practice.history("ch44.q1")[0].undone)
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        assert screen.entry.item_id == "ch44.q1"  # type: ignore[attr-defined]  # back to it
        assert "undone: answer it again" in text_of(app, "#meta")
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_a_graded_answer_rebuilds_the_footer_once_with_its_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Grading changes the keys once; the focus moves that follow announce the same keys again,
    which must not rebuild (and restyle) the footer each time."""
    rebuilds: list[str] = []
    original = QuizFooter.compose

    def counted(self: QuizFooter) -> Any:
        rebuilds.append(getattr(self.screen, "phase", ""))
        return original(self)

    monkeypatch.setattr(QuizFooter, "compose", counted)
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        await until(pilot, lambda: "Submit" in text_of_footer(app))
        await pilot.pause()
        before = len(rebuilds)
        screen.query_one("#answer", TextArea).text = GOOD_Q1
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Next" in text_of_footer(app))
        await pilot.pause()
        await pilot.pause()
        assert rebuilds[before:] == ["graded"]
        assert "Submit" not in text_of_footer(app) and "Again" in text_of_footer(app)


def text_of_footer(app: QuizApp) -> str:
    return " ".join(str(key.render()) for key in app.screen.query(FooterKey))


async def test_follow_up_without_rubric_asks_for_a_rating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_due(tmp_path / "tui.db", "s.q1", monkeypatch, "2026-11-20T09:00:00Z")  # served first
    async with make_app(tmp_path, banks=(str(SELF_RATED),)).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        assert screen.entry.item_id == "s.q1"  # type: ignore[attr-defined]
        await pilot.press(*"Rate of data.", "ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        await pilot.press("n")
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        assert screen.entry.item_id == "s.q1.f1"  # type: ignore[attr-defined]
        await pilot.press(*"Both limit speed.", "ctrl+s")
        await until(pilot, lambda: screen.phase == "self-rate")  # type: ignore[attr-defined]
        await pilot.press("3")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        (attempt,) = app.context.practice.history("s.q1.f1")  # type: ignore[union-attr]
        assert attempt.answer == "Both limit speed." and attempt.final_rating == 3


async def test_a_follow_up_with_an_authored_rubric_is_graded(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        await pilot.press(*"Rate of data.", "ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        await pilot.press("n")
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        assert screen.entry.item_id == "ch44.q1.f1"  # type: ignore[attr-defined]
        answer = "Capacity decides what fits; bandwidth how fast it is read, or the GPU waits."
        await pilot.press(*answer, "ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        assert "written for this bank" in text_of(app, "#feedback")
        (attempt,) = app.context.practice.history("ch44.q1.f1")  # type: ignore[union-attr]
        assert attempt.score is not None and attempt.score > 0


async def test_drill_right_and_wrong(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        app.context.practice.fresh_seed = itertools.count(11).__next__  # type: ignore[union-attr]
        await pilot.press("d")
        screen = app.screen
        await until(pilot, lambda: getattr(screen, "phase", "") == "answering")
        problem = screen.problem  # type: ignore[attr-defined]
        await pilot.press(*problem.answer_display, "enter")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        feedback = plain(screen.query_one("#feedback", Static))
        assert "✔ correct" in feedback and "Worked solution" in feedback
        await pilot.press("a")  # another instance of the same problem
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        assert screen.query_one("#number", Input).value == ""
        await pilot.press(*"2.67%", "enter")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        feedback = plain(screen.query_one("#feedback", Static))
        assert "✘ wrong" in feedback and "Diagnosis" in feedback
        attempts = app.context.practice.history(problem.template)  # type: ignore[union-attr]
        assert [a.correct for a in attempts] == [True, False]
        assert [a.seed for a in attempts] == [11, 12]


async def test_interview_with_expiring_timers_ends_in_a_saved_report(tmp_path: Path) -> None:
    async with make_app(tmp_path, questions=2, minutes=1).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("i")
        screen = app.screen
        await until(pilot, lambda: getattr(screen, "phase", "") == "answering")
        await pilot.press(*"Bandwidth is the rate of data transfer.")
        give_up = time.monotonic() + 90
        while type(app.screen).__name__ != "ReportScreen":  # every timer expires in turn
            assert time.monotonic() < give_up, "the interview never ended"
            if getattr(app.screen, "phase", "") == "answering":
                app.screen.deadline = time.monotonic() - 1  # type: ignore[attr-defined]
            await pilot.pause(0.3)
        body = text_of(app, "#report-body")
        assert "Interview report" in body and "ch44.q1" in body
        from quiz.practice import interview

        (report,) = interview.reports(app.context.practice)  # type: ignore[union-attr]
        assert report["answered"] >= 2 and report["questions"][:1] == ["ch44.q1"]
        first = app.context.practice.history("ch44.q1")[0]  # type: ignore[union-attr]
        assert (
            first.answer == "Bandwidth is the rate of data transfer." and first.mode == "interview"
        )


async def test_stats_show_a_constructed_history(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        practice = app.context.practice  # type: ignore[union-attr]
        practice.submit("ch44.q1", GOOD_Q1)
        practice.submit("ch44.q2", "Bandwidth is the amount of memory.")
        await pilot.press("s")
        await until(pilot, lambda: "gpu-memory-bandwidth" in text_of(app, "#mastery"))
        assert "more" in text_of(app, "#heatmap")
        assert "today" in text_of(app, "#forecast")
        assert "target" in text_of(app, "#retention")
        assert "ch44.q2" in text_of(app, "#missed")


def test_the_heatmap_legend_gives_the_busiest_day_only_when_there_is_one() -> None:
    empty = heatmap([("2026-11-30", 0), ("2026-12-01", 0)]).plain
    assert "no answers yet" in empty and "most in a day" not in empty
    assert "most in a day: 3" in heatmap([("2026-11-30", 3), ("2026-12-01", 0)]).plain


async def test_cohort_lists_every_profile_of_the_database(tmp_path: Path) -> None:
    for profile in ("ada", "bob"):
        assert main(["answer", "ch44.q2", "--answer", "It is about memory.", "--profile",
                     profile, "--db", str(tmp_path / "tui.db")]) == 0  # fmt: skip
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("k")
        await until(pilot, lambda: "2/2" in text_of(app, "#struggling"))
        table = app.screen.query_one("#learners", DataTable)
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["ada", "bob", "default"]
        assert "memory-vs-bandwidth-bound" in text_of(app, "#topics")


async def test_bank_reloads_after_an_edit_and_shows_lint_errors(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(BANK, encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("questions: [", encoding="utf-8")
    async with make_app(tmp_path, banks=(str(bank), str(broken))).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        assert app.context is not None and "t.q1" in app.context.practice.entries
        await pilot.press("b")
        screen = app.screen
        await until(pilot, lambda: "broken.yaml:1" in text_of(app, "#findings"), 30)
        table = screen.query_one("#items", DataTable)
        await pilot.press("ctrl+f", *"t.q")
        await until(pilot, lambda: table.row_count == 1)
        bank.write_text(BANK + BANK.split("questions:\n")[1].replace("t.q1", "t.q2"), "utf-8")
        await until(pilot, lambda: "t.q2" in app.context.practice.entries, 20)  # type: ignore[union-attr]
        await until(pilot, lambda: table.row_count == 2)


async def test_the_bank_screen_stacks_its_panes_in_a_narrow_terminal(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("b")
        await until(pilot, lambda: type(app.screen).__name__ == "BankScreen")
        left, right = app.screen.query_one("#bank-left"), app.screen.query_one("#bank-right")
        await until(pilot, lambda: left.region.width > 0)
        assert left.region.y == right.region.y  # side by side
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: right.region.y > left.region.y and left.region.width >= 78)
        await pilot.resize_terminal(*SIZE)
        await until(pilot, lambda: left.region.y == right.region.y)


async def test_the_bank_screen_shows_the_chapters_errata(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("b")
        table = app.screen.query_one("#items", DataTable)
        await pilot.press("ctrl+f", *"ch44.q2")
        await until(pilot, lambda: table.row_count == 3)  # the question and its follow-ups
        await pilot.press("tab")
        await until(pilot, lambda: "ch44.q2\n" in text_of(app, "#detail"))
        assert "Erratum" in text_of(app, "#detail") and "roofline" in text_of(app, "#detail")
        app.screen.query_one("#search", Input).value = ""
        await pilot.press("ctrl+f", *"worked-example")
        await until(pilot, lambda: table.row_count == 1)
        await pilot.press("tab")  # to the table: its row is shown
        await until(pilot, lambda: "ch44.worked-example" in text_of(app, "#detail"))
        assert "not 2.67%" in " ".join(text_of(app, "#detail").split())


async def test_settings_are_saved(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("comma")
        limit = app.screen.query_one("#limit", Input)
        limit.value = "25"
        await pilot.press("ctrl+s")
        practice = app.context.practice  # type: ignore[union-attr]
        await until(pilot, lambda: practice.daily_new_limit == 25)
        app.screen.query_one("#retention", Input).value = "1.5"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Not saved" in text_of(app, "#settings-message"))
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        assert app.context.practice.daily_new_limit == 25  # type: ignore[union-attr]


async def test_a_setting_that_does_not_parse_is_named_with_what_was_typed(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("comma")
        cases = [("#retention", "high", "Desired retention"), ("#interview", "next friday", "date")]
        for field, typed, named in cases:
            kept = app.screen.query_one(field, Input).value
            app.screen.query_one(field, Input).value = typed
            await pilot.press("ctrl+s")
            await until(pilot, lambda t=typed: repr(t) in text_of(app, "#settings-message"))  # type: ignore[misc]
            said = text_of(app, "#settings-message")
            assert named in said and "limit" not in said, said
            app.screen.query_one(field, Input).value = kept
        practice = app.context.practice  # type: ignore[union-attr]
        assert practice.settings.desired_retention == 0.9  # nothing was saved


async def test_an_interview_date_set_in_settings_shows_on_home(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        assert "interview" not in text_of(app, "#summary")
        await pilot.press("comma")
        app.screen.query_one("#interview", Input).value = "2026-11-20"  # before NOW
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "not after today" in text_of(app, "#settings-message"))
        app.screen.query_one("#interview", Input).value = "2026-12-26"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Saved" in text_of(app, "#settings-message"))
        await pilot.press("escape")
        await until(pilot, lambda: "days to your interview" in text_of(app, "#summary"))
        summary = text_of(app, "#summary")
        assert "30  days to your interview (2026-12-26): readiness 0%" in summary
        assert "up to 10 new a day" in summary  # 41 items over 27 days: the limit is enough
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:  # kept, and shown at once
        app = await loaded(pilot)
        assert "30  days to your interview" in text_of(app, "#summary")
        await pilot.press("comma")
        app.screen.query_one("#interview", Input).value = ""
        await pilot.press("ctrl+s")
        practice = app.context.practice  # type: ignore[union-attr]
        await until(pilot, lambda: practice.interview_date is None)


def _palette_offers(app: QuizApp, title: str) -> bool:
    """Whether the command palette's highlighted command is the one with that title."""
    for found in app.screen.query(CommandList):
        index = found.highlighted
        if index is not None and title in str(found.get_option_at_index(index).prompt):
            return True
    return False


async def test_command_palette_reaches_every_mode(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        expected = {"Practice", "Review", "Drill", "Interview", "Stats", "Bank", "Settings"}
        assert expected <= titles
        await pilot.press("ctrl+p", *"stats")
        await until(pilot, lambda: _palette_offers(app, "Stats"))  # then Enter runs it
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "StatsScreen")


async def test_a_database_problem_is_shown_not_crashed(tmp_path: Path) -> None:
    junk = tmp_path / "tui.db"
    junk.write_bytes(b"not a database at all" * 100)
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        assert app.load_error is not None and "not a quiz database" in app.load_error
        assert "Cannot start" in text_of(app, "#summary")
        await pilot.press("p")  # refused with a message, no crash
        assert type(app.screen).__name__ == "HomeScreen"
    assert junk.read_bytes() == b"not a database at all" * 100


async def test_review_opens_straight_into_review(tmp_path: Path) -> None:
    async with make_app(tmp_path, start="review").run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app = pilot.app
        await until(pilot, lambda: getattr(app.screen, "mode", "") == "review")
        await until(pilot, lambda: app.screen.phase == "empty")  # type: ignore[attr-defined]
        assert "Nothing is due" in text_of(app, "#prompt")  # type: ignore[arg-type]
        assert "next card" not in text_of(app, "#prompt")  # type: ignore[arg-type]  # none yet


async def test_an_empty_review_says_when_the_next_card_falls_due(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        screen.query_one("#answer", TextArea).text = "It is memory."  # rated again: due soon
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        assert app.context.practice.due() == []  # type: ignore[union-attr]  # in a minute
        await pilot.press("escape")
        await pilot.press("r")
        await until(pilot, lambda: getattr(app.screen, "phase", "") == "empty")
        prompt = text_of(app, "#prompt")
        assert "Nothing is due. The next card is due in 1 min (09:01 UTC)" in prompt, prompt


@pytest.mark.parametrize(
    "argv", [["interview", "--questions", "0"], ["interview", "--minutes", "0"]]
)
def test_interview_options_are_checked(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from quiz.cli import main

    assert main(argv) == 2
    assert "must be between" in capsys.readouterr().err


async def test_modes_can_be_clicked(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        modes = app.screen.query_one("#modes", Static)
        await pilot.click(modes, offset=(4, 4))  # the "Practice" line
        await until(pilot, lambda: getattr(app.screen, "mode", "") == "practice")


async def test_a_failing_job_is_shown_on_screen_and_the_app_carries_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quiz.practice.engine import Practice
    from quiz.tui.screens.ask import AskScreen

    def broken(self: Practice, mode: str = "practice") -> None:
        raise RuntimeError("the disk went away\nsecond line never shown")

    monkeypatch.setattr(Practice, "next_item", broken)
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("p")
        await until(
            pilot, lambda: isinstance(app.screen, AskScreen) and app.screen.phase == "empty"
        )
        assert [n.message for n in app._notifications][-1] == "the disk went away"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, AskScreen))
        assert app.is_running


async def test_a_mode_key_pressed_while_loading_opens_the_mode_once_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quiz.tui.screens.ask import AskScreen

    release = hold_the_load(monkeypatch)
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = pilot.app
        assert isinstance(app, QuizApp)
        await pilot.press("p")  # the instant the home screen is there, before anything loaded
        assert app.context is None and app.pending_open == "practice"
        assert "Opening practice as soon as" in [n.message for n in app._notifications][-1]
        release.set()
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        screen = app.screen
        assert isinstance(screen, AskScreen)
        assert screen.mode == "practice" and app.pending_open is None


async def test_suspend_and_bury_work_while_typing_an_answer(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        first = screen.entry.item_id  # type: ignore[attr-defined]
        assert "1 of 10 today" in text_of(app, "#meta")  # the daily limit of new items
        await pilot.press(*"xz half an answer")  # letters are typed, not commands
        assert screen.query_one("#answer", TextArea).text == "xz half an answer"
        await pilot.press("ctrl+t")
        await until(pilot, lambda: screen.entry.item_id != first)  # type: ignore[attr-defined]
        second = screen.entry.item_id  # type: ignore[attr-defined]
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        await pilot.press("ctrl+g")
        await until(pilot, lambda: screen.entry.item_id not in (first, second))  # type: ignore[attr-defined]
        practice = app.context.practice  # type: ignore[union-attr]
        assert practice.held_items() == {first, second}
        assert practice.history() == []  # nothing was answered


async def test_the_verdict_and_the_rating_keys_fit_an_80_by_24_terminal(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=(80, 24)) as pilot:
        app, screen = await practising(pilot)
        await pilot.press(*GOOD_Q1, "ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        await until(pilot, lambda: "Rating:" in app.export_screenshot())
        shown = app.export_screenshot()
        assert "Rating:" in shown and "Score" in shown  # the verdict, in view
        assert "Again" in shown and "Easy" in shown  # the rating keys, in the footer


async def test_cram_answers_are_recorded_and_leave_the_schedule_alone(tmp_path: Path) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("c")
        screen = app.screen
        await until(pilot, lambda: getattr(screen, "phase", "") == "answering")
        item_id = screen.entry.item_id  # type: ignore[attr-defined]
        answer = "Bandwidth is the rate at which data moves; each token reads the weights."
        if screen.entry.kind == "template":  # type: ignore[attr-defined]
            answer = "1 GB"
            await pilot.press(*answer, "enter")
        else:
            await pilot.press(*answer, "ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        assert "Cram: the schedule was not changed" in plain(screen.query_one("#feedback", Static))
        practice = app.context.practice  # type: ignore[union-attr]
        (attempt,) = practice.history(item_id)
        assert attempt.mode == "cram" and not attempt.scheduled and attempt.card_id is None
        assert practice.due() == []


class GatedApp(QuizApp):
    """The app with its domain load held until the test opens the gate."""

    def __init__(self, gate: threading.Event, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gate = gate

    def load_domain(self) -> ContextLoaded:
        self.gate.wait()
        return super().load_domain()


async def test_the_first_frame_shows_last_times_figures_and_keys_wait_for_the_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "tui.db")
    monkeypatch.setenv("QUIZ_NOW", NOW.isoformat())
    assert main(["answer", "ch44.q1", "--answer", GOOD_Q1, "--rating", "again", "--db", db]) == 0
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:  # computes and saves them
        app = await loaded(pilot)
        await until(pilot, lambda: "due now" in text_of(app, "#summary"))
        computed = text_of(app, "#summary"), text_of(app, "#weakest")
    assert "1  answered today" in computed[0] and "(1 answer)" in computed[1]
    gate = threading.Event()
    app = GatedApp(gate, Options(db=db), now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        assert app.context is None  # nothing of the domain is loaded yet...
        assert (text_of(app, "#summary"), text_of(app, "#weakest")) == computed  # ...but shown
        await pilot.press("p")  # asked for while loading: opened once loaded
        gate.set()
        await until(pilot, lambda: type(app.screen).__name__ == "AskScreen")
    tomorrow = GatedApp(threading.Event(), Options(db=db), now=lambda: NOW + timedelta(days=1))
    async with tomorrow.run_test(size=SIZE) as pilot:  # the next day: brought forward
        assert "0  answered today" in text_of(tomorrow, "#summary")
        assert "1  day streak" in text_of(tomorrow, "#summary")
        assert "working out today's mastery" in text_of(tomorrow, "#weakest")
        tomorrow.gate.set()
        await until(pilot, lambda: "(1 answer)" in text_of(tomorrow, "#weakest"))


async def practising(pilot: Pilot[None]) -> tuple[QuizApp, Screen[object]]:
    """The loaded app with its practice screen asking the first question."""
    app = await loaded(pilot)
    await pilot.press("p")
    screen = app.screen
    await until(pilot, lambda: getattr(screen, "phase", "") == "answering")
    return app, screen


async def test_a_submit_redraws_the_footer_for_the_verdict_only_and_refuses_keys_meanwhile(
    tmp_path: Path,
) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        _, screen = await practising(pilot)
        redraws: list[str] = []
        original = screen.refresh_bindings

        def counted() -> None:
            redraws.append(screen.phase)  # type: ignore[attr-defined]
            original()

        screen.refresh_bindings = counted  # type: ignore[method-assign]
        screen.query_one("#answer", TextArea).insert(GOOD_Q1)
        await pilot.press("ctrl+s")
        assert screen.phase in ("submitting", "loading", "graded")  # type: ignore[attr-defined]
        assert not screen.check_action("submit", ())  # a second ctrl+s is refused meanwhile
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        assert redraws and set(redraws) == {"graded"}  # not for the loading phase in between
        assert screen.check_action("next", ()) and not screen.check_action("submit", ())


async def test_quitting_mid_session_leaves_figures_for_an_instant_next_start(
    tmp_path: Path,
) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app, screen = await practising(pilot)
        screen.query_one("#answer", TextArea).insert(GOOD_Q1)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.phase == "graded")  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()  # the figures saved in the background
    later = GatedApp(threading.Event(), Options(db=str(tmp_path / "tui.db")), now=lambda: NOW)
    async with later.run_test(size=SIZE):  # quit from the question, not the home screen
        assert "1  answered today" in text_of(later, "#summary")
        later.gate.set()


async def test_keys_typed_while_the_first_question_loads_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quiz.practice.engine import Practice
    from quiz.tui.screens.ask import AskScreen

    release = threading.Event()
    real_next = Practice.next_item

    def held_next(self: Practice, mode: str) -> object:
        assert release.wait(30)
        return real_next(self, mode)

    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        monkeypatch.setattr(Practice, "next_item", held_next)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        screen = app.screen
        assert screen.phase == "loading"  # type: ignore[attr-defined]
        await pilot.press(*"Bandwidth")  # the box is there and focused: a quick learner types
        release.set()
        await until(pilot, lambda: getattr(screen, "phase", "") == "answering")
        area = screen.query_one("#answer", TextArea)
        assert area.text == "Bandwidth"
        first = screen.entry.item_id  # type: ignore[attr-defined]
        await pilot.press("ctrl+t")  # suspended half-way: the next question starts empty
        await until(pilot, lambda: screen.entry.item_id != first)  # type: ignore[attr-defined]
        await until(pilot, lambda: screen.phase == "answering")  # type: ignore[attr-defined]
        assert area.text == ""


async def test_after_an_answer_given_elsewhere_the_home_reads_its_figures_before_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:  # creates and syncs the database
        app = await loaded(pilot)
        await until(pilot, lambda: "due now" in text_of(app, "#summary"))
    with monkeypatch.context() as patch:  # an answer from the command line: the saved figures
        patch.setenv("QUIZ_NOW", NOW.isoformat())  # are no longer true
        assert (
            main(["answer", "ch44.q1", "--answer", "no idea", "--db", str(tmp_path / "tui.db")])
            == 0
        )
    release = hold_the_load(monkeypatch)
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        held = pilot.app
        assert isinstance(held, QuizApp)
        await until(pilot, lambda: "due now" in text_of(held, "#summary"))
        assert held.context is None  # read straight from the database, before the domain loaded
        assert "1  answered today" in text_of(held, "#summary")
        assert "working out" in text_of(held, "#weakest")  # mastery waits for the full load
        release.set()
        await until(pilot, lambda: held.context is not None)
        await until(pilot, lambda: "working out" not in text_of(held, "#weakest"))
        assert "1  answered today" in text_of(held, "#summary")
