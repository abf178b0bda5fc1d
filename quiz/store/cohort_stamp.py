"""Whether a cohort's database is already secured at this quiz's level, read from the catalog
alone. `cohort.secure` re-creating the policies takes each table's ACCESS EXCLUSIVE lock, which
waits for every open transaction on the table: one learner's idle `BEGIN; SELECT ...` stalled
the owner's `add-learner` until the lock timeout. So `secure` stamps each policy it makes with
a comment naming its level (a digest of every statement it runs and of the schema's tables and
columns) and skips them all while every per-learner table still has row-level security on, both
policies carry the stamp and the lock and undo functions exist. A policy dropped or re-made
by hand loses its comment, a quiz with other statements or a migration with other tables has
another level: either way the next `secure` applies everything again."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

STAMP = "quiz secure "
POLICIES = ("quiz_learner_own", "quiz_instructor_reads")
FUNCTIONS = ("public.quiz_lock(integer, integer)", "public.quiz_forget(integer, integer)")
SCHEMA = (
    "SELECT coalesce(string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname), '') "
    "FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace "
    "AND c.relkind IN ('r', 'p', 'S')"
)
STAMPED = (
    "SELECT count(*) FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
    "JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_policy'::regclass "
    "WHERE c.relnamespace = 'public'::regnamespace AND c.relrowsecurity "
    "AND c.relname = ANY(:tables) AND p.polname = ANY(:policies) AND d.description = :stamp"
)
# A superuser owner revokes pg_advisory_* from PUBLIC (locks.guard): not done yet, not current.
ADVISORY_DONE = (
    "SELECT NOT r.rolsuper OR NOT has_function_privilege(:learners, "
    "'pg_catalog.pg_advisory_lock(bigint)', 'EXECUTE') FROM pg_roles r "
    "WHERE r.rolname = current_user"
)


def level(session: Session, statements: Sequence[str]) -> str:
    """The digest of what `secure` would run on this schema (its tables and sequences too)."""
    tables = str(session.execute(text(SCHEMA)).scalar_one())
    return hashlib.sha256("\n".join([*statements, tables]).encode("utf-8")).hexdigest()[:32]


def current(session: Session, at: str, tables: Collection[str], learners: str) -> bool:
    """Whether the database is secured at level `at` (catalog reads only: no table lock)."""
    found = session.execute(
        text(STAMPED),
        {"tables": list(tables), "policies": list(POLICIES), "stamp": STAMP + at},
    ).scalar_one()
    if found != len(tables) * len(POLICIES):
        return False
    for function in FUNCTIONS:
        if session.execute(text("SELECT to_regprocedure(:f)"), {"f": function}).scalar() is None:
            return False
    return bool(session.execute(text(ADVISORY_DONE), {"learners": learners}).scalar())


def mark(session: Session, at: str, tables: Collection[str]) -> None:
    """Stamp every policy `secure` made with its level (after making them)."""
    for table in tables:
        for policy in POLICIES:
            session.execute(text(f"COMMENT ON POLICY {policy} ON {table} IS '{STAMP}{at}'"))
