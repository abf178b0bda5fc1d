"""Findings with a source location, and the bank's single exception type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
YamlPath = tuple[str | int, ...]
"""Where a value sits in a YAML document: mapping keys and sequence indexes from the root."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a bank file, located at a 1-based line and column."""

    file: str
    line: int
    col: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
        }


class BankError(Exception):
    """Raised for any problem loading a bank; carries one or more located findings."""

    def __init__(self, findings: list[Finding]) -> None:
        if not findings:
            raise ValueError("BankError needs at least one finding")
        self.findings = findings
        super().__init__("\n".join(str(f) for f in findings))

    @classmethod
    def at(cls, file: str, line: int, col: int, message: str) -> BankError:
        return cls([Finding(file, line, col, message)])
