"""The shipped JSON Schema (`question_bank/schema.json`, what an editor checks a bank file with)
agrees with the loader: every packaged bank file validates, and what the loader refuses in a
lexicon entry the schema refuses too."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from quiz.paths import packaged_bank_dir


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = json.loads((packaged_bank_dir() / "schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_every_packaged_bank_file_validates(validator: Any) -> None:
    files = sorted(packaged_bank_dir().rglob("*.yaml"))
    assert len(files) >= 2
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = [error.message for error in validator.iter_errors(document)]
        assert errors == [], path


def test_the_readmes_yaml_examples_validate(validator: Any) -> None:
    """An author who copies an example sees no complaint from the editor either."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    assert len(blocks) >= 3
    for block in blocks:
        errors = [error.message for error in validator.iter_errors(yaml.safe_load(block))]
        assert errors == [], block


@pytest.mark.parametrize(
    ("written", "valid"), [("5e-1", True), ("25e-2", True), (".5", True), ("half", False)]
)
def test_a_number_may_be_written_as_yaml_1_1_leaves_it(
    validator: Any, written: str, valid: bool
) -> None:
    question = {"id": "t.q1", "topic": "demo", "prompt": "Why?", "model_answer": "Because."}
    misconception = {"statement": "s", "forms": ["a b"], "penalty": written}
    point = {"id": "p", "criterion": "c", "concepts": [{"forms": ["x", "y"]}]}
    document = {
        "questions": [{**question, "rubric": [{**point, "misconceptions": [misconception]}]}]
    }
    assert validator.is_valid(document) is valid


@pytest.mark.parametrize(
    ("entry", "valid"),
    [
        ({"terms": ["weights", "parameters"]}, True),
        ({"opposites": ["open", "closed"]}, True),
        ({}, False),
        ({"terms": ["a", "b"], "opposites": ["c", "d"]}, False),
        ({"opposites": ["open", "closed", "ajar"]}, False),
        ({"opposites": "open"}, False),
    ],
)
def test_a_lexicon_entry_is_checked_as_the_loader_checks_it(
    validator: Any, entry: dict[str, Any], valid: bool
) -> None:
    assert validator.is_valid({"lexicon": [entry]}) is valid
