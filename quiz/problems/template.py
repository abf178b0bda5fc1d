"""Compile a bank template once (formulas, units, presets, placeholders) into a fast generator.

Every check that does not need a draw happens here, so a broken template is reported at load time
with the YAML path of the offending key; `TemplateError.path` is relative to the template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quiz.bank.errors import YamlPath
from quiz.bank.schema import Param, Template
from quiz.calc import core, presets
from quiz.calc.quantities import QUANTITIES, Quantity
from quiz.calc.units import (
    UnitError,
    sig,
)
from quiz.problems.conditions import Condition, compile_condition
from quiz.problems.display import Unit, unit
from quiz.problems.drawing import (
    GPU_FIELDS,
    MODEL_FIELDS,
    ArgumentBinding,
    Call,
    Draw,
    Drawer,
    TemplateError,
    formula_drawer,
    number_drawer,
    preset_drawer,
    quantity_drawer,
)
from quiz.problems.formula import Compiled, FormulaError, compile_formula
from quiz.problems.tolerance import Tolerance

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
NAME = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


@dataclass(frozen=True, slots=True)
class CompiledSlip:
    diagnosis: str
    formula: Compiled | None
    overrides: tuple[ArgumentBinding, ...]


@dataclass(frozen=True, slots=True)
class CompiledVerdict:
    condition: Condition
    true: str
    false: str


@dataclass(frozen=True, slots=True)
class CompiledTemplate:
    template: Template
    drawers: tuple[Drawer, ...]
    answer_call: Call | None
    answer_formula: Compiled | None
    answer_unit: Unit
    tolerance: Tolerance
    constraints: tuple[Condition, ...]
    slips: tuple[CompiledSlip, ...]
    verdict: CompiledVerdict | None

    @property
    def id(self) -> str:
        return self.template.id


def compile_template(template: Template) -> CompiledTemplate:
    """Check and compile a template; raises TemplateError with the path of the first problem."""
    names: set[str] = set()
    shown: set[str] = set()
    texts: dict[str, tuple[str, ...] | None] = {}
    model_params: set[str] = set()
    drawers: list[Drawer] = []
    for name, param in template.params.items():
        drawers.append(
            _param_drawer(name, param, ("params", name), names, shown, texts, model_params)
        )
    answer = template.answer
    where: YamlPath = ("answer",)
    try:
        answer_unit = unit(answer.unit)
    except UnitError as exc:
        raise TemplateError((*where, "unit"), str(exc)) from None
    answer_call: Call | None = None
    answer_formula: Compiled | None = None
    if answer.quantity is not None:
        answer_call = _call(answer.quantity, answer.inputs, where, names, texts, model_params)
        if answer_call.quantity.dims != answer_unit.dims:
            raise TemplateError(
                (*where, "unit"),
                f"unit {answer.unit!r} does not fit quantity {answer.quantity!r}",
            )
    else:
        answer_formula = _formula(answer.formula or "", names, (*where, "formula"))
    with_answer = {*names, "answer"}
    shown_all = {*shown, "answer"}
    constraints = tuple(
        _condition(text, with_answer, ("constraints", i))
        for i, text in enumerate(template.constraints)
    )
    slips = tuple(
        _slip(i, slip, answer_call, with_answer, texts, model_params, shown_all)
        for i, slip in enumerate(template.slips)
    )
    verdict = None
    if template.verdict is not None:
        spec = template.verdict
        condition = _condition(spec.when, with_answer, ("verdict", "when"))
        verdict = CompiledVerdict(condition, spec.then, spec.otherwise)
    _placeholders(template.prompt, shown, ("prompt",))
    for index, step in enumerate(answer.steps):
        _placeholders(step, shown_all, ("answer", "steps", index))
    if template.erratum:
        _placeholders(template.erratum, shown_all, ("erratum",))
    return CompiledTemplate(
        template,
        tuple(drawers),
        answer_call,
        answer_formula,
        answer_unit,
        Tolerance(template.tolerance.type, template.tolerance.value),
        constraints,
        slips,
        verdict,
    )


def _constant(number: float) -> Compiled:
    def value(env: Mapping[str, float]) -> float:
        return number

    return value


def _formula(text: str, names: set[str], path: YamlPath) -> Compiled:
    try:
        return compile_formula(text, names)
    except FormulaError as exc:
        raise TemplateError(path, f"formula {text!r}: {exc}") from None


def _condition(text: str, names: set[str], path: YamlPath) -> Condition:
    try:
        return compile_condition(text, names)
    except FormulaError as exc:
        raise TemplateError(path, f"condition {text!r}: {exc}") from None


def _placeholders(text: str, shown: set[str], path: YamlPath) -> None:
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in shown:
            known = ", ".join(sorted(shown)) or "none"
            raise TemplateError(path, f"unknown placeholder {{{match.group(1)}}}; known: {known}")


def _unit(param: Param, path: YamlPath) -> Unit:
    try:
        return unit(param.unit)
    except UnitError as exc:
        raise TemplateError((*path, "unit"), str(exc)) from None


def _param_drawer(
    name: str,
    param: Param,
    path: YamlPath,
    names: set[str],
    shown: set[str],
    texts: dict[str, tuple[str, ...] | None],
    model_params: set[str],
) -> Drawer:
    u = _unit(param, path)
    if param.quantity is not None:
        call = _call(param.quantity, param.inputs or {}, path, names, texts, model_params)
        names.add(name)
        shown.add(name)
        return quantity_drawer(name, call)
    if param.formula is not None:
        formula = _formula(param.formula, names, (*path, "formula"))
        digits = param.sig
        names.add(name)
        shown.add(name)
        return formula_drawer(name, formula, digits, u)
    if param.range is not None or param.log is not None or param.choices is not None:
        names.add(name)
        shown.add(name)
        return number_drawer(name, param, u)
    if param.words is not None:
        texts[name] = param.words
        shown.add(name)
        words = param.words

        def draw_word(rng: Any, draw: Draw) -> None:
            word = rng.choice(words)
            draw.texts[name] = draw.shown[name] = word

        return draw_word
    if param.dtype is not None:
        dtypes = param.dtype
        texts[name] = dtypes
        names.add(f"{name}_bytes")
        shown.update((name, f"{name}_bytes"))

        def draw_dtype(rng: Any, draw: Draw) -> None:
            dtype = rng.choice(dtypes)
            draw.texts[name] = draw.shown[name] = dtype
            size = core.DTYPE_BYTES[dtype]
            draw.numbers[f"{name}_bytes"] = size
            draw.shown[f"{name}_bytes"] = sig(size)

        return draw_dtype
    if param.gpu is not None:
        return preset_drawer(name, param.gpu, presets.gpus(), GPU_FIELDS, path, names, shown)
    assert param.model is not None
    model_params.add(name)
    return preset_drawer(name, param.model, presets.models(), MODEL_FIELDS, path, names, shown)


def _call(
    quantity_name: str,
    inputs: dict[str, Any],
    path: YamlPath,
    names: set[str],
    texts: dict[str, tuple[str, ...] | None],
    model_params: set[str],
) -> Call:
    quantity = QUANTITIES.get(quantity_name)
    if quantity is None:
        raise TemplateError(
            (*path, "quantity"),
            f"unknown quantity {quantity_name!r}; choose one of: {', '.join(QUANTITIES)}",
        )
    arguments = quantity.arguments
    bindings = _bindings(quantity, inputs, (*path, "inputs"), names, texts, model_params)
    missing = [a for a, required in arguments.items() if required and a not in inputs]
    if missing:
        raise TemplateError(
            (*path, "inputs"), f"quantity {quantity_name!r} needs input {missing[0]!r}"
        )
    return Call(quantity, bindings)


def _bindings(
    quantity: Quantity,
    inputs: dict[str, Any],
    path: YamlPath,
    names: set[str],
    texts: dict[str, tuple[str, ...] | None],
    model_params: set[str],
) -> tuple[ArgumentBinding, ...]:
    arguments = quantity.arguments
    bindings: list[ArgumentBinding] = []
    for arg, value in inputs.items():
        where = (*path, arg)
        if arg not in arguments:
            raise TemplateError(where, f"unknown input {arg!r}; known: {', '.join(arguments)}")
        if arg in quantity.models:
            if value not in model_params:
                raise TemplateError(where, f"input {arg!r} must name a model parameter")
            bindings.append(ArgumentBinding(arg, model_param=str(value)))
        elif arg in quantity.texts:
            bindings.append(_text_binding(arg, value, quantity.texts[arg], texts, where))
        elif isinstance(value, int | float):
            number = float(value)
            bindings.append(ArgumentBinding(arg, formula=_constant(number)))
        else:
            bindings.append(ArgumentBinding(arg, formula=_formula(str(value), names, where)))
    return tuple(bindings)


def _text_binding(
    arg: str,
    value: Any,
    allowed: tuple[str, ...] | None,
    texts: dict[str, tuple[str, ...] | None],
    where: YamlPath,
) -> ArgumentBinding:
    value = str(value)
    options = texts.get(value, (value,)) if value in texts else (value,)
    bad = [o for o in options or () if allowed is not None and o not in allowed]
    if bad:
        raise TemplateError(where, f"{arg} {bad[0]!r} is not one of: {', '.join(allowed or ())}")
    if value in texts:
        return ArgumentBinding(arg, text_param=value)
    return ArgumentBinding(arg, text=value)


def _slip(
    index: int,
    slip: Any,
    answer_call: Call | None,
    names: set[str],
    texts: dict[str, tuple[str, ...] | None],
    model_params: set[str],
    shown: set[str],
) -> CompiledSlip:
    path: YamlPath = ("slips", index)
    _placeholders(slip.diagnosis, shown, (*path, "diagnosis"))
    if slip.formula is not None:
        return CompiledSlip(slip.diagnosis, _formula(slip.formula, names, (*path, "formula")), ())
    if answer_call is None:
        raise TemplateError((*path, "inputs"), "slip inputs need an answer with a quantity")
    overrides = _bindings(
        answer_call.quantity, slip.inputs or {}, (*path, "inputs"), names, texts, model_params
    )
    return CompiledSlip(slip.diagnosis, None, overrides)
