"""The calculator core: every number the app shows comes from these functions.

Each function takes SI values (bytes, seconds, B/s, FLOP/s, counts) and returns a Result: the value,
its dimensions, display text, and the worked steps with the numbers substituted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from quiz.calc.units import (
    BYTES,
    BYTES_PER_S,
    DIMENSIONLESS,
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


Explanation = tuple[list[str], dict[str, str]]


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


def _positive(**values: float) -> None:
    for name, value in values.items():
        if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
            raise UnitError(f"{name.replace('_', '-')} must be a positive number, got {value!r}")


# ---- memory ------------------------------------------------------------------------------


def weights(params: float, bytes_per_param: float) -> Result:
    _positive(params=params, bytes_per_param=bytes_per_param)
    value = params * bytes_per_param

    def explain() -> Explanation:
        step = (
            f"weight bytes = params x bytes/param = {n(params)} x {sig(bytes_per_param)} B"
            f" = {b(value)}"
        )
        return [step], {"params": n(params), "bytes_per_param": sig(bytes_per_param)}

    return Result("weights", value, BYTES, explain)


def kv_cache(
    layers: int,
    kv_heads: int,
    head_dim: int,
    tokens: float,
    batch: float = 1,
    bytes_per_elem: float = 2,
    window: float | None = None,
) -> Result:
    _positive(layers=layers, kv_heads=kv_heads, head_dim=head_dim, tokens=tokens, batch=batch)
    _positive(bytes_per_elem=bytes_per_elem)
    kept = min(tokens, window) if window else tokens
    per_token = 2 * layers * kv_heads * head_dim * bytes_per_elem
    value = per_token * kept * batch

    def explain() -> Explanation:
        steps = [
            f"KV bytes per token = 2 (K and V) x layers x kv_heads x head_dim x bytes = "
            f"2 x {layers} x {kv_heads} x {head_dim} x {sig(bytes_per_elem)} = {n(per_token)} B"
        ]
        if window and tokens > window:
            steps.append(
                f"sliding window keeps at most {n(window)} of {n(tokens)} tokens per layer"
            )
        steps.append(
            f"KV cache = per token x tokens x batch = {n(per_token)} B x {n(kept)} x {n(batch)} "
            f"= {b(value)}"
        )
        inputs = {
            "layers": n(layers),
            "kv_heads": n(kv_heads),
            "head_dim": n(head_dim),
            "tokens": n(tokens),
            "batch": n(batch),
            "bytes_per_elem": sig(bytes_per_elem),
        }
        if window:
            inputs["window"] = n(window)
        return steps, inputs

    return Result("kv-cache", value, BYTES, explain)


def finetune(
    params: float,
    method: str = "full",
    convention: int = 16,
    lora_params: float = 0,
    base_bytes_per_param: float | None = None,
) -> Result:
    _positive(params=params)
    if method == "full":
        if convention not in FULL_FINETUNE_CONVENTIONS:
            raise UnitError(f"convention must be 16 or 18 bytes/param, got {convention!r}")
        value = params * convention

        def explain_full() -> Explanation:
            steps = [
                f"convention: {convention} B/param ({FULL_FINETUNE_CONVENTIONS[convention]})",
                f"model states = {n(params)} x {convention} B = {b(value)} (activations excluded)",
            ]
            return steps, {"params": n(params), "method": method, "convention": str(convention)}

        return Result("finetune", value, BYTES, explain_full)
    if method not in ("lora", "qlora"):
        raise UnitError(f"method must be full, lora or qlora, got {method!r}")
    _positive(lora_params=lora_params)
    qlora = method == "qlora"
    base_bpp = base_bytes_per_param or (DTYPE_BYTES["nf4"] if qlora else 2.0)
    adapter_bpp = QLORA_ADAPTER_BYTES if qlora else LORA_ADAPTER_BYTES
    base = params * base_bpp
    adapters = lora_params * adapter_bpp
    value = base + adapters

    def explain() -> Explanation:
        base_label = "NF4 + double quantization, 4.127 bits" if qlora else f"{sig(base_bpp)} B"
        adapter_label = (
            "bf16 weight 2 + bf16 grad 2 + paged AdamW 8"
            if qlora
            else "fp32 weight 4 + grad 4 + AdamW 8"
        )
        steps = [
            f"frozen base = {n(params)} x {sig(base_bpp)} B/param ({base_label}) = {b(base)}",
            f"adapters = {n(lora_params)} x {adapter_bpp} B ({adapter_label}) = {b(adapters)}",
            f"total = {b(base)} + {b(adapters)} = {b(value)} (activations excluded)",
        ]
        return steps, {"params": n(params), "method": method, "lora_params": n(lora_params)}

    return Result("finetune", value, BYTES, explain)


def lora_params(layers: int, shapes: dict[str, tuple[int, int]], rank: int) -> Result:
    _positive(layers=layers, rank=rank)
    if not shapes:
        raise UnitError("targets must name at least one module")
    per_layer = sum(rank * (d_in + d_out) for d_in, d_out in shapes.values())
    value = per_layer * layers

    def explain() -> Explanation:
        parts = " + ".join(
            f"{name} {rank} x ({d_in} + {d_out})" for name, (d_in, d_out) in shapes.items()
        )
        steps = [
            f"per layer = {parts} = {n(per_layer)}",
            f"trainable = per layer x layers = {n(per_layer)} x {layers} = {n(value)}",
        ]
        return steps, {"layers": n(layers), "rank": n(rank), "targets": ",".join(shapes)}

    return Result("lora-params", value, DIMENSIONLESS, explain, count=True)


def max_batch(
    memory: float,
    weights_bytes: float,
    kv_per_token: float,
    tokens: float,
    utilization: float = 0.9,
) -> Result:
    _positive(memory=memory, kv_per_token=kv_per_token, tokens=tokens, utilization=utilization)
    usable = memory * utilization
    free = usable - weights_bytes
    per_seq = kv_per_token * tokens
    value = max(math.floor(free / per_seq), 0)

    def explain() -> Explanation:
        steps = [
            f"usable memory = {b(memory)} x {sig(utilization)} = {b(usable)}",
            f"left for the KV cache = {b(usable)} - {b(weights_bytes)} weights = {b(free)}",
            f"KV per sequence = {n(kv_per_token)} B/token x {n(tokens)} tokens = {b(per_seq)}",
            f"max batch = floor({b(free)} / {b(per_seq)}) = {n(value)}",
        ]
        return steps, {"memory": b(memory), "utilization": sig(utilization), "tokens": n(tokens)}

    result = Result("max-batch", value, DIMENSIONLESS, explain, count=True)
    result.feasible = value >= 1
    if value < 1:
        result.notes.append("the weights leave no room for even one sequence's KV cache")
    return result


# ---- bandwidth ----------------------------------------------------------------------------


def _bytes_per_step(params: float, bytes_per_param: float, kv_bytes: float) -> list[str]:
    """The steps of 'bytes read per decode step': the weights, plus the KV cache if any."""
    weight_bytes = params * bytes_per_param
    steps = [f"weight bytes = {n(params)} x {sig(bytes_per_param)} B = {b(weight_bytes)}"]
    if kv_bytes:
        total = weight_bytes + kv_bytes
        steps.append(f"bytes per step = {b(weight_bytes)} + {b(kv_bytes)} KV = {b(total)}")
    return steps


def decode_ceiling(
    params: float,
    bytes_per_param: float,
    bandwidth: float,
    kv_bytes: float = 0,
    batch: float = 1,
) -> Result:
    """Per-sequence decode ceiling: one step streams the weights and the batch's KV cache."""
    _positive(params=params, bytes_per_param=bytes_per_param, bandwidth=bandwidth, batch=batch)
    weight_bytes = params * bytes_per_param
    per_step = weight_bytes + kv_bytes
    value = bandwidth / per_step
    aggregate = value * batch

    def explain() -> Explanation:
        steps = _bytes_per_step(params, bytes_per_param, kv_bytes)
        steps.append(
            f"ceiling = peak bandwidth / bytes per step = "
            f"{show(bandwidth, BYTES_PER_S)} / {b(per_step)} = {sig(value)} tokens/s per sequence"
        )
        if batch > 1:
            steps.append(
                f"batch {n(batch)}: each step yields one token per sequence, so the aggregate is "
                f"{sig(value)} x {n(batch)} = {sig(aggregate)} tokens/s"
            )
        inputs = {
            "params": n(params),
            "bytes_per_param": sig(bytes_per_param),
            "bandwidth": show(bandwidth, BYTES_PER_S),
            "kv_bytes": b(kv_bytes),
            "batch": n(batch),
        }
        return steps, inputs

    result = Result("decode", value, PER_S, explain)
    if batch > 1:
        result.notes.append(f"aggregate over the batch: {sig(aggregate)} tokens/s")
    return result


