"""Load bank files and folders into a Bank, collecting located findings instead of stopping."""

from __future__ import annotations

import dataclasses
import difflib
import reprlib
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import yaml
from pydantic import TypeAdapter, ValidationError

from quiz.bank import yamlsafe
from quiz.bank.errors import BankError
from quiz.bank.findings import Finding
from quiz.bank.model import Bank, Item, TemplateEntry, preset_key, question_items
from quiz.bank.rules import FieldError
from quiz.bank.schema import (
    SECTIONS,
    LexiconGroup,
    Question,
    Section,
    Template,
)
from quiz.bank.sources import expand
from quiz.collector import collector_paused

S = TypeVar("S")
MAX_FINDINGS_PER_FILE = 1_000  # then the rest of the file is left unchecked
FirstSeen = dict[str, tuple["SourceFile", tuple[str | int, ...]]]
Lexicon = list[tuple[LexiconGroup, tuple[str, tuple[str | int, ...]]]]  # each group, its place


@dataclass(slots=True)
class SourceFile:
    """One file's text and, composed only when a location is needed, its node graph."""

    name: str
    text: str
    _root: yaml.Node | None = None
    _composed: bool = False

    def locate(self, path: Sequence[str | int], at_key: bool = False) -> tuple[int, int]:
        if not self._composed:
            self._composed = True
            try:
                self._root = yamlsafe.compose(self.text, self.name)
            except BankError:
                self._root = None
        return yamlsafe.locate(self._root, path, at_key=at_key)

    def finding(
        self, path: Sequence[str | int], message: str, at_key: bool = False, **kw: Any
    ) -> Finding:
        line, col = self.locate(path, at_key=at_key)
        return Finding(self.name, line, col, message, **kw)


def load_bank(sources: Sequence[str]) -> Bank:
    """Load every file of the sources; invalid items are left out and reported as findings."""
    with collector_paused():
        return _load_files(sources)


def _load_files(sources: Sequence[str]) -> Bank:
    bank = Bank()
    files = expand(sources, unreadable=bank.findings)  # a missing source: the others still load
    bank.complete = not bank.findings
    first_seen: FirstSeen = {}
    lexicon: Lexicon = []
    names: list[str] = []
    for path, name in files:
        names.append(name)
        try:
            text = yamlsafe.read_text(path, name)
        except BankError as exc:
            bank.findings.extend(exc.findings)
            bank.complete = False
            continue
        if not _load_text(bank, SourceFile(name, text), first_seen, lexicon):
            bank.complete = False
    bank.files = tuple(names)
    _set_lexicon(bank, lexicon)
    return bank


def _set_lexicon(bank: Bank, lexicon: Lexicon) -> None:
    """The groups gathered in a list, made tuples once: adding each to a tuple copied it every
    time (quadratic: 200,000 groups took minutes)."""
    bank.lexicon = tuple(group for group, _ in lexicon)
    bank.lexicon_at = tuple(where for _, where in lexicon)


def load_text(text: str, name: str = "<text>") -> Bank:
    """Load one bank document given as text (used by tests and tools)."""
    bank = Bank(files=(name,))
    lexicon: Lexicon = []
    _load_text(bank, SourceFile(name, text), {}, lexicon)
    _set_lexicon(bank, lexicon)
    return bank


