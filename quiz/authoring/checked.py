"""Load a bank and keep only what the layers above can use: templates that compile.

`quiz.bank` validates the YAML against the schema; whether a template's formulas, units,
presets and placeholders work is decided by `quiz.problems`, so that check lives here. The
cached part of a load is `quiz.bank`'s own output; this check runs after it on every load (the
compiled templates are memoised for the rest of the process).
"""

from __future__ import annotations

from collections.abc import Sequence

from quiz.bank.cache import load_bank_cached
from quiz.bank.loader import load_bank, load_text
from quiz.bank.locate import Locator
from quiz.bank.model import Bank
from quiz.problems.compiled import compiled
from quiz.problems.drawing import TemplateError


def check_templates(bank: Bank) -> Bank:
    """Leave out every template that cannot compile, each reported at its file:line:col."""
    locator = Locator()
    for entry in list(bank.templates.values()):
        try:
            compiled(entry.template)
        except TemplateError as exc:
            bank.findings.append(locator.finding(entry, exc.path, exc.message))
            del bank.templates[entry.id]
    return bank


def load_checked_bank(sources: Sequence[str], *, cached: bool = True) -> Bank:
    """The bank the sources name (from the cache when unchanged), with only working templates."""
    bank = load_bank_cached(sources) if cached else load_bank(sources)
    return check_templates(bank)


def load_checked_text(text: str, name: str = "<text>") -> Bank:
    """One bank document given as text, checked the same way (for tests and tools)."""
    return check_templates(load_text(text, name))
