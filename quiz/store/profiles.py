"""Learner profiles: created on first use, with the settings each keeps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quiz.store.models import Profile


def profile(session: Session, name: str, now: datetime) -> Profile:
    """The profile called name, created on first use. When another connection creates it at
    the same moment (PostgreSQL: two first starts of one learner), this one's insert waits for
    that commit, fails on the name, and takes the profile the other made."""
    found = find_profile(session, name)
    if found is None:
        try:
            with session.begin_nested():
                found = Profile(name=name, created_at=now)
                session.add(found)
        except IntegrityError:
            found = find_profile(session, name)
            if found is None:  # the insert failed on something else than the name
                raise
    return found


def find_profile(session: Session, name: str) -> Profile | None:
    return session.scalar(select(Profile).where(Profile.name == name))


def save_settings(session: Session, name: str, **values: object) -> None:
    """Persist per-profile settings (desired_retention, daily_new_limit, theme, ...)."""
    row = find_profile(session, name)
    if row is None:
        raise LookupError(f"no profile {name!r}")
    for key, value in values.items():
        if not hasattr(Profile, key):
            raise AttributeError(f"profiles have no setting {key!r}")
        setattr(row, key, value)
