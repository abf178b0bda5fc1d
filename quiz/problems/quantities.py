"""The calculator quantities a template may ask, with the kind of each core-function argument.

A template binds each argument to a formula (numbers), a text parameter or a literal word (method,
mode, LoRA targets), or a model parameter (for LoRA shapes). Argument names are the core function's.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quiz.calc import core, presets
from quiz.calc.units import (
    BYTES,
    BYTES_PER_S,
    DIMENSIONLESS,
    FLOP_PER_BYTE,
    PER_S,
    SECONDS,
    Dims,
    UnitError,
)

LORA_TARGET_SETS = {
    "all": ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
}


def _lora_params(model: presets.Model, targets: str, rank: float) -> core.Result:
    shapes = model.linear_shapes()
    names = LORA_TARGET_SETS.get(targets) or tuple(t.strip() for t in targets.split(","))
    unknown = [name for name in names if name not in shapes]
    if unknown:
        raise UnitError(f"unknown LoRA target {unknown[0]!r}; choose from {', '.join(shapes)}")
    return core.lora_params(model.layers, {name: shapes[name] for name in names}, int(rank))


@dataclass(frozen=True, slots=True)
class Quantity:
    function: Callable[..., core.Result]
    dims: Dims
    texts: dict[str, tuple[str, ...] | None] = field(default_factory=dict)  # allowed words
    models: tuple[str, ...] = ()
    ints: tuple[str, ...] = ()

    @property
    def arguments(self) -> dict[str, bool]:
        """Argument name -> whether it is required."""
        signature = inspect.signature(self.function)
        return {
            name: parameter.default is inspect.Parameter.empty
            for name, parameter in signature.parameters.items()
        }

    def call(self, arguments: dict[str, Any]) -> core.Result:
        for name in self.ints:
            if name in arguments:
                arguments[name] = round(arguments[name])
        return self.function(**arguments)


QUANTITIES: dict[str, Quantity] = {
    "mbu": Quantity(core.mbu, DIMENSIONLESS),
    "decode": Quantity(core.decode_ceiling, PER_S),
    "bandwidth": Quantity(core.required_bandwidth, BYTES_PER_S),
    "weights": Quantity(core.weights, BYTES),
    "kv-cache": Quantity(core.kv_cache, BYTES, ints=("layers", "kv_heads", "head_dim")),
    "finetune": Quantity(
        core.finetune, BYTES, texts={"method": ("full", "lora", "qlora")}, ints=("convention",)
    ),
    "lora-params": Quantity(
        _lora_params, DIMENSIONLESS, texts={"targets": None}, models=("model",)
    ),
    "max-batch": Quantity(core.max_batch, DIMENSIONLESS),
    "min-batch": Quantity(core.min_batch_for_throughput, DIMENSIONLESS),
    "ridge": Quantity(core.ridge, FLOP_PER_BYTE),
    "intensity": Quantity(core.intensity, FLOP_PER_BYTE),
    "mfu": Quantity(
        core.mfu,
        DIMENSIONLESS,
        texts={"mode": ("train", "infer")},
        ints=("layers", "heads", "head_dim", "seq_len"),
    ),
    "roofline-time": Quantity(core.roofline_time, SECONDS),
}
