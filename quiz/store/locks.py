"""Serializing concurrent writers where it matters. SQLite already runs one write transaction
at a time (BEGIN IMMEDIATE); on PostgreSQL, transactions run side by side, so the few steps that
read and then write shared rows take a transaction-scoped advisory lock first:
- the bank sync and profile creation (shared rows: items, profiles, meta): `SHARED`;
- a learner's answers and corrections: one lock per profile, so two devices of one learner
  answering at once update the card and add the attempt one after the other (no lost update),
  while different learners never wait for each other.
On a cohort's database learners may not call `pg_advisory_*` (a learner could otherwise hold
another's profile key, or the shared one, and stall them): a role that may not takes quiz's
locks through `quiz_lock` (made by `guard`, which `cohort.secure` runs), which gives a learner
their own profile's lock only: a learner's start no longer waits for the owner's sync, nor the
sync for it (a learner writes no shared row), and no learner can make another wait.
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


LOCKER = "quiz_locks"  # NOLOGIN: owns quiz_lock; reads profiles' ids and names, takes locks
ADVISORY = (
    "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = "
    "'pg_catalog'::regnamespace AND p.proname ~ '^pg_(try_)?advisory_'"
)
# A learner's way to quiz's locks: the shared lock (a start) and their own profile's become
# their own profile's; any other key is refused. Anyone else who may call it (the owner) gets
# the lock asked for.
BODY = """
DECLARE own integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                 JOIN pg_roles u ON u.oid = m.member
                 WHERE g.rolname = '{learners}' AND u.rolname = session_user) THEN
    PERFORM pg_advisory_xact_lock(key, ident);
    RETURN;
  END IF;
  SELECT p.id INTO own FROM public.profiles p WHERE p.name = session_user;
  IF key = {shared} OR (key = {profile} AND ident = own) THEN
    IF own IS NOT NULL THEN
      PERFORM pg_advisory_xact_lock({profile}, own);
    END IF;
  ELSE
    RAISE EXCEPTION 'a learner takes no lock but their own profile''s'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
END"""


def guard(session: Session, learners: str) -> None:
    """On a cohort's database: `quiz_lock` (SECURITY DEFINER, search_path pinned, owned by the
    NOLOGIN role `quiz_locks`, which may read profiles' ids and names and take advisory locks,
    nothing else), executable by the learners' group only, and `pg_advisory_*` revoked from
    PUBLIC in this database (they are the database's own, in its pg_catalog). Only a superuser
    can revoke those: `advisory_open` tells whether learners still may call them."""
    signature = f"public.{LOCK_FUNCTION}(integer, integer)"
    body = BODY.format(
        learners=learners, shared=NAMESPACE * 16 + SHARED, profile=NAMESPACE * 16 + PROFILE
    )
    if not session.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": LOCKER}
    ).first():
        session.execute(text(f"CREATE ROLE {LOCKER} NOLOGIN"))
    if not session.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar():
        session.execute(text(f"GRANT {LOCKER} TO CURRENT_USER"))  # to hand the function over
    for statement in (
        f"GRANT USAGE, CREATE ON SCHEMA public TO {LOCKER}",  # CREATE: to own a function there
        f"GRANT SELECT (id, name) ON profiles TO {LOCKER}",
        f"DROP POLICY IF EXISTS {LOCKER}_read ON profiles",
        f"CREATE POLICY {LOCKER}_read ON profiles FOR SELECT TO {LOCKER} USING (true)",
        f"GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock(integer, integer) TO {LOCKER}",
        f"CREATE OR REPLACE FUNCTION public.{LOCK_FUNCTION}(key integer, ident integer) "
        "RETURNS void LANGUAGE plpgsql SECURITY DEFINER "
        f"SET search_path = pg_catalog, public AS $body${body}$body$",
        f"ALTER FUNCTION {signature} OWNER TO {LOCKER}",
        f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {signature} TO {learners}",
    ):
        session.execute(text(statement))
    for function in session.execute(text(ADVISORY)).scalars().all():
        session.execute(text(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC"))


def advisory_open(session: Session, learners: str) -> bool:
    """Whether the learners may still call `pg_advisory_*` (the database's owner who ran
    `guard` is no superuser): a learner could then hold any of quiz's locks."""
    query = "SELECT has_function_privilege(:r, 'pg_catalog.pg_advisory_lock(bigint)', 'EXECUTE')"
    return bool(session.execute(text(query), {"r": learners}).scalar())
