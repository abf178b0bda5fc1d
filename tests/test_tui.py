"""The Textual app driven as a person would, through the pilot: home, stats, bank, settings,
cohort and the command palette; results checked in the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import DataTable, Input, Static

from quiz.cli import main
from quiz.tui.app import QuizApp
from quiz.tui.widgets.charts import heatmap
from tests.tui_support import BANK, GOOD_Q1, SIZE, loaded, make_app, text_of, until


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
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "ada",
            "bob",
            "default",
        ]
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


async def test_the_cohort_screen_says_what_a_learners_bad_rows_left_out(tmp_path: Path) -> None:
    """A learner's hand-written rows the report ignores are said on the screen too (only
    `quiz cohort` said them): the figures are the class's, and the instructor sees why."""
    import sqlite3

    db = tmp_path / "tui.db"
    for who in ("ada", "bob"):
        argv = ["answer", "ch44.q2", "--answer", "It is about memory.", "--profile", who]
        assert main([*argv, "--db", str(db)]) == 0
    with sqlite3.connect(db) as connection:
        ada = "(SELECT id FROM profiles WHERE name = 'ada')"
        connection.execute(f"UPDATE cards SET stability = 0 WHERE profile_id = {ada}")
    async with make_app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await pilot.press("k")
        await until(pilot, lambda: "ignored" in text_of(app, "#left-out"))
        assert "learner ada: 1 row ignored (invalid values)" in text_of(app, "#left-out")
        assert "bob" not in text_of(app, "#left-out")
