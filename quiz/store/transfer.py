"""Progress backup as versioned JSON, and a merging, idempotent restore.

Attempts and interviews carry a uid, so importing the same file twice adds nothing. A card
present on both sides keeps the state with the later review.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.srs.scheduler import utc
from quiz.store import locks
from quiz.store.backup import FORMAT, VERSION, Backup, BackupError, validated
from quiz.store.models import Attempt, Card, InterviewSession, Profile, ReviewLog, StoredItem
from quiz.store.rollups import claimed_points, record_activities, stored_claims

_COPIES = uuid.UUID("6d1f0c3e-2b8a-4f57-9a36-0c5e7b1d4a92")  # the namespace of copied uids


class TransferError(ValueError):
    """A backup file that cannot be imported; the message says what is wrong."""


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse(value: Any) -> datetime | None:
    return _moment(value) if value else None


def _moment(value: Any) -> datetime:
    return utc(datetime.fromisoformat(value))


def export(session: Session, now: datetime, profile: str | None = None) -> dict[str, Any]:
    profiles = list(session.scalars(select(Profile).order_by(Profile.id)))
    if profile is not None:
        profiles = [p for p in profiles if p.name == profile]
    items = list(session.scalars(select(StoredItem).order_by(StoredItem.position)))
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "items": [
            {
                "id": i.id,
                "kind": i.kind,
                "topic": i.topic,
                "parent_id": i.parent_id,
                "rev": i.rev,
                "content_hash": i.content_hash,
                "title": i.title,
                "position": i.position,
                "first_seen": _time(i.first_seen),
                "last_seen": _time(i.last_seen),
                "removed": i.removed,
            }
            for i in items
        ],
        "profiles": [],
    }
    for p in profiles:
        cards = list(session.scalars(select(Card).where(Card.profile_id == p.id)))
        card_items = {c.id: c.item_id for c in cards}
        interviews = list(
            session.scalars(select(InterviewSession).where(InterviewSession.profile_id == p.id))
        )
        interview_uids = {i.id: i.uid for i in interviews}
        logs = {
            log.attempt_id: log
            for log in session.scalars(
                select(ReviewLog).join(Attempt).where(Attempt.profile_id == p.id)
            )
        }
        attempts = list(
            session.scalars(select(Attempt).where(Attempt.profile_id == p.id).order_by(Attempt.id))
        )
        document["profiles"].append(
            {
                "name": p.name,
                "created_at": _time(p.created_at),
                "settings": {
                    "desired_retention": p.desired_retention,
                    "learning_steps": p.learning_steps,
                    "relearning_steps": p.relearning_steps,
                    "maximum_interval": p.maximum_interval,
                    "daily_new_limit": p.daily_new_limit,
                    "fuzzing": p.fuzzing,
                    "interview_date": p.interview_date.isoformat() if p.interview_date else None,
                },
                "cards": [
                    {
                        "item": c.item_id,
                        "state": c.state,
                        "step": c.step,
                        "stability": c.stability,
                        "difficulty": c.difficulty,
                        "due": _time(c.due),
                        "last_review": _time(c.last_review),
                        "reps": c.reps,
                        "lapses": c.lapses,
                        "suspended": c.suspended,
                        "buried_until": _time(c.buried_until),
                        "seen_hash": c.seen_hash,
                        "seen_rev": c.seen_rev,
                        "quality": c.quality,
                    }
                    for c in cards
                ],
                "interviews": [
                    {
                        "uid": i.uid,
                        "started_at": _time(i.started_at),
                        "finished_at": _time(i.finished_at),
                        "item_ids": i.item_ids,
                        "seconds_per_question": i.seconds_per_question,
                        "report": i.report,
                    }
                    for i in interviews
                ],
                "attempts": [_attempt_json(a, card_items, interview_uids, logs) for a in attempts],
            }
        )
    return document


def _attempt_json(
    a: Attempt,
    card_items: dict[int, str],
    interview_uids: dict[int, str],
    logs: dict[int, ReviewLog],
) -> dict[str, Any]:
    log = logs.get(a.id)
    return {
        "uid": a.uid,
        "item": a.item_id,
        "has_card": a.card_id is not None and a.card_id in card_items,
        "interview": interview_uids.get(a.interview_id) if a.interview_id else None,
        "created_at": _time(a.created_at),
        "mode": a.mode,
        "answer": a.answer,
        "score": a.score,
        "correct": a.correct,
        "points": a.points,
        "suggested_rating": a.suggested_rating,
        "final_rating": a.final_rating,
        "seed": a.seed,
        "duration_ms": a.duration_ms,
        "content_hash": a.content_hash,
        "rev": a.rev,
        "scheduled": a.scheduled,
        "card_before": a.card_before,
        "state_before": a.state_before,
        "undone": a.undone,
        "hints": a.hints,
        "retry": a.retry,
        "claimed": sorted(claimed_points(a)),
        "review": None
        if log is None
        else {
            "rating": log.rating,
            "review_datetime": _time(log.review_datetime),
            "review_duration_ms": log.review_duration_ms,
        },
    }


def import_(
    session: Session,
    document: Any,
    into: str | None = None,
    shared_only: bool = False,
    leave_out: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Merge a backup (a validated `Backup`, or a document to validate whole first) into the
    database; returns counts of what was added or updated. The merge reads the validated
    values, so a value the schema coerced (a number for a date) is stored in its proper form.
    `into`: the profile to merge a one-profile backup into, whatever its name there (a learner
    joining a cohort brings their local 'default' profile into their own; one's own backup
    copied into a second profile of the same database gets answers of its own). `shared_only`
    (a cohort's learner, who may not add items): the cards and answers of items the database
    does not have are left out, and counted as `left_out`. `leave_out`: items not to import
    (this bank lacks them; see `backup.unknown_items`), with their cards and answers, counted
    as `unknown_items`, `left_out_cards` and `left_out`."""
    if not isinstance(document, Backup):
        try:
            document = validated(document)
        except BackupError as exc:
            raise TransferError(str(exc)) from None
    merged = document.model_dump(mode="json")
    if into is not None:
        names = [p["name"] for p in merged["profiles"]]
        if len(names) != 1:
            raise TransferError(
                f"the backup holds {len(names)} profiles ({', '.join(names) or 'none'}): only a "
                f"backup of one profile can be imported into {into!r}"
            )
        merged["profiles"][0]["name"] = into
    known = set(session.scalars(select(StoredItem.id))) if shared_only else None
    if shared_only:
        merged["items"] = []
    merged["items"] = [i for i in merged["items"] if i["id"] not in leave_out]
    left_out = left_out_cards = 0
    for profile in merged["profiles"]:
        kept = [a for a in profile["attempts"] if _keep(a["item"], known, leave_out)]
        left_out += len(profile["attempts"]) - len(kept)
        profile["attempts"] = kept
        cards = [c for c in profile["cards"] if _keep(c["item"], known, leave_out)]
        left_out_cards += len(profile["cards"]) - len(cards)
        profile["cards"] = cards
        _own_uids(session, profile)
    counts = _merge(session, merged)
    if shared_only or leave_out:
        counts["left_out"] = left_out
    if leave_out:
        counts |= {"unknown_items": len(leave_out), "left_out_cards": left_out_cards}
    return counts


