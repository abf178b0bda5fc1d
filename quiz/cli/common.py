"""What every command shares: usage errors, the common options, the bank, the store and
the engine opened from the effective settings."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from quiz.paths import not_a_file, user_path


class UsageError(Exception):
    """Bad usage or input: reported as one line on stderr, exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def common_options(*, suppress: bool) -> Parser:
    """--db/--bank/--profile/--json, accepted before or after the subcommand."""
    default: Any = argparse.SUPPRESS if suppress else None
    common = Parser(add_help=False)
    common.add_argument(
        "--db",
        default=default,
        type=setting_flag("db"),
        metavar="PATH|URL",
        help="progress database",
    )
    common.add_argument(
        "--bank",
        action="append",
        default=default,
        metavar="PATH",
        help="extra bank file or folder (repeatable; also QUIZ_BANK, ':'-separated)",
    )
    common.add_argument(
        "--profile",
        default=default,
        type=setting_flag("profile"),
        help="learner profile (default: default)",
    )
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="print one JSON document on stdout",
    )
    return common


Handler = Callable[[argparse.Namespace], int]


def setting_flag(name: str) -> Callable[[str], Any]:
    """An argparse type: the value checked as the config file's setting of that name is."""

    def read(text: str) -> Any:
        from quiz.config import checked_flag

        try:
            return checked_flag(name, text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return read


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number within [low, high]; anything else is a usage error
    that names the offending value."""

    def read(text: str) -> int:
        value = text.strip()
        if not (value.lstrip("-").isdigit() and len(value) <= 12 and low <= int(value) <= high):
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {low:,} to {high:,}, not {text!r}"
            )
        return int(value)

    return read


if TYPE_CHECKING:
    from quiz.config import Config
    from quiz.store.store import Store


def config_for(args: argparse.Namespace) -> Config:
    """The effective settings (flags, then environment, then config file); each problem with
    the config file is one warning line on stderr, and its setting falls back."""
    found: Config | None = getattr(args, "_config", None)
    if found is None:
        from quiz.config import load_config

        flags = {
            "db": getattr(args, "db", None),
            "banks": getattr(args, "bank", None),
            "profile": getattr(args, "profile", None),
        }
        found = load_config(flags)
        for problem in found.problems:
            print(f"quiz: warning: {problem} (ignored)", file=sys.stderr)
        args._config = found
    return found


def extra_banks(args: argparse.Namespace) -> list[str]:
    """The extra bank paths in effect; one that does not exist is a usage error naming it and
    where it was given (the packaged bank alone is never silently used instead)."""
    banks = config_for(args).banks
    for setting in banks:
        path = user_path(setting.value) if "\0" not in setting.value else None
        if path is not None and path.is_symlink() and not path.exists():
            loop = not_a_file(path) == "a symlink loop"
            what = "a symlink loop" if loop else "a symlink to nothing"
            raise UsageError(f"bank path {setting.value!r} is {what} (from {setting.source})")
        if path is None or not path.exists():
            raise UsageError(f"bank path {setting.value!r} does not exist (from {setting.source})")
    return [setting.value for setting in banks]


def check_topics(bank: Any, topics: Sequence[str]) -> Sequence[str]:
    """The topics asked for, each one the bank has; else a usage error listing those it has."""
    known = bank.topics
    unknown = [topic for topic in topics if topic not in known]
    if unknown:
        raise UsageError(f"no topic {unknown[0]!r} in the bank (topics: {', '.join(known)})")
    return topics


def profile_for(args: argparse.Namespace) -> str:
    return str(config_for(args).profile.value)


def db_option(args: argparse.Namespace) -> str | None:
    value = config_for(args).db.value
    return str(value) if value is not None else None


def print_json(document: object) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def load_bank_for(args: argparse.Namespace) -> Any:
    """The bank for a command: valid items kept; errors summarised on stderr."""
    from quiz.authoring.checked import load_checked_bank
    from quiz.bank.sources import bank_sources

    bank = load_checked_bank(bank_sources(extra_banks(args)))
    errors = bank.errors
    if errors:
        print(
            f"quiz: warning: {len(errors)} bank error(s); their items are skipped "
            f"(first: {errors[0]}); run 'quiz lint'",
            file=sys.stderr,
        )
    return bank


def _report_backup(store: Store) -> None:
    if store.backup:
        print(
            f"quiz: database upgraded; the previous version is kept at {store.backup}",
            file=sys.stderr,
        )


def open_store_for(args: argparse.Namespace, migrate: bool = True) -> Store:
    from quiz.store.location import DatabaseError, database_url
    from quiz.store.store import Store

    try:
        store = Store.open(database_url(db_option(args)), migrate=migrate)
    except DatabaseError as exc:
        raise UsageError(str(exc)) from None
    _report_backup(store)
    return store


def db_file(args: argparse.Namespace) -> Path:
    from quiz.store.location import DatabaseError, database_url, sqlite_path

    try:
        path = sqlite_path(database_url(db_option(args)))
    except DatabaseError as exc:
        raise UsageError(str(exc)) from None
    return path or Path("")


def practice_for(args: argparse.Namespace) -> Any:
    """The engine, opened as the app opens it, with the settings the config pins."""
    from quiz.practice.opening import OpenError, Setup, open_practice

    config = config_for(args)
    bank = load_bank_for(args)
    setup = Setup(
        db=db_option(args),
        banks=tuple(extra_banks(args)),
        profile=profile_for(args),
        daily_new_limit=config.daily_new_limit.value,
        desired_retention=config.desired_retention.value,
        theme=config.theme.value,
        interview_date=config.interview_date.value,
    )
    try:
        practice, store = open_practice(setup, bank)
    except OpenError as exc:
        raise UsageError(str(exc)) from None
    _report_backup(store)
    if practice.not_shared is not None:
        print(f"quiz: warning: {practice.not_shared}", file=sys.stderr)
    from quiz.practice.preferences import ignored_notice

    ignored = ignored_notice(practice.ignored or {})
    if ignored is not None:  # a profile's row written by hand (a cohort's learner can)
        print(f"quiz: warning: {ignored}", file=sys.stderr)
    return practice


def answer_text(args: argparse.Namespace) -> str:
    from quiz.grading.answers import AnswerError, read_answer

    if args.answer is not None:
        text = str(args.answer)
        bad = next((i for i, char in enumerate(text) if "\udc80" <= char <= "\udcff"), None)
        if bad is not None:  # a byte that is not UTF-8, as the shell passed it on
            byte = ord(text[bad]) - 0xDC00
            raise UsageError(f"--answer is not UTF-8 text (byte 0x{byte:02x} at character {bad})")
        return text
    try:
        return read_answer(args.answer_file)
    except AnswerError as exc:
        raise UsageError(str(exc)) from None


def answer_source(p: argparse.ArgumentParser) -> None:
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--answer", metavar="TEXT", help="the answer text")
    source.add_argument(
        "--answer-file", metavar="PATH", help="read the answer from a file ('-': stdin)"
    )
