"""The practice use cases, UI-free: what to ask next, grading and recording an answer, overriding
a rating, undo, suspend and bury. Every graded answer is committed in one transaction with its
card and review log before this returns.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from quiz.bank.model import Bank, Item
from quiz.practice import clock
from quiz.practice.entries import Entry, entries
from quiz.practice.queue import QueueEntry, due_now, interleave
from quiz.srs.ratings import Rating, is_lapse, rating_for_check, rating_for_score
from quiz.srs.scheduler import CardState, Settings, new_card, review
from quiz.store import queries
from quiz.store.models import Attempt, Card, ReviewLog
from quiz.store.store import Store

MODES = ("practice", "review", "cram", "drill", "interview")
INTERLEAVE_WINDOW = 20  # rows fetched per queue place, to interleave topics among
MAX_ANSWER_STORED = 100_000  # characters kept of an answer; longer ones are cut with a marker


class PracticeError(ValueError):
    """A request the engine cannot carry out; the message says why."""


@dataclass(slots=True)
class Outcome:
    """A graded and recorded answer."""

    attempt_id: int
    item_id: str
    kind: str
    mode: str
    score: float | None
    correct: bool | None
    suggested: int | None
    final: int
    scheduled: bool
    due: datetime | None
    seed: int | None = None
    follow_ups: tuple[str, ...] = ()
    grade: Any = None  # ScoreResult of a free-text answer
    verdict: Any = None  # Verdict of a numeric answer
    instance: Any = None  # the numeric problem answered
    changed: bool = False
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "attempt": self.attempt_id,
            "id": self.item_id,
            "kind": self.kind,
            "mode": self.mode,
            "score": None if self.score is None else round(self.score, 4),
            "correct": self.correct,
            "suggested_rating": Rating(self.suggested).label if self.suggested else None,
            "rating": Rating(self.final).label,
            "scheduled": self.scheduled,
            "due": self.due.isoformat() if self.due else None,
            "seed": self.seed,
            "follow_ups": list(self.follow_ups),
            "changed": self.changed,
            "notes": self.notes,
        }
        if self.grade is not None:
            document["points"] = [p.to_json() for p in self.grade.points]
            document["misconceptions"] = [m.to_json() for m in self.grade.misconceptions]
        if self.verdict is not None and self.instance is not None:
            from quiz.problems.generate import check_json

            document["check"] = check_json(self.instance, self.verdict)
        return document


def _state(card: Card) -> CardState:
    return CardState(
        card.state, card.step, card.stability, card.difficulty, card.due, card.last_review
    )


def _apply(card: Card, state: CardState) -> None:
    card.state, card.step = state.state, state.step
    card.stability, card.difficulty = state.stability, state.difficulty
    card.due, card.last_review = state.due, state.last_review


class Practice:
    """The practice engine of one profile on one bank and database."""

    def __init__(
        self,
        store: Store,
        bank: Bank,
        profile: str = "default",
        now: Callable[[], datetime] = clock.now,
    ) -> None:
        self.store, self.bank, self.now = store, bank, now
        self.entries: dict[str, Entry] = entries(bank)
        moment = now()
        with store.write() as session:
            row = queries.profile(session, profile, moment)
            self.cards_reset = queries.sync_items(session, list(self.entries.values()), moment)
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
        self.pending_follow_ups: list[str] = []
        self.fresh_seed: Callable[[], int] = lambda: secrets.randbelow(10**6)

    def update_settings(
        self,
        *,
        desired_retention: float | None = None,
        daily_new_limit: int | None = None,
        theme: str | None = None,
    ) -> None:
        """Change and persist the profile's settings; bad values are refused with a reason."""
        if desired_retention is not None and not 0.7 <= desired_retention <= 0.99:
            raise PracticeError(
                f"desired retention must be between 0.70 and 0.99, not {desired_retention:g}"
            )
        if daily_new_limit is not None and not 0 <= daily_new_limit <= 1000:
            raise PracticeError(f"daily new limit must be 0-1000, not {daily_new_limit}")
        with self.store.write() as session:
            row = queries.find_profile(session, self.profile_name)
            assert row is not None
            if desired_retention is not None:
                row.desired_retention = desired_retention
                self.settings = replace(self.settings, desired_retention=desired_retention)
            if daily_new_limit is not None:
                row.daily_new_limit = self.daily_new_limit = daily_new_limit
            if theme is not None:
                row.theme = self.theme = theme[:40]

    # ---- what to ask ---------------------------------------------------------------------

    def entry(self, item_id: str) -> Entry:
        found = self.entries.get(item_id)
        if found is None:
            raise PracticeError(f"no item {item_id!r} in the bank")
        return found

    def item(self, item_id: str) -> Item:
        """The question or follow-up with that id (not a template)."""
        found = self.entry(item_id).item
        if found is None:
            raise PracticeError(f"{item_id!r} is a numeric problem template, not a question")
        return found

    def _queue_entry(self, item_id: str, reason: str, card: Card | None = None) -> QueueEntry:
        e = self.entries[item_id]
        changed = card is not None and card.seen_hash != e.content_hash
        due = card.due if card is not None else None
        return QueueEntry(item_id, e.kind, e.topic, e.title, reason, due, changed)

    def queue(self, mode: str = "practice", limit: int = 20) -> list[QueueEntry]:
        """The next items of a session in this mode, most pressing first."""
        if mode not in MODES:
            raise PracticeError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        now = self.now()
        kinds = ("template",) if mode == "drill" else ("question", "followup", "template")
        out: list[QueueEntry] = [
            self._queue_entry(item_id, "follow-up") for item_id in self.pending_follow_ups
        ]
        window = max(limit * INTERLEAVE_WINDOW, 50)  # the most pressing rows, then interleaved
        with self.store.read() as session:
            if mode == "cram":
                return out + self._cram(session, limit)
            due = queries.due_cards(session, self.profile_id, now, kinds, limit=window)
            due_rows = [
                self._queue_entry(c.item_id, "due", c) for c, _ in due if c.item_id in self.entries
            ]
            out += interleave(due_rows, lambda q: q.topic)
            if mode in ("review",) or len(out) >= limit:
                return out[:limit]
            new_kinds = ("template",) if mode == "drill" else ("question", "followup", "template")
            started = queries.cards_started_since(session, self.profile_id, clock.day_start(now))
            room = max(self.daily_new_limit - started, 0)
            if room:
                unseen = [
                    i
                    for i in queries.unseen_items(session, self.profile_id, new_kinds, window)
                    if i.id in self.entries
                ]
                follow = [self._queue_entry(i.id, "new") for i in unseen if i.kind == "followup"]
                fresh = [self._queue_entry(i.id, "new") for i in unseen if i.kind != "followup"]
                out += (follow + interleave(fresh, lambda q: q.topic))[:room]
        return out[:limit]

    def _cram(self, session: Any, limit: int) -> list[QueueEntry]:
        rows = [
            self._queue_entry(e.id, "cram")
            for e in self.entries.values()
            if e.kind in ("question", "template")
        ]
        return interleave(rows, lambda q: q.topic)[:limit]

    def next_item(self, mode: str = "practice") -> QueueEntry | None:
        queue = self.queue(mode, limit=1)
        return queue[0] if queue else None

    def due(self, limit: int | None = None) -> list[QueueEntry]:
        """What is due now, most overdue first."""
        return due_now(self.store, self.profile_name, self.now(), limit)

    def problem(self, item_id: str, seed: int | None = None) -> Any:
        """A fresh instance of a numeric template (a new seed each time unless one is given)."""
        from quiz.problems.compiled import compiled
        from quiz.problems.generate import generate

        e = self.entry(item_id)
        if e.template is None:
            raise PracticeError(f"{item_id} is not a numeric problem")
        return generate(compiled(e.template.template), self.fresh_seed() if seed is None else seed)

    # ---- answering -----------------------------------------------------------------------

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
    ) -> Outcome:
        """Grade an answer, record it and (except in cram) schedule the card, in one commit."""
        if mode not in MODES:
            raise PracticeError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        e = self.entry(item_id)
        outcome = self._grade(e, answer, mode, seed, rating)
        now = self.now()
        stored = (
            answer if len(answer) <= MAX_ANSWER_STORED else answer[:MAX_ANSWER_STORED] + " [...]"
        )
        with self.store.write() as session:
            card = queries.card(session, self.profile_id, item_id)
            outcome.changed = card is not None and card.seen_hash != e.content_hash
            attempt = Attempt(
                uid=str(uuid.uuid4()),
                profile_id=self.profile_id,
                item_id=item_id,
                interview_id=interview_id,
                created_at=now,
                mode=mode,
                answer=stored,
                score=outcome.score,
                correct=outcome.correct,
                points=json.dumps(_points(outcome.grade)),
                suggested_rating=outcome.suggested,
                final_rating=outcome.final,
                seed=outcome.seed,
                duration_ms=duration_ms,
                content_hash=e.content_hash,
                rev=e.rev,
                scheduled=outcome.scheduled,
                undone=False,
            )
            if outcome.scheduled:
                if card is None:
                    state = new_card(now)
                    card = self._new_card(session, e, state)
                else:
                    state = _state(card)
                    attempt.card_before = state.to_json()
                    attempt.state_before = state.state
                after = review(self.settings, state, outcome.final, now, duration_ms)
                _apply(card, after)
                card.reps += 1
                card.lapses += int(is_lapse(state.state, outcome.final))
                card.seen_hash, card.seen_rev = e.content_hash, e.rev
                outcome.due = after.due
            attempt.card_id = card.id if card is not None else None
            session.add(attempt)
            session.flush()
            queries.record_activity(session, attempt, e.topic)
            if outcome.scheduled and card is not None:
                session.add(
                    ReviewLog(
                        attempt_id=attempt.id,
                        card_id=card.id,
                        rating=outcome.final,
                        review_datetime=now,
                        review_duration_ms=duration_ms,
                    )
                )
            outcome.attempt_id = attempt.id
        self._after_answer(e)
        outcome.follow_ups = e.follow_ups
        return outcome

    def _grade(
        self, e: Entry, answer: str, mode: str, seed: int | None, rating: int | None
    ) -> Outcome:
        scheduled = mode != "cram"
        if e.template is not None:
            if seed is None:
                raise PracticeError(
                    f"{e.id} is a numeric problem: give the seed of the instance you answered"
                )
            from quiz.problems.generate import GenerationError, check_answer

            try:
                instance = self.problem(e.id, seed)
            except GenerationError as exc:
                raise PracticeError(str(exc)) from None
            verdict = check_answer(instance, answer)
            suggested = rating_for_check(verdict.correct)
            final = rating if rating is not None else suggested
            return Outcome(
                0,
                e.id,
                e.kind,
                mode,
                1.0 if verdict.correct else 0.0,
                verdict.correct,
                suggested,
                final,
                scheduled,
                None,
                seed,
                verdict=verdict,
                instance=instance,
            )
        assert e.item is not None
        if not e.item.rubric:
            if rating is None:
                raise PracticeError(
                    f"{e.id} has no rubric to grade against: rate your answer yourself "
                    "(again, hard, good or easy)"
                )
            return Outcome(0, e.id, e.kind, mode, None, None, None, rating, scheduled, None)
        from quiz.grading.rubrics import score_item

        grade = score_item(e.item, answer)
        suggested = rating_for_score(grade.score)
        final = rating if rating is not None else suggested
        return Outcome(
            0,
            e.id,
            e.kind,
            mode,
            grade.score,
            None,
            suggested,
            final,
            scheduled,
            None,
            grade=grade,
            notes=list(grade.notes),
        )

    def _after_answer(self, e: Entry) -> None:
        if e.id in self.pending_follow_ups:
            self.pending_follow_ups.remove(e.id)
        self.pending_follow_ups[:0] = [f for f in e.follow_ups if f in self.entries]

    def skip_follow_ups(self) -> None:
        self.pending_follow_ups.clear()

    # ---- corrections ---------------------------------------------------------------------

    def override(self, attempt_id: int, rating: int) -> Outcome:
        """Replace the rating of an attempt (the latest of its card) and reschedule from it."""
        with self.store.write() as session:
            attempt = session.get(Attempt, attempt_id)
            if attempt is None or attempt.profile_id != self.profile_id or attempt.undone:
                raise PracticeError(f"no attempt {attempt_id} to re-rate")
            due = None
            if attempt.scheduled and attempt.card_id is not None:
                latest = queries.last_scheduled_attempt(session, attempt.card_id)
                if latest is None or latest.id != attempt.id:
                    raise PracticeError(
                        f"attempt {attempt_id} is not the latest of {attempt.item_id}: only "
                        "the last grade of an item can be re-rated"
                    )
                card = session.get(Card, attempt.card_id)
                assert card is not None
                before = (
                    CardState.from_json(attempt.card_before)
                    if attempt.card_before
                    else new_card(attempt.created_at)
                )
                after = review(
                    self.settings, before, rating, attempt.created_at, attempt.duration_ms
                )
                card.lapses += int(is_lapse(before.state, rating)) - int(
                    is_lapse(before.state, attempt.final_rating)
                )
                _apply(card, after)
                log = queries.review_log(session, attempt.id)
                if log is not None:
                    log.rating = rating
                due = after.due
            old_rating, attempt.final_rating = attempt.final_rating, rating
            queries.rerate_activity(session, attempt, old_rating)
            e = self.entries.get(attempt.item_id)
            return Outcome(
                attempt.id,
                attempt.item_id,
                e.kind if e else "",
                attempt.mode,
                attempt.score,
                attempt.correct,
                attempt.suggested_rating,
                rating,
                attempt.scheduled,
                due,
                attempt.seed,
            )

    def undo(self) -> Attempt | None:
        """Take back the last graded answer: its card returns to the state before it."""
        with self.store.write() as session:
            attempt = queries.last_attempt(session, self.profile_id)
            if attempt is None:
                return None
            if attempt.scheduled and attempt.card_id is not None:
                card = session.get(Card, attempt.card_id)
                queries.delete_review_log(session, attempt.id)
                if card is not None and attempt.card_before is None:
                    session.delete(card)  # the answer created it
                    attempt.card_id = None
                elif card is not None:
                    before = CardState.from_json(attempt.card_before or "")
                    card.lapses -= int(is_lapse(before.state, attempt.final_rating))
                    card.reps = max(card.reps - 1, 0)
                    _apply(card, before)
            attempt.undone = True
            topic = self.entries[attempt.item_id].topic if attempt.item_id in self.entries else ""
            queries.record_activity(session, attempt, topic, sign=-1)
            session.flush()
            session.expunge(attempt)
        if attempt.item_id in self.entries:
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

    def _card_flags(self, item_id: str, **values: Any) -> None:
        e = self.entry(item_id)
        with self.store.write() as session:
            card = queries.card(session, self.profile_id, item_id)
            if card is None:  # never answered: a card that stays new until answered
                card = self._new_card(session, e, new_card(self.now()))
            for name, value in values.items():
                setattr(card, name, value)

    def _new_card(self, session: Any, e: Entry, state: CardState) -> Card:
        card = Card(
            profile_id=self.profile_id,
            item_id=e.id,
            reps=0,
            lapses=0,
            suspended=False,
            seen_hash=e.content_hash,
            seen_rev=e.rev,
        )
        _apply(card, state)
        session.add(card)
        session.flush()
        return card

    def history(self, item_id: str | None = None) -> list[Attempt]:
        with self.store.read() as session:
            rows = queries.attempts(session, self.profile_id, item_id)
            for row in rows:
                session.expunge(row)
            return rows


def _points(grade: Any) -> list[dict[str, Any]]:
    if grade is None:
        return []
    return [{"id": p.id, "hit": p.hit} for p in grade.points]
