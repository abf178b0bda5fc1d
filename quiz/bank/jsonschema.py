"""The bank's JSON Schema, as printed by `quiz schema` and shipped as question_bank/schema.json."""

from __future__ import annotations

import json

from quiz.bank.schema import BankFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def bank_json_schema() -> dict[str, object]:
    schema: dict[str, object] = {"$schema": SCHEMA_DIALECT}
    schema.update(BankFile.model_json_schema())
    return schema


def bank_json_schema_text() -> str:
    return json.dumps(bank_json_schema(), indent=2, ensure_ascii=False) + "\n"
