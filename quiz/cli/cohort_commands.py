"""A cohort on a shared PostgreSQL database: db add-learner, db add-instructor, db sync,
cohort."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from quiz.cli.common import UsageError, open_store_for, print_json


def _password(args: argparse.Namespace) -> str | None:
    """The new role's password, asked for (never a flag: it would sit in the shell history)."""
    if not args.password:
        return None
    if sys.stdin.isatty():
        first = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != first:
            raise UsageError("the two passwords differ; nothing was changed")
    else:
        first = sys.stdin.readline().rstrip("\n")
    if not first:
        raise UsageError("an empty password; nothing was changed")
    return first


UNGUARDED = (
    "quiz: warning: learners may still call pg_advisory_* in this database (only a superuser "
    "can revoke them: REVOKE EXECUTE ON FUNCTION pg_advisory_lock(bigint) ... FROM PUBLIC, or "
    "run this command as one), so a learner could make others wait up to QUIZ_PG_LOCK_TIMEOUT"
)


def cmd_db_role(args: argparse.Namespace) -> int:
    from quiz.practice.clock import now
    from quiz.store.cohort import LEARNERS, CohortError, add_instructor, add_learner
    from quiz.store.locks import advisory_open

    password = _password(args)
    store = open_store_for(args)
    try:
        with store.write() as session:
            if args.db_command == "add-learner":
                created = add_learner(session, args.name, now(), password)
            else:
                created = add_instructor(session, args.name, password)
            unguarded = advisory_open(session, LEARNERS)
    except CohortError as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()
    kind = "learner" if args.db_command == "add-learner" else "instructor"
    if unguarded:
        print(UNGUARDED, file=sys.stderr)
    if args.json:
        print_json({"role": args.name, "kind": kind, "created": created})
    else:
        state = "created" if created else "already existed; made"
        print(f"quiz: role {args.name} {state} {'an' if kind == 'instructor' else 'a'} {kind}")
    return 0


def cmd_db_sync(args: argparse.Namespace) -> int:
    from quiz.cli.common import load_bank_for
    from quiz.practice.clock import now
    from quiz.practice.preferences import PracticeError
    from quiz.practice.shared import sync_shared_items

    bank = load_bank_for(args)
    store = open_store_for(args)
    try:
        synced = sync_shared_items(store, bank, now)
    except PracticeError as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()
    if args.json:
        print_json({"written": synced.written, "items": synced.items, "complete": synced.complete})
    elif not synced.complete:
        print(
            f"quiz: the database has this bank's {synced.items} readable items; none was marked "
            "removed, since some of the bank could not be read: fix it and sync again"
        )
    elif synced.written:
        print(f"quiz: the database's items are now this bank's {synced.items}")
    else:
        print(f"quiz: the database's items were already this bank's {synced.items}")
    return 0


def cmd_cohort(args: argparse.Namespace) -> int:
    from quiz.cli.common import load_bank_for
    from quiz.practice.clock import now
    from quiz.practice.cohort import cohort, cohort_text

    bank = load_bank_for(args)
    store = open_store_for(args)
    try:
        report = cohort(store, bank, now())
    finally:
        store.close()
    if args.json:  # no NaN: the report's numbers are finite, and this refuses any that is not
        sys.stdout.write(
            json.dumps(report.to_json(), indent=2, ensure_ascii=False, allow_nan=False)
        )
        sys.stdout.write("\n")
    else:
        print(cohort_text(report))
    return 0
