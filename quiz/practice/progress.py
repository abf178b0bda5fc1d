"""How far a session in one mode has come: "N of M", where N counts this session's answers in
that mode (today's, if it began before) and M is the items planned when it began, raised only
when more come (a card back from a learning step), so the line never drifts with each answer or
with answers given in another mode. Cram goes round its items: N of its item count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from quiz.practice import clock
from quiz.practice.engine import Practice
from quiz.practice.focus import kept_ids
from quiz.practice.mix import session_answers
from quiz.store import queries

NEXT_DUE_HORIZON = timedelta(days=366)  # how far ahead an empty session looks for the next card


@dataclass(frozen=True, slots=True, kw_only=True)
class Progress:
    done: int  # answers this session in this mode (cram: in this round of its items)
    left: int  # items the mode still offers now
    seconds: float  # time spent answering today, in any mode
    next_due: datetime | None = None  # with nothing left: when the next card falls due
    total: int | None = None  # the items planned for the session (else done + left)

    def text(self) -> str:
        minutes = round(self.seconds / 60)
        spent = f"{minutes} min" if minutes else "under a minute"
        total = self.total if self.total is not None else self.done + self.left
        return f"{self.done + 1} of {total} today · {spent} so far"


def progress_today(practice: Practice, mode: str) -> Progress:
    """Today's answers and time so far, and how many items the mode still offers (counted in
    SQL, not queued: this runs before every item asked)."""
    rules, now, pid = practice.mode(mode), practice.now(), practice.profile_id
    with practice.store.read() as session:
        _, milliseconds = queries.answered_since(session, pid, clock.day_start(now))
        done = len(session_answers(session, pid, rules.name, practice.session_start(now)))
        held = queries.held_items(session, pid, now)
        if rules.anything:
            offered = [
                (e.id, e.topic)
                for e in practice.entries.values()
                if e.kind in rules.kinds and e.id not in held
            ]
            focus = practice.focus  # cram narrowed to a topic or the weakest items
            items = len(offered if focus is None else kept_ids(offered, focus, session, pid))
            done = done % items if items else 0
            left = items - done
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
    day = clock.day_start(now)
    planned = practice.planned.get(rules.name)
    total = done + left
    if planned is not None and planned[0] == day and not rules.anything:
        total = max(total, planned[1])
    practice.planned[rules.name] = (day, total)
    return Progress(
        done=done, left=left, seconds=milliseconds / 1000, next_due=next_due, total=total
    )
