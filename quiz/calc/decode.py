"""Decoding: bytes per step, the batch-1 ceiling, MBU, the bandwidth and batch a speed needs."""

from __future__ import annotations

import math

from quiz.calc.result import DTYPE_BYTES, Explanation, Result, b, n, positive, show
from quiz.calc.units import (
    BYTES_PER_S,
    DIMENSIONLESS,
    PER_S,
    SECONDS,
    UnitError,
    format_fraction,
    sig,
)


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
    positive(params=params, bytes_per_param=bytes_per_param, bandwidth=bandwidth, batch=batch)
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
    positive(params=params, bytes_per_param=bytes_per_param, mbu=mbu)
    positive(tokens_per_second=tokens_per_second)
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
    positive(params=params, bytes_per_param=bytes_per_param, bandwidth=bandwidth, batch=batch)
    if (tokens_per_second is None) == (tpot is None):
        raise UnitError("give exactly one of --tokens-per-second (per sequence) or --tpot")
    if tpot is None:
        assert tokens_per_second is not None
        positive(tokens_per_second=tokens_per_second)
        step_time = 1 / tokens_per_second
    else:
        positive(tpot=tpot)
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
