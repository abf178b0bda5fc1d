"""Plain-text views of recorded answers, the due list and the stats (CLI)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from quiz.srs.ratings import Rating

if TYPE_CHECKING:
    from quiz.practice.outcome import Outcome
    from quiz.practice.queue import QueueEntry
    from quiz.practice.stats import Stats

BARS = "·▁▂▃▄▅▆▇█"


def when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "-"
    seconds = (moment - now).total_seconds()
    if seconds <= 0:
        return "now"
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"in {seconds / size:.0f} {unit}"
    return f"in {seconds:.0f} s"


def outcome_text(outcome: Outcome) -> str:
    lines = [f"recorded answer {outcome.attempt_id} to {outcome.item_id} ({outcome.mode})"]
    if outcome.grade is not None:
        from quiz.grading.render import score_text

        lines += ["", score_text(outcome.grade), ""]
    elif outcome.verdict is not None and outcome.instance is not None:
        from quiz.problems.render import verdict_text

        lines += ["", verdict_text(outcome.instance, outcome.verdict), ""]
    if outcome.suggested is not None and outcome.suggested != outcome.final:
        lines.append(
            f"rating: {Rating(outcome.final).label} (suggested {Rating(outcome.suggested).label})"
        )
    else:
        lines.append(f"rating: {Rating(outcome.final).label}")
    if outcome.scheduled and outcome.due is not None:
        lines.append(f"next review: {outcome.due.isoformat(timespec='minutes')}")
    elif not outcome.scheduled:
        lines.append("cram: the schedule was not changed")
    if outcome.changed:
        lines.append("note: this item's text changed since you last saw it")
    if outcome.follow_ups:
        lines.append("follow-ups: " + ", ".join(outcome.follow_ups))
    return "\n".join(lines)


def due_text(due: list[QueueEntry], now: datetime) -> str:
    if not due:
        return "nothing is due"
    width = max(len(entry.item_id) for entry in due)
    topics = max(len(entry.topic) for entry in due)
    rows = []
    for entry in due:
        late = f"due {entry.due.isoformat(timespec='minutes')}" if entry.due else ""
        flag = "  (text changed)" if entry.changed else ""
        rows.append(
            f"{entry.item_id:<{width}}  {entry.kind:<8}  {entry.topic:<{topics}}  {late}{flag}"
        )
    rows.append(f"{len(due)} due at {now.isoformat(timespec='minutes')}")
    return "\n".join(rows)


def sparkline(values: list[int]) -> str:
    """One character a value: a dot for none, else a bar as high as its share of the largest."""
    top = max(values, default=0)
    return "".join(BARS[max(1, round(v / top * (len(BARS) - 1)))] if v else BARS[0] for v in values)


def _by_day(counts: list[tuple[str, int]], none: str, days: bool = False) -> str:
    """A count per day: the total (and on how many days) and the busiest day (the first, on a
    tie), then the days as a sparkline on a line of its own."""
    total = sum(n for _, n in counts)
    if not total:
        return none
    busiest, most = max(counts, key=lambda count: count[1])
    active = f" on {sum(1 for _, n in counts if n)} day(s)" if days else ""
    chart = sparkline([n for _, n in counts])
    return f"{total:,} in all{active}, most on {busiest} ({most:,})\n  {chart}"


def stats_text(stats: Stats) -> str:
    retention = (
        f"{stats.retention:.0%} of {stats.retention_reviews} reviews"
        if stats.retention is not None
        else "no reviews of mature cards yet"
    )
    lines = [
        f"cards: {stats.new} new, {stats.learning} learning, {stats.review} review, "
        f"{stats.relearning} relearning, {stats.suspended} suspended",
        f"due now: {stats.due_now}   answered today: {stats.reviews_today}   "
        f"streak: {stats.streak} day(s)",
        f"retention (30 days): {retention}; target {stats.target_retention:.0%}",
        f"due, next 30 days: {_by_day(stats.forecast, 'nothing due')}",
        f"answers, last 90 days: {_by_day(stats.heatmap[-90:], 'none yet', days=True)}",
    ]
    if stats.topics:
        lines += [
            "",
            "topics (weakest first): mastery = how well you answer (recent answers count most)"
            " x how likely you recall it now",
        ]
        lines += [
            f"  {t['topic']:<28} {t['mastery']:>5.0%}  (answers {t['quality']:.0%}, "
            f"recall {t['recall']:.0%}) from {t['answers']} answer(s) on {t['cards']} card(s)"
            for t in stats.topics
        ]
    if stats.missed_points:
        lines += ["", "rubric points missed most:"]
        lines += [
            f"  {m['item']} {m['point']}: missed {m['missed']} of {m['asked']} - {m['criterion']}"
            for m in stats.missed_points
        ]
    if stats.claimed_points:  # the learner's word, apart from what the scorer found
        lines += ["", "rubric points you claimed (the scorer missed them):"]
        lines += [
            f"  {m['item']} {m['point']}: claimed {m['claimed']} of {m['asked']} - {m['criterion']}"
            for m in stats.claimed_points
        ]
    return "\n".join(lines)
