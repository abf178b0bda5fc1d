"""The progress backup's format as a typed schema (`quiz schema --export` prints it): an import is
validated whole, with every value in range, before anything is written; the first problem is
reported with its JSON path."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from quiz.config import profile_name
from quiz.srs.moments import out_of_range
from quiz.store.backup_json import Name, card_json, item_ids_json, points_json, report_json

FORMAT = "quiz-progress"
VERSION = 1
MAX_BACKUP_BYTES = 4 * 1024**3

Id = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Uid = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Hash = Annotated[str, StringConstraints(max_length=64)]
Steps = Annotated[str, StringConstraints(pattern=r"^(\d{1,7}(,\d{1,7}){0,19})?$")]


def _in_range(value: datetime) -> datetime:
    """A moment in the years quiz schedules in (1970-2299): year 1 east of UTC would overflow
    when brought to UTC, and a review in year 9999 is no review."""
    problem = out_of_range(value)
    if problem is not None:
        raise PydanticCustomError("moment_range", "not {expected}", {"expected": problem})
    return value


def _day_in_range(value: date) -> date:
    _in_range(datetime(value.year, value.month, value.day))
    return value


Moment = Annotated[datetime, AfterValidator(_in_range)]
Day = Annotated[date, AfterValidator(_day_in_range)]
Rating = Annotated[int, Field(ge=1, le=4)]
Phase = Annotated[int, Field(ge=1, le=3)]
Count = Annotated[int, Field(ge=0, le=10**9)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False, strict=False)


class ItemRow(_Strict):
    id: Id
    kind: Literal["question", "followup", "template"]
    topic: Annotated[str, StringConstraints(max_length=60)]
    parent_id: Id | None
    rev: Annotated[int, Field(ge=1, le=10**6)]
    content_hash: Hash
    title: Annotated[str, StringConstraints(max_length=300)]
    position: Count
    first_seen: Moment
    last_seen: Moment
    removed: bool


class Settings(_Strict):
    desired_retention: Annotated[float, Field(ge=0.7, le=0.99)]
    learning_steps: Steps
    relearning_steps: Steps
    maximum_interval: Annotated[int, Field(ge=1, le=36500)]
    daily_new_limit: Annotated[int, Field(ge=0, le=1000)]
    fuzzing: bool
    interview_date: Day | None = None  # absent from backups made before it existed


class CardRow(_Strict):
    item: Id
    state: Phase
    step: Annotated[int, Field(ge=0, le=100)] | None
    stability: Annotated[float, Field(ge=0, le=1e6)] | None
    difficulty: Annotated[float, Field(ge=0, le=11)] | None
    due: Moment
    last_review: Moment | None
    reps: Count
    lapses: Count
    suspended: bool
    buried_until: Moment | None
    seen_hash: Hash
    seen_rev: Annotated[int, Field(ge=1, le=10**6)]
    quality: Annotated[float, Field(ge=0, le=1)] | None = None


class InterviewRow(_Strict):
    uid: Uid
    started_at: Moment
    finished_at: Moment | None
    item_ids: Annotated[str, StringConstraints(max_length=100_000), AfterValidator(item_ids_json)]
    seconds_per_question: Annotated[int, Field(ge=1, le=86_400)]
    report: (
        Annotated[str, StringConstraints(max_length=10_000_000), AfterValidator(report_json)] | None
    )


class Review(_Strict):
    rating: Rating
    review_datetime: Moment
    review_duration_ms: Annotated[int, Field(ge=0, le=10**10)] | None


class AttemptRow(_Strict):
    uid: Uid
    item: Id
    has_card: bool
    interview: Uid | None
    created_at: Moment
    mode: Literal["practice", "review", "cram", "drill", "interview"]
    answer: Annotated[str, StringConstraints(max_length=200_000)]
    score: Annotated[float, Field(ge=0, le=1)] | None
    correct: bool | None
    points: Annotated[str, StringConstraints(max_length=1_000_000), AfterValidator(points_json)]
    suggested_rating: Rating | None
    final_rating: Rating
    seed: Annotated[int, Field(ge=0, le=2**62)] | None
    duration_ms: Annotated[int, Field(ge=0, le=10**10)] | None
    content_hash: Hash
    rev: Annotated[int, Field(ge=1, le=10**6)]
    scheduled: bool
    card_before: (
        Annotated[str, StringConstraints(max_length=10_000), AfterValidator(card_json)] | None
    )
    state_before: Phase | None
    undone: bool
    hints: Annotated[int, Field(ge=0, le=1000)] = 0  # rubric criteria revealed as hints
    retry: bool = False  # a retry after feedback
    # Rubric points the learner claimed (an older backup has none).
    claimed: Annotated[list[Name], Field(max_length=1000)] = []
    review: Review | None


def _name(value: str) -> str:
    if profile_name(value) is None:
        raise PydanticCustomError(
            "profile_name", "a profile name is printable, with no spaces around it"
        )
    return value


class ProfileRow(_Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(_name)]
    created_at: Moment
    settings: Settings
    cards: list[CardRow]
    interviews: list[InterviewRow]
    attempts: list[AttemptRow]


class Backup(_Strict):
    """A progress backup, as `quiz export` writes it."""

    model_config = ConfigDict(
        extra="ignore", allow_inf_nan=False, title="quiz progress backup (quiz export)"
    )

    format: Literal["quiz-progress"]
    version: Literal[1]
    exported_at: Moment
    items: list[ItemRow]
    profiles: list[ProfileRow]


class BackupError(ValueError):
    """The backup cannot be imported; the message names the first problem and its JSON path."""


def json_path(location: tuple[int | str, ...]) -> str:
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in location)


class _Twice(dict[str, Any]):
    """A JSON object in which a key appeared more than once (the key is kept)."""

    twice: str = ""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            twice = _Twice(pairs)
            twice.twice = key
            return twice
        found[key] = value
    return found


def parsed(text: str) -> Any:
    """The backup's JSON; a key given twice in one object (which json.loads would let the
    last win) is a BackupError at its JSON path. ValueError and RecursionError as json.loads."""
    document = json.loads(text, object_pairs_hook=_pairs)
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(document, ())]
    while stack:  # depth first, in the file's order: the first duplicate is reported
        value, where = stack.pop()
        if isinstance(value, _Twice):
            raise BackupError(f"{json_path((*where, value.twice))}: duplicate key")
        if isinstance(value, dict):
            children: Iterable[tuple[int | str, Any]] = value.items()
        elif isinstance(value, list):
            children = enumerate(value)
        else:
            continue
        stack.extend(reversed([(child, (*where, step)) for step, child in children]))
    return document


def unknown_items(backup: Backup, known: set[str] | frozenset[str]) -> list[str]:
    """The backup's items that are not `known` (this bank's and the database's), in its order:
    imported, they would count as new items no bank can ask, and their answers as due."""
    return [item.id for item in backup.items if item.id not in known]


def validated(document: Any) -> Backup:
    """The backup, checked whole: types, ranges, and references between its parts."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"not a quiz progress backup (expected format {FORMAT!r})")
    if document.get("version") != VERSION:
        raise BackupError(
            f"backup version {document.get('version')!r} is not supported (this quiz reads "
            f"version {VERSION})"
        )
    try:
        backup = Backup.model_validate(document)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        raise BackupError(f"{json_path(tuple(error['loc']))}: {error['msg']}") from None
    except RecursionError:
        raise BackupError("the backup is nested too deeply") from None
    _check_references(backup)
    return backup


def _check_references(backup: Backup) -> None:
    items = {item.id for item in backup.items}
    names: set[str] = set()
    uids: set[str] = set()
    for p, profile in enumerate(backup.profiles):
        where = f"$.profiles[{p}]"
        if profile.name in names:
            raise BackupError(f"{where}.name: profile {profile.name!r} appears twice")
        names.add(profile.name)
        for c, card in enumerate(profile.cards):
            if card.item not in items:
                raise BackupError(f"{where}.cards[{c}].item: unknown item {card.item!r}")
        interviews = {i.uid for i in profile.interviews}
        for a, attempt in enumerate(profile.attempts):
            if attempt.item not in items:
                raise BackupError(f"{where}.attempts[{a}].item: unknown item {attempt.item!r}")
            if attempt.uid in uids:
                raise BackupError(f"{where}.attempts[{a}].uid: {attempt.uid!r} appears twice")
            if attempt.interview is not None and attempt.interview not in interviews:
                raise BackupError(
                    f"{where}.attempts[{a}].interview: unknown interview {attempt.interview!r}"
                )
            uids.add(attempt.uid)


def backup_json_schema() -> dict[str, Any]:
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(Backup.model_json_schema())
    return schema
