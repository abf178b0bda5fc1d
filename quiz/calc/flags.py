"""The command-line inputs of a quantity: flag specs, and reading their values with units and
presets (an explicit flag always wins over the figure a --gpu or --model preset supplies)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quiz.calc import presets
from quiz.calc.result import dtype_bytes
from quiz.calc.units import (
    BYTES_PER_S,
    DIMENSIONLESS,
    FLOP_PER_S,
    Dims,
    UnitError,
    parse_quantity,
    read_input,
)


@dataclass(frozen=True, slots=True)
class Flag:
    """One option of `quiz calc QUANTITY`."""

    name: str  # without the leading --
    help: str = ""
    required: bool = False
    default: str | None = None
    choices: tuple[str, ...] = ()
    repeat: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "flag": f"--{self.name}",
            "help": self.help,
            "required": self.required,
            "default": self.default,
            "choices": list(self.choices) or None,
        }


MODEL = Flag("model", "model preset (see --list)")
GPU = Flag("gpu", "GPU preset (see --list)")
WEIGHTS = (
    Flag("params", "parameter count (7B, 6.7e9)"),
    MODEL,
    Flag("dtype", "fp32, fp16, bf16, fp8, int8, int4, nf4 (default bf16)"),
    Flag("bytes-per-param", "bytes per parameter (instead of --dtype)"),
)
BANDWIDTH = (Flag("bandwidth", "peak memory bandwidth (1.5TB/s)"), GPU)
KV_BYTES = Flag("kv-bytes", "KV-cache bytes read per decode step, whole batch (e.g. 2GB)")


class FlagValues:
    """The values given on the command line, read as numbers with units or as presets."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = {key.replace("_", "-"): value for key, value in values.items()}
        self.model = presets.model(self.text("model")) if self.has("model") else None
        self.gpu = presets.gpu(self.text("gpu")) if self.has("gpu") else None

    def has(self, name: str) -> bool:
        return self._values.get(name) is not None

    def text(self, name: str, default: str = "") -> str:
        value = self._values.get(name)
        return default if value is None else str(value)

    def texts(self, name: str) -> Sequence[str]:
        value = self._values.get(name)
        return list(value) if isinstance(value, list | tuple) else []

    def number(self, name: str, dims: Dims, default: float | None = None) -> float:
        if not self.has(name):
            if default is None:
                raise UnitError(f"--{name} is required")
            return default
        return read_input(self.text(name), dims, name)

    def optional(self, name: str, dims: Dims) -> float | None:
        return self.number(name, dims) if self.has(name) else None

    def whole(self, name: str, fallback: int | None) -> int:
        if self.has(name):
            value = self.number(name, DIMENSIONLESS)
            if not float(value).is_integer():
                raise UnitError(f"--{name} must be a whole number, got {value:g}")
            return int(value)
        if fallback is None:
            raise UnitError(f"give --{name} or --model")
        return fallback

    def params(self, per_token: bool) -> float:
        if self.has("params"):
            value = self.number("params", DIMENSIONLESS)
            if parse_quantity(self.text("params"), DIMENSIONLESS).unit.strip() == "x":
                raise UnitError(f"--params: {self.text('params')!r} is a ratio, not a count")
            return value
        if self.model is None:
            raise UnitError("give --params or --model")
        return float(self.model.params_per_token if per_token else self.model.params)

    def bytes_per_param(self) -> float:
        if self.has("bytes-per-param"):
            return self.number("bytes-per-param", DIMENSIONLESS)
        return self.dtype_bytes()

    def dtype_bytes(self) -> float:
        return dtype_bytes(self.text("dtype", "bf16"))

    def gpu_figure(self, flag: str, dims: Dims, field: str) -> float:
        """An explicit flag, else the GPU preset's figure."""
        if self.has(flag):
            return self.number(flag, dims)
        if self.gpu is None:
            raise UnitError(f"give --{flag} or --gpu")
        return float(getattr(self.gpu, field))

    def bandwidth(self) -> float:
        return self.gpu_figure("bandwidth", BYTES_PER_S, "bandwidth")

    def flops(self) -> float:
        return self.gpu_figure("flops", FLOP_PER_S, "flops")

    def shapes(self) -> dict[str, tuple[int, int]]:
        """--shape NAME=DINxDOUT entries, else the --model's modules named by --targets."""
        shapes: dict[str, tuple[int, int]] = {}
        for spec in self.texts("shape"):
            name, _, dims = spec.partition("=")
            d_in, _, d_out = dims.lower().partition("x")
            if not (name and d_in.isdigit() and d_out.isdigit()):
                raise UnitError(f"--shape {spec!r}: expected NAME=DINxDOUT, e.g. q_proj=4096x4096")
            shapes[name] = (int(d_in), int(d_out))
        if shapes:
            return shapes
        if self.model is None:
            raise UnitError("give --model (for the module shapes) or --shape NAME=DINxDOUT")
        return lora_targets(self.model, self.text("targets", "q_proj,v_proj"))


def lora_targets(model: presets.Model, targets: str) -> dict[str, tuple[int, int]]:
    """The shapes of the modules a target list names ('q_proj,v_proj', 'all')."""
    available = model.linear_shapes()
    names = [t.strip() for t in targets.split(",") if t.strip()]
    if names in (["all"], ["all-linear"]):
        return available
    unknown = [t for t in names if t not in available]
    if unknown:
        raise UnitError(f"unknown LoRA target {unknown[0]!r}; choose from {', '.join(available)}")
    return {t: available[t] for t in names}
