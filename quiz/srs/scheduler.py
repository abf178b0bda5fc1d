"""Card states and reviews with fsrs, always in timezone-aware UTC."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State

from quiz.srs.ratings import CardPhase


@dataclass(frozen=True, slots=True)
class Settings:
    desired_retention: float = 0.9
    learning_steps: tuple[int, ...] = (60, 600)  # seconds
    relearning_steps: tuple[int, ...] = (600,)
    maximum_interval: int = 36500  # days
    fuzzing: bool = True


@dataclass(frozen=True, slots=True)
class CardState:
    """What the database keeps of an fsrs card."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    def to_json(self) -> str:
        data = asdict(self)
        data["due"] = self.due.isoformat()
        data["last_review"] = self.last_review.isoformat() if self.last_review else None
        return json.dumps(data)

    @staticmethod
    def from_json(text: str) -> CardState:
        data = json.loads(text)
        last = data["last_review"]
        return CardState(
            data["state"],
            data["step"],
            data["stability"],
            data["difficulty"],
            utc(datetime.fromisoformat(data["due"])),
            utc(datetime.fromisoformat(last)) if last else None,
        )


def utc(moment: datetime) -> datetime:
    """Aware UTC; a naive datetime (as SQLite returns them) is taken to be UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@lru_cache(maxsize=32)
def scheduler(settings: Settings) -> Scheduler:
    return Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(seconds=s) for s in settings.learning_steps),
        relearning_steps=tuple(timedelta(seconds=s) for s in settings.relearning_steps),
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=settings.fuzzing,
    )


def new_card(now: datetime) -> CardState:
    return CardState(CardPhase.LEARNING, 0, None, None, utc(now), None)


def _to_fsrs(state: CardState) -> Card:
    return Card(
        card_id=1,  # an id avoids fsrs sleeping 1 ms to make a unique one
        state=State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=utc(state.due),
        last_review=utc(state.last_review) if state.last_review else None,
    )


def review(
    settings: Settings, state: CardState, rating: int, now: datetime, duration_ms: int | None
) -> CardState:
    card, _ = scheduler(settings).review_card(
        _to_fsrs(state), Rating(rating), review_datetime=utc(now), review_duration=duration_ms
    )
    return CardState(
        card.state.value,
        card.step,
        card.stability,
        card.difficulty,
        utc(card.due),
        utc(card.last_review) if card.last_review else None,
    )


def retrievability(settings: Settings, state: CardState, now: datetime) -> float:
    return float(scheduler(settings).get_card_retrievability(_to_fsrs(state), utc(now)))
