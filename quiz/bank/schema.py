"""The typed, immutable schema of bank files (pydantic v2); also the source of the JSON Schema."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_validator,
)

from quiz.printable import printable

ItemId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$", max_length=120),
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
# Text shown to the learner: control characters (a terminal escape, a carriage return) are kept
# as visible \uXXXX escapes, so a bank file cannot drive the learner's terminal.
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000), AfterValidator(printable)]
Phrase = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(printable)]
Difficulty = Literal["easy", "medium", "hard"]


class _Model(BaseModel):
    # Numbers are finite: .inf and .nan are refused wherever the bank has a number.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


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
    supplement: Text | None = Field(
        default=None, description="Our addition to the source's model answer (see Question)."
    )
    rubric: tuple[RubricPoint, ...] = ()
    source: Source | None = None
    authored: StrictBool = Field(
        default=False,
        description="The model answer and rubric were written by the bank's authors from the "
        "source's text, not quoted from it.",
    )


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
    supplement: Text | None = Field(
        default=None,
        description="An authored addition covering rubric points the source's model answer "
        "misses; shown after it, marked as not from the source. Lint scores the model answer "
        "together with it.",
    )
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


ParamName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Formula = Annotated[str, StringConstraints(min_length=1, max_length=500)]
UnitText = Annotated[str, StringConstraints(min_length=1, max_length=20)]
DtypeName = Literal["fp32", "fp16", "bf16", "fp8", "int8", "int4", "nf4"]
Word = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_,.-]*$", max_length=80)]
MAX_NUMBER = 1e30  # a template's numbers, in their unit: anything larger is a typo
MAX_GRID_POINTS = 1e9
PARAM_KINDS = ("range", "log", "choices", "words", "gpu", "model", "dtype", "formula", "quantity")


class Param(_Model):
    """How one parameter is drawn or derived: exactly one of range, log, choices, words, gpu,
    model, dtype, formula or quantity. Numbers in range, log and choices are in the parameter's
    `unit`; a formula (SI units) or a calculator quantity is computed from the parameters above
    it, and a quantity's worked steps join the solution."""

    range: tuple[float, float] | None = Field(
        default=None, description="Uniform draw from [low, high] on a grid of `step`."
    )
    step: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    log: tuple[Positive, Positive] | None = Field(
        default=None, description="Log-uniform draw from [low, high], rounded to `sig` figures."
    )
    sig: StrictInt = Field(default=2, ge=1, le=6, description="Significant figures kept.")
    choices: tuple[float, ...] | None = Field(default=None, min_length=1)
    words: tuple[Word, ...] | None = Field(
        default=None, min_length=1, description="Text choices (a LoRA target list, a method)."
    )
    gpu: tuple[PresetId, ...] | Literal["all"] | None = Field(
        default=None, description="GPU presets to choose from ('all' for every one)."
    )
    model: tuple[PresetId, ...] | Literal["all"] | None = Field(
        default=None, description="Model presets to choose from ('all' for every one)."
    )
    dtype: tuple[DtypeName, ...] | None = Field(default=None, min_length=1)
    formula: Formula | None = Field(
        default=None, description="Derived from earlier parameters (SI units)."
    )
    quantity: Slug | None = Field(
        default=None, description="A `quiz calc` quantity computed from earlier parameters."
    )
    inputs: dict[ParamName, Formula | float] | None = Field(
        default=None,
        description="The quantity's core-function arguments: formulas over parameters, or a "
        "parameter name for text and preset arguments (method, mode, targets, model).",
    )
    unit: UnitText | None = Field(
        default=None,
        description="Unit of the numbers above and of the prompt text: GB, TB/s, ms, tokens/s, "
        "params (shown as 7B), count, %.",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Param:
        kinds = [k for k in PARAM_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            found = ", ".join(kinds) or "none"
            raise ValueError(f"give exactly one of {', '.join(PARAM_KINDS)} (found: {found})")
        if self.step is not None and self.range is None:
            raise ValueError("step only goes with range")
        if self.inputs is not None and self.quantity is None:
            raise ValueError("inputs only go with quantity")
        for bounds in (self.range, self.log):
            if bounds is not None and bounds[0] > bounds[1]:
                raise ValueError(f"low {bounds[0]:g} is above high {bounds[1]:g}")
        numbers = [*(self.range or ()), *(self.log or ()), *(self.choices or ())]
        if any(abs(number) > MAX_NUMBER for number in numbers):
            raise ValueError(f"numbers must be within ±{MAX_NUMBER:g}")
        if self.range is not None and self.step is not None:
            points = (self.range[1] - self.range[0]) / self.step
            if points > MAX_GRID_POINTS:
                raise ValueError(
                    f"step {self.step:g} makes {points:.3g} grid points; at most "
                    f"{MAX_GRID_POINTS:g} (use a larger step, or log)"
                )
        return self


class TemplateAnswer(_Model):
    """The asked quantity: a calculator quantity, or an authored formula."""

    quantity: Slug | None = None
    inputs: dict[ParamName, Formula | float] = Field(default_factory=dict)
    formula: Formula | None = None
    unit: UnitText = Field(description="Unit of the answer: GB, tokens/s, %, count, x, FLOP/B.")
    steps: tuple[Text, ...] = Field(
        default=(), description="Extra worked-solution lines, with {placeholders}."
    )

    @model_validator(mode="after")
    def _one_source(self) -> TemplateAnswer:
        if (self.quantity is None) == (self.formula is None):
            raise ValueError("give exactly one of quantity or formula")
        if self.inputs and self.quantity is None:
            raise ValueError("inputs only go with quantity")
        return self


class ToleranceSpec(_Model):
    """Moodle's tolerance types: relative (x(1 +/- t)), nominal (+/- t), geometric."""

    type: Literal["relative", "nominal", "geometric"] = "relative"
    value: float = Field(default=0.02, ge=0, le=10, allow_inf_nan=False)


class Slip(_Model):
    """A typical wrong answer: the diagnosis shown when the learner's number matches it."""

    diagnosis: Text
    formula: Formula | None = Field(default=None, description="The wrong value (SI units).")
    inputs: dict[ParamName, Formula | float] | None = Field(
        default=None, description="Recompute the answer's quantity with these inputs changed."
    )

    @model_validator(mode="after")
    def _one_source(self) -> Slip:
        if (self.formula is None) == (self.inputs is None):
            raise ValueError("give exactly one of formula or inputs")
        return self


class VerdictSpec(_Model):
    """Turns the template into a verdict question: the learner answers with a label."""

    when: Formula = Field(description="'left op right' with op one of < <= > >=.")
    then: Word = Field(description="Label when the condition holds (yes, compute-bound, ...).")
    otherwise: Word = Field(description="Label when it does not.")


class Template(_Model):
    """A numeric problem template: parameters, a prompt, and the asked quantity."""

    id: ItemId
    rev: StrictInt = Field(default=1, ge=1)
    title: Phrase
    topic: Slug
    tags: tuple[Slug, ...] = ()
    difficulty: Difficulty = "medium"
    source: Source | None = None
    prompt: Text = Field(description="The problem text, with {parameter} placeholders.")
    params: dict[ParamName, Param] = Field(default_factory=dict)
    answer: TemplateAnswer
    tolerance: ToleranceSpec = ToleranceSpec()
    constraints: tuple[Formula, ...] = Field(
        default=(), description="'left op right' conditions a draw must meet."
    )
    slips: tuple[Slip, ...] = ()
    verdict: VerdictSpec | None = None
    erratum: Text | None = Field(
        default=None, description="Shown after answering, with {placeholders}."
    )


class LexiconGroup(_Model):
    """Terms that mean the same in this field: a rubric concept written with one of them is
    recognised in any of the others (the lexicon applies to every rubric of the bank)."""

    terms: tuple[Phrase, ...] = Field(
        min_length=2, description="Interchangeable words or phrases, e.g. [weights, parameters]."
    )
    note: Text | None = Field(default=None, description="Why these terms are interchangeable.")


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
    templates: tuple[Template, ...] = ()
    lexicon: tuple[LexiconGroup, ...] = ()


SECTIONS: dict[str, type[_Model]] = {
    "questions": Question,
    "gpus": GpuPreset,
    "models": ModelPreset,
    "templates": Template,
    "lexicon": LexiconGroup,
}
