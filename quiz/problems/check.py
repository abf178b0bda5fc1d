"""The numeric answer checker: unit-aware, tolerance-aware, naming the typical slip.

A learner may answer in any unit of the right dimension ("4 TB/s", "4000GB/s"): it converts,
compares with the tolerance, and when the answer is wrong, tests it against the classic mistakes:
percent vs fraction, GB vs GiB, bits vs bytes, and the template's own known wrong answers (batch
counted twice, per-sequence vs aggregate, KV cache forgotten), each computed by the calculator core.
A missing unit on a dimensional quantity is reported, never guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from quiz.calc.result import show
from quiz.calc.units import DIM_NAMES, DIMENSIONLESS, Dims, UnitError, parse_quantity, pick_unit
from quiz.problems.tolerance import Tolerance

GIB_PER_GB = 1e9 / 2**30


@dataclass(frozen=True, slots=True)
class Expected:
    value: float  # SI units
    dims: Dims
    tolerance: Tolerance
    fraction: bool = False
    count: bool = False
    slips: tuple[tuple[str, float], ...] = ()  # (diagnosis, the wrong value it produces)

    @property
    def display(self) -> str:
        return show(self.value, self.dims, fraction=self.fraction, count=self.count)


@dataclass(frozen=True, slots=True)
class Verdict:
    correct: bool
    value: float | str | None  # the number in SI units, or the verdict label
    unit: str
    diagnosis: str | None


def check(answer: str, expected: Expected) -> Verdict:
    """Grade one numeric answer against the expected value."""
    text = answer.strip()
    if len(text) > 200:
        return Verdict(False, None, "", "answer is too long: give one number with its unit")
    try:
        parsed = parse_quantity(text, expected.dims if expected.dims == DIMENSIONLESS else None)
    except UnitError as exc:
        return Verdict(False, None, "", f"could not read the answer: {exc}")
    if parsed.dims is None and expected.dims != DIMENSIONLESS:
        return Verdict(False, parsed.value, "", _missing_unit(parsed.value, expected))
    dims = parsed.dims or DIMENSIONLESS
    if dims != expected.dims:
        given = DIM_NAMES.get(dims, "another dimension")
        wanted = DIM_NAMES.get(expected.dims, "another dimension")
        return Verdict(
            False,
            parsed.value,
            parsed.unit,
            f"wrong kind of quantity: {given}, but the question asks for {wanted}",
        )
    if expected.tolerance.accepts(expected.value, parsed.value):
        return Verdict(True, parsed.value, parsed.unit, None)
    return Verdict(False, parsed.value, parsed.unit, diagnose(parsed.value, parsed.unit, expected))


def _missing_unit(number: float, expected: Expected) -> str:
    factor, unit = pick_unit(expected.value, expected.dims)
    message = f"missing unit: {number:g} what? The answer is {DIM_NAMES.get(expected.dims)}"
    if unit and expected.tolerance.accepts(expected.value, number * factor):
        message += f"; with {unit} it would be right"
    return message


def diagnose(value: float, unit: str, expected: Expected) -> str | None:
    """Name the slip that explains a wrong value, if one does."""
    tol, want = expected.tolerance, expected.value

    def hits(candidate: float) -> bool:
        return tol.accepts(want, candidate)

    for description, wrong in expected.slips:
        if math.isclose(value, wrong, rel_tol=max(tol.value, 1e-9)) or (
            wrong and tol.accepts(wrong, value)
        ):
            return description
    if expected.fraction:
        if hits(value / 100) and "%" not in unit:
            return (
                f"looks like a percentage without the % sign: {value:g} means {value:g}x; "
                f"write {value:g}% or {value / 100:g}"
            )
        if hits(value * 100):
            return (
                "off by 100: percent vs fraction (the chapter's own slip: its 2.67% is really "
                "2.67 = 267%)"
            )
        if hits(value / 100):
            return "off by 100: percent vs fraction"
    if expected.dims[0] != 0:
        if hits(value / GIB_PER_GB) or hits(value * GIB_PER_GB):
            return "GB vs GiB: 1 GiB = 2^30 B = 1.074 GB; check which prefix you used"
        if hits(value * 8) or hits(value / 8):
            return "bits vs bytes: 1 byte = 8 bits (Gb is gigabits, GB gigabytes)"
    if value and want and value * want > 0:
        ratio = value / want
        exponent = round(math.log10(abs(ratio)))
        if exponent and math.isclose(ratio, 10.0**exponent, rel_tol=max(tol.value, 0.01)):
            return f"off by a factor of 10^{exponent}: check the unit prefixes (k, M, G, T)"
    return None
