"""Broken templates: each reported at its file:line with a specific message, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.authoring.checked import load_checked_bank
from quiz.authoring.lint import lint_sources

HEADER = "# yaml-language-server: $schema=schema.json\n"
# Line numbers of VALID:
#  2 templates: / 3 - id / 4 title / 5 topic / 6 prompt / 7 params: / 8 model / 9 dtype
#  10 answer: / 11 quantity / 12 inputs / 13 unit / 14 tolerance / 15 slips: / 16 - diagnosis
#  17 formula
VALID = (
    HEADER
    + """templates:
  - id: t.weights
    title: Weights
    topic: memory
    prompt: "How big are the weights of {model} in {dtype}?"
    params:
      model: {model: [Llama-2-7B, Llama-3-8B]}
      dtype: {dtype: [bf16, int8]}
    answer:
      quantity: weights
      inputs: {params: model_params, bytes_per_param: dtype_bytes}
      unit: GB
    tolerance: {type: relative, value: 0.02}
    slips:
      - diagnosis: "you used bits"
        formula: answer * 8
"""
)


def edit(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


CASES: list[tuple[str, str, int, str]] = [
    (
        "unknown-quantity",
        edit("quantity: weights", "quantity: weight"),
        11,
        "unknown quantity 'weight'",
    ),
    (
        "unknown-name",
        edit("params: model_params,", "params: model_parms,"),
        12,
        "unknown name 'model_parms'",
    ),
    ("unknown-input", edit("bytes_per_param:", "bytes:"), 12, "unknown input 'bytes'"),
    (
        "missing-input",
        edit(", bytes_per_param: dtype_bytes", ""),
        12,
        "needs input 'bytes_per_param'",
    ),
    ("bad-unit", edit("unit: GB", "unit: furlongs"), 13, "unknown unit 'furlongs'"),
    ("unit-mismatch", edit("unit: GB", "unit: GB/s"), 13, "does not fit quantity 'weights'"),
    ("placeholder", edit("{dtype}?", "{dtyp}?"), 6, "unknown placeholder {dtyp}"),
    ("unknown-preset", edit("Llama-3-8B]", "Llama-9-8B]"), 8, "unknown model 'Llama-9-8B'"),
    (
        "hostile-formula",
        edit("formula: answer * 8", "formula: __import__('os').system('true')"),
        17,
        "only min, max, ceil and floor may be called",
    ),
    (
        "attribute-formula",
        edit("formula: answer * 8", "formula: answer.real"),
        17,
        "Attribute is not allowed",
    ),
    ("two-kinds", edit("{dtype: [bf16, int8]}", "{dtype: [bf16], choices: [1]}"), 9, "exactly one"),
    ("no-kind", edit("{dtype: [bf16, int8]}", "{unit: GB}"), 9, "exactly one"),
    ("bad-dtype", edit("[bf16, int8]", "[bf16, int3]"), 9, "(got 'int3')"),
    (
        "condition-without-operator",
        edit("    slips:", "    constraints: [answer]\n    slips:"),
        15,
        "exactly one of <, <=, >, >=",
    ),
    (
        "formula-answer-with-inputs",
        edit("quantity: weights", "formula: model_params * 2"),
        12,
        "inputs only go with quantity",
    ),
    (
        "slip-inputs-need-quantity",
        edit(
            "      quantity: weights\n"
            "      inputs: {params: model_params, bytes_per_param: dtype_bytes}",
            "      formula: model_params * dtype_bytes",
        ).replace("formula: answer * 8", "inputs: {params: 1}"),
        16,
        "slip inputs need an answer with a quantity",
    ),
    (
        "yaml-boolean-label",
        edit(
            "    slips:", "    verdict: {when: answer < 1e10, then: yes, otherwise: no}\n    slips:"
        ),
        15,
        "valid string",
    ),
    (
        "range-reversed",
        edit("{dtype: [bf16, int8]}", "{range: [5, 1]}"),
        9,
        "low 5 is above high 1",
    ),
]


@pytest.mark.parametrize(("name", "text", "line", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_broken_template_is_located(
    tmp_path: Path, name: str, text: str, line: int, fragment: str
) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    bank = load_checked_bank([str(path)])
    assert not bank.templates
    messages = [f"{f.line}: {f.message}" for f in bank.errors]
    assert any(f.line == line and fragment in f.message for f in bank.errors), messages


def test_valid_template_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(VALID, encoding="utf-8")
    bank = load_checked_bank([str(path)])
    assert not bank.findings and list(bank.templates) == ["t.weights"]


def _lint(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    report = lint_sources([str(path)])
    return [f"{f.line}:{f.severity}:{f.message}" for f in report.findings]


def test_lint_rejects_a_tolerance_that_accepts_100x(tmp_path: Path) -> None:
    findings = _lint(tmp_path, edit("value: 0.02", "value: 10"))
    assert any(
        f.startswith("14:error:") and "0.01 x the answer) is accepted" in f for f in findings
    )


def test_lint_reports_constraints_no_draw_meets(tmp_path: Path) -> None:
    findings = _lint(tmp_path, edit("    slips:", "    constraints: [answer < 0]\n    slips:"))
    assert any("no draw met the constraints in 100 tries" in f for f in findings), findings


def test_lint_warns_about_a_verdict_that_never_changes(tmp_path: Path) -> None:
    text = edit(
        "    slips:", '    verdict: {when: answer > 0, then: "yes", otherwise: "no"}\n    slips:'
    )
    findings = _lint(tmp_path, text)
    assert any(":warning:" in f and "never" not in f and "'no'" in f for f in findings), findings


def test_lint_accepts_the_valid_template(tmp_path: Path) -> None:
    assert _lint(tmp_path, VALID) == []


def test_template_verdicts_are_cached_with_the_bank(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(CASES[0][1], encoding="utf-8")
    first = load_checked_bank([str(bad)])
    again = load_checked_bank([str(bad)])  # from the cached verdicts: nothing compiled
    assert not first.templates and not again.templates
    assert [str(f) for f in again.errors] == [str(f) for f in first.errors]
    bad.write_text(VALID, encoding="utf-8")  # fixed: a new bank key, so a new verdict
    assert list(load_checked_bank([str(bad)]).templates) == ["t.weights"]
