"""What every calculator function returns: a value with its dimensions, its display text and
the worked steps; dtypes and number formatting shared by the calculator functions."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quiz.calc.units import (
    BYTES,
    BYTES_PER_S,
    FLOP_PER_BYTE,
    FLOP_PER_S,
    PER_S,
    SECONDS,
    Dims,
    UnitError,
    format_fraction,
    format_quantity,
    sig,
)

DTYPE_BYTES: dict[str, float] = {
    "fp32": 4.0,
    "fp16": 2.0,
    "bf16": 2.0,
    "fp8": 1.0,
    "int8": 1.0,
    "int4": 0.5,
    "nf4": 4.126953125 / 8,  # NF4 + double quantization: 4.127 bits/param (QLoRA paper)
}


FULL_FINETUNE_CONVENTIONS: dict[int, str] = {
    16: "mixed-precision AdamW: 2 (bf16 weights) + 2 (grads) + 12 (fp32 master, m, v)",
    18: "HF model-training anatomy: 6 (fp32 + fp16 weights) + 4 (grads) + 8 (AdamW m, v)",
}


LORA_ADAPTER_BYTES = 16  # fp32 weight 4 + fp32 grad 4 + AdamW m, v 8


QLORA_ADAPTER_BYTES = 12  # bf16 weight 2 + bf16 grad 2 + paged 32-bit AdamW m, v 8


UNIT_LABELS: dict[Dims, str] = {
    BYTES: "B",
    BYTES_PER_S: "B/s",
    PER_S: "tokens/s",
    FLOP_PER_BYTE: "FLOP/B",
    FLOP_PER_S: "FLOP/s",
    SECONDS: "s",
}


def dtype_bytes(dtype: str) -> float:
    try:
        return DTYPE_BYTES[dtype.lower()]
    except KeyError:
        raise UnitError(
            f"unknown dtype {dtype!r}; choose one of: {', '.join(DTYPE_BYTES)}"
        ) from None


@dataclass(slots=True)
class Result:
    """A value with its dimensions; the worked steps and the inputs as text are built on demand
    (generating problems computes many values whose explanation nobody reads)."""

    quantity: str
    value: float
    dims: Dims
    explain: Callable[[], Explanation]
    fraction: bool = False
    count: bool = False
    feasible: bool | None = None
    notes: list[str] = field(default_factory=list)
    _explained: Explanation | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):  # never 'inf PB' or 'nan%' on screen
            raise UnitError(f"{self.quantity} is too large to compute from these inputs")

    def _explanation(self) -> Explanation:
        if self._explained is None:
            self._explained = self.explain()
        return self._explained

    @property
    def steps(self) -> list[str]:
        return self._explanation()[0]

    @property
    def inputs(self) -> dict[str, str]:
        return self._explanation()[1]

    @property
    def unit(self) -> str:
        if self.fraction:
            return "fraction"
        if self.count:
            return "count"
        return UNIT_LABELS.get(self.dims, "")

    @property
    def display(self) -> str:
        return show(self.value, self.dims, fraction=self.fraction, count=self.count)

    def to_json(self) -> dict[str, Any]:
        return {
            "quantity": self.quantity,
            "value": self.value,
            "unit": self.unit,
            "display": self.display,
            "feasible": self.feasible,
            "steps": self.steps,
            "inputs": self.inputs,
            "notes": self.notes,
        }


def show(value: float, dims: Dims, fraction: bool = False, count: bool = False) -> str:
    if fraction:
        return format_fraction(value)
    if count:
        return f"{value:,.0f}" if float(value).is_integer() else sig(value)
    if dims == BYTES:
        gib = value / 2**30
        return (
            f"{format_quantity(value, dims)} ({sig(gib)} GiB)"
            if value >= 2**20
            else (format_quantity(value, dims))
        )
    return format_quantity(value, dims)


def b(value: float) -> str:
    return show(value, BYTES).split(" (")[0]


def n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() and abs(value) < 1e16 else sig(value)


def positive(**values: float) -> None:
    for name, value in values.items():
        if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
            raise UnitError(f"{name.replace('_', '-')} must be a positive number, got {value!r}")


Explanation = tuple[list[str], dict[str, str]]
