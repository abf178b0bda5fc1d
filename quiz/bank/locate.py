"""Locate a YAML path of a loaded item back in its file, composing each file at most once."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quiz.bank import yamlsafe
from quiz.bank.errors import BankError, Severity
from quiz.bank.findings import Finding
from quiz.bank.loader import SourceFile
from quiz.bank.model import Item, TemplateEntry


class Locator:
    """Reads and composes a file only when a finding in it needs a position."""

    def __init__(self) -> None:
        self._files: dict[str, SourceFile | None] = {}

    def source(self, name: str) -> SourceFile | None:
        if name not in self._files:
            try:
                self._files[name] = SourceFile(name, yamlsafe.read_text(Path(name), name))
            except BankError:
                self._files[name] = None
        return self._files[name]

    def position(self, name: str, path: Sequence[str | int]) -> tuple[int, int]:
        """(line, column) of a YAML path in a file; (1, 1) when it cannot be read."""
        src = self.source(name)
        return src.locate(path) if src else (1, 1)

    def finding(
        self,
        entry: Item | TemplateEntry,
        path: Sequence[str | int],
        message: str,
        severity: Severity = "error",
    ) -> Finding:
        src = self.source(entry.file)
        line, col = src.locate((*entry.path, *path)) if src else (1, 1)
        return Finding(entry.file, line, col, message, severity)
