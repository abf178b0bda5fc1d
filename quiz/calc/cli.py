"""`quiz calc`: one calculator result with its worked steps (argument parsing and presets)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from quiz.calc import core, presets
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

QUANTITIES: dict[str, str] = {
    "mbu": "Model Bandwidth Utilization of decoding (fraction)",
    "decode": "batch-1 decode ceiling: max tokens/s per sequence",
    "weights": "weight memory (bytes)",
    "kv-cache": "KV-cache size (bytes)",
    "finetune": "finetuning memory of model states: full, LoRA or QLoRA (bytes)",
    "lora-params": "LoRA trainable parameters (count)",
    "ridge": "roofline ridge point (FLOP per byte)",
    "intensity": "arithmetic intensity of a linear layer, with a memory/compute verdict",
    "mfu": "Model FLOPs Utilization (fraction)",
    "max-batch": "largest batch whose KV cache fits beside the weights (count)",
    "min-batch": "smallest batch reaching an aggregate tokens/s at 100% MBU (count)",
    "roofline-time": "lower bound on a kernel's time: max(FLOPs / peak, bytes / bandwidth)",
}

_Add = Callable[..., None]


def add_calc_parser(sub: Any, common: argparse.ArgumentParser, handler: Any) -> None:
    calc = sub.add_parser(
        "calc",
        parents=[common],
        help="one calculator result with its worked steps",
        description="Compute one quantity. Values accept units: 7B, 6.7e9, 1.5TB/s, 14ms, 312e12.",
    )
    calc.add_argument("--list", action="store_true", help="list quantities and presets")
    calc.set_defaults(handler=handler, quantity=None)
    kinds = calc.add_subparsers(dest="quantity", metavar="QUANTITY")
    for name, help_text in QUANTITIES.items():
        p = kinds.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        _OPTIONS[name](p.add_argument)


def _model_weights(add: _Add) -> None:
    add("--params", help="parameter count (7B, 6.7e9)")
    add("--model", help="model preset (see --list)")
    add("--dtype", help="fp32, fp16, bf16, fp8, int8, int4, nf4 (default bf16)")
    add("--bytes-per-param", help="bytes per parameter (instead of --dtype)")


def _bandwidth(add: _Add) -> None:
    add("--bandwidth", help="peak memory bandwidth (1.5TB/s)")
    add("--gpu", help="GPU preset (see --list)")


def _opts_mbu(add: _Add) -> None:
    _model_weights(add)
    _bandwidth(add)
    add("--tokens-per-second", help="decode speed per sequence (tokens/s)")
    add("--tpot", help="time per output token, i.e. per decode step (14ms)")
    add("--batch", help="sequences decoded together (default 1)")
    add("--kv-bytes", help="KV-cache bytes read per decode step, whole batch (e.g. 2GB)")


def _opts_decode(add: _Add) -> None:
    _model_weights(add)
    _bandwidth(add)
    add("--batch", help="sequences decoded together (default 1)")
    add("--kv-bytes", help="KV-cache bytes read per decode step, whole batch")


def _opts_kv(add: _Add) -> None:
    add("--model", help="model preset (see --list)")
    add("--layers")
    add("--kv-heads")
    add("--head-dim")
    add("--tokens", required=True, help="context length per sequence")
    add("--batch", help="sequences (default 1)")
    add("--dtype", help="KV-cache element type (default bf16)")
    add("--window", help="sliding-window length (default: the model's, if any)")


def _opts_finetune(add: _Add) -> None:
    _model_weights(add)
    add("--method", default="full", choices=("full", "lora", "qlora"))
    add("--convention", default="16", choices=("16", "18"), help="full finetuning B/param")
    add("--rank", help="LoRA rank r (lora/qlora)")
    add("--targets", default="q_proj,v_proj", help="adapted modules (default q_proj,v_proj)")
    add("--lora-params", help="trainable adapter parameters, instead of --rank/--targets")


def _opts_lora(add: _Add) -> None:
    add("--model", help="model preset (see --list)")
    add("--layers")
    add("--rank", required=True)
    add("--targets", default="q_proj,v_proj", help="modules, e.g. q_proj,v_proj or 'all'")
    add("--shape", action="append", help="NAME=DINxDOUT for a target (repeatable)")


def _opts_ridge(add: _Add) -> None:
    add("--gpu")
    add("--flops", help="peak FLOP/s (312e12, 989.4 TFLOP/s)")
    add("--bandwidth")


def _opts_intensity(add: _Add) -> None:
    add("--tokens", required=True, help="tokens in the matmul (batch x sequence)")
    add("--d-in", required=True)
    add("--d-out", required=True)
    add("--dtype", help="element type (default bf16)")
    add("--gpu", help="adds the memory/compute verdict against its ridge point")


def _opts_mfu(add: _Add) -> None:
    add("--params", help="parameter count (N)")
    add("--model")
    add("--tokens-per-second", required=True)
    add("--flops", help="peak FLOP/s of all devices")
    add("--gpu")
    add("--gpus", help="number of devices (default 1)")
    add("--mode", default="train", choices=("train", "infer"))
    add("--layers")
    add("--heads")
    add("--head-dim")
    add("--seq-len")


def _opts_max_batch(add: _Add) -> None:
    add("--model", required=True)
    add("--gpu")
    add("--memory", help="GPU memory (80GB)")
    add("--tokens", required=True, help="context per sequence")
    add("--dtype", help="weights and KV-cache type (default bf16)")
    add("--utilization", help="usable share of memory (default 0.9)")


def _opts_min_batch(add: _Add) -> None:
    _model_weights(add)
    _bandwidth(add)
    add("--tokens-per-second", required=True, help="aggregate tokens/s wanted")


def _opts_roofline(add: _Add) -> None:
    add("--flop", required=True, help="FLOPs of the kernel")
    add("--bytes", required=True, help="bytes it moves")
    add("--gpu")
    add("--flops")
    add("--bandwidth")


_OPTIONS: dict[str, Callable[[_Add], None]] = {
    "mbu": _opts_mbu,
    "decode": _opts_decode,
    "weights": _model_weights,
    "kv-cache": _opts_kv,
    "finetune": _opts_finetune,
    "lora-params": _opts_lora,
    "ridge": _opts_ridge,
    "intensity": _opts_intensity,
    "mfu": _opts_mfu,
    "max-batch": _opts_max_batch,
    "min-batch": _opts_min_batch,
    "roofline-time": _opts_roofline,
}


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


def _bandwidth_of(args: argparse.Namespace, gpu: presets.Gpu | None) -> float:
    if _has(args, "bandwidth"):
        return _get(args, "bandwidth", BYTES_PER_S)
    if gpu is None:
        raise UnitError("give --bandwidth or --gpu")
    return gpu.bandwidth


def _flops_of(args: argparse.Namespace, gpu: presets.Gpu | None) -> float:
    if _has(args, "flops"):
        return _get(args, "flops", FLOP_PER_S)
    if gpu is None:
        raise UnitError("give --flops or --gpu")
    return gpu.flops


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
    model, gpu = (
        _model(args) if hasattr(args, "model") else None,
        (_gpu(args) if hasattr(args, "gpu") else None),
    )
    if q in ("mbu", "decode", "min-batch"):
        params, bpp, bw = _params(args, model, per_token=True), _bpp(args), _bandwidth_of(args, gpu)
        if q == "min-batch":
            tps = _get(args, "tokens-per-second", PER_S)
            return core.min_batch_for_throughput(params, bpp, bw, tps)
        kv = _get(args, "kv-bytes", BYTES, 0.0)
        if q == "decode":
            return core.decode_ceiling(params, bpp, bw, kv)
        tps = _get(args, "tokens-per-second", PER_S) if _has(args, "tokens-per-second") else None
        tpot = _get(args, "tpot", SECONDS) if _has(args, "tpot") else None
        return core.mbu(params, bpp, bw, tps, tpot, _get(args, "batch", DIMENSIONLESS, 1.0), kv)
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