def required_bandwidth(
    params: float,
    bytes_per_param: float,
    tokens_per_second: float,
    kv_bytes: float = 0,
    mbu: float = 1.0,
) -> Result:
    """Peak bandwidth needed to decode at tokens_per_second (per sequence) at a given MBU."""
    _positive(params=params, bytes_per_param=bytes_per_param, mbu=mbu)
    _positive(tokens_per_second=tokens_per_second)
    weight_bytes = params * bytes_per_param
    per_step = weight_bytes + kv_bytes
    achieved = per_step * tokens_per_second
    value = achieved / mbu

    def explain() -> Explanation:
        steps = _bytes_per_step(params, bytes_per_param, kv_bytes)
        steps.append(
            f"streamed = {b(per_step)} x {sig(tokens_per_second)} tokens/s = "
            f"{show(achieved, BYTES_PER_S)}"
        )
        if mbu != 1:
            steps.append(
                f"peak needed at {format_fraction(mbu)} MBU = {show(achieved, BYTES_PER_S)} / "
                f"{sig(mbu)} = {show(value, BYTES_PER_S)}"
            )
        inputs = {
            "params": n(params),
            "bytes_per_param": sig(bytes_per_param),
            "tokens_per_second": sig(tokens_per_second),
            "mbu": sig(mbu),
        }
        return steps, inputs

    return Result("bandwidth", value, BYTES_PER_S, explain)


