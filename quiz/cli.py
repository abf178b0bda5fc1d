"""The `quiz` command: plain subcommands (fast, no UI imports) and the TUI entry points.

Heavy modules are imported inside the command functions so that plain commands start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from quiz import __version__


class UsageError(Exception):
    """Bad usage or input: reported as one line on stderr, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _common_options(*, suppress: bool) -> _Parser:
    """--db/--bank/--profile/--json, accepted before or after the subcommand."""
    default: Any = argparse.SUPPRESS if suppress else None
    common = _Parser(add_help=False)
    common.add_argument("--db", default=default, metavar="PATH|URL", help="progress database")
    common.add_argument(
        "--bank",
        action="append",
        default=default,
        metavar="PATH",
        help="extra bank file or folder (repeatable; also QUIZ_BANK, ':'-separated)",
    )
    common.add_argument("--profile", default=default, help="learner profile (default: default)")
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="print one JSON document on stdout",
    )
    return common


Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="quiz",
        description="Interview practice for AI/ML engineers: questions, numeric drills, grading.",
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"quiz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    common = _common_options(suppress=True)

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = add("lint", cmd_lint, "validate bank files; print file:line:col findings")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the bank)")
    p = add("list", cmd_list, "list the bank's items")
    p.add_argument("--topic", help="only items of this topic")
    p.add_argument(
        "--kind", choices=("question", "followup", "template"), help="only items of this kind"
    )
    p = add("show", cmd_show, "show one item in full")
    p.add_argument("id", metavar="ID")
    add("schema", cmd_schema, "print the bank's JSON Schema")
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
    _answer_source(p)
    rubric = sub.add_parser("rubric", help="rubric authoring helpers", parents=[common])
    rubric_sub = rubric.add_subparsers(dest="rubric_command", metavar="ACTION", required=True)
    p = rubric_sub.add_parser(
        "suggest",
        parents=[common],
        help="propose rubric concepts from a model answer, as YAML",
        description="Propose rubric points and concepts from a model answer, as YAML to paste.",
    )
    p.set_defaults(handler=cmd_rubric_suggest)
    _answer_source(p)

    add("review", cmd_tui, "the app, straight into due review")
    p = add("interview", cmd_tui, "the app, straight into a mock interview")
    p.add_argument("--questions", type=int, default=5, help="questions to ask (default 5)")
    p.add_argument("--minutes", type=float, default=3.0, help="minutes per answer (default 3)")
    p = add("answer", cmd_answer, "grade, record and schedule one answer")
    p.add_argument("id", metavar="ID")
    _answer_source(p)
    p.add_argument("--seed", type=int, help="the instance answered (numeric problems)")
    p.add_argument("--rating", help="your own rating: again, hard, good, easy or 1-4")
    p.add_argument(
        "--mode", default="practice", choices=("practice", "review", "cram", "drill", "interview")
    )
    p = add("due", cmd_due, "what is due now")
    p.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    add("stats", cmd_stats, "progress summary")
    p = add("export", cmd_export, "write progress to a JSON backup ('-': stdout)")
    p.add_argument("path", metavar="PATH")
    p = add("import", cmd_import, "merge a JSON backup into the database (idempotent)")
    p.add_argument("path", metavar="PATH")
    db = sub.add_parser("db", help="database migrations", parents=[common])
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, text in (
        ("upgrade", "migrate the database to the latest schema"),
        ("current", "show the database's schema revision"),
    ):
        p = db_sub.add_parser(name, parents=[common], help=text, description=text)
        p.set_defaults(handler=cmd_db)

    from quiz.calc.options import add_calc_parser

    add_calc_parser(sub, common, cmd_calc)
    return parser


