"""Open the bank and the practice engine the same way for the CLI and the app."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from quiz.authoring.checked import load_checked_bank
from quiz.bank.model import Bank
from quiz.bank.sources import bank_sources
from quiz.practice import clock
from quiz.practice.engine import Practice
from quiz.practice.preferences import PracticeError
from quiz.store.cohort import is_instructor, own_profile
from quiz.store.location import DatabaseError, database_url
from quiz.store.store import Store

DEFAULT_PROFILE = "default"


class OpenError(Exception):
    """The engine cannot be opened; the message says why, in one line."""


class InstructorRole(OpenError):
    """The role is a cohort's instructor: it reads every learner's progress and has none of
    its own to practise with."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Setup:
    """What to open: the database, the extra banks, the profile, and the profile settings that
    the config file or environment pin for this run (None: the profile's own)."""

    db: str | None = None
    banks: tuple[str, ...] = ()
    profile: str = DEFAULT_PROFILE
    daily_new_limit: int | None = None
    desired_retention: float | None = None
    theme: str | None = None
    interview_date: date | None = None


def open_bank(banks: Sequence[str]) -> Bank:
    """The packaged bank plus the extra ones, valid items kept (errors are in its findings)."""
    return load_checked_bank(bank_sources(banks))


def open_store(db: str | None) -> Store:
    try:
        return Store.open(database_url(db))
    except DatabaseError as exc:
        raise OpenError(str(exc)) from None


def profile_of(setup: Setup, store: Store) -> str:
    """The setup's profile; on a shared PostgreSQL database a learner's role works on its own
    profile (the one of its name), and naming another is an error."""
    with store.read() as session:
        if is_instructor(session):
            raise InstructorRole(
                "an instructor's role has no practice profile of its own: 'quiz cohort' (or "
                "the app's Cohort screen) shows the class"
            )
        mine = own_profile(session)
    if mine is None or setup.profile in (DEFAULT_PROFILE, mine):
        return mine or setup.profile
    raise OpenError(
        f"the learner role {mine} works on its own profile only ({mine!r}, not {setup.profile!r})"
    )


def open_practice(
    setup: Setup, bank: Bank, now: Callable[[], datetime] = clock.now
) -> tuple[Practice, Store]:
    """The engine for the setup's profile on the bank and database (migrated when needed)."""
    store = open_store(setup.db)
    try:
        profile = profile_of(setup, store)
    except (OpenError, DatabaseError):
        store.close()
        raise
    try:
        practice = Practice(store, bank, profile, now=now)
        practice.pin_settings(
            daily_new_limit=setup.daily_new_limit,
            desired_retention=setup.desired_retention,
            theme=setup.theme,
            interview_date=setup.interview_date,
        )
    except (clock.ClockError, PracticeError) as exc:
        store.close()
        raise OpenError(str(exc)) from None
    return practice, store