def mbu(
    params: float,
    bytes_per_param: float,
    bandwidth: float,
    tokens_per_second: float | None = None,
    tpot: float | None = None,
    batch: float = 1,
    kv_bytes: float = 0,
) -> Result:
    """Model Bandwidth Utilization: bytes streamed per decode step / step time / peak bandwidth."""
    _positive(params=params, bytes_per_param=bytes_per_param, bandwidth=bandwidth, batch=batch)
    if (tokens_per_second is None) == (tpot is None):
        raise UnitError("give exactly one of --tokens-per-second (per sequence) or --tpot")
    if tpot is None:
        assert tokens_per_second is not None
        _positive(tokens_per_second=tokens_per_second)
        step_time = 1 / tokens_per_second
    else:
        _positive(tpot=tpot)
        step_time = tpot
    weight_bytes = params * bytes_per_param
    per_step = weight_bytes + kv_bytes
    achieved = per_step / step_time
    value = achieved / bandwidth

    def explain() -> Explanation:
        steps = [f"weight bytes = {n(params)} x {sig(bytes_per_param)} B = {b(weight_bytes)}"]
        if kv_bytes:
            steps.append(
                f"bytes per step = weights + KV cache = {b(weight_bytes)} + {b(kv_bytes)}"
                f" = {b(per_step)}"
            )
        if batch > 1:
            steps.append(
                f"batch {n(batch)}: one step streams the weights once and yields {n(batch)} "
                "tokens (use the step time, not 1 / aggregate tokens/s)"
            )
        if tokens_per_second is not None:
            time_step = (
                f"time per step = 1 / {sig(tokens_per_second)} tokens/s = "
                f"{show(step_time, SECONDS)}"
            )
        else:
            time_step = f"time per step (TPOT) = {show(step_time, SECONDS)}"
        steps += [
            time_step,
            f"achieved bandwidth = {b(per_step)} / {show(step_time, SECONDS)} = "
            f"{show(achieved, BYTES_PER_S)}",
            f"MBU = {show(achieved, BYTES_PER_S)} / {show(bandwidth, BYTES_PER_S)} = "
            f"{format_fraction(value)}",
        ]
        inputs = {
            "params": n(params),
            "bytes_per_param": sig(bytes_per_param),
            "bandwidth": show(bandwidth, BYTES_PER_S),
            "batch": n(batch),
        }
        if tokens_per_second is not None:
            inputs["tokens_per_second"] = sig(tokens_per_second)
        if tpot is not None:
            inputs["tpot"] = show(tpot, SECONDS)
        if kv_bytes:
            inputs["kv_bytes"] = b(kv_bytes)
        return steps, inputs

    result = Result("mbu", value, DIMENSIONLESS, explain, fraction=True)
    result.feasible = value <= 1
    if value > 1:
        result.notes += _infeasible_mbu(
            params, bytes_per_param, bandwidth, per_step, step_time, value
        )
    return result


