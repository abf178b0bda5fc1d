"""Drawing one problem: the state of a draw, how a calculator argument is bound to it, and one
drawer per kind of parameter (numbers, formulas, quantities, GPU and model presets)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quiz.bank.errors import YamlPath
from quiz.bank.schema import Param
from quiz.calc import core, presets
from quiz.calc.quantities import Quantity
from quiz.calc.units import (
    BYTES,
    BYTES_PER_S,
    DIMENSIONLESS,
    FLOP_PER_S,
    UnitError,
    format_quantity,
)
from quiz.problems.display import Unit, auto_unit, unit
from quiz.problems.formula import Compiled

COUNT = unit("count")


GPU_FIELDS: dict[str, tuple[Callable[[presets.Gpu], float], Unit]] = {
    "bandwidth": (lambda g: g.bandwidth, auto_unit(BYTES_PER_S)),
    "memory": (lambda g: g.memory, auto_unit(BYTES)),
    "flops": (lambda g: g.flops, auto_unit(FLOP_PER_S)),
    "ridge": (lambda g: g.flops / g.bandwidth, unit("FLOP/B")),
}


MODEL_FIELDS: dict[str, tuple[Callable[[presets.Model], float], Unit]] = {
    "params": (lambda m: m.params, unit("params")),
    "active_params": (lambda m: m.params_per_token, unit("params")),
    "layers": (lambda m: m.layers, COUNT),
    "hidden": (lambda m: m.hidden, COUNT),
    "heads": (lambda m: m.heads, COUNT),
    "kv_heads": (lambda m: m.kv_heads, COUNT),
    "head_dim": (lambda m: m.head_dim, COUNT),
    "ffn": (lambda m: m.ffn, COUNT),
    "kv_bytes_per_token": (lambda m: m.kv_bytes_per_token(2), COUNT),
    "window": (lambda m: m.sliding_window or 0, COUNT),
}


class TemplateError(ValueError):
    """A template that cannot work; path points into the template's YAML."""

    def __init__(self, path: YamlPath, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass(slots=True)
class Draw:
    """The state of one draw: SI numbers for formulas, texts, preset objects, display strings."""

    numbers: dict[str, float] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    results: list[tuple[str, core.Result]] = field(default_factory=list)


Drawer = Callable[[Any, Draw], None]  # (random.Random, Draw) -> None


@dataclass(frozen=True, slots=True)
class ArgumentBinding:
    """One core-function argument: a compiled formula, a text, or a model parameter's name."""

    name: str
    formula: Compiled | None = None
    text: str | None = None
    text_param: str | None = None
    model_param: str | None = None

    def value(self, draw: Draw) -> Any:
        if self.formula is not None:
            return self.formula(draw.numbers)
        if self.text_param is not None:
            return draw.texts[self.text_param]
        if self.model_param is not None:
            return draw.objects[self.model_param]
        return self.text


@dataclass(frozen=True, slots=True)
class Call:
    quantity: Quantity
    bindings: tuple[ArgumentBinding, ...]

    def run(self, draw: Draw, overrides: tuple[ArgumentBinding, ...] = ()) -> core.Result:
        arguments = {b.name: b.value(draw) for b in self.bindings}
        arguments.update({b.name: b.value(draw) for b in overrides})
        return self.quantity.call(arguments)


def quantity_drawer(name: str, call: Call) -> Drawer:
    def draw_quantity(rng: Any, draw: Draw) -> None:
        result = call.run(draw)
        draw.numbers[name] = result.value
        draw.shown[name] = short(result)
        draw.results.append((name, result))

    return draw_quantity


def short(result: core.Result) -> str:
    """A result as prompt text: '26.84 GB', '75 tok/s', '4,194,304', '66.7%'."""
    if result.fraction or result.count or result.dims == DIMENSIONLESS:
        return result.display
    return format_quantity(result.value, result.dims)


def formula_drawer(name: str, formula: Compiled, digits: int | None, u: Unit) -> Drawer:
    def draw_formula(rng: Any, draw: Draw) -> None:
        value = formula(draw.numbers)
        if digits is not None and value:
            value = float(f"{value / u.factor:.{digits - 1}e}") * u.factor
        draw.numbers[name] = value
        draw.shown[name] = u.show(value)

    return draw_formula


def number_drawer(name: str, param: Param, u: Unit) -> Drawer:
    factor = u.factor
    if param.range is not None:
        low, high = param.range
        step = param.step or 1.0
        count = math.floor((high - low) / step + 1e-9)

        def written(rng: Any) -> float:
            return float(round(low + rng.randint(0, count) * step, 12))

    elif param.log is not None:
        log_low, log_high = (math.log(v) for v in param.log)
        digits = param.figures

        def written(rng: Any) -> float:
            return float(f"{math.exp(rng.uniform(log_low, log_high)):.{digits - 1}e}")

    else:
        choices = param.choices or ()

        def written(rng: Any) -> float:
            return float(rng.choice(choices))

    def draw_number(rng: Any, draw: Draw) -> None:
        value = written(rng) * factor
        draw.numbers[name] = value
        draw.shown[name] = u.show(value)

    return draw_number


def preset_drawer(
    name: str,
    wanted: tuple[str, ...] | str,
    table: dict[str, Any],
    fields: dict[str, tuple[Callable[[Any], float], Unit]],
    path: YamlPath,
    names: set[str],
    shown: set[str],
) -> Drawer:
    kind = "gpu" if fields is GPU_FIELDS else "model"
    if wanted == "all":
        chosen = list(dict.fromkeys(table.values()))
    else:
        chosen = []
        for index, preset_id in enumerate(wanted):
            try:
                chosen.append(presets.gpu(preset_id) if kind == "gpu" else presets.model(preset_id))
            except UnitError as exc:
                raise TemplateError((*path, kind, index), str(exc)) from None
    rows = []
    for preset in chosen:
        numbers = {f"{name}_{key}": float(get(preset)) for key, (get, _) in fields.items()}
        texts = {
            f"{name}_{key}": u.show(numbers[f"{name}_{key}"]) for key, (_, u) in fields.items()
        }
        texts[name] = preset.id
        rows.append((preset, numbers, texts))
    names.update(f"{name}_{key}" for key in fields)
    shown.update({name, *(f"{name}_{key}" for key in fields)})

    def draw_preset(rng: Any, draw: Draw) -> None:
        preset, numbers, texts = rng.choice(rows)
        draw.objects[name] = preset
        draw.texts[name] = preset.id
        draw.numbers.update(numbers)
        draw.shown.update(texts)

    return draw_preset
