"""The calculator's quantities, one spec each: what `quiz calc`, its --list and --help, the
problem templates and the bank's JSON Schema all read. Adding a quantity is one entry here (plus
its calculator function and tests).

A spec names the calculator function a template calls (its argument names are the template's
`inputs`), the result's dimensions, the command line's flags, and how those flags (with --gpu and
--model presets) become the function's arguments.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from quiz.calc import core, presets
from quiz.calc.flags import BANDWIDTH, GPU, KV_BYTES, MODEL, WEIGHTS, Flag, FlagValues, lora_targets
from quiz.calc.units import (
    BYTES,
    BYTES_PER_S,
    DIM_NAMES,
    DIMENSIONLESS,
    FLOP_PER_BYTE,
    FLOPS,
    PER_S,
    SECONDS,
    Dims,
    UnitError,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    name: str
    help: str
    function: Callable[..., core.Result]  # what a template calls, with its `inputs`
    dims: Dims  # of the result
    flags: tuple[Flag, ...]
    from_flags: Callable[[FlagValues], core.Result]
    texts: Mapping[str, tuple[str, ...] | None] = field(default_factory=dict)  # word arguments
    models: tuple[str, ...] = ()  # arguments that name a model preset
    ints: tuple[str, ...] = ()  # arguments rounded to whole numbers

    @property
    def arguments(self) -> dict[str, bool]:
        """The function's argument names -> whether each is required."""
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

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "help": self.help,
            "result": DIM_NAMES.get(self.dims, str(self.dims)),
            "flags": [flag.to_json() for flag in self.flags],
            "template_inputs": self.arguments,
        }


def lora_params_of(model: presets.Model, targets: str, rank: float) -> core.Result:
    """LoRA adapter parameters of a model preset's target modules ('q_proj,v_proj', 'all')."""
    return core.lora_params(model.layers, lora_targets(model, targets), int(rank))


def _mbu(f: FlagValues) -> core.Result:
    return core.mbu(
        f.params(per_token=True),
        f.bytes_per_param(),
        f.bandwidth(),
        f.optional("tokens-per-second", PER_S),
        f.optional("tpot", SECONDS),
        f.number("batch", DIMENSIONLESS, 1.0),
        f.number("kv-bytes", BYTES, 0.0),
    )


def _decode(f: FlagValues) -> core.Result:
    return core.decode_ceiling(
        f.params(per_token=True),
        f.bytes_per_param(),
        f.bandwidth(),
        f.number("kv-bytes", BYTES, 0.0),
        f.number("batch", DIMENSIONLESS, 1.0),
    )


def _bandwidth(f: FlagValues) -> core.Result:
    return core.required_bandwidth(
        f.params(per_token=True),
        f.bytes_per_param(),
        f.number("tokens-per-second", PER_S),
        f.number("kv-bytes", BYTES, 0.0),
        f.number("mbu", DIMENSIONLESS, 1.0),
    )


def _kv_cache(f: FlagValues) -> core.Result:
    model = f.model
    window = f.optional("window", DIMENSIONLESS)
    if window is None and model is not None:
        window = model.sliding_window
    return core.kv_cache(
        f.whole("layers", model.layers if model else None),
        f.whole("kv-heads", model.kv_heads if model else None),
        f.whole("head-dim", model.head_dim if model else None),
        f.number("tokens", DIMENSIONLESS),
        f.number("batch", DIMENSIONLESS, 1.0),
        f.dtype_bytes(),
        window,
    )


def _finetune(f: FlagValues) -> core.Result:
    params, method = f.params(per_token=False), f.text("method", "full")
    if method == "full":
        return core.finetune(params, "full", int(f.text("convention", "16")))
    if f.has("lora-params"):
        adapters = f.number("lora-params", DIMENSIONLESS)
    else:
        layers = f.model.layers if f.model else f.whole("layers", None)
        adapters = core.lora_params(layers, f.shapes(), f.whole("rank", None)).value
    base = f.bytes_per_param() if (f.has("dtype") or f.has("bytes-per-param")) else None
    return core.finetune(params, method, lora_params=adapters, base_bytes_per_param=base)


def _lora_params(f: FlagValues) -> core.Result:
    layers = f.whole("layers", f.model.layers if f.model else None)
    return core.lora_params(layers, f.shapes(), f.whole("rank", None))


