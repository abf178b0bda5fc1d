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
    result = score_item(item, answer_text(args))
    if args.json:
        print_json(result.to_json())
    else:
        print(score_text(result))
    return 0


def cmd_rubric_suggest(args: argparse.Namespace) -> int:
    from quiz.grading.suggest import suggest_points, suggestion_yaml

    text = answer_text(args)
    if args.json:
        print_json(
            [
                {"sentence": p.sentence, "min_concepts": p.min_concepts, "concepts": p.concepts}
                for p in suggest_points(text)
            ]
        )
    else:
        sys.stdout.write(suggestion_yaml(text))
    return 0
