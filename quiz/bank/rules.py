"""The bank schema's field rules, written without importing pydantic.

The schema's classes are plain frozen dataclasses, so that a command which reads a cached bank
never imports pydantic (about 0.1 s of start-up). pydantic validates them when a bank file is
loaded: it asks each marker below for its part of the validation schema, and reads the class
attribute `__pydantic_config__` (a plain dict) of `Strict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar, dataclass_transform

from quiz.printable import printable

T = TypeVar("T")

CONFIG: dict[str, Any] = {"extra": "forbid", "allow_inf_nan": False}


class Strict:
    """Base of the schema's classes: unknown keys are refused, numbers are finite."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = CONFIG


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field,))
def schema_class(cls: type[T]) -> type[T]:
    """A class of the bank schema: a dataclass with slots and keyword-only fields, immutable to
    the type checker (mypy refuses an assignment to a field). At run time it is neither frozen
    nor compared by value: the code those two generate for each class is a quarter of a plain
    command's start-up at 16 classes, and bank objects are only ever compared by identity."""
    return dataclass(slots=True, kw_only=True, eq=False)(cls)


class FieldError(ValueError):
    """A check across a class's fields that one field fails: the error is located at that
    field's value (`min_concepts: 3`), not at the start of the object holding it."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


class Rule:
    """Constraints merged into the annotated type's validation schema: `min_length`,
    `max_length` and `pattern` for text and lists, `gt`, `ge` and `le` for numbers, and
    `strict` (no coercion: a bool stays a bool, an int an int)."""

    __slots__ = ("keys",)

    def __init__(self, **keys: object) -> None:
        self.keys = keys

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        schema.update(self.keys)
        return schema


class Doc:
    """A field's description in the JSON Schema."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> Any:
        found = handler(schema)
        found["description"] = self.text
        return found


class Shown:
    """Text shown to the learner: control characters (a terminal escape, a carriage return) are
    kept as visible \\uXXXX escapes, so a bank file cannot drive the learner's terminal."""

    __slots__ = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(printable, handler(source))