def _intensity(f: FlagValues) -> core.Result:
    return core.intensity(
        f.number("tokens", DIMENSIONLESS),
        f.number("d-in", DIMENSIONLESS),
        f.number("d-out", DIMENSIONLESS),
        f.dtype_bytes(),
        f.gpu.flops / f.gpu.bandwidth if f.gpu else None,
    )


def _mfu(f: FlagValues) -> core.Result:
    model = f.model
    return core.mfu(
        f.params(per_token=True),
        f.number("tokens-per-second", PER_S),
        f.flops() * f.number("gpus", DIMENSIONLESS, 1.0),
        f.text("mode", "train"),
        f.whole("layers", model.layers if model else 0),
        f.whole("heads", model.heads if model else 0),
        f.whole("head-dim", model.head_dim if model else 0),
        f.whole("seq-len", 0),
    )


def _max_batch(f: FlagValues) -> core.Result:
    if f.model is None:
        raise UnitError("give --model")
    bpp = f.dtype_bytes()
    return core.max_batch(
        f.gpu_figure("memory", BYTES, "memory"),
        f.model.params * bpp,
        f.model.kv_bytes_per_token(bpp),
        f.number("tokens", DIMENSIONLESS),
        f.number("utilization", DIMENSIONLESS, 0.9),
    )


