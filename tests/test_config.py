"""The config file, the environment and flags, in that order of precedence, with located errors."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import platformdirs
import pytest
from textual.widgets import Static

from quiz.cli import build_parser, main
from quiz.cli.app_commands import app_options
from quiz.config import load_config
from quiz.paths import UserDir, user_dir
from quiz.tui.app import QuizApp
from quiz.tui.screens.ask import AskScreen
from tests.tui_support import NOW, SIZE, loaded, until


def _config(text: str) -> Path:
    path = Path(os.environ["QUIZ_CONFIG"])
    path.write_text(text, encoding="utf-8")
    return path


def test_precedence_is_flag_then_environment_then_file(monkeypatch: pytest.MonkeyPatch) -> None:
    _config('db = "/data/file.db"\nprofile = "ada"\ndaily_new_limit = 7\ntheme = "nord"\n')
    config = load_config({})
    assert (config.db.value, config.db.source) == ("/data/file.db", "config")
    assert (config.daily_new_limit.value, config.theme.value) == (7, "nord")
    monkeypatch.setenv("QUIZ_DB", "/data/env.db")
    monkeypatch.setenv("QUIZ_DAILY_NEW_LIMIT", "3")
    config = load_config({})
    assert (config.db.value, config.db.source) == ("/data/env.db", "env QUIZ_DB")
    assert config.daily_new_limit.value == 3
    config = load_config({"db": "/data/flag.db", "profile": "bob"})
    assert (config.db.value, config.db.source) == ("/data/flag.db", "flag --db")
    assert (config.profile.value, config.profile.source) == ("bob", "flag --profile")
    assert load_config({}).problems == ()


def test_banks_add_up_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    _config('banks = ["/a", "/b"]\n')
    monkeypatch.setenv("QUIZ_BANK", f"/c{os.pathsep}/d")
    config = load_config({"banks": ["/e"]})
    assert [(b.value, b.source) for b in config.banks] == [
        ("/a", "config"),
        ("/b", "config"),
        ("/c", "env QUIZ_BANK"),
        ("/d", "env QUIZ_BANK"),
        ("/e", "flag --bank"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('db = "x.db"\ntheme = nord\n', ":2:9: invalid TOML"),
        ('profile = "ada"\n\ndaily_new_limit = "lots"\n', ":3: daily_new_limit must be a whole"),
        ("desired_retention = 1.5\n", ":1: desired_retention must be a number from 0.70"),
        ('colour = "red"\n', ":1: unknown setting 'colour'"),
        ('db = "x.db"\n[keys]\nopen-practice = 5\n', ":3: keys.open-practice must be a key"),
        ("banks = 3\n", ":1: banks must be a list of paths"),
    ],
)
def test_a_bad_config_file_is_reported_at_its_line(text: str, expected: str) -> None:
    path = _config(text)
    (problem,) = load_config({}).problems
    assert problem.startswith(str(path)) and expected in problem


def test_bad_values_fall_back_to_the_next_source(monkeypatch: pytest.MonkeyPatch) -> None:
    _config('theme = "nord"\ndaily_new_limit = -4\n')
    monkeypatch.setenv("QUIZ_RETENTION", "2")
    config = load_config({})
    assert config.theme.value == "nord" and config.daily_new_limit.value is None
    assert [p.split(": ", 1)[1] for p in config.problems if p.startswith("QUIZ")] == [
        "must be a number from 0.70 to 0.99, not '2'"
    ]


def test_quiz_config_shows_each_setting_and_its_source(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _config('theme = "nord"\n[keys]\nopen-practice = "x"\n')
    monkeypatch.setenv("QUIZ_PROFILE", "ada")
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^theme +nord  \[config\]$", out, re.M), out
    assert re.search(r"^profile +ada  \[env QUIZ_PROFILE\]$", out, re.M), out
    assert re.search(r"^keys.open-practice +x  \[config\]$", out, re.M), out
    assert main(["config", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["keys"]["open-practice"] == {"value": "x", "source": "config"}


def test_quiz_config_names_a_theme_or_binding_id_the_app_would_ignore(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _config('theme = "neon-nope"\n[keys]\nopen-nothing = "x"\nopen-practice = "y"\n')
    assert main(["config"]) == 1
    captured = capsys.readouterr()
    config = os.environ["QUIZ_CONFIG"]  # each problem at its own line of the file
    assert f"{config}:1: theme 'neon-nope' is not one of: " in captured.err
    assert "nord" in captured.err
    assert f"{config}:3: unknown binding id 'open-nothing' in [keys]" in captured.err
    assert "open-practice" not in captured.err
    assert main(["config", "--json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert any("neon-nope" in p for p in problems) and any("open-nothing" in p for p in problems)
    monkeypatch.setenv("QUIZ_THEME", "nord")
    _config('[keys]\nopen-practice = "y"\n')
    assert main(["config"]) == 0 and capsys.readouterr().err == ""


def test_a_broken_config_file_warns_and_commands_still_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _config("theme = [\n")
    assert main(["list"]) == 0
    captured = capsys.readouterr()
    assert "ch44.q1" in captured.out
    assert f"quiz: warning: {path}:1:" in captured.err
    assert main(["config"]) == 1  # the command that checks the file says it is broken


def test_the_config_database_and_profile_are_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "from-config.db"
    _config(f'db = "{db}"\nprofile = "ada"\n')
    answer = "Memory-bound work lacks capacity; bandwidth-bound work lacks transfer speed."
    assert main(["answer", "ch44.q2", "--answer", answer, "--json"]) == 0
    assert db.is_file()
    capsys.readouterr()
    assert main(["export", "-"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [p["name"] for p in document["profiles"]] == ["ada"]


def _app(tmp_path: Path, *argv: str) -> QuizApp:
    args = build_parser().parse_args(["--db", str(tmp_path / "app.db"), *argv])
    return QuizApp(app_options(args), now=lambda: NOW)


async def test_the_config_theme_and_key_binding_take_effect_in_the_app(tmp_path: Path) -> None:
    _config('theme = "nord"\n[keys]\nopen-practice = "x"\n')
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        assert app.theme == "nord"
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))


async def test_a_broken_config_file_still_starts_the_app_with_a_warning(tmp_path: Path) -> None:
    path = _config('theme = "nord"\ndaily_new_limit = "many"\n[keys]\nnot-a-binding = "y"\n')
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        await until(
            pilot, lambda: "due now" in str(app.screen.query_one("#summary", Static).content)
        )
        messages = [n.message for n in app._notifications]
        assert any(m.startswith(f"{path}:2: daily_new_limit") for m in messages), messages
        await until(pilot, lambda: any("not-a-binding" in n.message for n in app._notifications))
        assert app.theme == "nord"


def test_the_readme_lists_every_binding_id() -> None:
    from quiz.tui.destinations import binding_ids

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert {i for i in binding_ids() if f"`{i}`" not in readme} == set()


async def test_the_start_panel_shows_a_remapped_key(tmp_path: Path) -> None:
    _config('[keys]\nopen-drill = "j"\n')
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        app = await loaded(pilot)
        modes = str(app.screen.query_one("#modes", Static).content)
        assert " j  Drill" in modes and " d  Drill" not in modes


@pytest.mark.parametrize("kind", ["data", "config", "cache"])
@pytest.mark.parametrize("xdg", [None, "", "/tmp/xdg-elsewhere", "relative/xdg"])
def test_user_dirs_are_where_platformdirs_puts_them(
    monkeypatch: pytest.MonkeyPatch, kind: UserDir, xdg: str | None
) -> None:
    variable = {"data": "XDG_DATA_HOME", "config": "XDG_CONFIG_HOME", "cache": "XDG_CACHE_HOME"}
    if xdg is None:
        monkeypatch.delenv(variable[kind], raising=False)
    else:
        monkeypatch.setenv(variable[kind], xdg)
    expected = getattr(platformdirs, f"user_{kind}_dir")("quiz", appauthor=False)
    assert user_dir(kind) == Path(expected)


def test_a_key_no_keyboard_sends_is_named_at_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """'[/bold]' or 'ctrl+alt+nonsense' as a key was accepted without a word (a fresh clone's
    trial); it is a warning at its own line, like an unknown binding id."""
    _config('[keys]\nopen-stats = "f5"\nopen-practice = "[/bold]"\nopen-drill = "ctrl+nonsense"\n')
    assert main(["config"]) == 1
    err = capsys.readouterr().err
    config = os.environ["QUIZ_CONFIG"]
    assert f"{config}:3: keys.open-practice: '[/bold]' is no key a keyboard sends" in err
    assert f"{config}:4: keys.open-drill: 'ctrl+nonsense' is no key" in err
    assert "open-stats" not in err
