"""Quantities with units: parsing ("1.5TB/s", "7B", "14 ms", "267 %") and formatting.

A dimension is a vector of exponents over (byte, second, FLOP); tokens, parameters, sequences and
fractions are dimensionless counts. Values are always held in SI base units (B, s, FLOP); decimal
prefixes are powers of 1000 and binary ones (Ki, Mi, Gi, Ti) powers of 1024.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

Dims = tuple[int, int, int]  # exponents of (byte, second, FLOP)

DIMENSIONLESS: Dims = (0, 0, 0)
BYTES: Dims = (1, 0, 0)
SECONDS: Dims = (0, 1, 0)
FLOPS: Dims = (0, 0, 1)
BYTES_PER_S: Dims = (1, -1, 0)
FLOP_PER_S: Dims = (0, -1, 1)
PER_S: Dims = (0, -1, 0)  # tokens/s
FLOP_PER_BYTE: Dims = (-1, 0, 1)

DIM_NAMES: dict[Dims, str] = {
    DIMENSIONLESS: "number",
    BYTES: "bytes",
    SECONDS: "time",
    FLOPS: "FLOP",
    BYTES_PER_S: "bandwidth (bytes/s)",
    FLOP_PER_S: "compute (FLOP/s)",
    PER_S: "rate (tokens/s)",
    FLOP_PER_BYTE: "intensity (FLOP/byte)",
}


class UnitError(ValueError):
    """A value or unit that cannot be read; the message names the offending text."""


DECIMAL = {"k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15}
BINARY = {"Ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30, "Ti": 2.0**40, "Pi": 2.0**50}
SMALL = {"m": 1e-3, "u": 1e-6, "µ": 1e-6, "μ": 1e-6, "n": 1e-9}
# Magnitude suffixes of plain counts: "7B" or "7b" parameters, "4.2M" trainable, "2k" tokens
# (where bytes are meant, "b" is a bit).
COUNT_SUFFIX = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "b": 1e9, "G": 1e9, "T": 1e12, "bn": 1e9}
# Inputs whose bare number is ambiguous (1.5 bandwidth: B/s or TB/s?), so a unit is required,
# with an example of one. A count, tokens/s and a FLOP count are what their flags name.
UNIT_REQUIRED: dict[Dims, str] = {
    BYTES: "14GB",
    SECONDS: "8ms",
    BYTES_PER_S: "1.5TB/s",
    FLOP_PER_S: "989TFLOP/s",
}

_BYTE_WORDS = {"B": 1.0, "byte": 1.0, "bytes": 1.0, "b": 0.125, "bit": 0.125, "bits": 0.125}
_FLOP_WORDS = {"FLOP", "FLOPs", "flop", "flops", "Flop", "Flops"}
_COUNT_WORDS = {
    "tok",
    "toks",
    "token",
    "tokens",
    "param",
    "params",
    "parameter",
    "parameters",
    "seq",
    "seqs",
    "sequence",
    "sequences",
    "x",
    "GPU",
    "GPUs",
    "gpu",
    "gpus",
}
_TIME_WORDS = {
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "min": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
}

# Matched against stripped text, so no pattern part scans trailing spaces (which made a value
# such as "1 B" + 100,000 spaces + "B" take quadratic time).
_NUMBER = re.compile(r"(?P<num>[-+]?(?:\d[\d,_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(?P<unit>.*)")
MAX_VALUE_TEXT = 200
MAX_INPUT = 1e24  # any input, in SI units (a yottabyte; no GPU or model comes near it)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed value in SI base units; unit is the text as written ('' when none)."""

    value: float
    dims: Dims | None  # None: no unit was written
    unit: str


