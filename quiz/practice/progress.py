"""How far today's session has come: answers and time so far, and what the mode still offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from quiz.practice import clock
from quiz.practice.engine import Practice
from quiz.store import queries

NEXT_DUE_HORIZON = timedelta(days=366)  # how far ahead an empty session looks for the next card


@dataclass(frozen=True, slots=True, kw_only=True)
class Progress:
    done: int  # answers today
    left: int  # items the mode still offers now
    seconds: float  # time spent answering today
    next_due: datetime | None = None  # with nothing left: when the next card falls due

    def text(self) -> str:
        minutes = round(self.seconds / 60)
        spent = f"{minutes} min" if minutes else "under a minute"
        return f"{self.done + 1} of {self.done + self.left} today · {spent} so far"


def progress_today(practice: Practice, mode: str) -> Progress:
    """Today's answers and time so far, and how many items the mode still offers (counted in
    SQL, not queued: this runs before every item asked)."""
    rules, now, pid = practice.mode(mode), practice.now(), practice.profile_id
    with practice.store.read() as session:
        done, milliseconds = queries.answered_since(session, pid, clock.day_start(now))
        held = queries.held_items(session, pid, now)
        if rules.anything:
            left = len(
                [e for e in practice.entries.values() if e.kind in rules.kinds and e.id not in held]
            )
        else:
            queued = [i for i in practice.pending_follow_ups if i not in held and rules.follow_ups]
            left = len(queued)  # each counted once, as the queue lists it
            if rules.due:
                left += queries.count_due(session, pid, now, rules.kinds, exclude=queued)
            if rules.new:
                unseen = queries.count_unseen(session, pid, rules.kinds, exclude=queued)
                room = practice.new_room(session, rules, now) - practice.starting(session, queued)
                left += min(unseen, max(room, 0))
        next_due = None
        if not left:
            moments = queries.due_moments(session, pid, now, now + NEXT_DUE_HORIZON, limit=1)
            next_due = moments[0] if moments else None
    return Progress(done=done, left=left, seconds=milliseconds / 1000, next_due=next_due)
