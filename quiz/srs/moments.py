"""The years quiz schedules in. A moment outside them is refused where it enters (QUIZ_NOW, a
backup) rather than met later: Python's datetime ends at years 1 and 9999, so a year-1 moment
east of UTC overflows when brought to UTC, and a schedule 100 years (the longest interval)
past year 9900 overflows when computed. Standard library only (the clock imports it)."""

from __future__ import annotations

from datetime import UTC, datetime

FIRST_YEAR = 1970  # nothing was reviewed before the Unix epoch
LAST_NOW_YEAR = 2199  # the clock (QUIZ_NOW) ends here...
LAST_YEAR = 2299  # ...so that a card due at the longest interval (100 years) still fits


def out_of_range(moment: datetime, last_year: int = LAST_YEAR) -> str | None:
    """Why a moment is outside the years quiz schedules in (a naive one is taken as UTC), or
    None if it is inside them."""
    try:
        year = moment.astimezone(UTC).year if moment.tzinfo is not None else moment.year
    except OverflowError:  # year 1 east of UTC, year 9999 west of it
        year = moment.year
    if FIRST_YEAR <= year <= last_year:
        return None
    return f"a date and time between the years {FIRST_YEAR} and {last_year} (UTC)"
