"""Safe, bounded YAML reading: size cap, UTF-8 only, no binary, alias limit, duplicate keys.

Only PyYAML's safe loader is used (libyaml's C version when installed). Aliases are counted while
the document is constructed: the constructor hands back the already-built object for a repeated
node, so nothing is expanded before the limit is checked.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any, Protocol

import yaml

from quiz.bank.errors import BankError

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_ALIASES = 64
MAX_NODES = 2_000_000  # YAML values (scalars, lists, mappings) in one file
MAX_ENTRIES = 250_000  # entries in one section's list
_MERGE_TAG = "tag:yaml.org,2002:merge"

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _BoundedLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that refuses alias bombs and duplicate mapping keys."""

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.file = file
        self.alias_uses = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            self.alias_uses += 1
            if self.alias_uses > MAX_ALIASES:
                raise _located(
                    self.file,
                    node.start_mark,
                    f"too many alias uses (more than {MAX_ALIASES}; this anchor is re-used): "
                    "refusing a possible alias expansion bomb",
                )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Hashable, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for key_node, _ in node.value:
                if (
                    isinstance(key_node, yaml.ScalarNode)
                    and key_node.tag != "tag:yaml.org,2002:merge"
                ):
                    key = key_node.value
                    if key in seen:
                        raise _located(self.file, key_node.start_mark, f"duplicate key {key!r}")
                    seen.add(key)
        mapping: dict[Hashable, Any] = super().construct_mapping(node, deep=deep)
        return mapping


class _Mark(Protocol):
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


def _located(file: str, mark: _Mark | None, message: str) -> BankError:
    if mark is None:
        return BankError.at(file, 1, 1, message)
    return BankError.at(file, mark.line + 1, mark.column + 1, message)