def _keep(item: str, known: set[str] | None, leave_out: frozenset[str]) -> bool:
    return item not in leave_out and (known is None or item in known)


def _own_uids(session: Session, profile: dict[str, Any]) -> None:
    """Give the profile's answers and interviews uids no other profile holds: one's own backup
    copied into a second profile of the same database would otherwise repeat them (uids are
    unique in the database). The new uid is derived from the profile's name and the old one,
    so importing the copy again still adds nothing."""
    for model, rows in ((Attempt, profile["attempts"]), (InterviewSession, profile["interviews"])):
        uids = [row["uid"] for row in rows]
        taken: set[str] = set()
        for start in range(0, len(uids), 500):
            taken.update(
                session.scalars(
                    select(model.uid)
                    .join(Profile, Profile.id == model.profile_id)
                    .where(
                        Profile.name != profile["name"], model.uid.in_(uids[start : start + 500])
                    )
                )
            )
        if not taken:
            continue
        renamed = {uid: str(uuid.uuid5(_COPIES, f"{profile['name']}\0{uid}")) for uid in taken}
        for row in rows:
            row["uid"] = renamed.get(row["uid"], row["uid"])
        if model is InterviewSession:
            for attempt in profile["attempts"]:
                if attempt["interview"] in renamed:
                    attempt["interview"] = renamed[attempt["interview"]]


