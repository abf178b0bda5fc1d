"""One item's answers and the held items: history, held, unsuspend, unbury."""

from __future__ import annotations

import argparse
from typing import Any

from quiz.cli.common import UsageError, practice_for, print_json


def _practice_and_entry(args: argparse.Namespace) -> tuple[Any, Any]:
    """The engine and the entry of `args.id`; an id the bank does not hold is a usage error."""
    from quiz.practice.preferences import PracticeError

    practice = practice_for(args)
    try:
        return practice, practice.entry(args.id)
    except PracticeError as exc:
        raise UsageError(f"{exc} (see 'quiz list')") from None


def cmd_history(args: argparse.Namespace) -> int:
    """`quiz history ID`: the learner's past answers to an item, newest first."""
    from quiz.practice.history import history_text, item_history

    practice, entry = _practice_and_entry(args)
    answers = item_history(practice, entry.id)
    if args.json:
        print_json(
            {
                "id": entry.id,
                "title": entry.title,
                "answers": [past.to_json() for past in answers],
            }
        )
    else:
        print(history_text(entry.id, entry.title, answers))
    return 0


def cmd_held(args: argparse.Namespace) -> int:
    """`quiz held`: the suspended and buried items, with when a buried one comes back."""
    from quiz.practice.held import held, held_text

    practice = practice_for(args)
    items = held(practice)
    if args.json:
        print_json([item.to_json() for item in items])
    else:
        print(held_text(items, practice.now()))
    return 0


def cmd_unhold(args: argparse.Namespace) -> int:
    """`quiz unsuspend ID`, `quiz unbury ID`: the item can be asked again from now on."""
    from quiz.practice.held import unbury, unsuspend

    practice, entry = _practice_and_entry(args)
    suspending = args.command == "unsuspend"
    done = (unsuspend if suspending else unbury)(practice, entry.id)
    state = "suspended" if suspending else "buried"
    if args.json:
        print_json({"id": entry.id, "changed": done})
    elif done:
        print(f"{entry.id} is no longer {state}: it can be asked again")
    else:
        print(f"{entry.id} was not {state}: nothing changed")
    return 0


def check_cram(args: argparse.Namespace) -> None:
    """`quiz cram --topic T`: a topic the bank does not have is a usage error listing those
    it has (read before the app starts)."""
    if getattr(args, "topic", None) is None:
        return
    from quiz.cli.common import check_topics, load_bank_for

    check_topics(load_bank_for(args), [args.topic])
