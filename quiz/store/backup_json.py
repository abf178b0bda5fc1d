"""The JSON a backup carries inside some of its strings (an answer's points, the card before it,
an interview's questions and its report), checked as the app reads them: strictly typed, so a
damaged backup is refused at import instead of breaking the roll-ups, an undo or the report
screen later."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from quiz.srs.moments import out_of_range

Text = Annotated[str, StringConstraints(max_length=100_000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Seconds = Annotated[float, Field(ge=0, le=10**9)]


def _moment(value: str) -> str:
    problem = out_of_range(datetime.fromisoformat(value))  # a ValueError: the field's error
    if problem is not None:
        raise ValueError(f"not {problem}")
    return value


Moment = Annotated[str, AfterValidator(_moment)]


class _Document(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, allow_inf_nan=False)


class PointHit(_Document):
    id: Name
    hit: bool


class CardBefore(_Document):
    state: Annotated[int, Field(ge=1, le=3)]
    step: Annotated[int, Field(ge=0, le=100)] | None
    stability: Annotated[float, Field(ge=0, le=1e6)] | None
    difficulty: Annotated[float, Field(ge=0, le=11)] | None
    due: Moment
    last_review: Moment | None
    quality: Annotated[float, Field(ge=0, le=1)] | None = None


class MissedPoint(_Document):
    id: Name
    criterion: Text


class ReportItem(_Document):
    id: Name
    kind: Text = ""
    prompt: Text = ""
    answer: Annotated[str, StringConstraints(max_length=200_000)] = ""
    score: Annotated[float, Field(ge=0, le=1)] | None
    rating: Name
    seconds: Seconds
    allowed: Seconds | None = None
    over_time: bool
    missed: list[MissedPoint | Name]


class Report(_Document):
    items: list[ReportItem]
    answered: Annotated[int, Field(ge=0)]
    mean_score: Annotated[float, Field(ge=0, le=1)] | None = None
    self_rated: Annotated[int, Field(ge=0)] = 0
    over_time: Annotated[int, Field(ge=0)]
    seconds_used: Seconds = 0.0
    seconds_allowed: Seconds = 0.0
    unanswered: list[Name] = []
    questions: list[Name] = []

    @model_validator(mode="after")
    def _time_in_pairs(self) -> Report:
        if ("seconds_used" in self.model_fields_set) != (
            "seconds_allowed" in self.model_fields_set
        ):
            raise ValueError("seconds_used and seconds_allowed go together")
        return self


def _checker(shape: Any, what: str) -> Callable[[str], str]:
    """A validator of a string holding JSON of the given shape."""
    adapter: TypeAdapter[Any] = TypeAdapter(shape)

    def check(text: str) -> str:
        try:
            adapter.validate_python(json.loads(text))
        except (ValueError, RecursionError) as exc:  # JSON, ValidationError and dates
            detail = _detail(exc)
            raise PydanticCustomError(
                "json_field",
                "not {what} as quiz export writes it ({detail})",
                {
                    "what": what,
                    "detail": detail,
                },
            ) from None
        return text

    return check


def _detail(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors(include_url=False)[0]
        where = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in first["loc"])
        return f"{where.lstrip('.') or 'the value'}: {first['msg']}"
    if isinstance(error, json.JSONDecodeError):
        return f"not JSON: {error.msg}"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)


points_json = _checker(list[PointHit], "the points of an answer")
card_json = _checker(CardBefore, "a card's state")
item_ids_json = _checker(list[Name], "the questions of an interview")
report_json = _checker(Report, "an interview report")
