"""Compute: the roofline ridge point, arithmetic intensity, MFU and a kernel's time bound."""

from __future__ import annotations

from quiz.calc.result import Explanation, Result, b, n, positive, show
from quiz.calc.units import (
    BYTES_PER_S,
    DIMENSIONLESS,
    FLOP_PER_BYTE,
    FLOP_PER_S,
    SECONDS,
    UnitError,
    format_fraction,
    sig,
)


def ridge(flops: float, bandwidth: float) -> Result:
    positive(flops=flops, bandwidth=bandwidth)
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
    positive(tokens=tokens, d_in=d_in, d_out=d_out, bytes_per_elem=bytes_per_elem)
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
    positive(params=params, tokens_per_second=tokens_per_second, flops=flops)
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
    positive(flop=flop, moved_bytes=moved_bytes, flops=flops, bandwidth=bandwidth)
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
