"""A content-keyed cache of loaded banks in the user cache dir, stored as JSON.

The key hashes this package's own source (every module of `quiz.bank`: nothing else decides what
a load produces) and each file's name and bytes, so an edit to a bank file or to the loader gives
a new key and a stale bank is never served. The entry is plain JSON, read back by
`quiz.bank.plain` without pydantic, each value checked against its field's type: nothing in it
can run code. Entries are created user-only, and one that is not a regular file owned by this
user, or that others may write, is ignored and rebuilt.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quiz.bank.errors import YamlPath
from quiz.bank.findings import Finding
from quiz.bank.model import Bank, TemplateEntry, preset_key, question_items
from quiz.bank.plain import PlainError, from_plain, to_plain
from quiz.bank.schema import GpuPreset, LexiconGroup, ModelPreset, Question, Template
from quiz.bank.sources import bank_key
from quiz.cachefiles import cache_dir, read_trusted, write_entry
from quiz.collector import collector_paused

Where = tuple[str, YamlPath]


@dataclass(frozen=True, slots=True)
class _Entry:
    """What a load produced, in file order: each accepted object with its file and YAML path."""

    files: tuple[str, ...]
    findings: tuple[Finding, ...]
    complete: bool
    questions: tuple[tuple[Where, Question], ...]
    templates: tuple[tuple[Where, Template], ...]
    gpus: tuple[GpuPreset, ...]
    models: tuple[ModelPreset, ...]
    lexicon: tuple[tuple[Where, LexiconGroup], ...]


def load_bank_cached(sources: Sequence[str]) -> Bank:
    """Load the bank, from the cache when the same files (byte for byte) were loaded before."""
    return load_bank_keyed(sources)[0]


def load_bank_keyed(sources: Sequence[str]) -> tuple[Bank, str | None]:
    """The bank (from the cache when possible) and its cache key (None: not cached)."""
    key = None if os.environ.get("QUIZ_NO_CACHE") else bank_key(sources)
    if key is not None:
        cached = _read(cache_dir() / f"bank-{key}.json")
        if cached is not None:
            return cached, key
    from quiz.bank.loader import load_bank  # pydantic, imported only when the cache cannot serve

    bank = load_bank(sources)
    if key is not None:
        _store(cache_dir(), cache_dir() / f"bank-{key}.json", bank)
    return bank, key


def _read(target: Path) -> Bank | None:
    data = read_trusted(target)
    if data is None:
        return None
    try:
        with collector_paused():
            return _bank_of(from_plain(_Entry, json.loads(data)))
    except (PlainError, ValueError, RecursionError):
        return None


def _bank_of(entry: _Entry) -> Bank:
    bank = Bank(files=entry.files, findings=list(entry.findings), complete=entry.complete)
    bank.lexicon = tuple(group for _, group in entry.lexicon)
    bank.lexicon_at = tuple(where for where, _ in entry.lexicon)
    for (file, path), question in entry.questions:
        for item in question_items(question, file, path):
            bank.items[item.id] = item
    for (file, path), template in entry.templates:
        bank.templates[template.id] = TemplateEntry(template.id, file, path, template)
    for gpu in entry.gpus:
        bank.presets[preset_key("gpus", gpu)] = gpu
    for model in entry.models:
        bank.presets[preset_key("models", model)] = model
    return bank


def _entry_of(bank: Bank) -> _Entry:
    return _Entry(
        files=bank.files,
        findings=tuple(bank.findings),
        complete=bank.complete,
        questions=tuple(
            ((item.file, item.path), item.question)
            for item in bank.items.values()
            if item.follow_up is None
        ),
        templates=tuple(((t.file, t.path), t.template) for t in bank.templates.values()),
        gpus=tuple(p for p in bank.presets.values() if isinstance(p, GpuPreset)),
        models=tuple(p for p in bank.presets.values() if isinstance(p, ModelPreset)),
        lexicon=tuple(zip(bank.lexicon_at, bank.lexicon, strict=True)),
    )


def _store(folder: Path, target: Path, bank: Bank) -> None:
    try:
        plain = to_plain(_entry_of(bank), drop_defaults=True)  # defaults come back from the classes
        text = json.dumps(plain, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return
    write_entry(folder, target, text.encode("utf-8"), pattern="bank-*.json")
