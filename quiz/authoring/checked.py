"""Load a bank and keep only what the layers above can use: templates that compile.

`quiz.bank` validates the YAML against the schema; whether a template's formulas, units,
presets and placeholders work is decided by `quiz.problems` (with `quiz.calc`), so that check
lives here. Its verdicts are cached beside the bank's entry, keyed by the bank's key and the
source of those two packages, so an unchanged bank starts without compiling its templates (they
are compiled, once, when first used).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from quiz.bank.cache import load_bank_keyed
from quiz.bank.errors import YamlPath
from quiz.bank.model import Bank
from quiz.cachefiles import cache_dir, read_trusted, write_entry
from quiz.digests import blake2b

Verdicts = dict[str, tuple[YamlPath, str]]  # template id -> (where in it, what is wrong)


def _compile_all(bank: Bank) -> Verdicts:
    from quiz.problems.compiled import compiled
    from quiz.problems.drawing import TemplateError

    failures: Verdicts = {}
    for entry in bank.templates.values():
        try:
            compiled(entry.template)
        except TemplateError as exc:
            failures[entry.id] = (tuple(exc.path), exc.message)
        except Exception as exc:  # any other failure is the template's too: left out, reported
            failures[entry.id] = ((), f"template {entry.id!r} cannot be used: {exc}")
    return failures


def _apply(bank: Bank, failures: Verdicts) -> Bank:
    if not failures:
        return bank
    from quiz.bank.locate import Locator  # the YAML parser: only to place a failure

    locator = Locator()
    for template_id, (path, message) in failures.items():
        entry = bank.templates.pop(template_id, None)
        if entry is not None:
            bank.findings.append(locator.finding(entry, path, message))
    return bank


def check_templates(bank: Bank) -> Bank:
    """Leave out every template that cannot compile, each reported at its file:line:col."""
    return _apply(bank, _compile_all(bank))


def code_digest() -> str:
    """A digest of the code that decides whether a template works: `quiz.problems` and
    `quiz.calc`, every module."""
    digest = blake2b(digest_size=20)
    root = Path(__file__).resolve().parent.parent
    for package in ("problems", "calc"):
        for module in sorted((root / package).glob("*.py")):
            digest.update(f"\0{package}/{module.name}\0".encode())
            digest.update(module.read_bytes())
    return digest.hexdigest()


def _verdicts_key(bank_key: str) -> str:
    digest = blake2b(f"template verdicts 1 {bank_key}".encode(), digest_size=20)
    digest.update(code_digest().encode())
    return digest.hexdigest()


def _cached_verdicts(target: Path) -> Verdicts | None:
    data = read_trusted(target)
    if data is None:
        return None
    try:
        document = json.loads(data)
        return {
            str(template_id): (tuple(path), str(message))
            for template_id, (path, message) in document.items()
            if all(isinstance(step, str | int) for step in path)
        }
    except (ValueError, TypeError, AttributeError, RecursionError):
        return None


def load_checked_bank(sources: Sequence[str], *, cached: bool = True) -> Bank:
    """The bank the sources name (from the cache when unchanged), with only working templates."""
    if not cached:
        from quiz.bank.loader import load_bank

        return check_templates(load_bank(sources))
    bank, key = load_bank_keyed(sources)
    if key is None:
        return check_templates(bank)
    bank.key = key
    try:
        target = cache_dir() / f"templates-{_verdicts_key(key)}.json"
    except OSError:
        return check_templates(bank)
    failures = _cached_verdicts(target)
    if failures is None:
        failures = _compile_all(bank)
        data = json.dumps({tid: [list(path), msg] for tid, (path, msg) in failures.items()})
        write_entry(target.parent, target, data.encode("utf-8"), pattern="templates-*.json")
    return _apply(bank, failures)
