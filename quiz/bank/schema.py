"""The typed, immutable schema of bank files; also the source of the JSON Schema.

The classes are frozen dataclasses with their rules in `Annotated` markers (`quiz.bank.rules`):
pydantic validates them when a file is loaded, and reading a cached bank needs no pydantic.
"""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Any, ClassVar, Literal

from quiz.bank.rules import Doc, FieldError, Rule, Shown, Strict, schema_class

StrictInt = Annotated[int, Rule(strict=True)]
StrictBool = Annotated[bool, Rule(strict=True)]
ItemId = Annotated[
    str, Rule(pattern=r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$", max_length=120)
]
Slug = Annotated[str, Rule(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
Text = Annotated[str, Rule(min_length=1, max_length=20_000), Shown()]
Phrase = Annotated[str, Rule(min_length=1, max_length=200), Shown()]
Difficulty = Literal["easy", "medium", "hard"]


@schema_class
class Concept(Strict):
    """One idea a rubric point looks for, written as the surface forms that evidence it."""

    forms: Annotated[
        tuple[Phrase, ...],
        Rule(min_length=1),
        Doc("Synonyms, phrasings and abbreviations; any one of them evidences the concept."),
    ]
    required: Annotated[StrictBool, Doc("If missing, the whole answer's score is capped.")] = False


@schema_class
class Misconception(Strict):
    """A wrong statement that costs points when the answer makes it."""

    statement: Annotated[Text, Doc("The wrong claim in plain words, shown to the learner.")]
    forms: Annotated[tuple[Phrase, ...], Rule(min_length=1), Doc("Phrasings that make the claim.")]
    penalty: Annotated[float, Rule(gt=0, le=1), Doc("Score subtracted when found.")] = 0.25
    correction: Annotated[Text | None, Doc("What is true instead, shown with the claim.")] = None


MIN_FORMS_PER_POINT = 2  # lint's floor: fewer, and a paraphrase has nothing to match


@schema_class
class RubricPoint(Strict):
    """A criterion of the rubric, as written in the source, and how to recognise it."""

    id: Slug
    criterion: Annotated[Text, Doc("The criterion text as written in the source.")]
    weight: Annotated[float, Rule(gt=0, le=100)] = 1.0
    concepts: Annotated[tuple[Concept, ...], Rule(min_length=1)]
    min_concepts: Annotated[
        StrictInt, Rule(ge=1), Doc("How many of the concepts must be found to hit the point.")
    ] = 1
    misconceptions: tuple[Misconception, ...] = ()

    def __post_init__(self) -> None:
        if self.min_concepts > len(self.concepts):
            raise FieldError(
                "min_concepts",
                f"min_concepts is {self.min_concepts} but the point has only "
                f"{len(self.concepts)} concept(s)",
            )


@schema_class
class Source(Strict):
    """Where an item comes from (for the chapter: chapter 44 and the question number)."""

    chapter: Annotated[StrictInt, Rule(ge=1)] | None = None
    question: Annotated[StrictInt, Rule(ge=1)] | None = None
    section: Phrase | None = None
    note: Text | None = None


@schema_class
class FollowUp(Strict):
    """A follow-up question, asked right after its parent; an item of its own."""

    id: Annotated[ItemId, Doc("The parent's id followed by .f1, .f2, ...")]
    rev: Annotated[StrictInt, Rule(ge=1)] = 1
    prompt: Text
    model_answer: Text | None = None
    supplement: Annotated[
        Text | None, Doc("Our addition to the source's model answer (see Question).")
    ] = None
    rubric: tuple[RubricPoint, ...] = ()
    source: Source | None = None
    authored: Annotated[
        StrictBool,
        Doc(
            "The model answer and rubric were written by the bank's authors from the source's "
            "text, not quoted from it."
        ),
    ] = False


@schema_class
class Question(Strict):
    """A free-text practice question with its model answer, rubric and follow-ups."""

    id: ItemId
    rev: Annotated[
        StrictInt, Rule(ge=1), Doc("Bump when the meaning changes: resets the card.")
    ] = 1
    topic: Slug
    tags: tuple[Slug, ...] = ()
    difficulty: Difficulty = "medium"
    source: Source | None = None
    prompt: Text
    model_answer: Text
    supplement: Annotated[
        Text | None,
        Doc(
            "An authored addition covering rubric points the source's model answer misses; "
            "shown after it, marked as not from the source. Lint scores the model answer "
            "together with it."
        ),
    ] = None
    rubric: Annotated[tuple[RubricPoint, ...], Rule(min_length=1)]
    follow_ups: tuple[FollowUp, ...] = ()
    erratum: Annotated[
        Text | None, Doc("A correction to the source text, shown after answering.")
    ] = None


PresetId = Annotated[str, Rule(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=60)]
Alias = Annotated[str, Rule(max_length=60)]
Positive = Annotated[float, Rule(gt=0)]
PositiveInt = Annotated[int, Rule(strict=True, gt=0)]


@schema_class
class GpuPreset(Strict):
    """A GPU's datasheet figures (decimal units; dense BF16/FP16 tensor FLOP/s)."""

    id: PresetId
    aliases: tuple[Alias, ...] = ()
    bandwidth_gb_s: Annotated[Positive, Doc("Peak memory bandwidth in GB/s (1e9 B/s).")]
    memory_gb: Annotated[Positive, Doc("Nominal memory in GB (1e9 B).")]
    memory_type: Phrase | None = None
    bf16_tflops: Annotated[Positive, Doc("Dense BF16/FP16 tensor TFLOP/s (not sparse).")]
    source: Text


@schema_class
class ModelPreset(Strict):
    """A model's shape from its config.json."""

    id: PresetId
    aliases: tuple[Alias, ...] = ()
    params: PositiveInt
    active_params: Annotated[
        PositiveInt | None, Doc("Parameters read per token (mixture-of-experts).")
    ] = None
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


ParamName = Annotated[str, Rule(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Formula = Annotated[str, Rule(min_length=1, max_length=500)]
UnitText = Annotated[str, Rule(min_length=1, max_length=20)]
DtypeName = Literal["fp32", "fp16", "bf16", "fp8", "int8", "int4", "nf4"]
Word = Annotated[str, Rule(pattern=r"^[A-Za-z0-9][A-Za-z0-9_,.-]*$", max_length=80)]
Inputs = dict[ParamName, Formula | float]
MAX_NUMBER = 1e30  # a template's numbers, in their unit: anything larger is a typo
MAX_GRID_POINTS = 1e9
PARAM_KINDS = ("range", "log", "choices", "words", "gpu", "model", "dtype", "formula", "quantity")
DEFAULT_SIG = 2


@schema_class
class Param(Strict):
    """How one parameter is drawn or derived: exactly one of range, log, choices, words, gpu,
    model, dtype, formula or quantity. Numbers in range, log and choices are in the parameter's
    `unit`; a formula (SI units) or a calculator quantity is computed from the parameters above
    it, and a quantity's worked steps join the solution."""

    range: Annotated[
        tuple[float, float] | None, Doc("Uniform draw from [low, high] on a grid of `step`.")
    ] = None
    step: Annotated[float, Rule(gt=0)] | None = None
    log: Annotated[
        tuple[Positive, Positive] | None,
        Doc("Log-uniform draw from [low, high], rounded to `sig` figures."),
    ] = None
    sig: Annotated[
        Annotated[StrictInt, Rule(ge=1, le=6)] | None,
        Doc(f"Significant figures kept (a log draw: {DEFAULT_SIG} unless given)."),
    ] = None
    choices: Annotated[tuple[float, ...], Rule(min_length=1)] | None = None
    words: Annotated[
        Annotated[tuple[Word, ...], Rule(min_length=1)] | None,
        Doc("Text choices (a LoRA target list, a method)."),
    ] = None
    gpu: Annotated[
        tuple[PresetId, ...] | Literal["all"] | None,
        Doc("GPU presets to choose from ('all' for every one)."),
    ] = None
    model: Annotated[
        tuple[PresetId, ...] | Literal["all"] | None,
        Doc("Model presets to choose from ('all' for every one)."),
    ] = None
    dtype: Annotated[tuple[DtypeName, ...], Rule(min_length=1)] | None = None
    formula: Annotated[Formula | None, Doc("Derived from earlier parameters (SI units).")] = None
    quantity: Annotated[
        Slug | None, Doc("A `quiz calc` quantity computed from earlier parameters.")
    ] = None
    inputs: Annotated[
        Inputs | None,
        Doc(
            "The quantity's core-function arguments: formulas over parameters, or a parameter "
            "name for text and preset arguments (method, mode, targets, model)."
        ),
    ] = None
    unit: Annotated[
        UnitText | None,
        Doc(
            "Unit of the numbers above and of the prompt text: GB, TB/s, ms, tokens/s, params "
            "(shown as 7B), count, %."
        ),
    ] = None

    @property
    def figures(self) -> int:
        """Significant figures a log draw keeps."""
        return self.sig if self.sig is not None else DEFAULT_SIG

    def __post_init__(self) -> None:
        kinds = [k for k in PARAM_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            found = ", ".join(kinds) or "none"
            raise ValueError(f"give exactly one of {', '.join(PARAM_KINDS)} (found: {found})")
        if self.step is not None and self.range is None:
            raise FieldError("step", "step only goes with range")
        if self.inputs is not None and self.quantity is None:
            raise FieldError("inputs", "inputs only go with quantity")
        for bounds in (self.range, self.log):
            if bounds is not None and bounds[0] > bounds[1]:
                raise ValueError(f"low {bounds[0]:g} is above high {bounds[1]:g}")
        numbers = [*(self.range or ()), *(self.log or ()), *(self.choices or ())]
        if any(abs(number) > MAX_NUMBER for number in numbers):
            raise ValueError(f"numbers must be within ±{MAX_NUMBER:g}")
        if self.range is not None and self.step is not None:
            points = (self.range[1] - self.range[0]) / self.step
            if points > MAX_GRID_POINTS:
                raise FieldError(
                    "step",
                    f"step {self.step:g} makes {points:.3g} grid points; at most "
                    f"{MAX_GRID_POINTS:g} (use a larger step, or log)",
                )


@schema_class
class TemplateAnswer(Strict):
    """The asked quantity: a calculator quantity, or an authored formula."""

    quantity: Slug | None = None
    inputs: Inputs = field(default_factory=dict)
    formula: Formula | None = None
    unit: Annotated[UnitText, Doc("Unit of the answer: GB, tokens/s, %, count, x, FLOP/B.")]
    steps: Annotated[
        tuple[Text, ...], Doc("Extra worked-solution lines, with {placeholders}.")
    ] = ()

    def __post_init__(self) -> None:
        if (self.quantity is None) == (self.formula is None):
            raise ValueError("give exactly one of quantity or formula")
        if self.inputs and self.quantity is None:
            raise FieldError("inputs", "inputs only go with quantity")


@schema_class
class ToleranceSpec(Strict):
    """Moodle's tolerance types: relative (x(1 +/- t)), nominal (+/- t), geometric."""

    type: Literal["relative", "nominal", "geometric"] = "relative"
    value: Annotated[float, Rule(ge=0, le=10)] = 0.02


@schema_class
class Slip(Strict):
    """A typical wrong answer: the diagnosis shown when the learner's number matches it."""

    diagnosis: Text
    formula: Annotated[Formula | None, Doc("The wrong value (SI units).")] = None
    inputs: Annotated[
        Inputs | None, Doc("Recompute the answer's quantity with these inputs changed.")
    ] = None

    def __post_init__(self) -> None:
        if (self.formula is None) == (self.inputs is None):
            raise ValueError("give exactly one of formula or inputs")


@schema_class
class VerdictSpec(Strict):
    """Turns the template into a verdict question: the learner answers with a label."""

    when: Annotated[Formula, Doc("'left op right' with op one of < <= > >=.")]
    then: Annotated[Word, Doc("Label when the condition holds (yes, compute-bound, ...).")]
    otherwise: Annotated[Word, Doc("Label when it does not.")]


@schema_class
class Template(Strict):
    """A numeric problem template: parameters, a prompt, and the asked quantity."""

    id: ItemId
    rev: Annotated[StrictInt, Rule(ge=1)] = 1
    title: Phrase
    topic: Slug
    tags: tuple[Slug, ...] = ()
    difficulty: Difficulty = "medium"
    source: Source | None = None
    prompt: Annotated[Text, Doc("The problem text, with {parameter} placeholders.")]
    params: dict[ParamName, Param] = field(default_factory=dict)
    answer: TemplateAnswer
    tolerance: ToleranceSpec = ToleranceSpec()
    constraints: Annotated[
        tuple[Formula, ...], Doc("'left op right' conditions a draw must meet.")
    ] = ()
    slips: tuple[Slip, ...] = ()
    verdict: VerdictSpec | None = None
    erratum: Annotated[Text | None, Doc("Shown after answering, with {placeholders}.")] = None


@schema_class
class LexiconGroup(Strict):
    """Terms that mean the same in this field: a rubric concept written with one of them is
    recognised in any of the others (the lexicon applies to every rubric of the bank). Or two
    opposites with nothing between them: "not" the one says the other."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        **Strict.__pydantic_config__,
        "json_schema_extra": {"oneOf": [{"required": ["terms"]}, {"required": ["opposites"]}]},
    }

    terms: Annotated[
        tuple[Phrase, ...],
        Rule(min_length=2),
        Doc("Interchangeable words or phrases, e.g. [weights, parameters]."),
    ] = ()
    opposites: Annotated[
        tuple[Phrase, ...],
        Rule(min_length=2, max_length=2),
        Doc('Two complementary terms, e.g. [fits in memory, out of memory]: "not" one, the other.'),
    ] = ()
    note: Annotated[Text | None, Doc("Why these terms are interchangeable or opposite.")] = None

    def __post_init__(self) -> None:
        if bool(self.terms) == bool(self.opposites):
            raise ValueError("give exactly one of terms or opposites")
        if self.opposites and len({" ".join(t.casefold().split()) for t in self.opposites}) < 2:
            raise FieldError("opposites", "the two opposites are the same term")


@schema_class
class BankFile(Strict):
    """A bank file: any of the item lists; every key is optional."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        **Strict.__pydantic_config__,
        "title": "quiz bank file",
        "json_schema_extra": {"$id": "https://quiz.invalid/schema/bank.json"},
    }

    questions: tuple[Question, ...] = ()
    gpus: tuple[GpuPreset, ...] = ()
    models: tuple[ModelPreset, ...] = ()
    templates: tuple[Template, ...] = ()
    lexicon: tuple[LexiconGroup, ...] = ()


Section = Question | GpuPreset | ModelPreset | Template | LexiconGroup
SECTIONS: dict[str, type[Section]] = {
    "questions": Question,
    "gpus": GpuPreset,
    "models": ModelPreset,
    "templates": Template,
    "lexicon": LexiconGroup,
}
