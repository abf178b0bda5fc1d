"""The cohort report (`quiz cohort`, the Cohort screen): per learner their due and overdue
counts, answers in the last 7 days, retention against their target and mastery per topic; for
the class the weakest topics, the rubric points missed most and the items most learners
struggle with. Read-only: it opens no profile and syncs nothing, so an instructor's role (which
may only read) can run it. It covers the profiles the role may read. A learner's rows with
values no answer could leave (`class_figures`: NaN, zero or negative stability, absurd counts)
are left out of every figure and counted on their line (`ignored`); so are their rubric point
rows of points the bank's item lacks (`unknown_points`: made-up ids would head the class's
missed points), and a stored setting out of bounds or NaN is replaced by a new profile's
(`ignored_settings`, checked by `preferences.stored_setting`). The JSON holds no NaN."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from quiz.bank.model import Bank
from quiz.practice import clock
from quiz.practice.preferences import stored_setting
from quiz.practice.windows import RETENTION_DAYS
from quiz.store import class_figures
from quiz.store.store import Store

ACTIVE_DAYS = 7  # "answers in the last 7 days"
STRUGGLING = 0.5  # running answer quality below this: the learner struggles with the item
TOP = 10


@dataclass(frozen=True, slots=True)
class Learner:
    name: str
    due: int
    overdue: int
    answers_7d: int
    retention: float | None  # share of mature reviews recalled, last RETENTION_DAYS days
    target: float
    mastery: dict[str, float]  # topic -> mastery, topics the learner has answered
    ignored: int = 0  # the learner's rows left out of every figure: invalid values
    unknown_points: int = 0  # rubric point rows of points the bank's items lack: left out
    ignored_settings: tuple[str, ...] = ()  # stored settings out of bounds: the default used
    claims: int = 0  # rubric points claimed ("I said this"): the scorer did not find them


@dataclass(frozen=True, slots=True)
class Cohort:
    now: datetime
    learners: list[Learner]
    topics: list[tuple[str, float, int]]  # (topic, mean mastery, learners), weakest first
    missed: list[dict[str, Any]]
    struggling: list[dict[str, Any]]
    claimed: list[dict[str, Any]] = field(default_factory=list)  # points claimed most

    def to_json(self) -> dict[str, Any]:
        document = {
            "now": self.now.isoformat(),
            "learners": [
                {
                    "name": x.name,
                    "due": x.due,
                    "overdue": x.overdue,
                    "answers_7d": x.answers_7d,
                    "retention": x.retention,
                    "target_retention": x.target,
                    "mastery": x.mastery,
                    "ignored_rows": x.ignored,
                    "unknown_points": x.unknown_points,
                    "ignored_settings": list(x.ignored_settings),
                    "claims": x.claims,
                }
                for x in self.learners
            ],
            "weakest_topics": [
                {"topic": t, "mastery": m, "learners": n} for t, m, n in self.topics
            ],
            "missed_points": self.missed,
            "struggling_items": self.struggling,
            "claimed_points": self.claimed,
        }
        return {key: _finite(value) for key, value in document.items()}


def _finite(value: Any) -> Any:
    """The value with every NaN or infinite number in it made None (JSON has none)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def cohort(store: Store, bank: Bank, now: datetime) -> Cohort:
    today = clock.day_start(now)
    week = (today - timedelta(days=ACTIVE_DAYS - 1)).date().isoformat()
    window = (today - timedelta(days=RETENTION_DAYS - 1)).date().isoformat()
    with store.read() as session:
        people = class_figures.learners(session)
        due = class_figures.due_by_profile(session, now, today)
        recent = class_figures.activity_by_profile(session, week)
        month = class_figures.activity_by_profile(session, window)
        ids = {pid for pid, *_ in people}
        mastery = class_figures.mastery_by_profile(session, ids, now)
        ignored = class_figures.ignored_rows(session, ids)
        points = {(i.id, p.id) for i in bank.items.values() for p in i.rubric}
        unknown = class_figures.unknown_points(session, ids, points)
        missed = class_figures.missed_points(session, ids, points, TOP)
        struggling = class_figures.struggling_items(session, ids, STRUGGLING, TOP)
        claims = class_figures.claims_by_profile(session, ids, points)
        claimed = class_figures.claimed_points(session, ids, points, TOP)
    per_learner: dict[int, dict[str, float]] = defaultdict(dict)
    per_topic: dict[str, list[float]] = defaultdict(list)
    for (pid, topic), value in sorted(mastery.items()):
        per_learner[pid][topic] = value
        per_topic[topic].append(value)
    rows = []
    for pid, name, stored_target, stored_limit in people:
        _, reviews, passed = month.get(pid, (0, 0, 0))
        target, bad_target = stored_setting("desired_retention", stored_target)
        _, bad_limit = stored_setting("daily_new_limit", stored_limit)
        settings = ("desired_retention",) * bad_target + ("daily_new_limit",) * bad_limit
        rows.append(
            Learner(
                name=name,
                due=due.get(pid, (0, 0))[0],
                overdue=due.get(pid, (0, 0))[1],
                answers_7d=recent.get(pid, (0, 0, 0))[0],
                retention=passed / reviews if reviews else None,
                target=target,
                mastery=per_learner.get(pid, {}),
                ignored=ignored.get(pid, 0),
                unknown_points=unknown.get(pid, 0),
                ignored_settings=settings,
                claims=claims.get(pid, 0),
            )
        )
    topics = sorted(
        ((t, sum(v) / len(v), len(v)) for t, v in per_topic.items()), key=lambda r: (r[1], r[0])
    )
    return Cohort(
        now=now,
        learners=rows,
        topics=topics[:TOP],
        missed=[
            {
                "item": item,
                "point": point,
                "criterion": bank.criterion(item, point),
                "missed": m,
                "asked": a,
                "learners": n,
            }
            for item, point, m, a, n in missed
        ],
        struggling=[
            {"item": item, "learners": n, "answered_by": total} for item, n, total in struggling
        ],
        claimed=[
            {
                "item": item,
                "point": point,
                "criterion": bank.criterion(item, point),
                "claimed": c,
                "learners": n,
            }
            for item, point, c, n in claimed
        ],
    )


