"""Text quiz did not write (a shared bank, the config, a profile name in the database, what the
learner types) is only ever text in the app: it never becomes a link, a style or an action, and
unbalanced markup never stops the app. Each screen is drawn with such text and every cell of it
is read for a click action the app did not put there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from textual.widgets._toast import Toast

from quiz.cli.app_commands import app_options
from quiz.cli.main import build_parser
from quiz.printable import printable, printable_name
from quiz.tui.app import QuizApp
from quiz.tui.config_names import keys_problem
from quiz.tui.screens.home import HomeScreen, start_panel
from quiz.tui.shown import shown, shown_name
from tests.tui_support import loaded, make_app, text_of, until

OWNED = "owned.svg"  # what a click on a bank's `@click=app.screenshot(...)` would write


def _attack(target: Path) -> str:
    return f"[@click=app.screenshot('{target}')]Q?[/] [/bold] [@click=app.quit]quit[/]"


def hostile_bank(target: Path) -> str:
    attack = _attack(target).replace('"', '\\"')
    return f'''questions:
  - id: t.q1
    topic: demo
    prompt: "[/bold]{attack} What is bandwidth?"
    model_answer: "{attack} The rate at which data moves."
    supplement: "{attack} more"
    erratum: "{attack} wrong"
    rubric:
      - id: def
        criterion: "{attack} Defines it."
        concepts:
          - forms: [rate, speed]
        misconceptions:
          - statement: "{attack} Bandwidth is capacity."
            correction: "{attack} It is a rate."
            forms: ["bandwidth is capacity"]
            penalty: 0.25
'''


def clicks(app: QuizApp) -> set[str]:
    """Every click action any cell of the current screen carries (toasts included)."""
    found: set[str] = set()
    width, height = app.size
    for y in range(height):
        for x in range(width):
            meta = app.screen.get_style_at(x, y).meta
            if "@click" in meta:
                found.add(str(meta["@click"]))
    return found


OURS = {f"app.open('{name}')" for name in ("practice", "review", "cram", "drill", "interview")}
OURS |= {f"app.open('{name}')" for name in ("stats", "bank", "held", "cohort", "settings")}


async def assert_only_ours(pilot: Pilot[None], app: QuizApp) -> None:
    await pilot.pause()
    assert app.return_code is None, "the app stopped"
    assert clicks(app) <= OURS, f"{type(app.screen).__name__}: {clicks(app) - OURS}"


async def test_bank_text_is_shown_literally_and_carries_no_action(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shared bank alone (the packaged one left out, so its item is the one asked)."""
    empty = tmp_path / "packaged"
    empty.mkdir()
    monkeypatch.setattr("quiz.bank.sources.packaged_bank_dir", lambda: empty)
    target = tmp_path / OWNED
    bank = tmp_path / "shared.yaml"
    bank.write_text(hostile_bank(target))
    name = "[/b][@click=app.quit]me[/]"
    app = make_app(tmp_path, banks=(str(bank),), profile=name)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: "due now" in text_of(app, "#summary"))
        assert name in text_of(app, "#summary")  # the profile's name, as it is
        await assert_only_ours(pilot, app)

        await pilot.press("b")
        await until(pilot, lambda: app.screen.query("#items").results() is not None)
        table = app.screen.query_one("#items", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        await assert_only_ours(pilot, app)
        assert "[/bold][@click=app.screenshot(" in text_of(app, "#detail").replace("\n", "")
        for row in range(min(table.row_count, 3)):  # a click on each title runs nothing
            await pilot.click("#items", offset=(15, 1 + row))
        await pilot.pause()
        assert not target.exists()
        await pilot.press("escape")

        await pilot.press("p")
        await until(pilot, lambda: getattr(app.screen, "phase", "") == "answering")
        await assert_only_ours(pilot, app)
        await pilot.press(*"bandwidth is capacity, [/b] [@click=app.quit]x[/]")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: getattr(app.screen, "phase", "") == "graded")
        feedback = text_of(app, "#feedback")
        assert "[@click=app.quit]x[/]" in feedback  # the learner's own words, as typed
        assert "It is a rate." in feedback  # the correction, shown with its markup as text
        await assert_only_ours(pilot, app)
        await pilot.press("h")  # the item's history: the answer and the missed criterion
        await until(pilot, lambda: bool(app.screen.query("#history-body")))
        await until(pilot, lambda: "Defines it." in text_of(app, "#history-body"))
        assert "[@click=app.quit]x[/]" in text_of(app, "#history-body")
        await assert_only_ours(pilot, app)
        await pilot.press("escape")
        await until(pilot, lambda: getattr(app.screen, "phase", "") == "graded")
        await pilot.press("escape")
        app.context.practice.suspend(next(iter(app.context.entries)))  # type: ignore[union-attr]
        await pilot.press("h")  # the Held screen lists it, its title quoted
        await until(pilot, lambda: bool(app.screen.query("#held-items")))
        table = app.screen.query_one("#held-items", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        await assert_only_ours(pilot, app)
        await pilot.press("escape")

        await pilot.press("s")  # the point missed most, its criterion quoted
        await until(pilot, lambda: "Defines it." in text_of(app, "#missed"))
        assert "[@click=app.quit]quit[/]" in text_of(app, "#missed")
        await assert_only_ours(pilot, app)
        await pilot.press("escape")
        await pilot.press("k")  # the profiles, this one's name among them
        table = app.screen.query_one("#learners", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        await assert_only_ours(pilot, app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert not target.exists()
        assert app.return_code is None


async def test_a_cohort_lists_a_profile_named_like_markup(tmp_path: Path) -> None:
    name = "[/b]"
    async with make_app(tmp_path, profile=name).run_test(
        size=(120, 40), notifications=True
    ) as pilot:
        app = await loaded(pilot)
        await pilot.press("k")
        table = app.screen.query_one("#learners", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        assert str(table.get_row_at(0)[0]) == name
        await assert_only_ours(pilot, app)


async def test_a_bank_error_quoting_markup_is_a_plain_toast(tmp_path: Path) -> None:
    target = tmp_path / OWNED
    bank = tmp_path / "broken.yaml"
    bank.write_text(f'"[/bold]": 1\n"{_attack(target)}": 2\n' + hostile_bank(target))
    toasts: list[str] = []
    app = make_app(tmp_path, banks=(str(bank),))

    def hook(message: object) -> None:
        from textual.notifications import Notify

        if isinstance(message, Notify):
            toasts.append(message.notification.message)

    async with app.run_test(size=(120, 40), message_hook=hook, notifications=True) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: any("bank error" in toast for toast in toasts))
        await until(pilot, lambda: bool(app.screen.query(Toast)) or app.return_code is not None)
        await pilot.pause()
        await assert_only_ours(pilot, app)
        assert "[/bold]" in str(app.screen.query_one(Toast).render())
    assert any("[/bold]" in toast for toast in toasts)
    assert not target.exists()


async def test_a_hostile_config_is_warned_of_and_never_stops_the_app(tmp_path: Path) -> None:
    config = Path(os.environ["QUIZ_CONFIG"])  # the test's own (tests/conftest.py)
    config.write_text(
        'theme = "[/bold]"\ndaily_new_limit = "[/oops]"\nprofile = "[@click=app.quit]p[/]"\n'
        '[keys]\nopen-practice = "[/bold]"\nopen-stats = "[@click=app.quit]"\n'
    )
    options = app_options(build_parser().parse_args(["--db", str(tmp_path / "q.db")]))
    assert any("[/oops]" in warning for warning in options.warnings)
    app = QuizApp(options)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: "due now" in text_of(app, "#summary"))
        modes = text_of(app, "#modes")
        assert "[/bold]" in modes and "[@click=app.quit]" in modes  # the remapped keys, shown
        await assert_only_ours(pilot, app)
        await pilot.press(",")  # settings: what is typed is quoted back as text
        field = app.screen.query_one("#retention", Input)
        field.value = "[/b][@click=app.quit]x[/]"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "must be" in text_of(app, "#settings-message"))
        assert "[/b][@click=app.quit]x[/]" in text_of(app, "#settings-message")
        await assert_only_ours(pilot, app)


def test_keys_given_to_two_bindings_of_one_screen_are_a_finding() -> None:
    problem = keys_problem({"open-bank": "x", "open-stats": "x", "open-drill": "x"})
    assert problem is not None
    assert "'x' is bound to open-bank, open-drill, open-stats" in problem and "Home" in problem
    taken = keys_problem({"open-bank": "p"})  # p is practice's own key on the home screen
    assert taken is not None and "open-bank, open-practice" in taken
    assert keys_problem({"open-bank": "j"}) is None
    assert keys_problem({}) is None


@pytest.mark.parametrize(
    "char", ["\u00ad", "\u034f", "\u180e", "\u2028", "\u2029", "\u3164", "\u115f", "\U000e0041"]
)
def test_every_invisible_character_is_shown_escaped(char: str) -> None:
    """What plain commands printed raw (a fresh clone's trial): soft hyphens, fillers, line
    separators, tag characters; and a profile name holding one is refused (it looks like
    another)."""
    from quiz.config import profile_name

    assert char not in printable(f"a{char}b") and "\\" in printable(f"a{char}b")
    assert profile_name(f"ada{char}") is None and profile_name("ada lovelace") == "ada lovelace"


def test_invisible_characters_are_shown_escaped() -> None:
    trojan = "ok\u202e\u2066evil\u2069\u200b\u001b[31m"
    assert printable(trojan) == "ok\\u202e\\u2066evil\\u2069\\u200b\\u001b[31m"
    assert printable("emoji\u200djoined\nline") == "emoji\u200djoined\nline"  # kept in prose
    assert printable_name("a\u200db\u00ad\n") == "a\\u200db\\u00ad\\u000a"  # not in a name


def test_shown_text_is_plain_whatever_it_holds() -> None:
    for helper in (shown, shown_name):
        text = helper("[@click=app.quit]x[/] [/bold]", style="bold")
        assert isinstance(text, Text)
        assert text.plain == "[@click=app.quit]x[/] [/bold]"
        assert not text.spans and str(text.style) == "bold"


async def test_a_backups_text_is_shown_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A profile name and answers that came from someone's backup: text on every screen."""
    import json

    from quiz.cli import main

    source, db = tmp_path / "source.db", tmp_path / "tui.db"
    monkeypatch.setenv("QUIZ_NOW", "2026-11-20T09:00:00Z")
    assert main(["answer", "ch44.q2", "--answer", "It is about memory.", "--db", str(source)]) == 0
    monkeypatch.delenv("QUIZ_NOW")
    capsys.readouterr()
    assert main(["export", "-", "--db", str(source)]) == 0
    document = json.loads(capsys.readouterr().out)
    name = "[/b][@click=app.quit]shared[/]"
    document["profiles"][0]["name"] = name
    for attempt in document["profiles"][0]["attempts"]:
        attempt["answer"] = "[@click=app.screenshot('x.svg')]memory[/] [/bold]"
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps(document), encoding="utf-8")
    assert main(["import", str(backup), "--db", str(db)]) == 0
    async with make_app(tmp_path, profile=name).run_test(
        size=(120, 40), notifications=True
    ) as pilot:
        app = await loaded(pilot)
        await until(pilot, lambda: name in text_of(app, "#summary"))
        await assert_only_ours(pilot, app)
        await pilot.press("s")
        await until(pilot, lambda: "most in a day" in text_of(app, "#heatmap"))
        await assert_only_ours(pilot, app)
        await pilot.press("escape", "k")
        table = app.screen.query_one("#learners", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        assert name in {str(table.get_row_at(row)[0]) for row in range(table.row_count)}
        await assert_only_ours(pilot, app)


@given(st.text(alphabet="[]/@=()'\"\\$ bclik.\u202e\u200b", max_size=40), st.booleans())
def test_any_remapped_key_is_shown_as_text_in_the_start_panel(key: str, narrow: bool) -> None:
    panel = start_panel({"open-stats": key, "open-bank": key + "]"}, narrow)
    first = key.split(",")[0].strip()  # the first of a binding's keys is shown
    assert f" {printable_name(',' if first == 'comma' else first)}  Stats" in panel.plain
    actions = {
        str(span.style).split("=", 1)[1] for span in panel.spans if "@click" in str(span.style)
    }
    assert actions <= OURS


async def test_a_screens_toast_is_plain_text_too(tmp_path: Path) -> None:
    """Screens call Widget.notify, which hands its markup flag to the app: QuizApp.notify is
    the one place every toast passes, and it never parses markup (whatever a caller asks)."""
    target = tmp_path / OWNED
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await loaded(pilot)
        app.screen.notify(f"[/bold]{_attack(target)}", markup=True)
        await until(pilot, lambda: bool(app.screen.query(Toast)))
        await pilot.pause()
        await assert_only_ours(pilot, app)
        assert _attack(target) in str(app.screen.query_one(Toast).render())
    assert not target.exists()
