"""Moodle's three tolerance types for numeric answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ToleranceType = Literal["relative", "nominal", "geometric"]


@dataclass(frozen=True, slots=True)
class Tolerance:
    type: ToleranceType = "relative"
    value: float = 0.01

    def bounds(self, answer: float) -> tuple[float, float]:
        """The accepted interval around answer (Moodle 'Calculated' question semantics)."""
        t = self.value
        if self.type == "relative":
            low, high = answer * (1 - t), answer * (1 + t)
        elif self.type == "nominal":
            low, high = answer - t, answer + t
        elif self.type == "geometric":
            low, high = answer / (1 + t), answer * (1 + t)
        else:
            raise ValueError(f"unknown tolerance type {self.type!r}")
        return (low, high) if low <= high else (high, low)

    def accepts(self, answer: float, given: float) -> bool:
        low, high = self.bounds(answer)
        slack = 1e-12 * max(abs(low), abs(high), 1e-300)
        return low - slack <= given <= high + slack

    def to_json(self) -> dict[str, object]:
        return {"type": self.type, "value": self.value}
