"""Serializing concurrent writers where it matters. SQLite already runs one write transaction
at a time (BEGIN IMMEDIATE); on PostgreSQL, transactions run side by side, so the few steps that
read and then write shared rows take a transaction-scoped advisory lock first:
- the bank sync and profile creation (shared rows: items, profiles, meta): `SHARED`;
- a learner's answers and corrections: one lock per profile, so two devices of one learner
  answering at once update the card and add the attempt one after the other (no lost update),
  while different learners never wait for each other.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

NAMESPACE = 44_044  # the first key of every quiz advisory lock
SHARED = 0  # the bank sync and new profiles
PROFILE = 1  # one profile's progress (the second key is the profile id)


def hold(session: Session, kind: int, ident: int = 0) -> None:
    """Wait for, then hold until the transaction ends, the lock on (kind, ident)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(
        text("SELECT pg_advisory_xact_lock(:key, :ident)"),
        {"key": NAMESPACE * 16 + kind, "ident": ident},
    )