def _answer_source(p: argparse.ArgumentParser) -> None:
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--answer", metavar="TEXT", help="the answer text")
    source.add_argument(
        "--answer-file", metavar="PATH", help="read the answer from a file ('-': stdin)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", cmd_tui)
    try:
        return handler(args)
    except UsageError as exc:
        print(f"quiz: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _print_json(document: object) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _load_bank(args: argparse.Namespace) -> Any:
    """The bank for a command: valid items kept; errors summarised on stderr."""
    from quiz.authoring.checked import load_checked_bank
    from quiz.bank.loader import bank_sources

    bank = load_checked_bank(bank_sources(args.bank or ()))
    errors = bank.errors
    if errors:
        print(
            f"quiz: warning: {len(errors)} bank error(s); their items are skipped "
            f"(first: {errors[0]}); run 'quiz lint'",
            file=sys.stderr,
        )
    return bank


def cmd_lint(args: argparse.Namespace) -> int:
    from quiz.authoring.lint import lint_sources
    from quiz.bank.loader import bank_sources

    sources = list(args.paths) if args.paths else bank_sources(args.bank or ())
    report = lint_sources(sources)
    if args.json:
        _print_json(report.to_json())
    else:
        for finding in report.findings:
            print(finding)
        summary = (
            f"{len(report.files)} file(s), {report.item_count} item(s): "
            f"{report.error_count} error(s), {report.warning_count} warning(s)"
        )
        print(summary, file=sys.stderr)
    return 1 if report.error_count else 0


def cmd_list(args: argparse.Namespace) -> int:
    from quiz.bank.render import item_summary_json
    from quiz.problems.render import template_summary_json

    bank = _load_bank(args)
    rows: list[dict[str, Any]] = [item_summary_json(item) for item in bank.items.values()]
    rows += [
        {**template_summary_json(entry), "prompt": entry.template.title}
        for entry in bank.templates.values()
    ]
    rows = [
        row
        for row in rows
        if (args.topic is None or row["topic"] == args.topic)
        and (args.kind is None or row["kind"] == args.kind)
    ]
    if args.json:
        _print_json(rows)
        return 0
    width = max((len(row["id"]) for row in rows), default=2)
    for row in rows:
        prompt = " ".join(row["prompt"].split())
        if len(prompt) > 70:
            prompt = prompt[:69] + "…"
        print(f"{row['id']:<{width}}  {row['kind']:<8}  {row['topic']:<14}  {prompt}")
    print(f"{len(rows)} item(s)", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    import difflib

    from quiz.bank.render import item_json, item_text
    from quiz.problems.render import template_json, template_text

    bank = _load_bank(args)
    item = bank.get(args.id)
    entry = bank.templates.get(args.id)
    if item is None and entry is None:
        close = difflib.get_close_matches(args.id, [*bank.items, *bank.templates], n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else "; see 'quiz list'"
        raise UsageError(f"no item {args.id!r} in the bank{hint}")
    if item is not None:
        _print_json(item_json(item)) if args.json else print(item_text(item))
    else:
        _print_json(template_json(entry)) if args.json else print(template_text(entry))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from quiz.bank.jsonschema import bank_json_schema_text

    sys.stdout.write(bank_json_schema_text())
    return 0


def cmd_calc(args: argparse.Namespace) -> int:
    from quiz.calc import cli as calc_cli
    from quiz.calc.units import UnitError

    try:
        if args.quantity is None:
            if args.json:
                _print_json(calc_cli.listing())
            else:
                print(calc_cli.listing_text())
            return 0
        result = calc_cli.compute(args)
    except UnitError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        _print_json(result.to_json())
    else:
        print(calc_cli.result_text(result))
    return 0


def _template(args: argparse.Namespace) -> Any:
    import difflib

    from quiz.problems.compiled import find

    bank = _load_bank(args)
    compiled = find(bank, args.template)
    if compiled is None:
        close = difflib.get_close_matches(args.template, list(bank.templates), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else "; see 'quiz problems'"
        raise UsageError(f"no template {args.template!r}{hint}")
    return compiled


def _instance(args: argparse.Namespace, seed: int) -> Any:
    from quiz.problems.generate import GenerationError, generate

    try:
        return generate(_template(args), seed)
    except GenerationError as exc:
        raise UsageError(str(exc)) from None


def cmd_problems(args: argparse.Namespace) -> int:
    from quiz.problems.render import template_summary_json

    bank = _load_bank(args)
    entries = [e for e in bank.templates.values() if args.topic in (None, e.topic)]
    if args.json:
        _print_json([template_summary_json(entry) for entry in entries])
        return 0
    width = max((len(entry.id) for entry in entries), default=2)
    for entry in entries:
        kind = "verdict" if entry.template.verdict else entry.template.answer.unit
        print(f"{entry.id:<{width}}  {entry.topic:<12}  {kind:<9}  {entry.template.title}")
    print(f"{len(entries)} template(s)", file=sys.stderr)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    import secrets

    from quiz.problems.render import instance_text

    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    instance = _instance(args, seed)
    if args.json:
        _print_json(instance.to_json())
    else:
        print(instance_text(instance, solution=args.solution))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from quiz.problems.generate import check_answer, check_json
    from quiz.problems.render import verdict_text

    instance = _instance(args, args.seed)
    verdict = check_answer(instance, args.answer)
    if args.json:
        _print_json(check_json(instance, verdict))
    else:
        print(verdict_text(instance, verdict))
    return 0


def _answer_text(args: argparse.Namespace) -> str:
    from quiz.grading.answers import AnswerError, read_answer

    if args.answer is not None:
        return str(args.answer)
    try:
        return read_answer(args.answer_file)
    except AnswerError as exc:
        raise UsageError(str(exc)) from None


def cmd_score(args: argparse.Namespace) -> int:
    import difflib

    from quiz.grading.render import score_text
    from quiz.grading.rubrics import score_item

    bank = _load_bank(args)
    item = bank.get(args.id)
    if item is None:
        close = difflib.get_close_matches(args.id, list(bank.items), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else "; see 'quiz list'"
        if args.id in bank.templates:
            hint = f": it is a numeric problem; use 'quiz check {args.id}'"
        raise UsageError(f"no question {args.id!r} in the bank{hint}")
    if not item.rubric:
        raise UsageError(f"{item.id} has no rubric to score against (see 'quiz show {item.id}')")
    result = score_item(item, _answer_text(args))
    if args.json:
        _print_json(result.to_json())
    else:
        print(score_text(result))
    return 0


def cmd_rubric_suggest(args: argparse.Namespace) -> int:
    from quiz.grading.suggest import suggest_points, suggestion_yaml

    text = _answer_text(args)
    if args.json:
        _print_json(
            [
                {"sentence": p.sentence, "min_concepts": p.min_concepts, "concepts": p.concepts}
                for p in suggest_points(text)
            ]
        )
    else:
        sys.stdout.write(suggestion_yaml(text))
    return 0


def _store(args: argparse.Namespace, migrate: bool = True) -> Any:
    from quiz.store.location import DatabaseError, database_url
    from quiz.store.store import Store

    try:
        store = Store.open(database_url(args.db), migrate=migrate)
    except DatabaseError as exc:
        raise UsageError(str(exc)) from None
    if store.backup:
        print(
            f"quiz: database upgraded; the previous version is kept at {store.backup}",
            file=sys.stderr,
        )
    return store


def _db_file(args: argparse.Namespace) -> Path:
    from quiz.store.location import DatabaseError, database_url, sqlite_path

    try:
        path = sqlite_path(database_url(args.db))
    except DatabaseError as exc:
        raise UsageError(str(exc)) from None
    return path or Path("")


def _practice(args: argparse.Namespace) -> Any:
    from quiz.practice.clock import ClockError
    from quiz.practice.engine import Practice

    bank = _load_bank(args)
    store = _store(args)
    try:
        return Practice(store, bank, args.profile or "default")
    except ClockError as exc:
        raise UsageError(str(exc)) from None


def cmd_answer(args: argparse.Namespace) -> int:
    from quiz.practice.clock import ClockError
    from quiz.practice.engine import PracticeError
    from quiz.practice.render import outcome_text
    from quiz.srs.ratings import Rating

    try:
        rating = Rating.parse(args.rating) if args.rating is not None else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    answer = _answer_text(args)
    practice = _practice(args)
    entry = practice.entries.get(args.id)
    if entry is not None and entry.kind == "template" and args.seed is None:
        raise UsageError(
            f"{args.id} is a numeric problem: give --seed N for the instance you answered "
            f"(see 'quiz generate {args.id} --seed N')"
        )
    try:
        outcome = practice.submit(args.id, answer, mode=args.mode, seed=args.seed, rating=rating)
    except (PracticeError, ClockError) as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        _print_json(outcome.to_json())
    else:
        print(outcome_text(outcome))
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from quiz.practice.clock import ClockError, now
    from quiz.practice.queue import due_fast, due_now
    from quiz.practice.render import due_text

    try:
        moment = now()
    except ClockError as exc:
        raise UsageError(str(exc)) from None
    profile, limit = args.profile or "default", max(args.limit, 0)
    due = None
    if not args.db or "://" not in args.db:  # a SQLite file: try the fast read-only path
        due = due_fast(_db_file(args), profile, moment, limit)
    if due is None:
        due = due_now(_store(args), profile, moment, limit)
    if args.json:
        _print_json([entry.to_json() for entry in due])
    else:
        print(due_text(due, moment))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from quiz.practice.render import stats_text
    from quiz.practice.stats import compute

    stats = compute(_practice(args))
    if args.json:
        _print_json(stats.to_json())
    else:
        print(stats_text(stats))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from quiz.practice.clock import now
    from quiz.store.transfer import export

    store = _store(args)
    with store.read() as session:
        document = export(session, now(), args.profile)
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if args.path == "-":
        sys.stdout.write(text)
        return 0
    try:
        Path(args.path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.path}: {exc.strerror or exc}") from None
    attempts = sum(len(p["attempts"]) for p in document["profiles"])
    print(f"quiz: exported {attempts} answer(s) to {args.path}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from quiz.store.transfer import TransferError, import_

    try:
        raw = sys.stdin.read() if args.path == "-" else Path(args.path).read_text(encoding="utf-8")
        document = json.loads(raw)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"cannot read {args.path}: {exc}") from None
    store = _store(args)
    try:
        with store.write() as session:
            counts = import_(session, document)
    except TransferError as exc:
        raise UsageError(f"{args.path}: {exc}") from None
    if args.json:
        _print_json(counts)
    else:
        added = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        print(f"quiz: imported {args.path}: added or updated {added}")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from quiz.store.migrate import current_revision, head_revision

    store = _store(args, migrate=args.db_command == "upgrade")
    current, head = current_revision(store.engine), head_revision()
    if args.json:
        _print_json({"current": current, "head": head, "url": store.url})
    elif args.db_command == "upgrade":
        print(f"database at revision {current} (latest {head}): {store.url}")
    else:
        state = "up to date" if current == head else "needs 'quiz db upgrade'"
        print(f"{current or 'empty'} (latest {head}, {state}): {store.url}")
    return 0


def cmd_tui(args: argparse.Namespace) -> int:
    """`quiz`, `quiz review`, `quiz interview`: the full-screen app."""
    command = getattr(args, "command", None)
    questions, minutes = getattr(args, "questions", 5), getattr(args, "minutes", 3.0)
    if not 1 <= questions <= 50:
        raise UsageError(f"--questions must be between 1 and 50, not {questions}")
    if not 0.25 <= minutes <= 60:
        raise UsageError(f"--minutes must be between 0.25 and 60, not {minutes:g}")
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UsageError(
            "the app needs a terminal; for scripts use the plain commands (see 'quiz --help')"
        )
    from quiz.tui.app import QuizApp
    from quiz.tui.context import Options

    options = Options(
        db=args.db,
        banks=tuple(args.bank or ()),
        profile=args.profile or "default",
        start=command if command in ("review", "interview") else None,
        questions=questions,
        minutes=minutes,
    )
    QuizApp(options).run()
    return 0
