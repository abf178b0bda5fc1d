"""Progress: answer, due, stats, export, import, db."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from quiz.cli.common import (
    UsageError,
    answer_text,
    config_for,
    db_file,
    db_option,
    extra_banks,
    load_bank_for,
    open_store_for,
    practice_for,
    print_json,
    profile_for,
)
from quiz.paths import not_a_file, user_path


def cmd_answer(args: argparse.Namespace) -> int:
    from quiz.practice.clock import ClockError
    from quiz.practice.preferences import PracticeError
    from quiz.practice.render import outcome_text
    from quiz.srs.ratings import Rating

    try:
        rating = Rating.parse(args.rating) if args.rating is not None else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    answer = answer_text(args)
    if not answer.strip():  # as in the app: a blank is a slip, not an attempt
        raise UsageError(
            "the answer is empty: nothing was recorded (to record a miss, write what you "
            "recall and add --rating again)"
        )
    practice = practice_for(args)
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
    outcome = _numbered_among_own(practice, outcome)
    if args.json:
        print_json(outcome.to_json())
    else:
        print(outcome_text(outcome))
    return 0


def _numbered_among_own(practice: Any, outcome: Any) -> Any:
    """The outcome with the answer's number among its profile's own answers (its 3rd), not its
    id: ids run across every profile, so a cohort's learner would learn the class's count."""
    from dataclasses import replace

    from sqlalchemy import func, select

    from quiz.store.models import Attempt

    with practice.store.read() as session:
        own = session.scalar(
            select(func.count()).where(
                Attempt.profile_id == practice.profile_id, Attempt.id <= outcome.attempt_id
            )
        )
    return replace(outcome, attempt_id=int(own or 0))


def _sqlite_file(args: argparse.Namespace) -> Path | None:
    """The database's file, if it is SQLite."""
    db = db_option(args)
    return None if db and "://" in db else db_file(args)


def _fast_source(args: argparse.Namespace, path: Path | None) -> tuple[Path, str] | None:
    """(SQLite file, sync key of the bank) where a read-only fast path may apply: the bank is
    keyed and the database is a file (`path`, from _sqlite_file). The fast path itself checks
    the file is synced with it."""
    from quiz.bank.sources import bank_key, bank_sources
    from quiz.practice.queue import sync_key

    key = bank_key(bank_sources(extra_banks(args)))
    return None if key is None or path is None else (path, sync_key(key))


def _moment() -> datetime:
    from quiz.practice.clock import ClockError, now

    try:
        return now()
    except ClockError as exc:
        raise UsageError(str(exc)) from None


