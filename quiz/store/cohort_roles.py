"""Who may be made a cohort's learner or instructor, and who may make them (`cohort._add`).

- Only the tables' owner, if a superuser or with CREATEROLE, adds anyone (`owner_only`): a
  learner's or an instructor's attempt is one line, not a raw "permission denied".
- Refused besides the group and internal roles (`cohort._refuse`): a role with CREATEROLE (on
  PostgreSQL 15 and before it can `GRANT quiz_instructor` to itself and read every learner's
  answers) or REPLICATION (it streams the cluster's data, policies or not); a role that is in any
  other role (pg_read_all_data reads every sequence's count, pg_signal_backend ends others'
  sessions, pg_read_server_files reads the data files, another role may own tables); a role
  with members (each would inherit the group). CREATEDB is allowed: a database of one's own
  holds nothing of the cohort's.
- Every learner's and instructor's role ends its sessions' idle transactions after 60 s
  (`bound_idle`, `ALTER ROLE ... SET idle_in_transaction_session_timeout`): a client that
  crashed mid-transaction no longer holds its locks. A role may set it otherwise in its own
  session (a role's default, not a limit): the hostile are bounded by quiz's own lock_timeout,
  and by `cohort.secure` taking no table lock once the database is secured.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session


class CohortError(ValueError):
    """A cohort request that cannot be carried out; the message says why."""


IDLE = "60s"  # idle_in_transaction_session_timeout of every learner's and instructor's role
MAY_ADD = (
    "SELECT (r.rolsuper OR r.rolcreaterole) AND pg_has_role(current_user, c.relowner, 'USAGE') "
    "FROM pg_roles r, pg_class c WHERE r.rolname = current_user "
    "AND c.oid = to_regclass('public.profiles')"
)


def owner_only(session: Session) -> None:
    """Only the tables' owner, who may create roles, adds learners and instructors."""
    if not session.execute(text(MAY_ADD)).scalar():
        raise CohortError(
            "only the database's owner adds learners and instructors (the role that ran "
            "'quiz db upgrade' on it, with CREATEROLE or a superuser); nothing was changed"
        )


# Attributes that let a role make itself more than a learner or an instructor: CREATEROLE
# grants itself any group (quiz_instructor: every learner's answers), REPLICATION streams the
# whole cluster's data. (CREATEDB makes databases of its own: nothing of the cohort's.)
POWERS = (
    "SELECT array_remove(array[CASE WHEN rolcreaterole THEN 'CREATEROLE' END, "
    "CASE WHEN rolreplication THEN 'REPLICATION' END], NULL) FROM pg_roles WHERE rolname = :n"
)
# The roles it is in (any depth; its own group aside), whose privileges it would carry along
# (pg_read_all_data reads every sequence, pg_signal_backend ends others' sessions), and
# whether others are in it (they would all inherit the group).
IN_ROLES = (
    "SELECT g.rolname FROM pg_roles g, pg_roles u WHERE u.rolname = :n AND g.oid <> u.oid "
    "AND g.rolname <> :group AND pg_has_role(u.oid, g.oid, 'MEMBER') ORDER BY g.rolname"
)
HAS_MEMBERS = (
    "SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
    "WHERE g.rolname = :n)"
)


def refuse_powers(session: Session, name: str, group: str) -> None:
    """A role that could make itself more, or carries another role's privileges."""
    powers = session.execute(text(POWERS), {"n": name}).scalar() or []
    if powers:
        raise CohortError(
            f"{name} has {' and '.join(powers)}: it could grant itself quiz_instructor or read "
            f"the whole database; drop that first (ALTER ROLE {name} NO{powers[0]}); nothing "
            "was changed"
        )
    roles = list(session.execute(text(IN_ROLES), {"n": name, "group": group}).scalars())
    if roles:
        raise CohortError(
            f"{name} is a member of {', '.join(roles)}, whose privileges it would carry into "
            "the cohort: a learner or an instructor is in quiz's group only; nothing was changed"
        )
    if session.execute(text(HAS_MEMBERS), {"n": name}).scalar():
        raise CohortError(
            f"{name} has members, who would all become {group}'s: each learner and instructor "
            "needs a login role of their own; nothing was changed"
        )


IDLE_SETTING = f"idle_in_transaction_session_timeout={IDLE}"
UNBOUNDED = (
    "SELECT u.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
    "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = ANY(:groups) AND u.rolcanlogin "
    "AND NOT coalesce(u.rolconfig, '{}') @> array[:setting] ORDER BY u.rolname"
)


def bound_idle(session: Session, groups: Sequence[str]) -> None:
    """The idle transaction timeout on every login role of the groups that lacks it (the one
    just added, and those added by an earlier quiz)."""
    found = session.execute(text(UNBOUNDED), {"groups": list(groups), "setting": IDLE_SETTING})
    for name in found.scalars().all():
        session.execute(
            text(f'ALTER ROLE "{name}" SET idle_in_transaction_session_timeout = {IDLE!r}')
        )
