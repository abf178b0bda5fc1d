"""The typed, immutable schema of bank files (pydantic v2); also the source of the JSON Schema."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_validator,
)

ItemId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$", max_length=120),
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Phrase = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Difficulty = Literal["easy", "medium", "hard"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Concept(_Model):
    """One idea a rubric point looks for, written as the surface forms that evidence it."""

    forms: tuple[Phrase, ...] = Field(
        min_length=1,
        description="Synonyms, phrasings and abbreviations; any one of them evidences the concept.",
    )
    required: StrictBool = Field(
        default=False, description="If missing, the whole answer's score is capped."
    )


class Misconception(_Model):
    """A wrong statement that costs points when the answer makes it."""

    statement: Text = Field(description="The misconception in plain words, shown to the learner.")
    forms: tuple[Phrase, ...] = Field(min_length=1, description="Phrasings that make the claim.")
    penalty: float = Field(default=0.25, gt=0, le=1, description="Score subtracted when found.")


class RubricPoint(_Model):
    """A criterion of the rubric, as written in the source, and how to recognise it."""

    id: Slug
    criterion: Text = Field(description="The criterion text as written in the source.")
    weight: float = Field(default=1.0, gt=0, le=100)
    concepts: tuple[Concept, ...] = Field(min_length=1)
    min_concepts: StrictInt = Field(
        default=1, ge=1, description="How many of the concepts must be found to hit the point."
    )
    misconceptions: tuple[Misconception, ...] = ()

    @model_validator(mode="after")
    def _enough_concepts(self) -> RubricPoint:
        if self.min_concepts > len(self.concepts):
            raise ValueError(
                f"min_concepts is {self.min_concepts} but the point has only "
                f"{len(self.concepts)} concept(s)"
            )
        return self


class Source(_Model):
    """Where an item comes from (for the chapter: chapter 44 and the question number)."""

    chapter: StrictInt | None = Field(default=None, ge=1)
    question: StrictInt | None = Field(default=None, ge=1)
    section: Phrase | None = None
    note: Text | None = None


class FollowUp(_Model):
    """A follow-up question, asked right after its parent; an item of its own."""

    id: ItemId = Field(description="The parent's id followed by .f1, .f2, ...")
    rev: StrictInt = Field(default=1, ge=1)
    prompt: Text
    model_answer: Text | None = None
    rubric: tuple[RubricPoint, ...] = ()
    source: Source | None = None


class Question(_Model):
    """A free-text practice question with its model answer, rubric and follow-ups."""

    id: ItemId
    rev: StrictInt = Field(
        default=1, ge=1, description="Bump when the meaning changes: resets the card."
    )
    topic: Slug
    tags: tuple[Slug, ...] = ()
    difficulty: Difficulty = "medium"
    source: Source | None = None
    prompt: Text
    model_answer: Text
    rubric: tuple[RubricPoint, ...] = Field(min_length=1)
    follow_ups: tuple[FollowUp, ...] = ()
    erratum: Text | None = Field(
        default=None, description="A correction to the source text, shown after answering."
    )


PresetId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=60)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
PositiveInt = Annotated[StrictInt, Field(gt=0)]


class GpuPreset(_Model):
    """A GPU's datasheet figures (decimal units; dense BF16/FP16 tensor FLOP/s)."""

    id: PresetId
    aliases: tuple[Annotated[str, StringConstraints(max_length=60)], ...] = ()
    bandwidth_gb_s: Positive = Field(description="Peak memory bandwidth in GB/s (1e9 B/s).")
    memory_gb: Positive = Field(description="Nominal memory in GB (1e9 B).")
    memory_type: Phrase | None = None
    bf16_tflops: Positive = Field(description="Dense BF16/FP16 tensor TFLOP/s (not sparse).")
    source: Text


class ModelPreset(_Model):
    """A model's shape from its config.json."""

    id: PresetId
    aliases: tuple[Annotated[str, StringConstraints(max_length=60)], ...] = ()
    params: PositiveInt
    active_params: PositiveInt | None = Field(
        default=None, description="Parameters read per token (mixture-of-experts)."
    )
    layers: PositiveInt
    hidden: PositiveInt
    heads: PositiveInt
    kv_heads: PositiveInt
    head_dim: PositiveInt
    ffn: PositiveInt
    vocab: PositiveInt
    experts: PositiveInt | None = None
    active_experts: PositiveInt | None = None
    sliding_window: PositiveInt | None = None
    tied_embeddings: StrictBool = False
    source: Text


class BankFile(_Model):
    """A bank file: any of the item lists; every key is optional."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="quiz bank file",
        json_schema_extra={"$id": "https://quiz.invalid/schema/bank.json"},
    )

    questions: tuple[Question, ...] = ()
    gpus: tuple[GpuPreset, ...] = ()
    models: tuple[ModelPreset, ...] = ()


SECTIONS: dict[str, type[_Model]] = {
    "questions": Question,
    "gpus": GpuPreset,
    "models": ModelPreset,
}
