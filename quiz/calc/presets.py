"""GPU and model presets, read from question_bank/reference/*.yaml without the bank's schema code.

Plain commands must start fast, so this reads the two files with PyYAML's safe loader and checks
each entry's fields here; `quiz lint` validates the same files against the full schema. What a
file parses to is kept as JSON in the user cache, keyed by the file's bytes, so a command that
uses a preset does not import PyYAML again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from quiz.calc.units import UnitError
from quiz.paths import packaged_bank_dir


@dataclass(frozen=True, slots=True)
class Gpu:
    id: str
    bandwidth: float  # B/s
    memory: float  # bytes, nominal decimal
    flops: float  # dense BF16/FP16 FLOP/s
    memory_type: str | None
    source: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Model:
    id: str
    params: int
    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    ffn: int
    vocab: int
    source: str
    active_params: int | None = None
    experts: int | None = None
    active_experts: int | None = None
    sliding_window: int | None = None
    tied_embeddings: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def params_per_token(self) -> int:
        """Parameters read for one token (the active ones of a mixture-of-experts)."""
        return self.active_params or self.params

    def kv_bytes_per_token(self, bytes_per_elem: float = 2) -> float:
        return 2 * self.layers * self.kv_heads * self.head_dim * bytes_per_elem

    def linear_shapes(self) -> dict[str, tuple[int, int]]:
        """(d_in, d_out) of each adaptable Linear of one decoder layer (peft's module names)."""
        d, q, kv = self.hidden, self.heads * self.head_dim, self.kv_heads * self.head_dim
        return {
            "q_proj": (d, q),
            "k_proj": (d, kv),
            "v_proj": (d, kv),
            "o_proj": (q, d),
            "gate_proj": (d, self.ffn),
            "up_proj": (d, self.ffn),
            "down_proj": (self.ffn, d),
        }


def reference_dir() -> Path:
    return packaged_bank_dir() / "reference"


def _entries(name: str, key: str) -> list[dict[str, Any]]:
    from quiz.cachefiles import cache_dir, read_trusted, write_entry
    from quiz.digests import blake2b

    path = reference_dir() / name
    raw = path.read_bytes()
    digest = blake2b(f"{name}\0{key}\0".encode() + raw, digest_size=20).hexdigest()
    target = cache_dir() / f"presets-{digest}.json"
    cached = read_trusted(target)
    if cached is not None:
        try:
            entries = json.loads(cached)
        except ValueError:
            entries = None
        if isinstance(entries, list) and all(isinstance(e, dict) for e in entries):
            return entries
    entries = _parsed(path, raw, key)
    try:
        text = json.dumps(entries, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return entries
    write_entry(cache_dir(), target, text.encode("utf-8"), pattern="presets-*.json")
    return entries


def _parsed(path: Path, raw: bytes, key: str) -> list[dict[str, Any]]:
    import yaml

    safe_loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(raw.decode("utf-8"), Loader=safe_loader)  # CSafeLoader/SafeLoader
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise UnitError(f"{path}: expected a list of mappings under '{key}'")
    return entries


@cache
def gpus() -> dict[str, Gpu]:
    table: dict[str, Gpu] = {}
    for entry in _entries("gpus.yaml", "gpus"):
        gpu = Gpu(
            id=entry["id"],
            bandwidth=float(entry["bandwidth_gb_s"]) * 1e9,
            memory=float(entry["memory_gb"]) * 1e9,
            flops=float(entry["bf16_tflops"]) * 1e12,
            memory_type=entry.get("memory_type"),
            source=entry["source"],
            aliases=tuple(entry.get("aliases", ())),
        )
        table[gpu.id] = gpu
    return table


@cache
def models() -> dict[str, Model]:
    names = {f.name for f in fields(Model)}
    table: dict[str, Model] = {}
    for entry in _entries("models.yaml", "models"):
        known = {k: v for k, v in entry.items() if k in names}
        known["aliases"] = tuple(known.get("aliases", ()))
        model = Model(**known)
        table[model.id] = model
    return table


def _find(table: dict[str, Any], name: str, kind: str) -> Any:
    wanted = name.strip().lower()
    for preset in table.values():
        if wanted == preset.id.lower() or wanted in preset.aliases:
            return preset
    choices = ", ".join(table)
    raise UnitError(f"unknown {kind} {name!r}; choose one of: {choices}")


def gpu(name: str) -> Gpu:
    return _find(gpus(), name, "GPU")  # type: ignore[no-any-return]


def model(name: str) -> Model:
    return _find(models(), name, "model")  # type: ignore[no-any-return]
