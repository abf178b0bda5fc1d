"""The templates' self-check results, cached by what decides them: the template's content, the
bank's presets it may draw from, and the source of `quiz.problems` and `quiz.calc`. Linting a
bank whose templates did not change generates no seed again."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from quiz.authoring.checked import code_digest
from quiz.bank.errors import Severity, YamlPath
from quiz.bank.model import Bank, TemplateEntry
from quiz.bank.plain import to_plain
from quiz.cachefiles import cache_dir, read_trusted, write_entry
from quiz.digests import blake2b
from quiz.problems.compiled import compiled
from quiz.problems.selfcheck import self_check

Result = list[tuple[YamlPath, str, Severity]]
_SEVERITIES: frozenset[str] = frozenset({"error", "warning"})


def _json(value: object) -> str:
    return json.dumps(to_plain(value), sort_keys=True, ensure_ascii=False)


def self_checks(bank: Bank, templates: Sequence[TemplateEntry]) -> dict[str, Result]:
    """Each template's self-check result, by id: from the cache when its content is unchanged."""
    presets = blake2b(digest_size=20)
    for name in sorted(bank.presets):
        presets.update(f"\0{name}\0{_json(bank.presets[name])}".encode())
    prefix = f"{code_digest()}\0{presets.hexdigest()}\0"
    keys = {
        entry.id: blake2b((prefix + _json(entry.template)).encode(), digest_size=20).hexdigest()
        for entry in templates
    }
    target = cache_dir() / "selfchecks.json"
    known = _read(target)
    results: dict[str, Result] = {}
    for entry in templates:
        found = known.get(keys[entry.id])
        if found is None:
            found = self_check(compiled(entry.template))
            known[keys[entry.id]] = found
        results[entry.id] = found
    wanted = {key: known[key] for key in keys.values()}  # entries of templates that still exist
    write_entry(target.parent, target, json.dumps(wanted).encode("utf-8"), "selfchecks.json")
    return results


def _read(target: Path) -> dict[str, Result]:
    data = read_trusted(target)
    if data is None:
        return {}
    try:
        document = json.loads(data)
        return {
            str(key): [
                (tuple(path), str(message), severity)
                for path, message, severity in value
                if severity in _SEVERITIES and all(isinstance(s, str | int) for s in path)
            ]
            for key, value in document.items()
        }
    except (ValueError, TypeError, AttributeError, RecursionError):
        return {}