def read_text(path: Path, display: str | None = None) -> str:
    """Read a bank file as text, refusing huge, binary and non-UTF-8 files with a location."""
    name = display or str(path)
    try:  # opened without blocking (a FIFO would wait forever) and checked before reading
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise BankError.at(name, 1, 1, f"cannot read file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BankError.at(name, 1, 1, "not a regular file (a folder, device or pipe)")
        if info.st_size > MAX_FILE_BYTES:
            raise BankError.at(
                name, 1, 1, f"file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise BankError.at(name, 1, 1, f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return decode_text(data, name)


def decode_text(data: bytes, name: str) -> str:
    """Decode bank bytes as UTF-8 text, locating the first NUL or undecodable byte."""
    if len(data) > MAX_FILE_BYTES:
        raise BankError.at(
            name, 1, 1, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        raise BankError.at(
            name, line, col, "binary file (NUL byte): a bank file must be UTF-8 text"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise BankError.at(
            name,
            line,
            col,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def compose(text: str, name: str) -> yaml.Node | None:
    """Parse text into a node graph (with marks), or raise a located BankError."""
    node: yaml.Node | None = _parse(text, name, construct=False)
    return node


def load(text: str, name: str) -> Any:
    """Safely load one YAML document from text (empty document -> None)."""
    return _parse(text, name, construct=True)


def _parse(text: str, name: str, construct: bool) -> Any:
    loader = _BoundedLoader(text, name)
    try:
        if len(text) > MAX_NODES and text is not _counted[0]:  # else none can be over: each
            _count_values(text, name)  # value takes a character at least
            _counted[0] = text  # composed again to locate a finding: counted once
        node = loader.get_single_node()
        _check_entries(node, name)
        if not construct or node is None:
            return node
        return loader.construct_document(node)
    except BankError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(name, text, exc) from None
    except yaml.YAMLError as exc:
        raise BankError.at(name, 1, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise BankError.at(name, 1, 1, "YAML nesting is too deep") from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise BankError.at(name, 1, 1, f"YAML value cannot be read: {exc}") from None
    finally:
        loader.dispose()


_counted: list[str | None] = [None]  # the last text counted and found within the limits
_VALUES = (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)


def _count_values(text: str, name: str) -> None:
    """Count the values and each section's entries from the parser's events (a few bytes each),
    refusing a file past the limits before its node graph (hundreds of bytes a value) is built."""
    counter = _BaseLoader(text)
    try:
        values = entries = 0
        nesting: list[str | None] = []  # per open collection: the section it is, if one
        root_mapping = False
        key: str | None = None  # the root mapping's key whose value comes next
        while counter.check_event():
            event = counter.get_event()
            if isinstance(event, yaml.CollectionEndEvent):
                nesting.pop()
                continue
            if not isinstance(event, _VALUES):
                continue
            values += 1
            if values > MAX_NODES:
                raise _too_many_values(name, event.start_mark)
            section = nesting[1] if len(nesting) == 2 else None
            if section is not None:
                entries += 1
                if entries > MAX_ENTRIES:
                    raise _too_many_entries(name, section, event.start_mark)
            opened: str | None = None
            if root_mapping and len(nesting) == 1:  # a key of the root, then its value
                if key is None:
                    key = event.value if isinstance(event, yaml.ScalarEvent) else "?"
                else:
                    if isinstance(event, yaml.SequenceStartEvent):
                        opened, entries = key, 0
                    key = None
            if isinstance(event, yaml.CollectionStartEvent):
                root_mapping = root_mapping or (
                    not nesting and isinstance(event, yaml.MappingStartEvent)
                )
                nesting.append(opened)
    finally:
        counter.dispose()


def _check_entries(root: yaml.Node | None, name: str) -> None:
    """Refuse a section with more entries than MAX_ENTRIES, at the first past the limit."""
    if not isinstance(root, yaml.MappingNode):
        return
    for key_node, value_node in root.value:
        if isinstance(value_node, yaml.SequenceNode) and len(value_node.value) > MAX_ENTRIES:
            section = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            mark = value_node.value[MAX_ENTRIES].start_mark
            raise _too_many_entries(name, str(section), mark)


def _too_many_values(name: str, mark: _Mark | None) -> BankError:
    return _located(
        name, mark, f"more than {MAX_NODES:,} YAML values in one file: split it into files"
    )


def _too_many_entries(name: str, section: str, mark: _Mark | None) -> BankError:
    message = f"more than {MAX_ENTRIES:,} entries in {section[:40]!r}: split them across files"
    return _located(name, mark, message)


def _syntax_error(name: str, text: str, exc: yaml.MarkedYAMLError) -> BankError:
    """Locate a YAML error; an error found only at the end of the file points where it began."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if exc.context_mark is not None and "end of stream" in problem:
        problem += f" (line {mark.line + 1 if mark else '?'})"
        mark = exc.context_mark
    parts = [p for p in (exc.context, problem) if p]
    message = "YAML syntax error: " + "; ".join(parts)
    if mark is None:
        return BankError.at(name, 1, 1, message)
    lines = text.splitlines() or [""]
    if mark.line < len(lines):
        return BankError.at(name, mark.line + 1, mark.column + 1, message)
    return BankError.at(name, len(lines), len(lines[-1]) + 1, message)


def locate(
    root: yaml.Node | None, path: Sequence[str | int], at_key: bool = False
) -> tuple[int, int]:
    """1-based (line, col) of the deepest node along path (mapping keys or list indexes).

    A path element naming a key that does not exist points at the enclosing mapping; with
    at_key, a path ending on a mapping key points at the key rather than its value.
    """
    if root is None:
        return 1, 1
    node: yaml.Node = root
    best = node.start_mark
    for index, step in enumerate(path):
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                    if at_key and index == len(path) - 1:
                        return key_node.start_mark.line + 1, key_node.start_mark.column + 1
                    child = value_node
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            child = node.value[step]
        if child is None:
            break
        node = child
        best = node.start_mark
    return best.line + 1, best.column + 1