def _atom(text: str, count_context: bool) -> tuple[float, Dims]:
    """One unit word with an optional prefix: 'TB', 'GiB', 'ms', 'TFLOP', 'tok', 'Gbit'."""
    lowered_bytes = re.fullmatch(r"([kmgtp])(i?)b(?:ytes?)?", text)
    if lowered_bytes:  # "gb", "tb", "gib": the everyday spelling of bytes
        prefix = lowered_bytes.group(1).upper().replace("K", "k") + lowered_bytes.group(2)
        return (
            BINARY[prefix.replace("k", "K")] if lowered_bytes.group(2) else DECIMAL[prefix]
        ), BYTES
    if text in ("%", "percent", "pct"):
        return 0.01, DIMENSIONLESS
    if text in _COUNT_WORDS:
        return 1.0, DIMENSIONLESS
    if count_context and text in COUNT_SUFFIX:
        return COUNT_SUFFIX[text], DIMENSIONLESS
    for prefixes in (BINARY, DECIMAL, SMALL, {"": 1.0}):
        for prefix, factor in prefixes.items():
            if not text.startswith(prefix):
                continue
            base = text[len(prefix) :]
            if base in _BYTE_WORDS and prefixes is not SMALL:
                return factor * _BYTE_WORDS[base], BYTES
            if base in _FLOP_WORDS and prefixes is not BINARY:
                return factor, FLOPS
            if base in _TIME_WORDS and (prefixes is SMALL or prefix == ""):
                return factor * _TIME_WORDS[base], SECONDS
            if base in ("FLOPS", "flops/s") and prefixes is DECIMAL:
                return factor, FLOP_PER_S
            if base in ("bps",) and prefixes is not SMALL:
                return factor / 8, BYTES_PER_S
    lowered = text.lower()
    if lowered != text and lowered not in _COUNT_WORDS:  # "X" is no unit: only "x" is
        try:
            return _atom(lowered, count_context)
        except UnitError:
            pass
    raise UnitError(f"unknown unit {text!r}")


def parse_unit(unit: str, count_context: bool = False) -> tuple[float, Dims]:
    """Factor to SI and dimensions of a unit expression such as 'TB/s', 'tok/s', 'FLOP/B'."""
    text = unit.strip().replace("per second", "/s").replace(" per ", "/")
    if text in ("TFLOPS", "GFLOPS", "PFLOPS"):  # common spelling of FLOP/s
        return _atom(text, count_context)
    parts = [p.strip() for p in text.split("/")]
    if len(parts) > 2 or any(not p for p in parts):
        raise UnitError(f"cannot read unit {unit!r}")
    factor, dims = 1.0, DIMENSIONLESS
    for index, part in enumerate(parts):
        f, d = _atom(part, count_context and index == 0)
        if index == 0:
            factor, dims = f, d
        else:
            factor /= f
            dims = (dims[0] - d[0], dims[1] - d[1], dims[2] - d[2])
    return factor, dims


def parse_quantity(text: str, expected: Dims | None = None) -> Parsed:
    """Read '1.5TB/s', '2039 GB/s', '7B', '6.7e9', '14 ms', '267 %' into SI units.

    With expected dimensionless (a count), suffixes K/M/B/T scale the number ('7B' = 7e9);
    otherwise 'B' is a byte. Raises UnitError naming the offending text.
    """
    text = text.strip()
    if len(text) > MAX_VALUE_TEXT:
        raise UnitError(f"value is {len(text):,} characters long: {text[:30]!r}...")
    match = _NUMBER.fullmatch(text)
    if not match:
        raise UnitError(f"not a number: {text!r}")
    number = float(match.group("num").replace(",", "").replace("_", ""))
    if not math.isfinite(number):
        raise UnitError(f"not a finite number: {text!r}")
    unit = match.group("unit")
    if not unit:
        return Parsed(number, None, "")
    count_context = expected == DIMENSIONLESS
    try:
        factor, dims = _unit_of(unit, count_context)
    except UnitError as exc:
        raise UnitError(f"{exc} in {text!r}") from None
    value = number * factor
    if not math.isfinite(value):
        raise UnitError(f"value out of range: {text!r}")
    return Parsed(value, dims, unit)


def _unit_of(unit: str, count_context: bool) -> tuple[float, Dims]:
    try:
        return parse_unit(unit, count_context)
    except UnitError:
        if count_context:
            raise
        factor, dims = parse_unit(unit, True)
        if dims != DIMENSIONLESS:
            raise
        return factor, dims


