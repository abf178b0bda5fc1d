"""Claims for authors: `quiz claims [--item ID]` lists the answers in which learners claimed a
rubric point the scorer missed; `quiz rubric learn ID` proposes forms from them (printed YAML,
never written into the bank)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from quiz.cli.common import UsageError, load_bank_for, open_store_for, print_json


def _item(bank: Any, item_id: str) -> Any:
    found = bank.items.get(item_id)
    if found is None:
        raise UsageError(f"no item {item_id!r} in the bank (see 'quiz list')")
    return found


def _claims(args: argparse.Namespace, item_id: str | None) -> list[Any]:
    from quiz.store.claims import claims

    store = open_store_for(args)
    try:
        with store.read() as session:
            return claims(session, item_id)
    finally:
        store.close()


def cmd_claims(args: argparse.Namespace) -> int:
    """`quiz claims`: every claim the database role may read, newest first, with the answer."""
    bank = load_bank_for(args)
    if args.item is not None:
        _item(bank, args.item)
    found = _claims(args, args.item)

    def criterion(item_id: str, point_id: str) -> str:
        item = bank.items.get(item_id)
        points = {p.id: p.criterion for p in item.rubric} if item is not None else {}
        return str(points.get(point_id, "(no longer in the rubric)"))

    if args.json:
        print_json(
            [
                {
                    "attempt": c.attempt_id,
                    "profile": c.profile,
                    "item": c.item_id,
                    "created_at": c.created_at.isoformat(),
                    "score": c.score,
                    "claimed": [{"id": p, "criterion": criterion(c.item_id, p)} for p in c.points],
                    "answer": c.answer,
                }
                for c in found
            ]
        )
        return 0
    if not found:
        print("no claims" + (f" on {args.item}" if args.item else ""))
        return 0
    for c in found:
        score = "-" if c.score is None else f"{c.score:.2f}"
        print(f"{c.item_id}  attempt {c.attempt_id}  {c.profile}  {c.created_at:%Y-%m-%d %H:%M}")
        print(f"  score with the claims: {score}")
        for point in c.points:
            print(f"  claimed {point}: {criterion(c.item_id, point)}")
        answer = " ".join(c.answer.split())
        print(f"  answer: {answer}\n")
    print(f"{len(found)} answer(s) with claims")
    return 0


def cmd_rubric_learn(args: argparse.Namespace) -> int:
    """`quiz rubric learn ID`: forms proposed from the claimed answers, as YAML to paste."""
    from quiz.grading.learn import learn, learned_yaml

    bank = load_bank_for(args)
    item = _item(bank, args.id)
    if not item.rubric:
        raise UsageError(f"{args.id} has no rubric: there is nothing to learn forms for")
    claimed = [(c.answer, c.points) for c in _claims(args, item.id)]
    learned = learn(item, claimed, bank.lexicon)
    if args.json:
        print_json(
            [
                {
                    "point": found.point,
                    "criterion": found.criterion,
                    "claims": found.claims,
                    "forms": [{"form": form, "answers": n} for form, n in found.forms],
                }
                for found in learned
            ]
        )
    else:
        sys.stdout.write(learned_yaml(item, learned))
    return 0
