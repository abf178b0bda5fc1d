"""Bank commands: lint, list, show, schema."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from quiz.cli.common import (
    UsageError,
    check_topics,
    extra_banks,
    load_bank_for,
    print_json,
)

MAX_SHOWN_FINDINGS = 200  # lint's text output; --all and --json give every finding


def cmd_lint(args: argparse.Namespace) -> int:
    from quiz.authoring.lint import lint_sources
    from quiz.bank.sources import bank_sources

    report = lint_sources(bank_sources(extra_banks(args)), only=args.paths)
    if args.json:
        print_json(report.to_json())
    else:
        shown = len(report.findings) if args.all else MAX_SHOWN_FINDINGS
        for finding in report.findings[:shown]:
            print(finding)
        hidden = len(report.findings) - shown
        if hidden > 0:
            print(f"... and {hidden} more findings ('quiz lint --all' prints them all)")
        summary = (
            f"{len(report.files)} file(s), {report.item_count} item(s): "
            f"{report.error_count} error(s), {report.warning_count} warning(s)"
        )
        print(summary, file=sys.stderr)
    return 1 if report.error_count else 0


def cmd_list(args: argparse.Namespace) -> int:
    from quiz.bank.render import item_summary_json
    from quiz.problems.render import template_summary_json

    bank = load_bank_for(args)
    if args.topics:
        if args.json:
            print_json(bank.topics)
        else:
            print("\n".join(bank.topics))
        return 0
    if args.topic is not None:
        check_topics(bank, [args.topic])
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
        print_json(rows)
        return 0
    if args.ids:
        print("\n".join(row["id"] for row in rows))
        return 0
    columns = ("id", "kind", "topic")
    widths = {key: max((len(row[key]) for row in rows), default=2) for key in columns}
    for row in rows:
        prompt = " ".join(row["prompt"].split())
        if len(prompt) > 70:
            prompt = prompt[:69] + "…"
        cells = [f"{row[key]:<{widths[key]}}" for key in columns]
        print("  ".join([*cells, prompt]))
    print(f"{len(rows)} item(s)", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    import difflib

    from quiz.bank.render import item_json, item_text
    from quiz.problems.render import template_json, template_text

    bank = load_bank_for(args)
    item = bank.get(args.id)
    entry = bank.templates.get(args.id)
    if item is None and entry is None:
        close = difflib.get_close_matches(args.id, [*bank.items, *bank.templates], n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else "; see 'quiz list'"
        raise UsageError(f"no item {args.id!r} in the bank{hint}")
    if item is not None:
        print_json(item_json(item)) if args.json else print(item_text(item))
    else:
        print_json(template_json(entry)) if args.json else print(template_text(entry))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    if args.export:
        from quiz.store.backup import backup_json_schema

        print_json(backup_json_schema())
        return 0
    from quiz.bank.jsonschema import bank_json_schema_text

    sys.stdout.write(bank_json_schema_text())
    return 0
