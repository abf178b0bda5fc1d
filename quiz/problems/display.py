"""Units of template parameters and answers: SI factor, dimension, and how to show a value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from quiz.calc.units import (
    DIMENSIONLESS,
    Dims,
    UnitError,
    format_fraction,
    format_quantity,
    parse_unit,
    sig,
)

Style = Literal["number", "percent", "fraction", "params", "count", "ratio", "unit", "auto"]

_SPECIAL: dict[str, tuple[float, Style]] = {
    "%": (0.01, "percent"),
    "percent": (0.01, "percent"),
    "fraction": (1.0, "fraction"),
    "params": (1.0, "params"),
    "count": (1.0, "count"),
    "tokens": (1.0, "count"),
    "sequences": (1.0, "count"),
    "layers": (1.0, "count"),
    "x": (1.0, "ratio"),
}


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    factor: float  # SI value = written value x factor
    dims: Dims
    style: Style

    @property
    def fraction(self) -> bool:
        return self.style in ("percent", "fraction")

    @property
    def count(self) -> bool:
        return self.style in ("params", "count")

    def show(self, si_value: float) -> str:
        """The value in this unit: '3.35 TB/s', '66.7%', '6.74B', '4,096', '2.5x'."""
        value = si_value / self.factor
        if self.style == "percent":
            return f"{sig(value)}%"
        if self.style == "fraction":
            return format_fraction(si_value)
        if self.style == "params":
            return _params(si_value)
        if self.style == "count":
            text = f"{value:,.0f}" if float(value).is_integer() else sig(value)
            if self.text != "tokens":
                return text
            return f"{text} token" if value == 1 else f"{text} tokens"
        if self.style == "ratio":
            return f"{sig(value, 3)}x"
        if self.style == "number":
            return sig(value)
        if self.style == "auto":
            return format_quantity(si_value, self.dims)
        return f"{sig(value)} {self.text}"


def _params(value: float) -> str:
    for factor, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= factor:
            return f"{sig(value / factor, 3)}{suffix}"
    return sig(value)


def unit(text: str | None) -> Unit:
    """Read a template unit; raises UnitError naming it when it is not one."""
    if text is None:
        return Unit("", 1.0, DIMENSIONLESS, "number")
    if text == "auto":
        raise UnitError("'auto' needs a dimension; use auto_unit")
    if text in _SPECIAL:
        factor, style = _SPECIAL[text]
        return Unit(text, factor, DIMENSIONLESS, style)
    factor, dims = parse_unit(text)
    if dims == DIMENSIONLESS:
        raise UnitError(f"unit {text!r} is a plain number: use count, params, x or %")
    return Unit(text, factor, dims, "unit")


def auto_unit(dims: Dims) -> Unit:
    """Show values of this dimension with the prefix that suits each one (320 GB/s, 3.35 TB/s)."""
    return Unit("", 1.0, dims, "auto")
