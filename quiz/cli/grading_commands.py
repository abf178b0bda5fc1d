"""Free-text grading: score, rubric suggest."""

from __future__ import annotations

import argparse
import sys

from quiz.cli.common import (
    UsageError,
    answer_text,
    load_bank_for,
    print_json,
)
from quiz.paths import user_path


def cmd_score(args: argparse.Namespace) -> int:
    import difflib

    from quiz.grading.render import score_text
    from quiz.grading.rubrics import score_item

    bank = load_bank_for(args)
    item = bank.get(args.id)
    if item is None:
        close = difflib.get_close_matches(args.id, list(bank.items), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else "; see 'quiz list'"
        if args.id in bank.templates:
            hint = f": it is a numeric problem; use 'quiz check {args.id}'"
        raise UsageError(f"no question {args.id!r} in the bank{hint}")
    if not item.rubric:
        raise UsageError(f"{item.id} has no rubric to score against (see 'quiz show {item.id}')")
    result = score_item(item, answer_text(args), bank.lexicon)
    if args.json:
        print_json(result.to_json())
    else:
        print(score_text(result))
    return 0


def cmd_rubric_suggest(args: argparse.Namespace) -> int:
    from quiz.grading.suggest import suggest_points, suggestion_yaml

    text = answer_text(args)
    lexicon = load_bank_for(args).lexicon
    if args.json:
        print_json(
            [
                {
                    "criterion": p.criterion,
                    "weight": p.weight,
                    "min_concepts": p.min_concepts,
                    "concepts": p.concepts,
                }
                for p in suggest_points(text, lexicon, args.question or "")
            ]
        )
    else:
        sys.stdout.write(suggestion_yaml(text, lexicon, args.question or ""))
    return 0


def cmd_grade(args: argparse.Namespace) -> int:

    from quiz.files import WriteRefused, check_target, write_atomically
    from quiz.grading.answers import AnswerError, read_batch
    from quiz.grading.batch import BatchError, RowError, grade, input_format, read_rows, render

    target = user_path(args.output) if args.output else None
    kind = args.format or ("csv" if target is not None and target.suffix == ".csv" else "jsonl")
    try:
        if target is not None:
            check_target(target)
        text = read_batch(args.file)
    except (AnswerError, WriteRefused) as exc:
        raise UsageError(str(exc)) from None
    name = "<stdin>" if args.file == "-" else args.file
    bank = load_bank_for(args)
    records, failed = [], 0
    try:
        for row in read_rows(text, input_format(name, text)):
            graded = row if isinstance(row, RowError) else grade(bank, row)
            if isinstance(graded, RowError):
                failed += 1
                print(f"{name}:{graded.line}: {graded.message} (skipped)", file=sys.stderr)
            else:
                records.append(graded)
    except BatchError as exc:
        raise UsageError(f"{name}: {exc}") from None
    output = render(records, kind)
    if target is None:
        sys.stdout.write(output)
    else:
        try:
            write_atomically(target, output.encode("utf-8"))
        except WriteRefused as exc:
            raise UsageError(str(exc)) from None
    summary = f"quiz: graded {len(records)} answer(s)"
    print(summary + (f"; {failed} row(s) skipped" if failed else ""), file=sys.stderr)
    return 1 if failed else 0
