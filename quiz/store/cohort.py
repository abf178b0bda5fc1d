"""A cohort on PostgreSQL: learners and instructors are database roles, and row-level security
lets each learner's role read and write only its own profile's rows.

- Two group roles: `quiz_learner` and `quiz_instructor` (NOLOGIN). `add_learner` makes a login
  role in the first and the profile of the same name; `add_instructor` a login role in the
  second.
- Policies on every per-learner table: a learner's rows are those of the profile named like the
  role (`current_user`); an instructor may read every row and has no write privilege at all.
  Items and the sync record are shared and read-only to learners: the database's owner syncs
  the bank (`quiz db sync`), so no learner can hide, retitle or re-rev an item for the others.
- `secure()` (re)applies the grants and policies; it is idempotent, and runs whenever a learner
  or an instructor is added, so tables from later migrations are covered too.
Passwords are PostgreSQL's business: quiz turns one into a SCRAM-SHA-256 verifier with libpq and
sends only that (`ALTER ROLE ... PASSWORD 'SCRAM-SHA-256$...'`), and never stores or prints it;
learners connect with `.pgpass`, `PGPASSWORD` or a service file.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from quiz.store import locks, profiles

LEARNERS, INSTRUCTORS = "quiz_learner", "quiz_instructor"
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
MINE = "profile_id IN (SELECT id FROM profiles WHERE name = current_user)"
OWNED_BY: dict[str, str] = {  # per-learner table: which of its rows are the current learner's
    "profiles": "name = current_user",
    "cards": MINE,
    "attempts": MINE,
    "interviews": MINE,
    "daily_activity": MINE,
    "topic_activity": MINE,
    "point_activity": MINE,
    "review_logs": "card_id IN (SELECT id FROM cards)",
}
SHARED_TABLES = ("items", "meta")


class CohortError(ValueError):
    """A cohort request that cannot be carried out; the message says why."""


def role_name(name: str) -> str:
    if not ROLE_NAME.fullmatch(name):
        raise CohortError(
            f"{name!r} cannot be a learner or instructor name: use lower-case letters, digits "
            "and '_', starting with a letter (at most 63)"
        )
    return name


def _postgres(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        raise CohortError("learners and instructors are PostgreSQL roles: use a postgresql:// --db")


def _ensure_role(session: Session, name: str, options: str) -> bool:
    """Create the role unless it exists; True if it was created."""
    exists = session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    if exists.first() is not None:
        return False
    session.execute(text(f'CREATE ROLE "{name}" {options}'))
    return True


def secure(session: Session) -> None:
    """The group roles, their grants, and row-level security on every per-learner table."""
    _postgres(session)
    locks.hold(session, locks.SHARED)
    _ensure_role(session, LEARNERS, "NOLOGIN")
    _ensure_role(session, INSTRUCTORS, "NOLOGIN")
    tables = ", ".join(OWNED_BY)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {LEARNERS}, {INSTRUCTORS}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {LEARNERS}, {INSTRUCTORS}",
        f"GRANT INSERT, UPDATE, DELETE ON {tables} TO {LEARNERS}",
        # Taken back from a cohort made by an earlier quiz, where learners synced the bank.
        f"REVOKE INSERT, UPDATE, DELETE ON {', '.join(SHARED_TABLES)} FROM {LEARNERS}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {LEARNERS}",
    ]
    for table, mine in OWNED_BY.items():
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS quiz_learner_own ON {table}",
            f"CREATE POLICY quiz_learner_own ON {table} TO {LEARNERS} "
            f"USING ({mine}) WITH CHECK ({mine})",
            f"DROP POLICY IF EXISTS quiz_instructor_reads ON {table}",
            f"CREATE POLICY quiz_instructor_reads ON {table} FOR SELECT TO {INSTRUCTORS} "
            "USING (true)",
        ]
    for statement in statements:
        session.execute(text(statement))


def _password(session: Session, name: str, password: str | None) -> None:
    """Set the role's password as a SCRAM-SHA-256 verifier made by libpq on this side (as
    psql's \\password does): the password itself never reaches the server, so no statement log,
    pg_stat_activity or error message can show it."""
    if password is None:
        return
    driver = session.connection().connection.driver_connection
    verifier = driver.pgconn.encrypt_password(  # type: ignore[union-attr]
        password.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256"
    ).decode("ascii")
    quoted = session.execute(text("SELECT quote_literal(:v)"), {"v": verifier}).scalar_one()
    # As the driver's own text: the verifier's colons are not bind parameters.
    session.connection().exec_driver_sql(f'ALTER ROLE "{name}" PASSWORD {quoted}')


def add_learner(session: Session, name: str, now: datetime, password: str | None = None) -> bool:
    """A learner: a login role in `quiz_learner` and the profile of the same name. True if
    the role was new (an existing role only gets the profile and the group)."""
    created = _add(session, name, LEARNERS, password)
    profiles.profile(session, name, now)
    return created


def add_instructor(session: Session, name: str, password: str | None = None) -> bool:
    """An instructor: a login role in `quiz_instructor`, reading every learner's rows."""
    return _add(session, name, INSTRUCTORS, password)


def _add(session: Session, name: str, group: str, password: str | None) -> bool:
    """A login role in the group, with the grants and policies in place; True if it was new."""
    name = role_name(name)
    secure(session)
    created = _ensure_role(session, name, "LOGIN")
    session.execute(text(f'GRANT {group} TO "{name}"'))
    _password(session, name, password)
    return created


MEMBERS = (
    "SELECT u.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
    "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = :group"
)  # direct members, so a superuser (a member of everything) is neither a learner nor an instructor
MEMBER_OF = f"SELECT current_user IN ({MEMBERS})"


def _member(session: Session, group: str) -> bool:
    if session.get_bind().dialect.name != "postgresql":
        return False
    return bool(session.execute(text(MEMBER_OF), {"group": group}).scalar_one())


SECURED = (
    "SELECT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' "
    "AND tablename = 'profiles' AND policyname = 'quiz_learner_own')"
)


def learner_names(session: Session) -> list[str] | None:
    """The learners' role names on a cohort's database (one that `secure()` has made one:
    the group roles are the cluster's, the policies this database's), or None for any other
    database, where every profile is a learner's."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    if not session.execute(text(SECURED)).scalar_one():
        return None
    return [str(name) for name in session.execute(text(MEMBERS), {"group": LEARNERS}).scalars()]


def own_profile(session: Session) -> str | None:
    """The profile a learner's role works on (its own name), or None for any other role and
    for SQLite."""
    if not _member(session, LEARNERS):
        return None
    return str(session.execute(text("SELECT current_user")).scalar_one())


def is_instructor(session: Session) -> bool:
    return _member(session, INSTRUCTORS)
