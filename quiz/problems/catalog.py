"""Compiled templates of a loaded bank, compiled once per process (closures do not pickle)."""

from __future__ import annotations

from quiz.bank.model import Bank
from quiz.bank.schema import Template
from quiz.problems.template import CompiledTemplate, compile_template

_COMPILED: dict[int, tuple[Template, CompiledTemplate]] = {}


def compiled(template: Template) -> CompiledTemplate:
    entry = _COMPILED.get(id(template))
    if entry is None or entry[0] is not template:
        entry = (template, compile_template(template))
        _COMPILED[id(template)] = entry
    return entry[1]


def find(bank: Bank, template_id: str) -> CompiledTemplate | None:
    entry = bank.templates.get(template_id)
    return compiled(entry.template) if entry is not None else None
