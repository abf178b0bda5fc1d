"""`quiz calc`: one calculator result with its worked steps (argument parsing and presets)."""

from __future__ import annotations

import argparse
from typing import Any

from quiz.calc import core, presets
from quiz.calc.options import QUANTITIES
from quiz.calc.units import (
    BYTES,
    BYTES_PER_S,
    DIMENSIONLESS,
    FLOP_PER_S,
    FLOPS,
    PER_S,
    SECONDS,
    Dims,
    UnitError,
    read_input,
)

# ---- resolving inputs ------------------------------------------------------------------------


def _get(args: argparse.Namespace, name: str, dims: Dims, default: float | None = None) -> float:
    raw = getattr(args, name.replace("-", "_"), None)
    if raw is None:
        if default is None:
            raise UnitError(f"--{name} is required")
        return default
    return read_input(str(raw), dims, name)


def _has(args: argparse.Namespace, name: str) -> bool:
    return getattr(args, name.replace("-", "_"), None) is not None


def _model(args: argparse.Namespace) -> presets.Model | None:
    return presets.model(args.model) if _has(args, "model") else None


def _gpu(args: argparse.Namespace) -> presets.Gpu | None:
    return presets.gpu(args.gpu) if _has(args, "gpu") else None


def _params(args: argparse.Namespace, model: presets.Model | None, per_token: bool) -> float:
    if _has(args, "params"):
        return _get(args, "params", DIMENSIONLESS)
    if model is None:
        raise UnitError("give --params or --model")
    return float(model.params_per_token if per_token else model.params)


def _bpp(args: argparse.Namespace) -> float:
    if _has(args, "bytes-per-param"):
        return _get(args, "bytes-per-param", DIMENSIONLESS)
    return core.dtype_bytes(args.dtype or "bf16")


def _flag_or_gpu(
    args: argparse.Namespace, flag: str, dims: Dims, gpu: presets.Gpu | None, field: str
) -> float:
    """An explicit flag, else the GPU preset's figure."""
    if _has(args, flag):
        return _get(args, flag, dims)
    if gpu is None:
        raise UnitError(f"give --{flag} or --gpu")
    return float(getattr(gpu, field))


def _bandwidth_of(args: argparse.Namespace, gpu: presets.Gpu | None) -> float:
    return _flag_or_gpu(args, "bandwidth", BYTES_PER_S, gpu, "bandwidth")


def _flops_of(args: argparse.Namespace, gpu: presets.Gpu | None) -> float:
    return _flag_or_gpu(args, "flops", FLOP_PER_S, gpu, "flops")


def _int(args: argparse.Namespace, name: str, fallback: int | None) -> int:
    if _has(args, name):
        value = _get(args, name, DIMENSIONLESS)
        if not float(value).is_integer():
            raise UnitError(f"--{name} must be a whole number, got {value:g}")
        return int(value)
    if fallback is None:
        raise UnitError(f"give --{name} or --model")
    return fallback


def _shapes(args: argparse.Namespace, model: presets.Model | None) -> dict[str, tuple[int, int]]:
    shapes: dict[str, tuple[int, int]] = {}
    for spec in getattr(args, "shape", None) or ():
        name, _, dims = spec.partition("=")
        d_in, _, d_out = dims.lower().partition("x")
        if not (name and d_in.isdigit() and d_out.isdigit()):
            raise UnitError(f"--shape {spec!r}: expected NAME=DINxDOUT, e.g. q_proj=4096x4096")
        shapes[name] = (int(d_in), int(d_out))
    if shapes:
        return shapes
    if model is None:
        raise UnitError("give --model (for the module shapes) or --shape NAME=DINxDOUT")
    available = model.linear_shapes()
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    if targets in (["all"], ["all-linear"]):
        return available
    unknown = [t for t in targets if t not in available]
    if unknown:
        raise UnitError(
            f"--targets: unknown module {unknown[0]!r}; choose from {', '.join(available)}"
        )
    return {t: available[t] for t in targets}