def read_input(text: str, expected: Dims, name: str) -> float:
    """An input value in SI units. A bare number is taken in the dimension's base unit where
    that is what the flag names (a count, tokens/s, FLOP); elsewhere (bytes, time, bandwidth,
    FLOP/s) a bare number other than 0 is refused, naming the flag and the unit expected."""
    try:
        parsed = parse_quantity(text, expected)
    except UnitError as exc:
        raise UnitError(f"--{name}: {exc}") from None
    example = UNIT_REQUIRED.get(expected)
    if parsed.dims is None and example is not None and parsed.value != 0:
        raise UnitError(
            f"--{name}: {text.strip()!r} has no unit; give the "
            f"{DIM_NAMES.get(expected, 'value')} with its unit, e.g. {example}"
        )
    if parsed.dims is not None and parsed.dims != expected:
        raise UnitError(
            f"--{name}: {text!r} is {DIM_NAMES.get(parsed.dims, 'another dimension')}, "
            f"expected {DIM_NAMES.get(expected, str(expected))}"
        )
    if abs(parsed.value) > MAX_INPUT:
        raise UnitError(
            f"--{name}: {text!r} is beyond the calculator's range "
            f"(at most {MAX_INPUT:g} in SI units)"
        )
    return parsed.value


# ---- formatting ---------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def sig(value: float, digits: int = 4) -> str:
    """A number to `digits` significant figures, without trailing zeros or exponent noise.

    Cached: problem generation formats the same preset figures over and over."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(digits - 1 - magnitude, 0)
    rounded = round(value, decimals)
    if abs(rounded) >= 1e15 or abs(rounded) < 1e-6:
        return f"{value:.{digits - 1}e}"
    text = f"{rounded:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


_SCALES: dict[Dims, list[tuple[float, str]]] = {
    BYTES: [(1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB"), (1, "B")],
    BYTES_PER_S: [(1e12, "TB/s"), (1e9, "GB/s"), (1e6, "MB/s"), (1, "B/s")],
    FLOPS: [(1e18, "EFLOP"), (1e15, "PFLOP"), (1e12, "TFLOP"), (1e9, "GFLOP"), (1, "FLOP")],
    FLOP_PER_S: [
        (1e18, "EFLOP/s"),
        (1e15, "PFLOP/s"),
        (1e12, "TFLOP/s"),
        (1e9, "GFLOP/s"),
        (1, "FLOP/s"),
    ],
    SECONDS: [(1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")],
    PER_S: [(1, "tok/s")],
    FLOP_PER_BYTE: [(1, "FLOP/B")],
}
UNIT_FACTORS = {unit: factor for scale in _SCALES.values() for factor, unit in scale} | {
    "GiB": 2.0**30,
    "MiB": 2.0**20,
    "TiB": 2.0**40,
}


def pick_unit(value: float, dims: Dims) -> tuple[float, str]:
    """The display unit for a value: the largest that keeps the number >= 1."""
    scale = _SCALES.get(dims)
    if not scale:
        return 1.0, ""
    for factor, unit in scale:
        if abs(value) >= factor:
            return factor, unit
    return scale[-1]


def format_quantity(value: float, dims: Dims, unit: str | None = None, digits: int = 4) -> str:
    """'2.667 TB/s', '131.4 GiB' (when unit='GiB'), '4,194,304', '267%' style text."""
    if unit == "%":
        return f"{sig(value * 100, digits)}%"
    if unit is None:
        if dims == DIMENSIONLESS:
            return (
                sig(value, digits) if abs(value) < 1e6 or value != int(value) else f"{value:,.0f}"
            )
        factor, unit = pick_unit(value, dims)
    else:
        factor = UNIT_FACTORS.get(unit, 1.0)
    return f"{sig(value / factor, digits)} {unit}".strip()


def format_fraction(value: float) -> str:
    """A utilisation fraction with its percentage: '0.6610 (66.1%)', '2.667 (266.7%)'."""
    return f"{sig(value, 4)} ({sig(value * 100, 4)}%)"
