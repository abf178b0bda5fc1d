"""A problem in a bank file, located at a line and column."""

from __future__ import annotations

from dataclasses import dataclass

from quiz.bank.errors import Severity


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