def _merge(session: Session, document: dict[str, Any]) -> dict[str, int]:
    locks.hold(session, locks.SHARED)
    counts = {"items": 0, "profiles": 0, "cards": 0, "attempts": 0, "interviews": 0}
    known_items = {i.id for i in session.scalars(select(StoredItem))}
    for i in document["items"]:
        if i["id"] in known_items:
            continue
        session.add(
            StoredItem(
                id=i["id"],
                kind=i["kind"],
                topic=i["topic"],
                parent_id=i["parent_id"],
                rev=i["rev"],
                content_hash=i["content_hash"],
                title=i["title"],
                position=i["position"],
                first_seen=_parse(i["first_seen"]),
                last_seen=_parse(i["last_seen"]),
                removed=i["removed"],
            )
        )
        counts["items"] += 1
    session.flush()
    for p in document["profiles"]:
        profile = session.scalar(select(Profile).where(Profile.name == p["name"]))
        if profile is None:
            settings = dict(p["settings"])
            if settings["interview_date"] is not None:
                settings["interview_date"] = date.fromisoformat(settings["interview_date"])
            profile = Profile(name=p["name"], created_at=_parse(p["created_at"]), **settings)
            session.add(profile)
            session.flush()
            counts["profiles"] += 1
        locks.hold(session, locks.PROFILE, profile.id)  # no answer lands mid-merge
        cards = {
            c.item_id: c for c in session.scalars(select(Card).where(Card.profile_id == profile.id))
        }
        for c in p["cards"]:
            counts["cards"] += _merge_card(session, profile.id, cards, c)
        session.flush()
        interviews = {
            i.uid: i
            for i in session.scalars(
                select(InterviewSession).where(InterviewSession.profile_id == profile.id)
            )
        }
        for i in p["interviews"]:
            if i["uid"] in interviews:
                continue
            row = InterviewSession(
                uid=i["uid"],
                profile_id=profile.id,
                started_at=_parse(i["started_at"]),
                finished_at=_parse(i["finished_at"]),
                item_ids=i["item_ids"],
                seconds_per_question=i["seconds_per_question"],
                report=i["report"],
            )
            session.add(row)
            interviews[i["uid"]] = row
            counts["interviews"] += 1
        session.flush()
        topics: dict[str, str] = {
            item_id: topic
            for item_id, topic in session.execute(select(StoredItem.id, StoredItem.topic))
        }
        known = set(session.scalars(select(Attempt.uid).where(Attempt.profile_id == profile.id)))
        added: list[tuple[Attempt, str]] = []
        for a in p["attempts"]:
            if a["uid"] in known:
                continue
            card = cards.get(a["item"]) if a["has_card"] else None
            interview = interviews.get(a["interview"]) if a["interview"] else None
            attempt = Attempt(
                uid=a["uid"],
                profile_id=profile.id,
                item_id=a["item"],
                card_id=card.id if card else None,
                interview_id=interview.id if interview else None,
                created_at=_parse(a["created_at"]),
                mode=a["mode"],
                answer=a["answer"],
                score=a["score"],
                correct=a["correct"],
                points=a["points"],
                suggested_rating=a["suggested_rating"],
                final_rating=a["final_rating"],
                seed=a["seed"],
                duration_ms=a["duration_ms"],
                content_hash=a["content_hash"],
                rev=a["rev"],
                scheduled=a["scheduled"],
                card_before=a["card_before"],
                state_before=a["state_before"],
                undone=a["undone"],
                hints=a.get("hints", 0),
                retry=a.get("retry", False),
                claimed=stored_claims(a.get("claimed", ())),
            )
            session.add(attempt)
            review = a["review"]
            if review is not None and card is not None:
                session.flush()  # the review log needs the attempt's id
                session.add(
                    ReviewLog(
                        attempt_id=attempt.id,
                        card_id=card.id,
                        rating=review["rating"],
                        review_datetime=_parse(review["review_datetime"]),
                        review_duration_ms=review["review_duration_ms"],
                    )
                )
            counts["attempts"] += 1
            if not attempt.undone:  # roll-ups count what was added, nothing else
                added.append((attempt, topics.get(attempt.item_id, "")))
        record_activities(session, added)
    return counts


def _merge_card(
    session: Session, profile_id: int, cards: dict[str, Card], c: dict[str, Any]
) -> int:
    incoming_last = _parse(c["last_review"])
    existing = cards.get(c["item"])
    if existing is not None:
        current_last = existing.last_review
        if incoming_last is None or (current_last is not None and current_last >= incoming_last):
            return 0
    row = existing or Card(profile_id=profile_id, item_id=c["item"])
    row.state, row.step = c["state"], c["step"]
    row.stability, row.difficulty = c["stability"], c["difficulty"]
    row.due, row.last_review = _moment(c["due"]), incoming_last
    row.reps, row.lapses, row.suspended = c["reps"], c["lapses"], c["suspended"]
    row.buried_until = _parse(c["buried_until"])
    row.seen_hash, row.seen_rev = c["seen_hash"], c["seen_rev"]
    quality = c.get("quality")  # absent from exports made before version 0002
    row.quality = float(quality) if isinstance(quality, int | float) else None
    if existing is None:
        session.add(row)
        cards[c["item"]] = row
    return 1
