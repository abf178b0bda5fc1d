"""The full-screen app (quiz, quiz review, quiz interview)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from quiz.cli.common import (
    UsageError,
    config_for,
    db_option,
    extra_banks,
    print_json,
    profile_for,
)
from quiz.redact import redacted_url

if TYPE_CHECKING:
    from quiz.config import Config
    from quiz.tui.context import Options


def cmd_tui(args: argparse.Namespace) -> int:
    """`quiz`, `quiz review`, `quiz interview`: the full-screen app."""
    questions, minutes = getattr(args, "questions", 5), getattr(args, "minutes", 3.0)
    if not 1 <= questions <= 50:
        raise UsageError(f"--questions must be between 1 and 50, not {questions}")
    if not 0.25 <= minutes <= 60:
        raise UsageError(f"--minutes must be between 0.25 and 60, not {minutes:g}")
    if getattr(args, "command", None) == "cram":
        from quiz.cli.item_commands import check_cram

        check_cram(args)
    from quiz.tui.served import served  # quiz serve: Textual's web driver, over pipes

    if not served() and (not sys.stdin.isatty() or not sys.stdout.isatty()):
        raise UsageError(
            "the app needs a terminal; for scripts use the plain commands (see 'quiz --help')"
        )
    # Textual draws a change at its next frame, 60 a second by default: at 120 a key's echo
    # and a verdict reach the screen sooner (bench/terminal_feedback.py). Set before Textual
    # is imported, which reads it once; an explicit TEXTUAL_FPS wins.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    from quiz.tui.app import QuizApp

    QuizApp(app_options(args)).run()
    return 0


def app_options(args: argparse.Namespace) -> Options:
    """How to start the app: the command line's choices over the effective settings."""
    from quiz.tui.context import Options

    command = getattr(args, "command", None)
    config = config_for(args)
    return Options(
        db=db_option(args),
        banks=tuple(extra_banks(args)),
        profile=profile_for(args),
        start=command if command in ("review", "interview", "cram") else None,
        questions=getattr(args, "questions", 5),
        minutes=getattr(args, "minutes", 3.0),
        theme=config.theme.value,
        keys={name: setting.value for name, setting in config.keys.items()},
        daily_new_limit=config.daily_new_limit.value,
        desired_retention=config.desired_retention.value,
        interview_date=config.interview_date.value,
        warnings=config.problems,
        cram_topic=getattr(args, "topic", None) if command == "cram" else None,
        cram_weakest=getattr(args, "weakest", None) if command == "cram" else None,
    )


def cmd_config(args: argparse.Namespace) -> int:
    """`quiz config`: the effective settings and where each came from."""
    config = config_for(args)
    ignored = _ignored_by_the_app(config)
    if args.json:
        document = config.to_json()
        document["problems"] += ignored
        print_json(document)
        return 1 if config.problems or ignored else 0
    for problem in ignored:
        print(f"quiz: warning: {problem} (the app ignores it)", file=sys.stderr)
    print(f"config file: {config.path}" + ("" if config.path.is_file() else " (none)"))
    rows = [
        ("db", config.db),
        ("profile", config.profile),
        ("theme", config.theme),
        ("daily_new_limit", config.daily_new_limit),
        ("desired_retention", config.desired_retention),
        ("interview_date", config.interview_date),
    ]
    rows += [("bank", bank) for bank in config.banks]
    rows += [(f"keys.{name}", key) for name, key in config.keys.items()]
    width = max(len(name) for name, _ in rows)
    for name, setting in rows:
        value = "(the profile's own)" if setting.value is None else setting.value
        if name == "db":
            value = (
                redacted_url(str(setting.value))  # never a password
                if setting.value is not None
                else "(the default file in the user data directory)"
            )
        print(f"{name:<{width}}  {value}  [{setting.source}]")
    return 1 if config.problems or ignored else 0


def _ignored_by_the_app(config: Config) -> list[str]:
    """A pinned theme or [keys] entry the app does not know (the check imports Textual, so only
    when there is one to check)."""
    if config.theme.value is None and not config.keys:
        return []
    from quiz.config import located
    from quiz.tui.config_names import keys_problems, theme_problem

    found = []
    wrong_theme = theme_problem(config.theme.value)
    if wrong_theme is not None:
        where = located(config.path, "theme") if config.theme.source == "config" else None
        found.append(f"{where}: {wrong_theme}" if where else wrong_theme)
    keys = {name: str(setting.value) for name, setting in config.keys.items()}
    found += [
        f"{located(config.path, binding, 'keys')}: {message}"
        for binding, message in keys_problems(keys)
    ]
    return found