def left_out(report: Cohort) -> list[str]:
    """What the report left out of each learner's rows, and why: a learner can write their own
    rows by hand, and one learner's impossible values must not fail or skew the class's."""
    lines = [
        f"learner {x.name}: {x.ignored} row{'' if x.ignored == 1 else 's'} ignored (invalid values)"
        for x in report.learners
        if x.ignored
    ]
    lines += [
        f"learner {x.name}: {x.unknown_points} rubric point row"
        f"{'' if x.unknown_points == 1 else 's'} ignored (unknown points)"
        for x in report.learners
        if x.unknown_points
    ]
    lines += [
        f"learner {x.name}: {', '.join(x.ignored_settings)} ignored (out of bounds or not a "
        "number); the defaults used"
        for x in report.learners
        if x.ignored_settings
    ]
    return lines


def cohort_text(report: Cohort) -> str:
    lines = [f"Cohort: {len(report.learners)} learner(s), {report.now:%Y-%m-%d %H:%M} UTC", ""]
    width = max([len(x.name) for x in report.learners] + [7])
    lines.append(
        f"{'learner':<{width}}  due  overdue  answers 7d  retention (target)  claims  weakest"
    )
    for x in report.learners:
        kept = f"{x.retention:>4.0%}" if x.retention is not None else "   -"
        weakest = min(x.mastery.items(), key=lambda kv: (kv[1], kv[0]), default=None)
        shown = f"{weakest[0]} {weakest[1]:.0%}" if weakest else "-"
        lines.append(
            f"{x.name:<{width}}  {x.due:>3}  {x.overdue:>7}  {x.answers_7d:>10}  "
            f"{kept} ({x.target:.0%})         {x.claims:>6}  {shown}"
        )
    lines += left_out(report)
    lines += ["", "Weakest topics (mean mastery of the learners who answered them):"]
    lines += [f"  {m:>4.0%}  {t} ({n} learner(s))" for t, m, n in report.topics] or ["  -"]
    lines += ["", "Rubric points missed most:"]
    lines += [
        f"  {p['item']} {p['point']}: missed {p['missed']} of {p['asked']} by "
        f"{p['learners']} learner(s) - {p['criterion']}"
        for p in report.missed
    ] or ["  -"]
    lines += ["", "Rubric points claimed most (the learner's word, not found by the scorer):"]
    lines += [
        f"  {p['item']} {p['point']}: claimed {p['claimed']} times by {p['learners']} "
        f"learner(s) - {p['criterion']}"
        for p in report.claimed
    ] or ["  -"]
    lines += ["", f"Items most learners struggle with (answer quality below {STRUGGLING:.0%}):"]
    lines += [
        f"  {s['item']}: {s['learners']} of {s['answered_by']} learner(s)"
        for s in report.struggling
    ] or ["  -"]
    return "\n".join(lines)
