"""The bank's single exception type, carrying located findings (`quiz.bank.findings`). Free of
dataclasses, so a plain command that only names the bank's files starts without them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from quiz.bank.findings import Finding

Severity = Literal["error", "warning"]
YamlPath = tuple[str | int, ...]
"""Where a value sits in a YAML document: mapping keys and sequence indexes from the root."""


class BankError(Exception):
    """Raised for any problem loading a bank; carries one or more located findings."""

    def __init__(self, findings: list[Finding]) -> None:
        if not findings:
            raise ValueError("BankError needs at least one finding")
        self.findings = findings
        super().__init__("\n".join(str(f) for f in findings))

    @classmethod
    def at(cls, file: str, line: int, col: int, message: str) -> BankError:
        from quiz.bank.findings import Finding

        return cls([Finding(file, line, col, message)])
