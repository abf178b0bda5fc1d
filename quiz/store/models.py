"""The progress database: SQLAlchemy 2.0 typed models. Alembic migrations (migrations/) follow them.

Datetimes are stored as naive UTC and come back timezone-aware (UTC), whatever the dialect.
Items are global (what the bank held when last synced); cards, attempts, review logs and interview
sessions belong to a profile. Nothing here is SQLite-specific.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from quiz.store.fast import HELD, REMOVED, from_stored

# The cards kept out of the queues (suspended, or buried at some time): a partial index, which a
# query uses when it repeats this condition word for word (see `queries.held_items`).

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored naive in UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give a timezone-aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        """On SQLite, the stored text ("2026-11-26 09:00:00.000000") read with the standard
        library's ISO parser: SQLAlchemy's own DateTime parser cost about 13 us a value, most of
        the stats at 100,000 cards."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def process(value: str | None) -> datetime | None:
            return None if value is None else from_stored(value)

        return process


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Profile(Base):
    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    desired_retention: Mapped[float] = mapped_column(Float, default=0.9)
    learning_steps: Mapped[str] = mapped_column(String(200), default="60,600")  # seconds
    relearning_steps: Mapped[str] = mapped_column(String(200), default="600")
    maximum_interval: Mapped[int] = mapped_column(Integer, default=36500)  # days
    daily_new_limit: Mapped[int] = mapped_column(Integer, default=10)
    fuzzing: Mapped[bool] = mapped_column(Boolean, default=True)
    theme: Mapped[str] = mapped_column(String(40), default="textual-dark")
    interview_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # plan toward it
    # The sync key of the bank this profile's cards were last brought up to date with.
    items_synced: Mapped[str | None] = mapped_column(String(64), nullable=True)


class StoredItem(Base):
    """A bank item as last seen: questions, follow-ups and numeric templates."""

    __tablename__ = "items"
    __table_args__ = (
        Index("ix_items_removed", "id", sqlite_where=text(REMOVED), postgresql_where=text(REMOVED)),
    )

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(60), index=True)
    parent_id: Mapped[str | None] = mapped_column(String(120))
    rev: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)  # order in the bank
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    criteria: Mapped[str | None] = mapped_column(Text)  # JSON: rubric point id -> criterion


class Card(Base):
    """One FSRS card per profile and item."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("profile_id", "item_id"),
        Index("ix_cards_profile_id_due", "profile_id", "due"),
        Index("ix_cards_profile_id_state_suspended", "profile_id", "state", "suspended"),
        Index(
            "ix_cards_held",
            "profile_id",
            sqlite_where=text(HELD),
            postgresql_where=text(HELD),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    state: Mapped[int] = mapped_column(Integer)  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    buried_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seen_hash: Mapped[str] = mapped_column(String(64))
    seen_rev: Mapped[int] = mapped_column(Integer)
    # How well this item is answered, 0-1, weighted toward recent answers (None: never answered).
    quality: Mapped[float | None] = mapped_column(Float)


class InterviewSession(Base):
    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    item_ids: Mapped[str] = mapped_column(Text)  # JSON list, in the order asked
    seconds_per_question: Mapped[int] = mapped_column(Integer)
    report: Mapped[str | None] = mapped_column(Text)  # JSON, when finished


class Attempt(Base):
    """Every graded answer, committed the moment it is graded."""

    __tablename__ = "attempts"
    __table_args__ = (
        Index("ix_attempts_profile_id_created_at", "profile_id", "created_at"),
        Index("ix_attempts_profile_id_item_id", "profile_id", "item_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # stable across export/import
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id"))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id", ondelete="SET NULL"))
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mode: Mapped[str] = mapped_column(String(16))  # practice, review, cram, drill, interview
    answer: Mapped[str] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float)
    correct: Mapped[bool | None] = mapped_column(Boolean)
    points: Mapped[str] = mapped_column(Text, default="[]")  # JSON: per-point hits
    suggested_rating: Mapped[int | None] = mapped_column(Integer)
    final_rating: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int | None] = mapped_column(BigInteger)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    rev: Mapped[int] = mapped_column(Integer)
    scheduled: Mapped[bool] = mapped_column(Boolean)  # False in cram: the schedule was left alone
    card_before: Mapped[str | None] = mapped_column(Text)  # JSON card state, for undo
    state_before: Mapped[int | None] = mapped_column(Integer)  # fsrs state before; None: new
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    # Rubric criteria revealed as hints before submitting (a hint caps the rating), and whether
    # this is a retry after feedback (never scheduled: the card keeps the first answer's review).
    hints: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    retry: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The points the scorer missed that the learner claimed (JSON list of ids; None: none).
    claimed: Mapped[str | None] = mapped_column(Text, default=None)


class ReviewLog(Base):
    """The FSRS review log of a scheduled attempt."""

    __tablename__ = "review_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), unique=True
    )
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    review_datetime: Mapped[datetime] = mapped_column(UTCDateTime)
    review_duration_ms: Mapped[int | None] = mapped_column(Integer)


class DailyActivity(Base):
    """Answers per profile and UTC day, kept with each answer: the heatmap and retention read it."""

    __tablename__ = "daily_activity"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # ISO date, UTC
    answers: Mapped[int] = mapped_column(Integer, default=0)
    scored: Mapped[int] = mapped_column(Integer, default=0)  # answers with a score
    score_sum: Mapped[float] = mapped_column(Float, default=0.0)
    mature_reviews: Mapped[int] = mapped_column(Integer, default=0)  # of cards in review state
    mature_passed: Mapped[int] = mapped_column(Integer, default=0)  # ... not rated again


class TopicActivity(Base):
    """Answers and score sums per profile and topic."""

    __tablename__ = "topic_activity"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(60), primary_key=True)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    scored: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[float] = mapped_column(Float, default=0.0)


class PointActivity(Base):
    """How often each rubric point was asked and missed, per profile."""

    __tablename__ = "point_activity"
    __table_args__ = (Index("ix_point_activity_missed", "profile_id", "missed"),)  # most missed

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    point_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    asked: Mapped[int] = mapped_column(Integer, default=0)
    missed: Mapped[int] = mapped_column(Integer, default=0)  # missed and not claimed
    claimed: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class Meta(Base):
    """Facts about the database as a whole, by name (`bank_sync`: the bank its items match)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
