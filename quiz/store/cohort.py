"""A cohort on PostgreSQL: learners and instructors are database roles, and row-level security
lets each learner's role read and write only its own profile's rows.

- Two group roles: `quiz_learner` and `quiz_instructor` (NOLOGIN). `add_learner` makes a login
  role in the first and the profile of the same name; `add_instructor` a login role in the
  second.
- Policies on every per-learner table: a learner's rows are those of the profile named like the
  role (`current_user`); an instructor may read every row and has no write privilege at all.
  Items and the sync record are shared and read-only to learners: the database's owner syncs
  the bank (`quiz db sync`), so no learner can hide, retitle or re-rev an item for the others.
- `secure()` (re)applies the grants and policies whenever a learner or an instructor is added,
  unless the catalog shows them in place at this level (`cohort_stamp`): no table lock then,
  so a learner's idle transaction delays no one; tables from later migrations change the level.
- No learner can take a lock quiz waits on: learners hold INSERT, UPDATE of columns (not of the
  table) and, for undo, DELETE on cards and review logs only (a table's UPDATE, DELETE or
  TRUNCATE permits `LOCK TABLE` in any mode; a column's UPDATE does not); `pg_advisory_*` are
  revoked from PUBLIC in the cohort's database, and a learner takes quiz's locks through
  `quiz_lock` (SECURITY DEFINER), which grants only their own profile's. Sequences are USAGE
  only (their `last_value` would count the class's rows).
- Roles: only the tables' owner adds them. Refused: the group roles, quiz's internal ones,
  PostgreSQL's `pg_*`, a role of the other group, one that bypasses row-level security, has
  CREATEROLE or REPLICATION, is in any other role or has members. The policies key on
  `session_user`, so a learner who `SET ROLE`s to the group is still only themself (PostgreSQL
  16+ also refuses the SET: `SET FALSE`). Each role's idle transactions end after 60 s.
Passwords are PostgreSQL's business: quiz turns one into a SCRAM-SHA-256 verifier with libpq and
sends only that (`ALTER ROLE ... PASSWORD 'SCRAM-SHA-256$...'`), and never stores or prints it;
learners connect with `.pgpass`, `PGPASSWORD` or a service file.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from quiz.store import cohort_roles as roles
from quiz.store import cohort_stamp as stamp
from quiz.store import locks, profiles
from quiz.store.cohort_roles import CohortError as CohortError  # where callers catch it

LEARNERS, INSTRUCTORS = "quiz_learner", "quiz_instructor"
UNDOER = "quiz_undo"  # NOLOGIN: owns quiz_forget; reads and deletes cards and review logs
LOCKER = locks.LOCKER
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# The login role, even after a SET ROLE to the group (current_user would then name the group).
MINE = "profile_id IN (SELECT id FROM profiles WHERE name = session_user)"
# A row's references are to the learner's own rows, so a foreign key's error cannot tell a
# learner whether another learner's row exists: the policy refuses first, the same for both.
OWN_CARD = "(card_id IS NULL OR card_id IN (SELECT id FROM cards))"
OWN_INTERVIEW = "(interview_id IS NULL OR interview_id IN (SELECT id FROM interviews))"
OWNED_BY: dict[str, str] = {  # per-learner table: which of its rows are the current learner's
    "profiles": "name = session_user",
    "cards": MINE,
    "attempts": f"{MINE} AND {OWN_CARD} AND {OWN_INTERVIEW}",
    "interviews": MINE,
    "daily_activity": MINE,
    "topic_activity": MINE,
    "point_activity": MINE,
    "review_logs": "card_id IN (SELECT id FROM cards) AND attempt_id IN (SELECT id FROM attempts)",
}
SHARED_TABLES = ("items", "meta")


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
    """The group roles, their grants, and row-level security on every per-learner table; none
    of it (no statement that locks a table) when the catalog shows it already in place at this
    level (`stamp.current`), so an idle learner's open transaction delays no add-learner."""
    _postgres(session)
    locks.hold(session, locks.SHARED)
    _ensure_role(session, LEARNERS, "NOLOGIN")
    _ensure_role(session, INSTRUCTORS, "NOLOGIN")
    statements = _statements(session)
    level = stamp.level(session, [*statements, FORGET_BODY, locks.BODY])
    if stamp.current(session, level, OWNED_BY, LEARNERS):
        return
    for statement in statements:
        session.execute(text(statement))
    locks.guard(session, LEARNERS)
    _forget_function(session)
    stamp.mark(session, level, OWNED_BY)


