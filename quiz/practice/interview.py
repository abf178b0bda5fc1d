"""Mock interviews: N questions with their follow-ups, a time budget each, and a saved report."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quiz.practice.engine import Practice
from quiz.practice.preferences import PracticeError
from quiz.srs.ratings import Rating
from quiz.store import interviews, queries
from quiz.store.models import Attempt


@dataclass(frozen=True, slots=True)
class Interview:
    id: int
    item_ids: tuple[str, ...]  # the questions, in order; follow-ups come after each
    seconds_per_question: int

    def follow_ups(self, practice: Practice, item_id: str) -> tuple[str, ...]:
        """The question's follow-ups to ask after it: not those suspended or buried."""
        return _follow_ups(practice, item_id, practice.held_items())

    def plan(self, practice: Practice) -> tuple[str, ...]:
        """Every item to ask, in order: each question, then its follow-ups (none held)."""
        return _plan(practice, self.item_ids, practice.held_items())


def _follow_ups(practice: Practice, item_id: str, held: set[str]) -> tuple[str, ...]:
    entry = practice.entries.get(item_id)
    follow_ups = entry.follow_ups if entry is not None else ()
    return tuple(f for f in follow_ups if f in practice.entries and f not in held)


def _plan(practice: Practice, questions: Sequence[str], held: set[str]) -> tuple[str, ...]:
    return tuple(i for q in questions for i in (q, *_follow_ups(practice, q, held)))


def start(practice: Practice, questions: int = 5, minutes: float = 3.0) -> Interview:
    """Pick the questions (due first, then new, then the rest) and open the session."""
    if not 1 <= questions <= 50:
        raise PracticeError(f"questions must be between 1 and 50, not {questions}")
    if not 0.25 <= minutes <= 60:
        raise PracticeError(f"minutes per question must be between 0.25 and 60, not {minutes:g}")
    candidates = [q.item_id for q in practice.queue("interview", limit=500) if q.kind == "question"]
    held = practice.held_items()
    rest = [e.id for e in practice.entries.values() if e.kind == "question" and e.id not in held]
    chosen = list(dict.fromkeys(candidates + rest))[:questions]
    if not chosen:
        raise PracticeError("the bank has no questions to interview on")
    seconds = round(minutes * 60)
    with practice.store.write() as session:
        interview_id = interviews.open_interview(
            session,
            uid=str(uuid.uuid4()),
            profile_id=practice.profile_id,
            started_at=practice.now(),
            item_ids=chosen,
            seconds_per_question=seconds,
        )
    return Interview(interview_id, tuple(chosen), seconds)


def finish(practice: Practice, interview_id: int) -> dict[str, Any]:
    """Close the session and save its report: per question and follow-up, score and time."""
    now = practice.now()
    with practice.store.write() as session:
        row = interviews.interview(session, practice.profile_id, interview_id)
        if row is None:
            raise PracticeError(f"no interview {interview_id}")
        answered = interviews.interview_attempts(session, practice.profile_id, interview_id)
        allowed = row.seconds_per_question
        items = [_item_report(practice, attempt, allowed) for attempt in answered]
        scores = [i["score"] for i in items if i["score"] is not None]
        asked = json.loads(row.item_ids)
        answered_ids = {i["id"] for i in items}
        held = queries.held_items(session, practice.profile_id, now)
        reached = [q for q in asked if q in answered_ids]  # their follow-ups were due next
        planned = [
            i for q in asked for i in (q, *(_follow_ups(practice, q, held) if q in reached else ()))
        ]
        report: dict[str, Any] = {
            "interview": interview_id,
            "questions": asked,
            "answered": len(items),
            # questions not answered, and follow-ups of those answered (the one on screen when
            # the interview ended among them)
            "unanswered": [i for i in planned if i not in answered_ids],
            "mean_score": sum(scores) / len(scores) if scores else None,
            "self_rated": sum(1 for i in items if i["score"] is None),
            "over_time": sum(1 for i in items if i["over_time"]),
            "seconds_per_question": allowed,
            "seconds_used": round(sum(i["seconds"] for i in items), 1),
            "seconds_allowed": allowed * len(items),
            "items": items,
        }
        interviews.save_report(session, interview_id, practice.now(), report)
    return report


def _item_report(practice: Practice, attempt: Attempt, allowed: int) -> dict[str, Any]:
    """One answer of the report: what was asked and answered, how it was judged, what it missed
    (with the rubric's criterion), and the time used against the time allowed."""
    entry = practice.entries.get(attempt.item_id)
    item = entry.item if entry is not None else None
    criteria = {p.id: p.criterion for p in item.rubric} if item is not None else {}
    seconds = round((attempt.duration_ms or 0) / 1000, 1)
    return {
        "id": attempt.item_id,
        "kind": entry.kind if entry is not None else "",
        "prompt": item.prompt if item is not None else "",
        "answer": attempt.answer,
        "score": attempt.score,
        "rating": Rating(attempt.final_rating).label,
        "seconds": seconds,
        "allowed": allowed,
        "over_time": seconds > allowed,
        "missed": [
            {"id": p["id"], "criterion": criteria.get(p["id"], "")}
            for p in json.loads(attempt.points)
            if not p["hit"]
        ],
    }


def reports(practice: Practice, limit: int = 20) -> list[dict[str, Any]]:
    """Saved reports of finished interviews, the latest first."""
    with practice.store.read() as session:
        rows = interviews.finished_interviews(session, practice.profile_id, limit)
        out = []
        for row in rows:
            report = json.loads(row.report or "{}")
            report["finished_at"] = row.finished_at.isoformat() if row.finished_at else None
            out.append(report)
    return out
