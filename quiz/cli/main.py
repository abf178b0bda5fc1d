"""The `quiz` command: the parser and dispatch. Commands import their heavy modules inside
their functions so that plain commands start fast."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO, cast

from quiz import __version__
from quiz.cli.app_commands import cmd_config, cmd_tui
from quiz.cli.bank_commands import cmd_lint, cmd_list, cmd_schema, cmd_show
from quiz.cli.claim_commands import cmd_claims, cmd_rubric_learn
from quiz.cli.cohort_commands import cmd_cohort, cmd_db_role, cmd_db_sync
from quiz.cli.common import (
    Handler,
    Parser,
    UsageError,
    answer_source,
    common_options,
    setting_flag,
    whole_number,
)
from quiz.cli.completion import SHELLS, cmd_completion
from quiz.cli.deck_commands import cmd_export_anki
from quiz.cli.grading_commands import cmd_grade, cmd_rubric_suggest, cmd_score
from quiz.cli.item_commands import cmd_held, cmd_history, cmd_unhold
from quiz.cli.plan_commands import cmd_plan, interview_date
from quiz.cli.problem_commands import cmd_calc, cmd_check, cmd_generate, cmd_problems
from quiz.cli.progress_commands import (
    cmd_answer,
    cmd_db,
    cmd_due,
    cmd_export,
    cmd_import,
    cmd_stats,
)
from quiz.cli.serve_commands import add_serve_options, cmd_serve
from quiz.printable import printable
from quiz.store.location import DatabaseError


class _Unreachable:
    """Stands in for the parser of a command the command line does not name: its options are
    never parsed, so they are not built (building all forty parsers was most of a plain
    command's start-up)."""

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        return None

    def add_mutually_exclusive_group(self, **kwargs: Any) -> _Unreachable:
        return self

    def set_defaults(self, **kwargs: Any) -> None:
        return None


def _modes(wanted: bool) -> tuple[str, ...]:
    """The practice modes, for `quiz answer --mode` (imported only when that parser is built)."""
    if not wanted:
        return ()
    from quiz.practice.modes import MODES

    return tuple(MODES)


def reachable(words: Sequence[str]) -> set[str] | None:
    """The words that may name a command or quantity, or None (build every parser) when help is
    asked for: `quiz --help` lists every command."""
    return None if {"-h", "--help"} & set(words) else set(words)


def build_parser(with_calc: bool = True, only: set[str] | None = None) -> argparse.ArgumentParser:
    """The parser; `with_calc=False` leaves out the quantities of `quiz calc` (they import the
    calculator), for commands that do not need them. With `only`, commands whose names are not in
    it are left out; when a word could be a command but none is known, every command is built (a
    mistyped command gets the whole list)."""
    parser, sub = _build(with_calc, only)
    if only is not None and not sub.choices and any(not w.startswith("-") for w in only):
        parser, sub = _build(with_calc, None)
    return parser


def _build(
    with_calc: bool, only: set[str] | None
) -> tuple[argparse.ArgumentParser, argparse._SubParsersAction[Parser]]:
    parser = Parser(
        prog="quiz",
        description="Interview practice for AI/ML engineers: questions, numeric drills, grading.",
        parents=[common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"quiz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    common = common_options(suppress=True)

    def named(name: str) -> bool:
        return only is None or name in only

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        if not named(name):
            return cast(argparse.ArgumentParser, _Unreachable())
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = add("lint", cmd_lint, "validate bank files; print file:line:col findings")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the bank)")
    p.add_argument("--all", action="store_true", help="every finding (default: the first 200)")
    p = add("list", cmd_list, "list the bank's items")
    p.add_argument("--topic", help="only items of this topic")
    p.add_argument(
        "--kind", choices=("question", "followup", "template"), help="only items of this kind"
    )
    p.add_argument("--ids", action="store_true", help="only the ids, one per line")
    p.add_argument("--topics", action="store_true", help="only the bank's topics, one per line")
    p = add("show", cmd_show, "show one item in full")
    p.add_argument("id", metavar="ID")
    p = add("schema", cmd_schema, "print the bank's JSON Schema")
    p.add_argument(
        "--export", action="store_true", help="the progress backup's schema instead (quiz export)"
    )
    p = add("problems", cmd_problems, "list the numeric problem templates")
    p.add_argument("--topic", help="only templates of this topic")
    p = add("generate", cmd_generate, "one instance of a numeric problem template")
    p.add_argument("template", metavar="TEMPLATE")
    p.add_argument("--seed", type=int, help="instance number (default: a random one, printed)")
    p.add_argument("--solution", action="store_true", help="also print the answer and steps")
    p = add("check", cmd_check, "check an answer to one instance of a template")
    p.add_argument("template", metavar="TEMPLATE")
    p.add_argument("--seed", type=int, required=True, help="the instance's seed")
    p.add_argument("--answer", required=True, help="a number with its unit, or a verdict")

    p = add("score", cmd_score, "rubric score of a free-text answer (not recorded)")
    p.add_argument("id", metavar="ID")
    answer_source(p)
    p = add("grade", cmd_grade, "grade a batch of answers (CSV or JSON lines); not recorded")
    p.add_argument("file", metavar="FILE", help="CSV with a header, or JSON lines ('-': stdin)")
    p.add_argument("--output", metavar="PATH", help="write the results here (default: stdout)")
    p.add_argument(
        "--format",
        choices=("csv", "jsonl"),
        help="of the results (default: by --output, else jsonl)",
    )
    if named("rubric"):
        rubric = sub.add_parser("rubric", help="rubric authoring helpers", parents=[common])
        rubric_sub = rubric.add_subparsers(dest="rubric_command", metavar="ACTION", required=True)
        p = rubric_sub.add_parser(
            "suggest",
            parents=[common],
            help="propose rubric concepts from a model answer, as YAML",
            description="Propose rubric points and concepts from a model answer, as YAML to paste.",
        )
        p.set_defaults(handler=cmd_rubric_suggest)
        answer_source(p)
        p.add_argument(
            "--question",
            metavar="TEXT",
            help="the question asked: concepts it already says are not proposed",
        )
        text = "propose forms from the answers where learners claimed a point, as YAML"
        p = rubric_sub.add_parser("learn", parents=[common], help=text, description=text)
        p.set_defaults(handler=cmd_rubric_learn)
        p.add_argument("id", metavar="ID")

    add("config", cmd_config, "the effective settings and where each came from")
    p = add("completion", cmd_completion, "print the shell completion script for bash, zsh or fish")
    p.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    add("review", cmd_tui, "the app, straight into due review")
    p = add("cram", cmd_tui, "the app, straight into cram (the schedule is left alone)")
    p.add_argument("--topic", help="only items of this topic")
    p.add_argument(
        "--weakest",
        type=whole_number(1, 10_000),
        metavar="N",
        help="only your N weakest answered items (lowest scores first)",
    )
    p = add("interview", cmd_tui, "the app, straight into a mock interview")
    p.add_argument("--questions", type=int, default=5, help="questions to ask (default 5)")
    p.add_argument("--minutes", type=float, default=3.0, help="minutes per answer (default 3)")
    p = add("serve", cmd_serve, "the app in a browser tab, at a private URL (quiz[serve])")
    add_serve_options(p)
    p = add("answer", cmd_answer, "grade, record and schedule one answer")
    p.add_argument("id", metavar="ID")
    answer_source(p)
    p.add_argument("--seed", type=int, help="the instance answered (numeric problems)")
    p.add_argument("--rating", help="your own rating: again, hard, good, easy or 1-4")
    p.add_argument(
        "--mode", default="practice", choices=_modes(named("answer")), help="the mode answered in"
    )
    p = add("due", cmd_due, "what is due now")
    p.add_argument(
        "--limit",
        type=whole_number(1, 100_000),
        default=100,
        help="at most this many (default 100)",
    )
    p.add_argument("--count", action="store_true", help="only how many, one number (fast)")
    add("stats", cmd_stats, "progress summary")
    p = add("history", cmd_history, "your past answers to one item: scores, ratings, missed points")
    p.add_argument("id", metavar="ID")
    p = add("claims", cmd_claims, "answers where learners claimed a missed point (for authors)")
    p.add_argument("--item", metavar="ID", help="only the claims on this item")
    add("held", cmd_held, "suspended and buried items (and when a buried one returns)")
    p = add("unsuspend", cmd_unhold, "let a suspended item be asked again")
    p.add_argument("id", metavar="ID")
    p = add("unbury", cmd_unhold, "let a buried item be asked again now")
    p.add_argument("id", metavar="ID")
    add("cohort", cmd_cohort, "every learner's progress and the class's weak spots (instructors)")
    p = add("plan", cmd_plan, "the daily plan toward an interview date, and readiness per topic")
    when = p.add_mutually_exclusive_group()
    when.add_argument(
        "--interview", type=interview_date, metavar="DATE", help="set the interview date"
    )
    when.add_argument("--clear", action="store_true", help="remove the interview date")
    p = add("export", cmd_export, "write progress to a JSON backup ('-': stdout)")
    p.add_argument("path", metavar="PATH")
    p = add("export-anki", cmd_export_anki, "write the bank as an Anki deck package (.apkg)")
    p.add_argument("path", metavar="PATH.apkg")
    p.add_argument(
        "--topic", action="append", help="only this topic (repeatable; default: every topic)"
    )
    p.add_argument(
        "--problems",
        type=whole_number(0, 1000),
        default=3,
        metavar="N",
        help="fixed instances of each numeric template, with worked solutions (default 3)",
    )
    p = add("import", cmd_import, "merge a JSON backup into the database (idempotent)")
    p.add_argument("path", metavar="PATH")
    p.add_argument(
        "--as",
        dest="as_profile",
        metavar="NAME",
        type=setting_flag("profile"),
        help="copy the backup's profile into profile NAME (also within one database)",
    )
    if named("db"):
        db = sub.add_parser("db", help="database migrations", parents=[common])
        db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
        for name, text in (
            ("upgrade", "migrate the database to the latest schema"),
            ("current", "show the database's schema revision"),
        ):
            p = db_sub.add_parser(name, parents=[common], help=text, description=text)
            p.set_defaults(handler=cmd_db)
        text = "make the database's items this bank's (a cohort's owner, after a bank change)"
        p = db_sub.add_parser("sync", parents=[common], help=text, description=text)
        p.set_defaults(handler=cmd_db_sync)
        for name, text in (
            ("add-learner", "PostgreSQL: a login role that sees only its own profile (same name)"),
            ("add-instructor", "PostgreSQL: a login role that reads every learner's rows"),
        ):
            p = db_sub.add_parser(name, parents=[common], help=text, description=text)
            p.set_defaults(handler=cmd_db_role)
            p.add_argument("name", metavar="NAME", help="the role (and profile) name")
            p.add_argument(
                "--password",
                action="store_true",
                help="ask for the role's password (or read stdin)",
            )

    if with_calc and named("calc"):
        from quiz.calc.cli import add_calc_parser

        add_calc_parser(sub, common, cmd_calc, only)
    else:
        add("calc", cmd_calc, "one calculator result with its worked steps")
    return parser, sub


class _Printable:
    """A text stream that writes control characters out as visible escapes (see
    quiz.printable): what a plain command prints can never drive the terminal."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        return self._inner.write(printable(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(with_calc="calc" in words, only=reachable(words))
    args, unknown = parser.parse_known_args(words)
    if unknown:  # named by the (sub)command they were given to, which has the help to read
        _innermost(parser, args).error(f"unrecognized arguments: {' '.join(unknown)}")
    handler: Handler = getattr(args, "handler", cmd_tui)
    if handler is cmd_tui:
        return _run(handler, args)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Printable(sys.stdout), _Printable(sys.stderr)
    try:
        return _run(handler, args)
    finally:
        sys.stdout, sys.stderr = streams


def _innermost(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> argparse.ArgumentParser:
    """The parser of the command that was given (`calc kv-cache`, `db upgrade`)."""
    while True:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        name = getattr(args, subs[0].dest, None) if subs else None
        if not subs or name not in subs[0].choices:
            return parser
        parser = subs[0].choices[name]


def _run(handler: Handler, args: argparse.Namespace) -> int:
    try:
        return handler(args)
    except (UsageError, DatabaseError) as exc:
        print(f"quiz: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