def _statements(session: Session) -> list[str]:
    """What `secure` runs, beside the lock and undo functions."""
    tables = ", ".join(OWNED_BY)
    groups = f"{LEARNERS}, {INSTRUCTORS}"
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {groups}",
        # PostgreSQL 15's default, for older databases: no learner creates a view or a function
        # among quiz's (a view on its tables makes quiz refuse the database).
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {groups}",
        # Taken back from a cohort made by an earlier quiz (learners synced the bank, and held
        # table-wide UPDATE and DELETE, each of which permits LOCK TABLE in any mode).
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public FROM {groups}",
        f"GRANT INSERT ON {tables} TO {LEARNERS}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {groups}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {LEARNERS}",  # nextval, no last_value
    ]
    columns: dict[str, list[str]] = {}
    for table, column in session.execute(text(COLUMNS), {"t": list(OWNED_BY)}):
        columns.setdefault(str(table), []).append(f'"{column}"')
    statements += [
        f"GRANT UPDATE ({', '.join(names)}) ON {table} TO {LEARNERS}"
        for table, names in sorted(columns.items())
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
    return statements


COLUMNS = (
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
    "'public' AND table_name = ANY(:t) AND column_name <> 'id' ORDER BY table_name, column_name"
)


FORGET_BODY = """
BEGIN
  DELETE FROM public.review_logs r USING public.cards c, public.profiles p
    WHERE r.attempt_id = attempt AND c.id = r.card_id AND p.id = c.profile_id
      AND p.name = session_user;
  DELETE FROM public.cards c USING public.profiles p
    WHERE c.id = card AND p.id = c.profile_id AND p.name = session_user;
END"""


def _forget_function(session: Session) -> None:
    """`quiz_forget(card, attempt)`: what undo deletes (an attempt's review log, a card the
    attempt created), of the caller's own profile only, for learners once they hold no DELETE
    (which permits LOCK TABLE in any mode). SECURITY DEFINER, owned by the NOLOGIN `quiz_undo`."""
    signature = "public.quiz_forget(integer, integer)"
    if not session.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": UNDOER}
    ).first():
        session.execute(text(f"CREATE ROLE {UNDOER} NOLOGIN"))
    superuser = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
    if not session.execute(text(superuser)).scalar():
        session.execute(text(f"GRANT {UNDOER} TO CURRENT_USER"))  # to hand the function over
    statements = [
        f"GRANT USAGE, CREATE ON SCHEMA public TO {UNDOER}",
        f"GRANT SELECT (id, name) ON profiles TO {UNDOER}",
        f"GRANT SELECT (id, profile_id), DELETE ON cards TO {UNDOER}",
        f"GRANT SELECT (attempt_id, card_id), DELETE ON review_logs TO {UNDOER}",
    ]
    for table in ("profiles", "cards", "review_logs"):
        statements += [
            f"DROP POLICY IF EXISTS {UNDOER}_all ON {table}",
            f"CREATE POLICY {UNDOER}_all ON {table} TO {UNDOER} USING (true)",
        ]
    statements += [
        "CREATE OR REPLACE FUNCTION public.quiz_forget(card integer, attempt integer) "
        "RETURNS void LANGUAGE plpgsql SECURITY DEFINER "
        f"SET search_path = pg_catalog, public AS $body${FORGET_BODY}$body$",
        f"ALTER FUNCTION {signature} OWNER TO {UNDOER}",
        f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {signature} TO {LEARNERS}",
    ]
    for statement in statements:
        session.execute(text(statement))


def forget(session: Session, card_id: int | None = None, attempt_id: int | None = None) -> None:
    """Delete an attempt's review log and a card (what undo deletes), through `quiz_forget`
    when the role may not delete them itself (a cohort's learner), else plainly."""
    info = session.connection().info
    if "quiz_forget" not in info:
        info["quiz_forget"] = session.get_bind().dialect.name == "postgresql" and not (
            session.execute(text("SELECT has_table_privilege('public.cards', 'DELETE')")).scalar()
        )
    if info["quiz_forget"]:
        session.execute(
            text("SELECT public.quiz_forget(:card, :attempt)"),
            {"card": card_id, "attempt": attempt_id},
        )
        return
    if attempt_id is not None:
        session.execute(text("DELETE FROM review_logs WHERE attempt_id = :a"), {"a": attempt_id})
    if card_id is not None:
        session.execute(text("DELETE FROM cards WHERE id = :c"), {"c": card_id})


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
    _postgres(session)
    roles.owner_only(session)
    _refuse(session, name, group)
    secure(session)
    created = _ensure_role(session, name, "LOGIN")
    # PostgreSQL 16+: the learner has the group's privileges but cannot SET ROLE to it.
    newer = int(session.execute(text("SHOW server_version_num")).scalar_one()) >= 160000
    options = " WITH INHERIT TRUE, SET FALSE" if newer else ""
    session.execute(text(f'GRANT {group} TO "{name}"{options}'))
    roles.bound_idle(session, (LEARNERS, INSTRUCTORS))
    _password(session, name, password)
    return created


ROLE = "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = :n"
INTERNAL = (LOCKER, UNDOER)


def _refuse(session: Session, name: str, group: str) -> None:
    """A group role, a role of the other group and one row-level security does not hold cannot
    be made a learner or an instructor."""
    if name in (LEARNERS, INSTRUCTORS):
        raise CohortError(
            f"{name} is one of quiz's group roles: each learner and instructor needs a login "
            "role of their own; nothing was changed"
        )
    if name in INTERNAL or name.startswith("pg_"):
        whose = "quiz's internal roles" if name in INTERNAL else "PostgreSQL's predefined roles"
        raise CohortError(
            f"{name} is one of {whose}: each learner and instructor needs a login role of "
            "their own; nothing was changed"
        )
    other = INSTRUCTORS if group == LEARNERS else LEARNERS
    if session.execute(text(f"SELECT :n IN ({MEMBERS})"), {"n": name, "group": other}).scalar():
        kind = "an instructor" if other == INSTRUCTORS else "a learner"
        raise CohortError(
            f"{name} is already {kind}: a role is a learner or an instructor, never both; "
            "nothing was changed"
        )
    current = session.execute(text("SELECT current_user")).scalar_one()
    if session.execute(text(ROLE), {"n": name}).scalar() or name == current:
        raise CohortError(
            f"{name} is a superuser, bypasses row-level security or owns the database: it "
            "would read and change every learner's rows; nothing was changed"
        )
    roles.refuse_powers(session, name, group)


MEMBERS = (
    "SELECT u.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
    "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = :group"
)  # direct members, so a superuser (a member of everything) is neither a learner nor an instructor
MEMBER_OF = f"SELECT session_user IN ({MEMBERS})"  # the login role, as the policies


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
    return str(session.execute(text("SELECT session_user")).scalar_one())


def is_instructor(session: Session) -> bool:
    return _member(session, INSTRUCTORS)
