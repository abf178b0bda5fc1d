"""Memory: weights, KV cache, finetuning states, LoRA parameters, the largest batch that fits."""

from __future__ import annotations

import math

from quiz.calc.result import (
    DTYPE_BYTES,
    FULL_FINETUNE_CONVENTIONS,
    LORA_ADAPTER_BYTES,
    QLORA_ADAPTER_BYTES,
    Explanation,
    Result,
    b,
    n,
    positive,
)
from quiz.calc.units import (
    BYTES,
    DIMENSIONLESS,
    UnitError,
    sig,
)


def weights(params: float, bytes_per_param: float) -> Result:
    positive(params=params, bytes_per_param=bytes_per_param)
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
    positive(layers=layers, kv_heads=kv_heads, head_dim=head_dim, tokens=tokens, batch=batch)
    positive(bytes_per_elem=bytes_per_elem)
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
    positive(params=params)
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
    positive(lora_params=lora_params)
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
    positive(layers=layers, rank=rank)
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
    positive(memory=memory, kv_per_token=kv_per_token, tokens=tokens, utilization=utilization)
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
