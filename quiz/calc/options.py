"""Argument definitions of `quiz calc` (no calculator imports: every command builds the parser)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

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
    "bandwidth": "peak bandwidth needed to decode at a given tokens/s (B/s)",
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


def _opts_decode(add: _Add) -> None:
    _model_weights(add)
    _bandwidth(add)
    add("--batch", help="sequences decoded together (default 1)")
    add("--kv-bytes", help="KV-cache bytes read per decode step, whole batch (e.g. 2GB)")


def _opts_mbu(add: _Add) -> None:
    _opts_decode(add)
    add("--tokens-per-second", help="decode speed per sequence (tokens/s)")
    add("--tpot", help="time per output token, i.e. per decode step (14ms)")


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


def _opts_bandwidth(add: _Add) -> None:
    _model_weights(add)
    add("--tokens-per-second", required=True, help="decode speed wanted, per sequence")
    add("--kv-bytes", help="KV-cache bytes read per decode step, whole batch (e.g. 2GB)")
    add("--mbu", help="achievable MBU, as a fraction or percent (default 1 = 100%%)")


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
    "bandwidth": _opts_bandwidth,
    "min-batch": _opts_min_batch,
    "roofline-time": _opts_roofline,
}
