"""Taking the bank elsewhere: export-anki."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from quiz.cli.common import UsageError, check_topics, db_file, load_bank_for, print_json
from quiz.paths import user_path


def cmd_export_anki(args: argparse.Namespace) -> int:
    from quiz.decks.anki import write_package
    from quiz.decks.cards import bank_cards
    from quiz.files import WriteRefused, check_target
    from quiz.practice.clock import ClockError, now

    try:
        moment = now()
    except ClockError as exc:
        raise UsageError(str(exc)) from None
    target = user_path(args.path)
    if target.suffix.lower() != ".apkg":
        raise UsageError(f"{args.path!r}: an Anki package's name ends in .apkg")
    try:
        check_target(target, protected=db_file(args))
    except WriteRefused as exc:
        raise UsageError(str(exc)) from None
    bank = load_bank_for(args)
    topics = frozenset(check_topics(bank, args.topic)) if args.topic else None
    cards = bank_cards(bank, topics, args.problems)
    try:
        write_package(target, cards, moment.timestamp())
    except WriteRefused as exc:
        raise UsageError(str(exc)) from None
    kinds = Counter(card.kind for card in cards)
    if args.json:
        print_json({"path": str(target), "notes": len(cards), "kinds": dict(kinds)})
    else:
        counted = ", ".join(f"{n} {kind}(s)" for kind, n in kinds.items())
        decks = len({c.topic for c in cards})
        print(f"quiz: wrote {len(cards)} notes ({counted}) in {decks} deck(s) to {args.path}")
    if not cards:
        print("quiz: warning: the package has no notes", file=sys.stderr)
    return 0