_ALL: tuple[Quantity, ...] = (
    Quantity(
        name="mbu",
        help="Model Bandwidth Utilization of decoding (fraction)",
        function=core.mbu,
        dims=DIMENSIONLESS,
        flags=(
            *WEIGHTS,
            *BANDWIDTH,
            Flag("batch", "sequences decoded together (default 1)"),
            KV_BYTES,
            Flag("tokens-per-second", "decode speed per sequence (tokens/s)"),
            Flag("tpot", "time per output token, i.e. per decode step (14ms)"),
        ),
        from_flags=_mbu,
    ),
    Quantity(
        name="decode",
        help="batch-1 decode ceiling: max tokens/s per sequence",
        function=core.decode_ceiling,
        dims=PER_S,
        flags=(*WEIGHTS, *BANDWIDTH, Flag("batch", "sequences (default 1)"), KV_BYTES),
        from_flags=_decode,
    ),
    Quantity(
        name="bandwidth",
        help="peak bandwidth needed to decode at a given tokens/s (B/s)",
        function=core.required_bandwidth,
        dims=BYTES_PER_S,
        flags=(
            *WEIGHTS,
            Flag("tokens-per-second", "decode speed wanted, per sequence", required=True),
            KV_BYTES,
            Flag("mbu", "achievable MBU, as a fraction or percent (default 1 = 100%)"),
        ),
        from_flags=_bandwidth,
    ),
    Quantity(
        name="weights",
        help="weight memory (bytes)",
        function=core.weights,
        dims=BYTES,
        flags=WEIGHTS,
        from_flags=lambda f: core.weights(f.params(per_token=False), f.bytes_per_param()),
    ),
    Quantity(
        name="kv-cache",
        help="KV-cache size (bytes)",
        function=core.kv_cache,
        dims=BYTES,
        flags=(
            MODEL,
            Flag("layers"),
            Flag("kv-heads"),
            Flag("head-dim"),
            Flag("tokens", "context length per sequence", required=True),
            Flag("batch", "sequences (default 1)"),
            Flag("dtype", "KV-cache element type (default bf16)"),
            Flag("window", "sliding-window length (default: the model's, if any)"),
        ),
        from_flags=_kv_cache,
        ints=("layers", "kv_heads", "head_dim"),
    ),
    Quantity(
        name="finetune",
        help="finetuning memory of model states: full, LoRA or QLoRA (bytes)",
        function=core.finetune,
        dims=BYTES,
        flags=(
            *WEIGHTS,
            Flag("method", default="full", choices=("full", "lora", "qlora")),
            Flag("convention", "full finetuning B/param", default="16", choices=("16", "18")),
            Flag("rank", "LoRA rank r (lora/qlora)"),
            Flag("targets", "adapted modules (default q_proj,v_proj)", default="q_proj,v_proj"),
            Flag("lora-params", "trainable adapter parameters, instead of --rank/--targets"),
            Flag("layers"),
            Flag("shape", "NAME=DINxDOUT for a target (repeatable)", repeat=True),
        ),
        from_flags=_finetune,
        texts={"method": ("full", "lora", "qlora")},
        ints=("convention",),
    ),
    Quantity(
        name="lora-params",
        help="LoRA trainable parameters (count)",
        function=lora_params_of,
        dims=DIMENSIONLESS,
        flags=(
            MODEL,
            Flag("layers"),
            Flag("rank", required=True),
            Flag("targets", "modules, e.g. q_proj,v_proj or 'all'", default="q_proj,v_proj"),
            Flag("shape", "NAME=DINxDOUT for a target (repeatable)", repeat=True),
        ),
        from_flags=_lora_params,
        texts={"targets": None},
        models=("model",),
    ),
    Quantity(
        name="ridge",
        help="roofline ridge point (FLOP per byte)",
        function=core.ridge,
        dims=FLOP_PER_BYTE,
        flags=(GPU, Flag("flops", "peak FLOP/s (312e12, 989.4 TFLOP/s)"), BANDWIDTH[0]),
        from_flags=lambda f: core.ridge(f.flops(), f.bandwidth()),
    ),
    Quantity(
        name="intensity",
        help="arithmetic intensity of a linear layer, with a memory/compute verdict",
        function=core.intensity,
        dims=FLOP_PER_BYTE,
        flags=(
            Flag("tokens", "tokens in the matmul (batch x sequence)", required=True),
            Flag("d-in", required=True),
            Flag("d-out", required=True),
            Flag("dtype", "element type (default bf16)"),
            Flag("gpu", "adds the memory/compute verdict against its ridge point"),
        ),
        from_flags=_intensity,
    ),
    Quantity(
        name="mfu",
        help="Model FLOPs Utilization (fraction)",
        function=core.mfu,
        dims=DIMENSIONLESS,
        flags=(
            Flag("params", "parameter count (N)"),
            MODEL,
            Flag("tokens-per-second", required=True),
            Flag("flops", "peak FLOP/s of one device"),
            GPU,
            Flag("gpus", "number of devices (default 1)"),
            Flag("mode", default="train", choices=("train", "infer")),
            Flag("layers"),
            Flag("heads"),
            Flag("head-dim"),
            Flag("seq-len"),
        ),
        from_flags=_mfu,
        texts={"mode": ("train", "infer")},
        ints=("layers", "heads", "head_dim", "seq_len"),
    ),
    Quantity(
        name="max-batch",
        help="largest batch whose KV cache fits beside the weights (count)",
        function=core.max_batch,
        dims=DIMENSIONLESS,
        flags=(
            Flag("model", "model preset (see --list)", required=True),
            GPU,
            Flag("memory", "GPU memory (80GB)"),
            Flag("tokens", "context per sequence", required=True),
            Flag("dtype", "weights and KV-cache type (default bf16)"),
            Flag("utilization", "usable share of memory (default 0.9)"),
        ),
        from_flags=_max_batch,
    ),
    Quantity(
        name="min-batch",
        help="smallest batch reaching an aggregate tokens/s at 100% MBU (count)",
        function=core.min_batch_for_throughput,
        dims=DIMENSIONLESS,
        flags=(
            *WEIGHTS,
            *BANDWIDTH,
            Flag("tokens-per-second", "aggregate tokens/s wanted", required=True),
        ),
        from_flags=lambda f: core.min_batch_for_throughput(
            f.params(per_token=True),
            f.bytes_per_param(),
            f.bandwidth(),
            f.number("tokens-per-second", PER_S),
        ),
    ),
    Quantity(
        name="roofline-time",
        help="lower bound on a kernel's time: max(FLOPs / peak, bytes / bandwidth)",
        function=core.roofline_time,
        dims=SECONDS,
        flags=(
            Flag("flop", "FLOPs of the kernel", required=True),
            Flag("bytes", "bytes it moves", required=True),
            GPU,
            Flag("flops"),
            BANDWIDTH[0],
        ),
        from_flags=lambda f: core.roofline_time(
            f.number("flop", FLOPS), f.number("bytes", BYTES), f.flops(), f.bandwidth()
        ),
    ),
)

QUANTITIES: dict[str, Quantity] = {quantity.name: quantity for quantity in _ALL}