def cmd_due(args: argparse.Namespace) -> int:
    from quiz.practice.queue import due_fast
    from quiz.practice.render import due_text

    moment = _moment()
    profile, limit = profile_for(args), args.limit
    fast = _fast_source(args, _sqlite_file(args))
    if args.count:  # one number, for a shell prompt
        from quiz.store.due_count import due_count

        count = due_count(fast[0], profile, moment, fast[1]) if fast else None
        print(count if count is not None else len(practice_for(args).due()))
        return 0
    due = due_fast(fast[0], profile, moment, limit, fast[1]) if fast else None
    if due is None:  # the bank changed since the database last saw it (or another database)
        due = practice_for(args).due(limit)
    if args.json:
        print_json([entry.to_json() for entry in due])
    else:
        print(due_text(due, moment))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from quiz.store.stats_rows import MasteryQuery

    moment, profile, path = _moment(), profile_for(args), _sqlite_file(args)
    # The longest query starts first, in a thread, and runs while the rest is imported and read.
    early = MasteryQuery(path, profile, moment) if path is not None else None
    from quiz.practice.render import stats_text
    from quiz.practice.stats import assemble, compute, read_fast

    fast = _fast_source(args, path)
    rows = (
        read_fast(fast[0], profile, moment, fast[1], moments=False, early=early) if fast else None
    )
    if rows is not None:
        stats = assemble(rows, moment, config_for(args).desired_retention.value)
    else:  # the bank changed since the database last saw it (or another database)
        stats = compute(practice_for(args))
    if args.json:
        print_json(stats.to_json())
    else:
        print(stats_text(stats))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from quiz.files import WriteRefused, check_target, write_atomically
    from quiz.store.transfer import export

    target = None if args.path == "-" else user_path(args.path)
    if target is not None:  # checked before anything is opened or written
        try:
            check_target(target, protected=db_file(args))
        except WriteRefused as exc:
            raise UsageError(str(exc)) from None
    moment = _moment()
    store = open_store_for(args)
    with store.read() as session:
        document = export(session, moment, args.profile)
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if target is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomically(target, text.encode("utf-8"))
    except WriteRefused as exc:
        raise UsageError(str(exc)) from None
    attempts = sum(len(p["attempts"]) for p in document["profiles"])
    print(f"quiz: exported {attempts} answer(s) to {args.path}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from quiz.store.backup import MAX_BACKUP_BYTES, BackupError, parsed, validated

    try:
        if args.path == "-":
            raw = sys.stdin.buffer.read(MAX_BACKUP_BYTES + 1)
        else:
            path = user_path(args.path)
            problem = not_a_file(path)
            if problem is not None:
                raise UsageError(f"cannot read {args.path}: {problem}")
            with path.open("rb") as handle:
                raw = handle.read(MAX_BACKUP_BYTES + 1)
        if len(raw) > MAX_BACKUP_BYTES:
            raise UsageError(f"{args.path} is over {MAX_BACKUP_BYTES // 1024**3} GiB")
        document = parsed(raw.decode("utf-8"))
        backup = validated(document)  # the whole file, before the database is even opened
    except BackupError as exc:
        raise UsageError(f"{args.path}: {exc}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise UsageError(f"cannot read {args.path}: {reason}") from None
    counts, unknown = _merge_backup(args, backup)
    if args.json:
        print_json(counts)
        return 0
    left_out, cards = counts.pop("left_out", 0), counts.pop("left_out_cards", 0)
    counts.pop("unknown_items", None)
    added = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    print(f"quiz: imported {args.path}: added or updated {added}")
    if unknown:
        first = ", ".join(unknown[:5]) + (", ..." if len(unknown) > 5 else "")
        print(
            f"quiz: {len(unknown)} item(s) this bank lacks were left out ({first}), with "
            f"{cards} card(s) and {left_out} answer(s) on them (they stay in the backup)"
        )
    elif left_out:
        print(
            f"quiz: {left_out} answer(s) to items not among this cohort's items were left "
            "out (they stay in the database they came from)"
        )
    return 0


def _merge_backup(args: argparse.Namespace, backup: Any) -> tuple[dict[str, int], list[str]]:
    """Merge a validated backup into the database: (counts, the backup's items this bank and
    the database lack, which were left out)."""
    from sqlalchemy import select

    from quiz.store.backup import unknown_items
    from quiz.store.cohort import is_instructor, own_profile
    from quiz.store.models import StoredItem
    from quiz.store.transfer import TransferError, import_

    bank = load_bank_for(args)
    store = open_store_for(args)
    unknown: list[str] = []
    try:
        with store.write() as session:
            if is_instructor(session):
                raise UsageError(
                    "an instructor's role reads the cohort and writes nothing: import as the "
                    "learner's own role (or the database's owner); nothing was changed"
                )
            into = own_profile(session)  # a learner's role imports into its own profile
            learner = into is not None  # and may not add items to the cohort's
            copy_as = getattr(args, "as_profile", None)  # `import --as NAME`, when parsed
            if learner and copy_as is not None and copy_as != into:
                raise UsageError(
                    f"a learner's role imports into its own profile ({into}) only, not "
                    f"{copy_as}; nothing was changed"
                )
            if into is None and copy_as is not None:
                into = copy_as
            elif into is None and config_for(args).profile.source != "default":
                into = profile_for(args)  # --profile (or the config) names the target
            if not learner and bank.complete:  # an unread bank file: nothing is known lacking
                known = {*bank.items, *bank.templates, *session.scalars(select(StoredItem.id))}
                unknown = unknown_items(backup, known)
            counts = import_(session, backup, into, learner, frozenset(unknown))
    except TransferError as exc:
        raise UsageError(f"{args.path}: {exc}") from None
    return counts, unknown


def cmd_db(args: argparse.Namespace) -> int:
    from quiz.redact import redacted_url
    from quiz.store.migrate import current_revision, head_revision

    store = open_store_for(args, migrate=args.db_command == "upgrade")
    current, head = current_revision(store.engine), head_revision()
    if args.json:
        print_json({"current": current, "head": head, "url": redacted_url(store.url)})
    elif args.db_command == "upgrade":
        print(f"database at revision {current} (latest {head}): {redacted_url(store.url)}")
    else:
        state = "up to date" if current == head else "needs 'quiz db upgrade'"
        print(f"{current or 'empty'} (latest {head}, {state}): {redacted_url(store.url)}")
    return 0
