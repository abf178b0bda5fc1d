"""Malformed bank files: each is reported at its exact file:line with a specific message."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank.loader import load_bank
from quiz.bank.yamlsafe import MAX_FILE_BYTES
from tests.conftest import one_question_bank

HEADER = "# yaml-language-server: $schema=schema.json\n"
# Line numbers of VALID, for reading the cases below:
#  1 header / 2 questions: / 3 - id / 4 topic / 5 prompt / 6 model_answer / 7 rubric:
#  8 - id: def / 9 criterion / 10 concepts: / 11 - forms
VALID = HEADER + one_question_bank()


def edit(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


BOMB = (
    HEADER
    + "\n".join(
        ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
        + [
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ]
    )
    + "\n"
)

CASES: list[tuple[str, str | bytes, int, str]] = [
    ("tab-indent", edit("    topic: demo", "\ttopic: demo"), 4, "syntax error"),
    ("unclosed-quote", edit("prompt: What is bandwidth?", 'prompt: "What is'), 5, "syntax error"),
    ("unclosed-flow", edit("[rate, speed]", "[rate, speed"), 11, "syntax error"),
    ("bad-indent", edit("    topic: demo", "    topic: demo\n   oops: 1"), 5, "syntax error"),
    (
        "duplicate-key",
        edit("    topic: demo", "    topic: demo\n    topic: other"),
        5,
        "duplicate key 'topic'",
    ),
    ("unknown-key", edit("    prompt:", "    promt:"), 5, "did you mean 'prompt'"),
    ("unknown-top-key", edit("questions:", "question:"), 2, "did you mean 'questions'"),
    (
        "missing-prompt",
        edit("    prompt: What is bandwidth?\n", ""),
        3,
        "missing required key 'prompt'",
    ),
    ("missing-rubric", VALID.split("    rubric:")[0], 3, "missing required key 'rubric'"),
    ("empty-rubric", VALID.split("    rubric:")[0] + "    rubric: []\n", 7, "at least 1"),
    (
        "negative-weight",
        edit("        criterion: Defines it.", "        criterion: x\n        weight: -1"),
        10,
        "greater than 0",
    ),
    (
        "string-weight",
        edit("        criterion: Defines it.", "        criterion: x\n        weight: heavy"),
        10,
        "valid number",
    ),
    (
        "bad-difficulty",
        edit("    topic: demo", "    topic: demo\n    difficulty: impossible"),
        5,
        "'easy', 'medium' or 'hard'",
    ),
    ("bad-id", edit("id: t.q1", "id: T Q1"), 3, "should match pattern"),
    (
        "rev-zero",
        edit("    topic: demo", "    topic: demo\n    rev: 0"),
        5,
        "greater than or equal to 1",
    ),
    ("rev-string", edit("    topic: demo", "    topic: demo\n    rev: two"), 5, "valid integer"),
    ("empty-forms", edit("[rate, speed]", "[]"), 11, "at least 1"),
    ("empty-form", edit("[rate, speed]", '[rate, ""]'), 11, "at least 1 character"),
    (
        "required-string",
        edit("[rate, speed]", "[rate, speed]\n            required: 'yes'"),
        12,
        "valid boolean",
    ),
    (
        "min-concepts",
        edit("        concepts:", "        min_concepts: 3\n        concepts:"),
        10,
        "min_concepts is 3 but the point has only 1",
    ),
    (
        "dup-point",
        VALID + "      - id: def\n        criterion: Again.\n"
        "        concepts:\n          - forms: [x, y]\n",
        12,
        "rubric point id 'def' is used twice",
    ),
    (
        "follow-up-prefix",
        VALID + "    follow_ups:\n      - id: other.f1\n        prompt: Why?\n",
        13,
        "must start with its parent's id 't.q1.'",
    ),
    ("dup-id-same-file", VALID + VALID.split("questions:\n")[1], 12, "duplicate id 't.q1'"),
    ("top-level-list", HEADER + "- id: t.q1\n", 2, "must be a mapping"),
    ("questions-mapping", HEADER + "questions:\n  id: t.q1\n", 3, "'questions' must be a list"),
    ("alias-bomb", BOMB, 8, "alias"),
    ("not-utf8", VALID.encode().replace(b"bandwidth?", b"bandwidth\xff?"), 5, "not UTF-8"),
    ("binary", VALID.encode().replace(b"demo", b"de\x00mo"), 4, "binary file"),
    ("multi-doc", VALID + "---\nquestions: []\n", 12, "syntax error"),
    (
        "python-tag",
        edit("prompt: What is bandwidth?", "prompt: !!python/object/apply:os.system [ls]"),
        5,
        "syntax error",
    ),
    ("numeric-prompt", edit("prompt: What is bandwidth?", "prompt: 42"), 5, "valid string"),
    (
        "big-penalty",
        edit(
            "          - forms: [rate, speed]",
            "          - forms: [rate, speed]\n        misconceptions:\n          - statement: s\n"
            "            forms: [a b]\n            penalty: 2",
        ),
        15,
        "less than or equal to 1",
    ),
    (
        "tags-string",
        edit("    topic: demo", "    topic: demo\n    tags: gpu"),
        5,
        "tags: Input should be a list (got 'gpu')",
    ),
    (
        "lexicon-one-term",
        VALID + "lexicon:\n  - terms: [alone]\n",
        13,
        "lexicon.0.terms: should have at least 2 items, not 1",
    ),
    (
        "nested-unknown",
        edit("        criterion:", "        critrion:"),
        9,
        "did you mean 'criterion'",
    ),
    (
        "concept-unknown",
        edit("          - forms:", "          - form:"),
        11,
        "did you mean 'forms'",
    ),
    ("scalar-entry", HEADER + "questions:\n  - just a string\n", 3, "a mapping of keys to values"),
    (
        "chapter-string",
        edit("    topic: demo", "    topic: demo\n    source: {chapter: '44'}"),
        5,
        "valid integer",
    ),
    ("undefined-alias", edit("prompt: What is bandwidth?", "prompt: *nothere"), 5, "syntax error"),
]


@pytest.mark.parametrize(("name", "content", "line", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_malformed_file_is_reported_at_its_line(
    tmp_path: Path, name: str, content: str | bytes, line: int, fragment: str
) -> None:
    path = tmp_path / f"{name}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    bank = load_bank([str(path)])
    errors = bank.errors
    assert errors, f"{name}: no error reported"
    first = errors[0]
    assert first.file == str(path)
    assert (first.line, fragment) == (line, fragment) and fragment in first.message, str(first)
    assert first.col >= 1


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_duplicate_id_across_files_names_the_first_definition(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(VALID, encoding="utf-8")
    second.write_text(HEADER + "\n" + VALID.removeprefix(HEADER), encoding="utf-8")
    bank = load_bank([str(tmp_path)])
    [error] = bank.errors
    assert (error.file, error.line) == (str(second), 4)
    assert f"already defined at {first}:3" in error.message
    assert list(bank.items) == ["t.q1"]


def test_oversized_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    [error] = load_bank([str(path)]).errors
    assert (error.line, error.col) == (1, 1)
    assert "limit" in error.message


def test_missing_path_is_a_finding(tmp_path: Path) -> None:
    [error] = load_bank([str(tmp_path / "nope.yaml")]).errors
    assert "no such file" in error.message


def test_valid_items_survive_a_broken_neighbour(tmp_path: Path) -> None:
    good = VALID
    broken = VALID.replace("t.q1", "t.q2").replace("    prompt:", "    promt:")
    (tmp_path / "good.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(broken, encoding="utf-8")
    bank = load_bank([str(tmp_path)])
    assert list(bank.items) == ["t.q1"]
    assert len(bank.errors) == 1