def _load_text(bank: Bank, ctx: SourceFile, first_seen: FirstSeen, lexicon: Lexicon) -> bool:
    """Load one file's entries; False when the file as a whole could not be read, or had so
    many problems that the rest of it was left unchecked (the findings, and the cache entry
    holding them, stay small)."""
    before = len(bank.findings)
    try:
        data = yamlsafe.load(ctx.text, ctx.name)
    except BankError as exc:
        bank.findings.extend(exc.findings)
        return False
    if data is None:
        return True
    if not isinstance(data, dict):
        allowed = ", ".join(SECTIONS)
        bank.findings.append(
            ctx.finding((), f"a bank file must be a mapping with any of the keys: {allowed}")
        )
        return False
    for key, entries in data.items():
        if len(bank.findings) - before >= MAX_FINDINGS_PER_FILE:  # a mapping of unknown keys
            return _capped(bank, ctx, before, (str(key),))
        section = SECTIONS.get(key) if isinstance(key, str) else None
        if section is None:
            bank.findings.append(ctx.finding((str(key),), _unknown_key(key, SECTIONS), at_key=True))
            continue
        if entries is None:
            continue
        if not isinstance(entries, list):
            bank.findings.append(ctx.finding((key,), f"'{key}' must be a list"))
            continue
        for index, entry in enumerate(entries):
            if len(bank.findings) - before >= MAX_FINDINGS_PER_FILE:  # the rest is unchecked
                return _capped(bank, ctx, before, (key, index))
            _load_entry(bank, ctx, section, (key, index), entry, first_seen, lexicon)
    if len(bank.findings) - before > MAX_FINDINGS_PER_FILE:  # the last entry took it over
        return _capped(bank, ctx, before, ())
    return True


def _capped(bank: Bank, ctx: SourceFile, before: int, where: tuple[str | int, ...]) -> bool:
    """The file's findings (from `before` on) cut to MAX_FINDINGS_PER_FILE, then one finding,
    at `where`, saying the rest was not checked; False (the file is not wholly loaded)."""
    del bank.findings[before + MAX_FINDINGS_PER_FILE :]
    message = (
        f"more than {MAX_FINDINGS_PER_FILE:,} problems in this file: the rest of it was not checked"
    )
    bank.findings.append(ctx.finding(where, message))
    return False


def _load_entry(
    bank: Bank,
    ctx: SourceFile,
    model: type[Section],
    path: tuple[str | int, ...],
    entry: Any,
    first_seen: FirstSeen,
    lexicon: Lexicon,
) -> None:
    try:
        parsed = validated(model, entry)
    except ValidationError as exc:
        bank.findings.extend(_validation_findings(ctx, path, model, exc))
        return
    except RecursionError:
        bank.findings.append(ctx.finding(path, "entry is nested too deeply"))
        return
    items: list[Item | TemplateEntry]
    if isinstance(parsed, Question):
        problems = _question_problems(parsed)
        if problems:
            bank.findings.extend(ctx.finding((*path, *where), msg) for where, msg in problems)
            return
        items = list(question_items(parsed, ctx.name, path))
    elif isinstance(parsed, Template):
        items = [TemplateEntry(parsed.id, ctx.name, path, parsed)]
    elif isinstance(parsed, LexiconGroup):
        lexicon.append((parsed, (ctx.name, path)))
        return
    else:
        key = preset_key(path[0], parsed)
        if key in bank.presets:
            bank.findings.append(ctx.finding((*path, "id"), f"duplicate preset {key!r}"))
        else:
            bank.presets[key] = parsed
        return
    for item in items:
        if item.id in first_seen:
            other_ctx, other_path = first_seen[item.id]
            line, _ = other_ctx.locate((*other_path, "id"))
            bank.findings.append(
                ctx.finding(
                    (*item.path, "id"),
                    f"duplicate id {item.id!r}: already defined at {other_ctx.name}:{line}",
                )
            )
            return
    for item in items:
        first_seen[item.id] = (ctx, item.path)
        if isinstance(item, TemplateEntry):
            bank.templates[item.id] = item
        else:
            bank.items[item.id] = item


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def validated(model: type[S], data: object) -> S:
    """One schema object from plain data (a parsed YAML entry), validated by pydantic (its
    validator of the class is built when first needed); ValidationError when it does not fit."""
    checker = _ADAPTERS.get(model)
    if checker is None:
        checker = _ADAPTERS[model] = TypeAdapter(model)
    found: S = checker.validate_python(data)
    return found


