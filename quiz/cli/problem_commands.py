"""Numeric problems and the calculator: calc, problems, generate, check."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from quiz.cli.common import (
    UsageError,
    check_topics,
    load_bank_for,
    print_json,
)


def cmd_calc(args: argparse.Namespace) -> int:
    from quiz.calc import cli as calc_cli
    from quiz.calc.units import UnitError

    try:
        if args.quantity is None:
            if args.json:
                print_json(calc_cli.listing())
            else:
                print(calc_cli.listing_text())
            return 0
        result = calc_cli.compute(args)
    except UnitError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print_json(result.to_json())
    else:
        print(calc_cli.result_text(result))
    return 0


def _template(args: argparse.Namespace) -> Any:
    import difflib

    from quiz.problems.compiled import find

    bank = load_bank_for(args)
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

    bank = load_bank_for(args)
    if args.topic is not None:
        check_topics(bank, [args.topic])
    entries = [e for e in bank.templates.values() if args.topic in (None, e.topic)]
    if args.json:
        print_json([template_summary_json(entry) for entry in entries])
        return 0
    width = max((len(entry.id) for entry in entries), default=2)
    topics = max((len(entry.topic) for entry in entries), default=5)
    for entry in entries:
        kind = "verdict" if entry.template.verdict else entry.template.answer.unit
        print(f"{entry.id:<{width}}  {entry.topic:<{topics}}  {kind:<9}  {entry.template.title}")
    print(f"{len(entries)} template(s)", file=sys.stderr)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from quiz.problems.render import instance_text

    seed = args.seed if args.seed is not None else _random_seed()
    instance = _instance(args, seed)
    if args.json:
        print_json(instance.to_json())
    else:
        print(instance_text(instance, solution=args.solution))
    return 0


def _random_seed() -> int:
    import secrets  # hashlib and random come with it: only when no seed is given

    return secrets.randbelow(1_000_000)


def cmd_check(args: argparse.Namespace) -> int:
    """Exit 0 for a correct answer, 1 for a wrong (or unreadable) one, 2 for a usage error, so
    a script can test the answer as it would test grep's."""
    from quiz.problems.generate import check_answer, check_json
    from quiz.problems.render import verdict_text

    instance = _instance(args, args.seed)
    verdict = check_answer(instance, args.answer)
    if args.json:
        print_json(check_json(instance, verdict))
    else:
        print(verdict_text(instance, verdict))
    return 0 if verdict.correct else 1
