"""An instructor's role in the app and the plain commands: it reads the class and has no
practice profile of its own, so the app opens on the Cohort and Bank screens only, and a
practice command says why it cannot run."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from quiz.cli import main
from quiz.tui.app import QuizApp
from quiz.tui.context import Options
from quiz.tui.destinations import INSTRUCTOR_NOTE
from quiz.tui.screens.cohort import CohortScreen
from quiz.tui.screens.home import HomeScreen
from tests.tui_support import NOW, SIZE, loaded, text_of, until


def test_a_practice_command_as_an_instructor_says_why_it_cannot_run(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["due", "--db", cohort["mia"]]) == 2
    err = capsys.readouterr().err
    assert "an instructor's role has no practice profile of its own: 'quiz cohort'" in err
    assert "permission denied" not in err


async def test_the_app_opens_for_an_instructor_on_the_class(cohort: dict[str, str]) -> None:
    app = QuizApp(Options(db=cohort["mia"]), now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.load_error is None
        await until(pilot, lambda: "Instructor" in text_of(app, "#summary"))
        await pilot.press("p")  # practice: no profile to practise with
        await until(pilot, lambda: any(n.message == INSTRUCTOR_NOTE for n in app._notifications))
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, CohortScreen))
        table = app.screen.query_one("#learners", DataTable)
        await until(pilot, lambda: table.row_count == 2)
        names = {str(table.get_row_at(row)[0]) for row in range(table.row_count)}
        assert names == {cohort["ada_role"], cohort["bob_role"]}