def _infeasible_mbu(
    params: float, bpp: float, bandwidth: float, per_step: float, step_time: float, value: float
) -> list[str]:
    ceiling = bandwidth / per_step
    wanted = 1 / step_time
    notes = [
        f"infeasible: MBU {sig(value * 100)}% > 100% - no GPU streams more than its peak bandwidth",
        f"the ceiling here is {show(bandwidth, BYTES_PER_S)} / {b(per_step)} = {sig(ceiling)} "
        f"tokens/s per sequence, below the {sig(wanted)} tokens/s asked",
        f"shard over at least {math.ceil(value)} GPUs (tensor parallel) to add their bandwidth",
    ]
    for dtype in ("int8", "int4"):
        q_bpp = DTYPE_BYTES[dtype]
        if q_bpp < bpp:
            q_ceiling = bandwidth / (per_step - params * (bpp - q_bpp))
            verdict = "enough" if q_ceiling >= wanted else "not enough alone"
            notes.append(f"quantize to {dtype}: ceiling {sig(q_ceiling)} tokens/s ({verdict})")
    notes += [
        f"if {sig(wanted)} tokens/s is the total over several sequences, batch at least "
        f"{math.ceil(wanted / ceiling)} sequences (each step serves the whole batch)",
        "speculative decoding: verify several drafted tokens per pass over the weights",
    ]
    return notes


def min_batch_for_throughput(
    params: float, bytes_per_param: float, bandwidth: float, aggregate_tokens_per_second: float
) -> Result:
    ceiling = decode_ceiling(params, bytes_per_param, bandwidth)
    value = math.ceil(aggregate_tokens_per_second / ceiling.value - 1e-12)

    def explain() -> Explanation:
        steps = [
            *ceiling.steps,
            f"batch >= {sig(aggregate_tokens_per_second)} / {sig(ceiling.value)} -> {value} "
            "sequences (at 100% MBU, weights only)",
        ]
        return steps, ceiling.inputs

    return Result("min-batch", value, DIMENSIONLESS, explain, count=True)


# ---- compute ------------------------------------------------------------------------------


def ridge(flops: float, bandwidth: float) -> Result:
    _positive(flops=flops, bandwidth=bandwidth)
    value = flops / bandwidth

    def explain() -> Explanation:
        steps = [
            f"ridge point = peak FLOP/s / peak bandwidth = {show(flops, FLOP_PER_S)} / "
            f"{show(bandwidth, BYTES_PER_S)} = {sig(value)} FLOP/B",
            "below it work is memory-bandwidth-bound, above it compute-bound",
        ]
        return steps, {"flops": show(flops, FLOP_PER_S), "bandwidth": show(bandwidth, BYTES_PER_S)}

    return Result("ridge", value, FLOP_PER_BYTE, explain)