def _question_problems(question: Question) -> list[tuple[tuple[str | int, ...], str]]:
    """Cross-field rules the schema cannot express, each with the YAML path it concerns."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    problems += _duplicate_points(question.rubric, ())
    for index, follow_up in enumerate(question.follow_ups):
        where: tuple[str | int, ...] = ("follow_ups", index)
        if not follow_up.id.startswith(question.id + "."):
            parent = question.id + "."
            message = f"follow-up id {follow_up.id!r} must start with its parent's id {parent!r}"
            problems.append(((*where, "id"), message))
        problems += _duplicate_points(follow_up.rubric, where)
    return problems


def _duplicate_points(
    rubric: Sequence[Any], where: tuple[str | int, ...]
) -> list[tuple[tuple[str | int, ...], str]]:
    seen: set[str] = set()
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for index, point in enumerate(rubric):
        if point.id in seen:
            problems.append(
                ((*where, "rubric", index, "id"), f"rubric point id {point.id!r} is used twice")
            )
        seen.add(point.id)
    return problems


def _unknown_key(key: object, allowed: Iterable[str]) -> str:
    names = list(allowed)
    message = f"unknown key {key!r}"
    close = difflib.get_close_matches(str(key), names, n=1)
    if close:
        return f"{message} (did you mean {close[0]!r}?)"
    return f"{message}; allowed: {', '.join(names)}"


def _fields_at(model: type, loc: Sequence[str | int]) -> list[str]:
    """Field names of the class reached by following loc (for 'did you mean' hints)."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        if not _is_schema_class(current):
            return []
        hint = typing.get_type_hints(current).get(str(step))
        if hint is None:
            return []
        current = _inner_class(hint)
    if _is_schema_class(current):
        return [f.name for f in dataclasses.fields(current)]
    return []


def _is_schema_class(value: Any) -> bool:
    return isinstance(value, type) and dataclasses.is_dataclass(value)


def _inner_class(annotation: Any) -> Any:
    if _is_schema_class(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        inner = _inner_class(arg)
        if inner is not None:
            return inner
    return None


def _validation_findings(
    ctx: SourceFile,
    path: tuple[str | int, ...],
    model: type[Section],
    exc: ValidationError,
) -> list[Finding]:
    errors = exc.errors(include_url=False)[: MAX_FINDINGS_PER_FILE + 1]  # no more are reported
    suggested: set[tuple[str | int, ...]] = set()
    unknown: list[Finding] = []
    others: list[Finding] = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "unexpected_keyword_argument":
            fields = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), fields, n=1)
            if close:
                suggested.add((*loc[:-1], close[0]))
            where = ".".join(str(p) for p in (*path, *loc[:-1]))
            message = f"{_unknown_key(loc[-1], fields)} in {where}"
            unknown.append(ctx.finding((*path, *loc), message, at_key=True))
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "unexpected_keyword_argument" or (kind == "missing" and loc in suggested):
            continue
        if kind == "missing":
            where = ".".join(str(p) for p in (*path, *loc[:-1]))
            others.append(
                ctx.finding((*path, *loc), f"missing required key {loc[-1]!r} in {where}")
            )
            continue
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, FieldError):  # one field fails a check across fields
            loc = (*loc, cause.field)
        where = ".".join(str(p) for p in (*path, *loc))
        text = str(error["msg"]).removeprefix("Value error, ")
        if kind == "dataclass_type":
            text = "Input should be a mapping of keys to values"
        elif kind in ("tuple_type", "list_type"):
            text = "Input should be a list"  # a YAML author writes lists, not tuples
        elif kind in ("too_short", "too_long") and text.startswith(("Tuple ", "List ")):
            text = text.split(" ", 1)[1].replace(" after validation", "")
        if kind in ("literal_error", "enum") or kind.endswith("_type"):
            text += f" (got {_short_repr(error.get('input'))})"
        others.append(ctx.finding((*path, *loc), f"{where}: {text}"))
    return unknown + others


_REPR = reprlib.Repr()  # keyword arguments arrive in Python 3.12
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxtuple = 2, 4, 4, 4
_REPR.maxstring, _REPR.maxother, _REPR.maxlong = 50, 50, 40


def _short_repr(value: object) -> str:
    """A value for an error message, bounded: an alias structure that expands to millions of
    elements is shown by its first few, never walked in full."""
    text = _REPR.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
