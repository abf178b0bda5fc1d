"""The bank's JSON Schema, as printed by `quiz schema` and shipped as question_bank/schema.json.

Pydantic generates it from `quiz.bank.schema`, with a number also accepted as the text YAML 1.1
leaves "1e9" as (the loader reads it as the number); the calculator then adds what an author's
editor should complete: the quantity names (the only ones allowed), and the shipped GPU and model
presets and the usual units as suggestions beside free text (a bank may define presets of its
own, and any unit the calculator reads is accepted).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from quiz.bank.schema import BankFile
from quiz.calc.presets import gpus, models
from quiz.calc.quantities import QUANTITIES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
COMMON_UNITS = (
    "%",
    "fraction",
    "count",
    "params",
    "tokens",
    "x",
    "B",
    "MB",
    "GB",
    "GiB",
    "TB",
    "B/s",
    "GB/s",
    "TB/s",
    "s",
    "ms",
    "us",
    "tokens/s",
    "FLOP",
    "TFLOP",
    "FLOP/s",
    "TFLOP/s",
    "PFLOP/s",
    "FLOP/B",
)


def _string_branch(prop: dict[str, Any]) -> dict[str, Any]:
    """The part of a property's schema that describes its text (inside anyOf / array items)."""
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") == "array":
            items: dict[str, Any] = branch["items"]
            return _string_branch(items)
        if branch.get("type") == "string" and "const" not in branch:
            text: dict[str, Any] = branch
            return text
    raise KeyError("no string branch")


def _suggest(prop: dict[str, Any], values: list[str]) -> None:
    branch = _string_branch(prop)
    free = dict(branch)
    branch.clear()
    branch["anyOf"] = [{"enum": values, "type": "string"}, free]


def _only(prop: dict[str, Any], values: list[str]) -> None:
    branch = _string_branch(prop)
    for key in ("pattern", "maxLength", "minLength"):
        branch.pop(key, None)
    branch["enum"] = values


# YAML 1.1 reads 1e9 and 70e9 (no dot, no exponent sign) as text; the loader reads such text as
# the number it spells, so the schema lets a number be written that way too.
NUMBER_TEXT = r"^[-+]?([0-9][0-9_]*(\.[0-9_]*)?|\.[0-9_]+)([eE][-+]?[0-9]+)?$"


def _numbers_as_written(node: Any) -> Any:
    """The schema with every number also accepted as the text YAML 1.1 leaves it as."""
    if isinstance(node, list):
        return [_numbers_as_written(inner) for inner in node]
    if not isinstance(node, dict):
        return node
    for key, inner in node.items():
        node[key] = _numbers_as_written(inner)
    if node.get("type") != "number":
        return node
    outer = {key: node.pop(key) for key in ("title", "description", "default") if key in node}
    outer["anyOf"] = [node, {"type": "string", "pattern": NUMBER_TEXT}]
    return outer


def bank_json_schema() -> dict[str, object]:
    schema: dict[str, Any] = {"$schema": SCHEMA_DIALECT}
    schema.update(_numbers_as_written(TypeAdapter(BankFile).json_schema()))
    defs = schema["$defs"]
    for model in ("Param", "TemplateAnswer"):
        _only(defs[model]["properties"]["quantity"], list(QUANTITIES))
        _suggest(defs[model]["properties"]["unit"], list(COMMON_UNITS))
    _suggest(defs["Param"]["properties"]["gpu"], list(gpus()))
    _suggest(defs["Param"]["properties"]["model"], list(models()))
    return schema


def bank_json_schema_text() -> str:
    return json.dumps(bank_json_schema(), indent=2, ensure_ascii=False) + "\n"
