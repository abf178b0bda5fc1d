"""The bank's dataclasses as JSON values and back, without pydantic.

`to_plain` is what `quiz show --json`, content hashes and the bank cache write. `from_plain` reads
a cached bank back: the cache is this user's own file, written from a validated bank under a
content key, so it checks each value's JSON type against the field's type (a damaged entry is
refused, and the bank rebuilt) and runs the classes' own checks, but not the text rules, which
the load that wrote the entry applied.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar, Union

T = TypeVar("T")
Convert = Callable[[Any], Any]


class PlainError(ValueError):
    """A value of the wrong shape for its field."""


def to_plain(value: Any, *, drop_none: bool = False, drop_defaults: bool = False) -> Any:
    """A dataclass (recursively) as JSON-ready dicts and lists, fields in declared order;
    `drop_none` leaves out None fields, `drop_defaults` fields equal to their default."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found: dict[str, Any] = {}
        for f in dataclasses.fields(type(value)):
            item = getattr(value, f.name)
            if drop_none and item is None:
                continue
            if drop_defaults and _is_default(f, item):
                continue
            found[f.name] = to_plain(item, drop_none=drop_none, drop_defaults=drop_defaults)
        return found
    if isinstance(value, tuple | list):
        return [to_plain(v, drop_none=drop_none, drop_defaults=drop_defaults) for v in value]
    if isinstance(value, dict):
        return {
            k: to_plain(v, drop_none=drop_none, drop_defaults=drop_defaults)
            for k, v in value.items()
        }
    return value


def from_plain(cls: type[T], data: Any) -> T:
    """A dataclass rebuilt from `to_plain`'s output; PlainError when a value does not fit."""
    built: T = _converter(cls)(data)
    return built


def _is_default(f: dataclasses.Field[Any], value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return bool(value == f.default)
    if f.default_factory is not dataclasses.MISSING:
        return bool(value == f.default_factory())
    return False


_CONVERTERS: dict[Any, Convert] = {}


def _converter(hint: Any) -> Convert:
    found = _CONVERTERS.get(hint)
    if found is None:
        found = _CONVERTERS[hint] = _build(hint)
    return found


def _build(hint: Any) -> Convert:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Annotated:
        return _converter(args[0])
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass(hint)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence(_converter(args[0]))
        return _fixed(tuple(_converter(a) for a in args))
    if origin is dict:
        return _mapping(_converter(args[1]))
    if origin is Union or origin is types.UnionType:
        return _union(args)
    if origin is Literal:
        return _literal(frozenset(args))
    if hint is type(None):
        return _none
    if hint is float:
        return _float
    if hint in (str, int, bool):
        return _scalar(hint)
    raise TypeError(f"no plain form for {hint!r}")


class _Annotated:
    """Holds one field's annotation, so `typing.get_type_hints` resolves just that one."""

    def __init__(self, name: str, annotation: object) -> None:
        self.__annotations__ = {name: annotation}


def _dataclass(cls: type) -> Convert:
    """The converter of a dataclass. Each field's type is resolved the first time a value of it
    is read: a cached bank leaves default values out, so many fields never are."""
    declared = {f.name: f.type for f in dataclasses.fields(cls)}
    namespace = vars(sys.modules[cls.__module__])
    converters: dict[str, Convert] = {}

    def field_converter(name: str) -> Convert:
        if name not in declared:
            raise PlainError(f"{cls.__name__}: unknown field {name!r}")
        holder = _Annotated(name, declared[name])
        hint = typing.get_type_hints(holder, namespace, include_extras=True)[name]
        found = converters[name] = _converter(hint)
        return found

    def convert(value: Any) -> Any:
        if not isinstance(value, dict):
            raise PlainError(f"{cls.__name__}: expected an object")
        kwargs = {
            name: (converters.get(name) or field_converter(name))(v) for name, v in value.items()
        }
        try:
            return cls(**kwargs)
        except TypeError as exc:
            raise PlainError(f"{cls.__name__}: {exc}") from None

    return convert


def _sequence(item: Convert) -> Convert:
    def convert(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise PlainError("expected a list")
        return tuple([item(v) for v in value])

    return convert


def _fixed(items: tuple[Convert, ...]) -> Convert:
    def convert(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list) or len(value) != len(items):
            raise PlainError(f"expected a list of {len(items)}")
        return tuple([c(v) for c, v in zip(items, value, strict=True)])

    return convert


def _mapping(item: Convert) -> Convert:
    def convert(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise PlainError("expected an object")
        return {k: item(v) for k, v in value.items()}

    return convert


def _union(members: tuple[Any, ...]) -> Convert:
    by_kind: dict[type, Convert] = {}
    for member in members:
        base = typing.get_args(member)[0] if typing.get_origin(member) is Annotated else member
        origin = typing.get_origin(base)
        if base is type(None):
            by_kind[type(None)] = _none
        elif origin is tuple:
            by_kind[list] = _converter(base)
        elif origin is dict or (isinstance(base, type) and dataclasses.is_dataclass(base)):
            by_kind[dict] = _converter(base)
        elif origin is Literal or base is str:
            by_kind[str] = _converter(base)
        elif base is float:
            by_kind[float] = by_kind[int] = _float
        elif base is int:
            by_kind[int] = _scalar(int)
        elif base is bool:
            by_kind[bool] = _scalar(bool)
        else:
            raise TypeError(f"no plain form for {member!r}")

    def convert(value: Any) -> Any:
        found = by_kind.get(type(value))
        if found is None:
            raise PlainError(f"unexpected {type(value).__name__}")
        return found(value)

    return convert


def _literal(allowed: frozenset[Any]) -> Convert:
    def convert(value: Any) -> Any:
        if value not in allowed:
            raise PlainError(f"unexpected value {value!r}")
        return value

    return convert


def _none(value: Any) -> None:
    if value is not None:
        raise PlainError("expected null")


def _float(value: Any) -> float:
    if type(value) not in (int, float):
        raise PlainError("expected a number")
    return float(value)


def _scalar(kind: type) -> Convert:
    def convert(value: Any) -> Any:
        if type(value) is not kind:
            raise PlainError(f"expected {kind.__name__}")
        return value

    return convert
