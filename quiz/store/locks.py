"""Serializing concurrent writers where it matters. SQLite already runs one write transaction
at a time (BEGIN IMMEDIATE); on PostgreSQL, transactions run side by side, so the few steps that
read and then write shared rows take a transaction-scoped advisory lock first:
- the bank sync and profile creation (shared rows: items, profiles, meta): `SHARED`;
- a learner's answers and corrections: one lock per profile, so two devices of one learner
  answering at once update the card and add the attempt one after the other (no lost update),
  while different learners never wait for each other.
On a cohort's database learners may not call `pg_advisory_*` (a learner could otherwise hold
another's profile key, or the shared one, and stall them): a role that may not takes quiz's
locks through `quiz_lock` (`quiz.store.cohort`), which gives a learner their own profile's only.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

NAMESPACE = 44_044  # the first key of every quiz advisory lock
SHARED = 0  # the bank sync and new profiles
PROFILE = 1  # one profile's progress (the second key is the profile id)
LOCK_FUNCTION = "quiz_lock"
DIRECT = (
    "SELECT has_function_privilege('pg_catalog.pg_advisory_xact_lock(integer, integer)', 'EXECUTE')"
)


def hold(session: Session, kind: int, ident: int = 0) -> None:
    """Wait for, then hold until the transaction ends, the lock on (kind, ident)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    info = session.connection().info  # the connection's: asked once per connection
    if "quiz_lock" not in info:
        direct = bool(session.execute(text(DIRECT)).scalar())
        info["quiz_lock"] = "pg_advisory_xact_lock" if direct else f"public.{LOCK_FUNCTION}"
    session.execute(
        text(f"SELECT {info['quiz_lock']}(:key, :ident)"),
        {"key": NAMESPACE * 16 + kind, "ident": ident},
    )
