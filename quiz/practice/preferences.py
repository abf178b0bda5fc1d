"""A profile's settings as the practice engine uses them: saved to the profile, or pinned for
one run by the config file or the environment; and the interview date they schedule toward."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect

from quiz.config import checked_flag
from quiz.srs.deadline import MAX_DAYS_AHEAD, Deadline
from quiz.srs.scheduler import Settings
from quiz.store import profiles
from quiz.store.models import Profile
from quiz.store.store import Store

if TYPE_CHECKING:
    from quiz.practice.focus import Focus


class PracticeError(ValueError):
    """A request the engine cannot carry out; the message says why."""


CHECKED = ("desired_retention", "daily_new_limit")  # the settings a profile's row holds


def _default(name: str) -> Any:
    """A new profile's value of the setting (the profiles table's default)."""
    return getattr(inspect(Profile).columns[name].default, "arg", None)


def stored_setting(name: str, value: object) -> tuple[Any, bool]:
    """A setting as read from a profile's row, checked as the config file's is (a cohort's
    learner can write any number there, NaN included): (the value, or a new profile's when it
    is out of bounds, and whether it was ignored)."""
    try:
        return checked_flag(name, str(value)), False
    except ValueError:
        return _default(name), True


def ignored_notice(ignored: dict[str, object]) -> str | None:
    """One line saying which of a profile's stored settings are ignored, or None."""
    if not ignored:
        return None
    shown = ", ".join(f"{name} {value!r}" for name, value in ignored.items())
    used = ", ".join(f"{name} {_default(name)!r}" for name in ignored)
    return f"your profile's {shown} in the database are out of bounds: using {used}"


class ProfileSettings:
    """The settings part of `quiz.practice.engine.Practice`. The retention and the daily new
    limit are checked as they are set (`stored_setting`): a value out of bounds is replaced by
    a new profile's, and kept in `ignored` for `ignored_notice`."""

    store: Store
    profile_name: str
    now: Callable[[], datetime]
    _settings: Settings
    _daily_new_limit: int
    ignored: dict[str, object] | None = None  # setting -> the value left out
    theme: str
    interview_date: date | None
    pinned: set[str]
    focus: Focus | None = None  # cram narrowed to a topic or the weakest items (a run's)

    @property
    def settings(self) -> Settings:
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        retention = self._checked("desired_retention", value.desired_retention)
        self._settings = replace(value, desired_retention=retention)

    @property
    def daily_new_limit(self) -> int:
        return self._daily_new_limit

    @daily_new_limit.setter
    def daily_new_limit(self, value: int) -> None:
        self._daily_new_limit = self._checked("daily_new_limit", value)

    def _checked(self, name: str, value: Any) -> Any:
        found, bad = stored_setting(name, value)
        if bad:
            self.ignored = {**(self.ignored or {}), name: value}
        return found

    def update_settings(
        self,
        *,
        desired_retention: float | None = None,
        daily_new_limit: int | None = None,
        theme: str | None = None,
        interview_date: date | None = None,
    ) -> None:
        """Change and persist the profile's settings; bad values are refused with a reason.
        (`clear_interview` takes an interview date away.)"""
        if desired_retention is not None and not 0.7 <= desired_retention <= 0.99:
            raise PracticeError(
                f"desired retention must be between 0.70 and 0.99, not {desired_retention:g}"
            )
        if daily_new_limit is not None and not 0 <= daily_new_limit <= 1000:
            raise PracticeError(f"daily new limit must be 0-1000, not {daily_new_limit}")
        if interview_date is not None and interview_date <= self.now().date():
            raise PracticeError(f"the interview date {interview_date} is not after today")
        if interview_date is not None and (
            (interview_date - self.now().date()).days > MAX_DAYS_AHEAD
        ):
            raise PracticeError(
                f"the interview date {interview_date} is more than two years away: set it "
                "when it is nearer"
            )
        values = _given(
            desired_retention=desired_retention,
            daily_new_limit=daily_new_limit,
            theme=theme[:40] if theme is not None else None,
            interview_date=interview_date,
        )
        with self.store.write() as session:
            profiles.save_settings(session, self.profile_name, **values)
        self._use(values)

    def pin_settings(
        self,
        *,
        daily_new_limit: int | None = None,
        desired_retention: float | None = None,
        theme: str | None = None,
        interview_date: date | None = None,
    ) -> None:
        """Use these values for this run without saving them to the profile: they come from the
        config file or the environment, which win over the profile's own settings."""
        given = _given(
            daily_new_limit=daily_new_limit,
            desired_retention=desired_retention,
            theme=theme,
            interview_date=interview_date,
        )
        self._use(given)
        self.pinned.update(given)

    def _use(self, values: dict[str, Any]) -> None:
        if self.ignored:  # a value given now (pinned or saved) replaces the row's ignored one
            self.ignored = {k: v for k, v in self.ignored.items() if k not in values} or None
        if "desired_retention" in values:
            self.settings = replace(self.settings, desired_retention=values["desired_retention"])
        self.daily_new_limit = values.get("daily_new_limit", self.daily_new_limit)
        self.theme = values.get("theme", self.theme)
        self.interview_date = values.get("interview_date", self.interview_date)

    def clear_interview(self) -> None:
        """Take the profile's interview date away: plain FSRS scheduling from now on."""
        with self.store.write() as session:
            profiles.save_settings(session, self.profile_name, interview_date=None)
        self.interview_date = None

    def deadline(self) -> Deadline | None:
        """The interview date to schedule toward, while it is ahead and at most MAX_DAYS_AHEAD
        days away (a date pinned further away is planned for once it comes within reach)."""
        if self.interview_date is None:
            return None
        left = (self.interview_date - self.now().date()).days
        if not 0 < left <= MAX_DAYS_AHEAD:
            return None
        return Deadline(self.interview_date, self.settings.desired_retention)


def _given(**values: Any) -> dict[str, Any]:
    """The settings that were given a value."""
    return {name: value for name, value in values.items() if value is not None}
