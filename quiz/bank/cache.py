"""A content-keyed cache of loaded banks in the user cache dir, stored as JSON.

The key hashes this package's own source (every module of `quiz.bank`: nothing else decides what
a load produces) and each file's name and bytes, so an edit to a bank file or to the loader gives
a new key and a stale bank is never served. The entry is plain JSON validated by the same schema
on the way back in: nothing in it can run code. Entries are created user-only, and one that is not
a regular file owned by this user, or that others may write, is ignored and rebuilt.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ValidationError

from quiz.bank.errors import Finding
from quiz.bank.loader import load_bank, preset_key, question_items
from quiz.bank.model import Bank, TemplateEntry
from quiz.bank.schema import GpuPreset, LexiconGroup, ModelPreset, Question, Template
from quiz.bank.sources import bank_key
from quiz.cachefiles import cache_dir, read_trusted, write_entry
from quiz.collector import collector_paused

Where = tuple[str, tuple[str | int, ...]]


class _Entry(BaseModel):
    """What a load produced, in file order: each accepted object with its file and YAML path."""

    files: tuple[str, ...]
    findings: list[Finding]
    complete: bool
    questions: list[tuple[Where, Question]]
    templates: list[tuple[Where, Template]]
    gpus: list[tuple[Where, GpuPreset]]
    models: list[tuple[Where, ModelPreset]]
    lexicon: list[tuple[Where, LexiconGroup]]


def load_bank_cached(sources: Sequence[str]) -> Bank:
    """Load the bank, from the cache when the same files (byte for byte) were loaded before."""
    return load_bank_keyed(sources)[0]


def load_bank_keyed(sources: Sequence[str]) -> tuple[Bank, str | None]:
    """The bank (from the cache when possible) and its cache key (None: not cached)."""
    if os.environ.get("QUIZ_NO_CACHE"):
        return load_bank(sources), None
    key = bank_key(sources)
    if key is None:
        return load_bank(sources), None
    folder = cache_dir()
    target = folder / f"bank-{key}.json"
    cached = _read(target)
    if cached is not None:
        return cached, key
    bank = load_bank(sources)
    _store(folder, target, bank)
    return bank, key


def _read(target: Path) -> Bank | None:
    data = read_trusted(target)
    if data is None:
        return None
    try:
        with collector_paused():
            return _bank_of(_Entry.model_validate_json(data))
    except (ValidationError, ValueError, RecursionError):
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
    for section, presets in (("gpus", entry.gpus), ("models", entry.models)):
        for _, preset in presets:
            bank.presets[preset_key(section, preset)] = preset
    return bank


def _entry_of(bank: Bank) -> _Entry:
    questions = [
        ((item.file, item.path), item.question)
        for item in bank.items.values()
        if item.follow_up is None
    ]
    templates = [((t.file, t.path), t.template) for t in bank.templates.values()]
    gpus = [(("", ()), p) for p in bank.presets.values() if isinstance(p, GpuPreset)]
    models = [(("", ()), p) for p in bank.presets.values() if isinstance(p, ModelPreset)]
    return _Entry(
        files=bank.files,
        findings=bank.findings,
        complete=bank.complete,
        questions=questions,
        templates=templates,
        gpus=gpus,
        models=models,
        lexicon=list(zip(bank.lexicon_at, bank.lexicon, strict=True)),
    )


def _store(folder: Path, target: Path, bank: Bank) -> None:
    try:
        data = _entry_of(bank).model_dump_json().encode("utf-8")
    except ValueError:
        return
    write_entry(folder, target, data, pattern="bank-*.json")
