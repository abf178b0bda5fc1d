"""Preparing for an interview date: quiz plan."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from quiz.cli.common import UsageError, practice_for, print_json

if TYPE_CHECKING:
    from datetime import date


def interview_date(text: str) -> date:
    """An argparse type: a calendar date, the offending value named otherwise."""
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a date such as 2027-01-20, not {text!r}"
        ) from None


def cmd_plan(args: argparse.Namespace) -> int:
    from quiz.practice.plan import plan
    from quiz.practice.preferences import PracticeError

    practice = practice_for(args)
    pinned = practice.interview_date if "interview_date" in practice.pinned else None
    try:
        if args.interview is not None:
            practice.update_settings(interview_date=args.interview)
        elif args.clear:
            practice.clear_interview()
    except PracticeError as exc:
        raise UsageError(str(exc)) from None
    if pinned is not None and args.interview is not None:
        print(
            f"quiz: note: saved to your profile, but the config file or QUIZ_INTERVIEW_DATE "
            f"sets {pinned}, which is used from the next start",
            file=sys.stderr,
        )
    found = plan(practice)
    if args.json:
        print_json(found.to_json() if found is not None else None)
        return 0
    if found is None:
        when = practice.interview_date
        if when is None:
            reason = "no interview date is set"
        elif when > practice.now().date():
            reason = f"the interview date {when} is more than two years away"
        else:
            reason = f"the interview date {when} has passed"
        print(f"{reason}: plain FSRS scheduling. Set one with: quiz plan --interview YYYY-MM-DD")
        return 0
    print(plan_text(found, practice.daily_new_limit))
    return 0


def plan_text(found: Any, limit: int) -> str:
    lines = [
        f"Interview on {found.interview} (in {found.days_left} day(s)); "
        f"target recall on the day {found.target:.0%}.",
    ]
    if found.unseen:
        today = f"{found.pace} new today ({found.started} started already; your limit is {limit})"
        if found.introduce_by >= found.today:
            lines.append(
                f"New: {found.unseen} item(s) not started; {today} introduces every item by "
                f"{found.introduce_by}, in time for two reviews before the day."
            )
        else:
            lines.append(
                f"New: {found.unseen} item(s) not started; the day is too close for two reviews "
                f"of each before it: the plan introduces them all today, {today}."
            )
    lines.append(
        f"Readiness on the day: {found.readiness():.0%} if you stop now, "
        f"{found.readiness(planned=True):.0%} if you follow the plan."
    )
    heavy = found.heavy_days
    if heavy:
        most = max(heavy, key=lambda d: d.new)
        lines.append(
            f"Warning: the plan introduces {most.new} new items on {most.day}, "
            f"{most.new / limit:.0f}x your limit of {limit}; its forecast assumes every answer "
            f"rated Good, which so many new items a day rarely are: expect less."
        )
    lines += ["", "day         new  reviews"]
    lines += [f"{d.day}  {d.new:>4}  {d.reviews:>7}" for d in found.days]
    width = max((len(t.topic) for t in found.topics), default=5)
    lines += ["", f"{'topic':<{width}}  items  now   planned"]
    lines += [
        f"{t.topic:<{width}}  {t.items:>5}  {t.now:>4.0%}  {t.planned:>6.0%}" for t in found.topics
    ]
    if found.short:
        lines += ["", "Below target on the day even with the plan: " + ", ".join(found.short)]
    return "\n".join(lines)