def intensity(
    tokens: float,
    d_in: float,
    d_out: float,
    bytes_per_elem: float = 2,
    ridge_point: float | None = None,
) -> Result:
    _positive(tokens=tokens, d_in=d_in, d_out=d_out, bytes_per_elem=bytes_per_elem)
    flop = 2 * tokens * d_in * d_out
    elements = d_in * d_out + tokens * d_in + tokens * d_out
    moved = bytes_per_elem * elements
    value = flop / moved
    bound = None
    if ridge_point is not None:
        bound = "compute-bound" if value > ridge_point else "memory-bound"

    def explain() -> Explanation:
        steps = [
            f"FLOPs = 2 x T x d_in x d_out = 2 x {n(tokens)} x {n(d_in)} x {n(d_out)}"
            f" = {sig(flop)}",
            f"bytes = {sig(bytes_per_elem)} x (d_in d_out + T d_in + T d_out) = {b(moved)}",
            f"intensity = {sig(flop)} / {n(moved)} = {sig(value)} FLOP/B",
        ]
        if ridge_point is not None:
            steps.append(f"ridge point {sig(ridge_point)} FLOP/B -> {bound}")
        return steps, {"tokens": n(tokens), "d_in": n(d_in), "d_out": n(d_out)}

    result = Result("intensity", value, FLOP_PER_BYTE, explain)
    if bound is not None:
        result.notes.append(bound)
    return result


def mfu(
    params: float,
    tokens_per_second: float,
    flops: float,
    mode: str = "train",
    layers: int = 0,
    heads: int = 0,
    head_dim: int = 0,
    seq_len: int = 0,
) -> Result:
    _positive(params=params, tokens_per_second=tokens_per_second, flops=flops)
    if mode not in ("train", "infer"):
        raise UnitError(f"mode must be train or infer, got {mode!r}")
    attention = layers * heads * head_dim * seq_len
    dense, attn = (6, 12) if mode == "train" else (2, 4)
    per_token = dense * params + attn * attention
    achieved = tokens_per_second * per_token
    value = achieved / flops

    def explain() -> Explanation:
        formula = f"{dense}N" + (f" + {attn} L H Q T" if attention else "")
        steps = [
            f"FLOPs per token ({mode}) = {formula} = {sig(per_token)}",
            f"achieved = {sig(tokens_per_second)} tokens/s x {sig(per_token)}"
            f" = {show(achieved, FLOP_PER_S)}",
            f"MFU = {show(achieved, FLOP_PER_S)} / {show(flops, FLOP_PER_S)}"
            f" = {format_fraction(value)}",
        ]
        inputs = {
            "params": n(params),
            "tokens_per_second": sig(tokens_per_second),
            "flops": show(flops, FLOP_PER_S),
            "mode": mode,
        }
        return steps, inputs

    result = Result("mfu", value, DIMENSIONLESS, explain, fraction=True)
    result.feasible = value <= 1
    return result


def roofline_time(flop: float, moved_bytes: float, flops: float, bandwidth: float) -> Result:
    _positive(flop=flop, moved_bytes=moved_bytes, flops=flops, bandwidth=bandwidth)
    compute_t, memory_t = flop / flops, moved_bytes / bandwidth
    value = max(compute_t, memory_t)
    bound = "compute-bound" if compute_t >= memory_t else "memory-bound"

    def explain() -> Explanation:
        steps = [
            f"compute time = {sig(flop)} FLOP / {show(flops, FLOP_PER_S)}"
            f" = {show(compute_t, SECONDS)}",
            f"memory time = {b(moved_bytes)} / {show(bandwidth, BYTES_PER_S)}"
            f" = {show(memory_t, SECONDS)}",
            f"time >= max of the two = {show(value, SECONDS)} ({bound})",
        ]
        return steps, {"flop": sig(flop)}

    return Result("roofline-time", value, SECONDS, explain, notes=[bound])