def compute(args: argparse.Namespace) -> core.Result:
    """Resolve presets and flags (explicit flags win) and run the asked quantity."""
    q = args.quantity
    model, gpu = _model(args), _gpu(args)
    if q in ("mbu", "decode", "min-batch"):
        params, bpp, bw = _params(args, model, per_token=True), _bpp(args), _bandwidth_of(args, gpu)
        if q == "min-batch":
            tps = _get(args, "tokens-per-second", PER_S)
            return core.min_batch_for_throughput(params, bpp, bw, tps)
        kv = _get(args, "kv-bytes", BYTES, 0.0)
        if q == "decode":
            batch = _get(args, "batch", DIMENSIONLESS, 1.0)
            return core.decode_ceiling(params, bpp, bw, kv, batch)
        rate = _get(args, "tokens-per-second", PER_S) if _has(args, "tokens-per-second") else None
        tpot = _get(args, "tpot", SECONDS) if _has(args, "tpot") else None
        return core.mbu(params, bpp, bw, rate, tpot, _get(args, "batch", DIMENSIONLESS, 1.0), kv)
    if q == "bandwidth":
        return core.required_bandwidth(
            _params(args, model, per_token=True),
            _bpp(args),
            _get(args, "tokens-per-second", PER_S),
            _get(args, "kv-bytes", BYTES, 0.0),
            _get(args, "mbu", DIMENSIONLESS, 1.0),
        )
    if q == "weights":
        return core.weights(_params(args, model, per_token=False), _bpp(args))
    if q == "kv-cache":
        window = _get(args, "window", DIMENSIONLESS) if _has(args, "window") else None
        if window is None and model is not None:
            window = model.sliding_window
        return core.kv_cache(
            _int(args, "layers", model.layers if model else None),
            _int(args, "kv-heads", model.kv_heads if model else None),
            _int(args, "head-dim", model.head_dim if model else None),
            _get(args, "tokens", DIMENSIONLESS),
            _get(args, "batch", DIMENSIONLESS, 1.0),
            core.dtype_bytes(args.dtype or "bf16"),
            window,
        )
    if q == "finetune":
        params = _params(args, model, per_token=False)
        if args.method == "full":
            return core.finetune(params, "full", int(args.convention))
        if _has(args, "lora-params"):
            adapters = _get(args, "lora-params", DIMENSIONLESS)
        else:
            rank = _int(args, "rank", None)
            layers = model.layers if model else _int(args, "layers", None)
            adapters = core.lora_params(layers, _shapes(args, model), rank).value
        base = _bpp(args) if (_has(args, "dtype") or _has(args, "bytes-per-param")) else None
        return core.finetune(params, args.method, lora_params=adapters, base_bytes_per_param=base)
    if q == "lora-params":
        layers = _int(args, "layers", model.layers if model else None)
        return core.lora_params(layers, _shapes(args, model), _int(args, "rank", None))
    if q == "ridge":
        return core.ridge(_flops_of(args, gpu), _bandwidth_of(args, gpu))
    if q == "intensity":
        ridge_point = gpu.flops / gpu.bandwidth if gpu else None
        return core.intensity(
            _get(args, "tokens", DIMENSIONLESS),
            _get(args, "d-in", DIMENSIONLESS),
            _get(args, "d-out", DIMENSIONLESS),
            core.dtype_bytes(args.dtype or "bf16"),
            ridge_point,
        )
    if q == "mfu":
        devices = _get(args, "gpus", DIMENSIONLESS, 1.0)
        return core.mfu(
            _params(args, model, per_token=True),
            _get(args, "tokens-per-second", PER_S),
            _flops_of(args, gpu) * devices,
            args.mode,
            _int(args, "layers", model.layers if model else 0),
            _int(args, "heads", model.heads if model else 0),
            _int(args, "head-dim", model.head_dim if model else 0),
            _int(args, "seq-len", 0),
        )
    if q == "max-batch":
        assert model is not None
        bpp = core.dtype_bytes(args.dtype or "bf16")
        memory = _get(args, "memory", BYTES) if _has(args, "memory") else None
        if memory is None:
            if gpu is None:
                raise UnitError("give --memory or --gpu")
            memory = gpu.memory
        return core.max_batch(
            memory,
            model.params * bpp,
            model.kv_bytes_per_token(bpp),
            _get(args, "tokens", DIMENSIONLESS),
            _get(args, "utilization", DIMENSIONLESS, 0.9),
        )
    if q == "roofline-time":
        return core.roofline_time(
            _get(args, "flop", FLOPS),
            _get(args, "bytes", BYTES),
            _flops_of(args, gpu),
            _bandwidth_of(args, gpu),
        )
    raise UnitError(f"unknown quantity {q!r}")


def listing() -> dict[str, Any]:
    return {
        "quantities": QUANTITIES,
        "dtypes": core.DTYPE_BYTES,
        "gpus": {
            g.id: {"bandwidth_B_per_s": g.bandwidth, "memory_B": g.memory, "flops": g.flops}
            for g in presets.gpus().values()
        },
        "models": {
            m.id: {"params": m.params, "layers": m.layers} for m in presets.models().values()
        },
    }


def listing_text() -> str:
    lines = ["Quantities:"]
    lines += [f"  {name:<14} {text}" for name, text in QUANTITIES.items()]
    lines += ["", "dtypes: " + ", ".join(f"{k} ({v:g} B)" for k, v in core.DTYPE_BYTES.items())]
    lines += ["", "GPUs:"]
    lines += [
        f"  {g.id:<14} {g.bandwidth / 1e9:>7,.0f} GB/s  {g.memory / 1e9:>4,.0f} GB  "
        f"{g.flops / 1e12:>7,.1f} TFLOP/s"
        for g in presets.gpus().values()
    ]
    lines += ["", "Models:"]
    lines += [
        f"  {m.id:<14} {m.params:>15,} params  {m.layers} layers  {m.kv_heads} KV heads"
        for m in presets.models().values()
    ]
    return "\n".join(lines)


def result_text(result: core.Result) -> str:
    flag = {True: "", False: "   INFEASIBLE", None: ""}[result.feasible]
    lines = [f"{result.quantity} = {result.display}{flag}", ""]
    lines += [f"  {step}" for step in result.steps]
    if result.notes:
        lines += ["", "Notes:"] + [f"  - {note}" for note in result.notes]
    return "\n".join(lines)
