"""Compiled templates of a loaded bank, compiled once per process (closures do not pickle)."""

from __future__ import annotations

from quiz.bank.model import Bank
from quiz.bank.schema import Template
from quiz.memo import IdentityMemo
from quiz.problems.template import CompiledTemplate, compile_template

compiled: IdentityMemo[Template, CompiledTemplate] = IdentityMemo(compile_template)


def find(bank: Bank, template_id: str) -> CompiledTemplate | None:
    entry = bank.templates.get(template_id)
    return compiled(entry.template) if entry is not None else None
