"""The practice use cases, UI-free: what to ask next, grading and recording an answer, overriding
a rating, undo, suspend and bury. Every graded answer is committed in one transaction with its
card and review log before this returns (the writes themselves are `quiz.store.answers`').
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from quiz.bank.model import Bank, Item
from quiz.practice import clock
from quiz.practice.entries import Entries, Entry
from quiz.practice.hints import UNAIDED, Aid, attempt_hints, capped, capped_rating
from quiz.practice.judge import JudgeError, instance_of, judge, prepare
from quiz.practice.mix import any_entries, new_entries
from quiz.practice.modes import Mode, mode_named
from quiz.practice.outcome import Outcome, rerated_outcome
from quiz.practice.preferences import PracticeError, ProfileSettings
from quiz.practice.queue import QueueEntry, due_now, interleave, sync_key
from quiz.practice.shared import SYNC_HINT, not_shared_notice, sync_bank
from quiz.srs.ratings import Rating
from quiz.srs.scheduler import Settings
from quiz.store import answers, locks, profiles, queries
from quiz.store.cohort import own_profile
from quiz.store.items import live_item_ids, reset_stale_cards, synced_with
from quiz.store.models import Attempt, Card
from quiz.store.store import Store

if TYPE_CHECKING:
    from quiz.problems.generate import Instance

FRESH_TRIES = 20  # draws tried for a problem unlike the last (a template may not vary at all)
INTERLEAVE_WINDOW = 20  # rows fetched per queue place, to interleave topics among
MAX_ANSWER_STORED = 100_000  # characters kept of an answer; longer ones are cut with a marker


class Practice(ProfileSettings):
    """The practice engine of one profile on one bank and database."""

    def __init__(
        self,
        store: Store,
        bank: Bank,
        profile: str = "default",
        now: Callable[[], datetime] = clock.now,
    ) -> None:
        self.store, self.bank, self.now = store, bank, now
        self.entries = Entries(bank)
        moment = now()
        key = sync_key(bank.key) if bank.key else None
        self.not_shared: str | None = None  # why some of the bank is not asked (a cohort)
        with store.write() as session:
            locks.hold(session, locks.SHARED)  # the bank sync and a new profile, one at a time
            row = profiles.profile(session, profile, moment)
            recorded = key if bank.complete else None  # the sync key a full sync records
            if own_profile(session) is None:
                synced = sync_bank(session, bank, self.entries, moment)
                resync, self.cards_reset = synced.written, synced.cards_reset
            else:  # a cohort's learner: the owner syncs the shared items
                resync, self.cards_reset = False, 0
                shared = synced_with(session)
                if key is None or shared != key:
                    self.entries = Entries(bank, live_item_ids(session))
                    missing = len(Entries(bank)) - len(self.entries)
                    if missing or shared is None:  # else all of it is asked: nothing to say
                        self.not_shared = not_shared_notice(missing, shared is not None)
            if recorded is not None and row.items_synced != recorded:
                # The items were synced before (by another profile's start, or a cohort's
                # owner): this profile's cards are brought up to its bank's revs, which a
                # learner's bank may have raised where the shared items did not.
                if not resync:
                    self.cards_reset = reset_stale_cards(session, moment, self._rev_of, row.id)
                row.items_synced = recorded
            self.profile_id, self.profile_name = row.id, row.name
            self.settings = Settings(
                row.desired_retention,
                tuple(int(s) for s in row.learning_steps.split(",") if s),
                tuple(int(s) for s in row.relearning_steps.split(",") if s),
                row.maximum_interval,
                row.fuzzing,
            )
            self.daily_new_limit = row.daily_new_limit
            self.theme = row.theme
            self.interview_date = row.interview_date
        self.pending_follow_ups: list[str] = []
        self.pinned: set[str] = set()
        self.fresh_seed: Callable[[], int] = lambda: secrets.randbelow(10**6)
        self.started_at = moment  # the session: progress and cram count its answers
        self.planned: dict[str, tuple[datetime, int]] = {}  # per mode: (day, items planned)
        self.new_ranks: dict[str, int] | None = None  # the order new items come in (mix)
        self._drawn: dict[str, str] = {}  # per template: the problem drawn last
        self._reviewed: dict[str, tuple[datetime, str]] = {}  # per template: (day, problem)

    def session_start(self, now: datetime) -> datetime:
        """Since when this session's answers count: its start, or today's if it began before."""
        return max(self.started_at, clock.day_start(now))

    def on_bank(self, bank: Bank) -> Practice:
        """The same profile, store and pinned settings on another version of the bank."""
        practice = Practice(self.store, bank, self.profile_name, now=self.now)
        current: dict[str, Any] = {
            "daily_new_limit": self.daily_new_limit,
            "desired_retention": self.settings.desired_retention,
            "theme": self.theme,
            "interview_date": self.interview_date,
        }
        practice.pin_settings(**{name: current[name] for name in self.pinned})
        practice.started_at, practice.planned = self.started_at, self.planned
        return practice

    # ---- what to ask ---------------------------------------------------------------------

    def entry(self, item_id: str) -> Entry:
        found = self.entries.get(item_id)
        if found is None:
            if self.not_shared is not None and item_id in Entries(self.bank):
                raise PracticeError(f"{item_id!r} is not among this cohort's items: {SYNC_HINT}")
            raise PracticeError(f"no item {item_id!r} in the bank")
        return found

    def item(self, item_id: str) -> Item:
        """The question or follow-up with that id (not a template)."""
        found = self.entry(item_id).item
        if found is None:
            raise PracticeError(f"{item_id!r} is a numeric problem template, not a question")
        return found

    def mode(self, name: str) -> Mode:
        try:
            return mode_named(name)
        except ValueError as exc:
            raise PracticeError(str(exc)) from None

    def queue_entry(self, item_id: str, reason: str) -> QueueEntry:
        """How one entry shows in a queue, for a reason ("undone: answer it again")."""
        self.entry(item_id)
        return self.queue_row(item_id, reason)

    def queue_row(self, item_id: str, reason: str, card: Card | None = None) -> QueueEntry:
        e = self.entries[item_id]
        changed = card is not None and card.seen_hash != e.content_hash
        due = card.due if card is not None else None
        return QueueEntry(item_id, e.kind, e.topic, e.title, reason, due, changed)

    def queue(self, mode: str = "practice", limit: int = 20) -> list[QueueEntry]:
        """The next items of a session in this mode, most pressing first."""
        rules = self.mode(mode)
        now = self.now()
        out: list[QueueEntry] = []
        if rules.follow_ups:
            out += [self.queue_row(i, "follow-up") for i in self.pending_follow_ups]
        window = max(limit * INTERLEAVE_WINDOW, 50)  # the most pressing rows, then interleaved
        with self.store.read() as session:
            if rules.anything:
                return out + any_entries(self, session, rules, limit)
            held = queries.held_items(session, self.profile_id, now)
            out = [q for q in out if q.item_id not in held]
            queued = [q.item_id for q in out]  # listed once: not again as due or new
            if rules.due:
                due = queries.due_cards(
                    session, self.profile_id, now, rules.kinds, limit=window, exclude=queued
                )
                due_rows = [
                    self.queue_row(c.item_id, "due", c) for c, _ in due if c.item_id in self.entries
                ]
                out += interleave(due_rows, lambda q: q.topic)
            if rules.new and len(out) < limit:
                out += new_entries(self, session, rules, window, queued)
        return out[:limit]

    def starting(self, session: Session, queued: list[str]) -> int:
        """How many of the queued follow-ups are new cards: each takes a place of the day's new
        items when it is answered."""
        return len(queued) - len(queries.with_cards(session, self.profile_id, queued))

    def new_room(self, session: Session, rules: Mode, now: datetime, window: int = 10**9) -> int:
        """How many new items the mode may still introduce today."""
        if not rules.daily_cap:
            return window
        started = queries.cards_started_since(session, self.profile_id, clock.day_start(now))
        limit, deadline = self.daily_new_limit, self.deadline()
        if deadline is not None:  # at least the plan's pace, to see everything in time
            unseen = queries.count_never_answered(session, self.profile_id)
            limit = deadline.daily_new(limit, unseen + started, now)
        return min(max(limit - started, 0), window)

    def held_items(self) -> set[str]:
        """Items suspended or buried right now: no mode serves them."""
        with self.store.read() as session:
            return queries.held_items(session, self.profile_id, self.now())

    def next_item(self, mode: str = "practice") -> QueueEntry | None:
        queue = self.queue(mode, limit=1)
        return queue[0] if queue else None

    def due(self, limit: int | None = None) -> list[QueueEntry]:
        """What is due now, most overdue first."""
        return due_now(self.store, self.profile_name, self.now(), limit)

    def problem(self, item_id: str, seed: int | None = None) -> Instance:
        """A fresh instance of a numeric template: a new seed each time unless one is given,
        and a problem other than the one drawn last where the template can vary."""
        entry = self.entry(item_id)
        try:
            if seed is not None:
                return instance_of(entry, seed)
            drawn = first = instance_of(entry, self.fresh_seed())
            for _ in range(FRESH_TRIES):
                if drawn.prompt != self._drawn.get(item_id):
                    break
                drawn = instance_of(entry, self.fresh_seed())
            else:  # the template does not vary: its first draw
                drawn = first
        except JudgeError as exc:
            raise PracticeError(str(exc)) from None
        self._drawn[item_id] = drawn.prompt
        return drawn

    # ---- answering -----------------------------------------------------------------------

    def prepare(self, item_id: str) -> None:
        """Do ahead what grading an answer to the item needs (its rubric compiled with the
        bank's lexicon, the scorer imported), so the verdict comes quickly."""
        entry = self.entries.get(item_id)
        if entry is not None:
            prepare(entry, self.bank.lexicon)

    def submit(
        self,
        item_id: str,
        answer: str,
        *,
        mode: str = "practice",
        seed: int | None = None,
        rating: int | None = None,
        duration_ms: int | None = None,
        interview_id: int | None = None,
        aid: Aid = UNAIDED,
    ) -> Outcome:
        """Grade an answer, record it and schedule the card (not in cram or a retry): one commit."""
        rules = self.mode(mode)
        e = self.entry(item_id)
        try:
            graded = judge(
                e,
                answer,
                seed=seed,
                rating=Rating(rating) if rating else None,
                lexicon=self.bank.lexicon,
            )
        except JudgeError as exc:
            raise PracticeError(str(exc)) from None
        graded = capped(graded, aid.hints)
        schedules = rules.schedules and not aid.retry and not self._again_today(e, graded.instance)
        stored = (
            answer if len(answer) <= MAX_ANSWER_STORED else answer[:MAX_ANSWER_STORED] + " [...]"
        )
        record = answers.AnswerRecord(
            uid=str(uuid.uuid4()),
            profile_id=self.profile_id,
            item_id=item_id,
            topic=e.topic,
            content_hash=e.content_hash,
            rev=e.rev,
            created_at=self.now(),
            mode=rules.name,
            answer=stored,
            score=graded.score,
            correct=graded.correct,
            points=json.dumps(
                [{"id": p.id, "hit": p.hit} for p in graded.grade.points] if graded.grade else []
            ),
            suggested=graded.suggested,
            final=graded.final,
            seed=graded.seed,
            duration_ms=duration_ms,
            scheduled=schedules,
            interview_id=interview_id,
            hints=aid.hints,
            retry=aid.retry,
        )
        with self.store.write() as session:
            recorded = answers.record_answer(session, record, self.settings, self.deadline())
        if rules.follow_ups:
            self._queue_follow_ups(e)
        return Outcome(
            attempt_id=recorded.attempt_id,
            item_id=item_id,
            kind=e.kind,
            mode=rules.name,
            graded=graded,
            scheduled=schedules,
            due=recorded.due,
            changed=recorded.changed,
            follow_ups=e.follow_ups,
        )

    def _again_today(self, e: Entry, instance: Instance | None) -> bool:
        """Whether this is the problem already answered (and scheduled) today, asked again before
        its card is due (drill's `another`): recorded, but not reviewed a second time."""
        if instance is None:
            return False
        now = self.now()
        day, before = clock.day_start(now), self._reviewed.get(e.id)
        if before == (day, instance.prompt):
            with self.store.read() as session:
                card = queries.card(session, self.profile_id, e.id)
            if card is not None and card.due > now:
                return True
        self._reviewed[e.id] = (day, instance.prompt)
        return False

    def _queue_follow_ups(self, e: Entry) -> None:
        if e.id in self.pending_follow_ups:
            self.pending_follow_ups.remove(e.id)
        self.pending_follow_ups[:0] = [f for f in e.follow_ups if f in self.entries]

    def skip_follow_ups(self) -> None:
        self.pending_follow_ups.clear()

    # ---- corrections ---------------------------------------------------------------------

    def override(self, attempt_id: int, rating: int) -> Outcome:
        """Replace the rating of an attempt (the latest of its card) and reschedule from it."""
        hints = attempt_hints(self.store, self.profile_id, attempt_id)  # they cap it still
        rating = capped_rating(Rating(rating), hints)
        try:
            with self.store.write() as session:
                done = answers.rerate_answer(
                    session,
                    self.profile_id,
                    attempt_id,
                    Rating(rating),
                    self.settings,
                    self.deadline(),
                )
        except answers.RecordError as exc:
            raise PracticeError(str(exc)) from None
        e = self.entries.get(done.item_id)
        return rerated_outcome(done, e.kind if e else "")

    def _rev_of(self, item_id: str) -> int | None:
        entry = self.entries.get(item_id)
        return entry.rev if entry is not None else None

    def _topic_of(self, item_id: str) -> str:
        entry = self.entries.get(item_id)
        return entry.topic if entry is not None else ""

    def undo(self) -> Attempt | None:
        """Take back the last graded answer: its card returns to the state before it."""
        with self.store.write() as session:
            attempt = answers.undo_last_answer(session, self.profile_id, self._topic_of)
        if attempt is not None:
            self._reviewed.pop(attempt.item_id, None)  # answered again, it is reviewed again
        if attempt is not None and attempt.item_id in self.entries:
            parent = self.entries[attempt.item_id]
            self.pending_follow_ups = [
                f for f in self.pending_follow_ups if f not in parent.follow_ups
            ]
        return attempt

    def suspend(self, item_id: str, suspended: bool = True) -> None:
        """Keep an item out of every queue (or let it back in)."""
        self._card_flags(item_id, suspended=suspended)

    def bury(self, item_id: str) -> datetime:
        """Keep an item out of the queues until tomorrow (UTC); returns when it comes back."""
        until = clock.next_day(self.now())
        self._card_flags(item_id, buried_until=until)
        return until

    def _card_flags(self, item_id: str, **flags: Any) -> None:
        e = self.entry(item_id)
        with self.store.write() as session:
            answers.set_card_flags(
                session,
                profile_id=self.profile_id,
                item_id=item_id,
                content_hash=e.content_hash,
                rev=e.rev,
                now=self.now(),
                **flags,
            )

    def history(self, item_id: str | None = None) -> list[Attempt]:
        with self.store.read() as session:
            rows = queries.attempts(session, self.profile_id, item_id)
            for row in rows:
                session.expunge(row)
            return rows
