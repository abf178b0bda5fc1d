"""Random template formulas and random bank documents with numeric extremes and alias
structures: linting, listing and generating each end within a bound, with exit 0, 1 or 2 and
never a traceback; a formula the linter passes always generates an instance or a one-line error.

The default profile is short for CI; `HYPOTHESIS_PROFILE=long` runs many more examples."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.cli import main
from quiz.problems.selfcheck import SEEDS
from tests.conftest import finishes

NAMES = ["a", "b", "answer", "a_bytes", "unknown", "__import__", "os", "ceil", "min"]
NUMBERS = [
    "0",
    "1",
    "2.5",
    "-0.0",
    "1e-300",
    "1e308",
    "1e400",
    "1" + "0" * 400,
    "0x10",
    "1_000",
    "1j",
    "True",
    "None",
    "'s'",
    "float('inf')",
]
OPERATORS = ["+", "-", "*", "/", "**", "//", "%", "@", "<<", "and", "<", "=="]
CALLS = ["min", "max", "ceil", "floor", "abs", "eval", "__import__", "getattr"]

atoms = st.one_of(st.sampled_from(NAMES), st.sampled_from(NUMBERS))
formulas = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(OPERATORS), inner).map(" ".join),
        inner.map(lambda f: f"({f})"),
        inner.map(lambda f: f"-{f}"),
        st.tuples(st.sampled_from(CALLS), st.lists(inner, max_size=3)).map(
            lambda call: f"{call[0]}({', '.join(call[1])})"
        ),
        inner.map(lambda f: f"{f}.__class__"),
        inner.map(lambda f: f"[{f}][0]"),
        inner.map(lambda f: f"lambda: {f}"),
    ),
    max_leaves=12,
) | st.text(max_size=40)
# Formulas the whitelist accepts, so that many examples reach drawing and generating.
allowed = st.recursive(
    st.sampled_from(["a", "b", "2", "0", "1e-300", "1e30", "0.5"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**"]), inner).map(" ".join),
        inner.map(lambda f: f"({f})"),
        st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(
            lambda call: f"{call[0]}({call[1]}, {call[2]})"
        ),
        st.tuples(st.sampled_from(["ceil", "floor"]), inner).map(
            lambda call: f"{call[0]}({call[1]})"
        ),
    ),
    max_leaves=8,
)


def mostly(good: st.SearchStrategy[str], wild: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Three parts in four from `good`: most templates get past linting to generation."""
    return st.integers(min_value=0, max_value=3).flatmap(lambda n: wild if n == 3 else good)


TEMPLATE = """templates:
  - id: t.fuzz
    title: Fuzz
    topic: t
    prompt: "What is {{b}} for {{a}}?"
    params:
      a: {{range: [{low}, {high}], step: {step}, unit: GB}}
      b:
        formula: {param_formula}
        unit: GB
    answer:
      formula: {answer_formula}
      unit: GB
    constraints: [{constraint}]
"""

SCALARS = ["1", "0", "-1", "1e308", ".inf", "-.inf", ".nan", "1e-300", "0.5", "1" + "0" * 60]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with finishes(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
    assert "Traceback" not in err.getvalue(), err.getvalue()
    assert code in (0, 1, 2), (code, err.getvalue())
    return code, out.getvalue()


@given(
    param_formula=mostly(allowed.filter(lambda f: "b" not in f), formulas),
    answer_formula=mostly(allowed, formulas),
    constraint=mostly(allowed.map(lambda f: f"answer > {f}"), formulas),
    low=mostly(st.sampled_from(["0", "1", "0.5"]), st.sampled_from(SCALARS)),
    high=mostly(st.sampled_from(["10", "100"]), st.sampled_from(SCALARS)),
    step=mostly(st.sampled_from(["1", "0.5"]), st.sampled_from(SCALARS)),
    seeds=st.lists(
        st.integers(min_value=0, max_value=SEEDS - 1) | st.integers(min_value=0, max_value=2**64),
        min_size=1,
        max_size=3,
    ),
)
def test_random_template_formulas_lint_and_generate_cleanly(
    param_formula: str,
    answer_formula: str,
    constraint: str,
    low: str,
    high: str,
    step: str,
    seeds: list[int],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    bank = tmp_path_factory.mktemp("templates") / "t.yaml"
    bank.write_text(
        TEMPLATE.format(
            param_formula=_quoted(param_formula),
            answer_formula=_quoted(answer_formula),
            constraint=_quoted(constraint),
            low=low,
            high=high,
            step=step,
        ),
        encoding="utf-8",
    )
    lint_code, findings = _run(["lint", str(bank)])
    for line in findings.splitlines():
        if ": error: " in line:
            assert line.startswith(f"{bank}:"), line  # every finding is located in the file
    for seed in seeds:
        # An instance, or a one-line error (a template that cannot compile is left out: "no
        # such template"; one whose self-check failed on some seeds may still draw this one).
        code, shown = _run(["generate", "t.fuzz", "--bank", str(bank), "--seed", str(seed)])
        assert code in (0, 2)
        if code == 0:
            assert shown.startswith(f"t.fuzz (seed {seed}): Fuzz")
        if lint_code == 0 and seed < SEEDS:  # the seeds the linter's self-check generated
            assert code == 0


def _alias_document(depth: int, width: int, scalar: str, where: str) -> str:
    lines = ["questions:", "  - id: fz.q1", "    topic: t", "    prompt: p"]
    lines.append(f"    model_answer: &s0 {scalar}")
    for level in range(1, depth + 1):
        refs = ", ".join([f"*s{level - 1}"] * width)
        lines.append(f"    x{level}: &s{level} [{refs}]")
    lines.append(f"    {where}: *s{depth}")
    return "\n".join(lines) + "\n"


@given(
    depth=st.integers(min_value=0, max_value=40),
    width=st.integers(min_value=1, max_value=4),
    scalar=st.sampled_from([*SCALARS, "x", "[]", "{}", "null", "~", "!!binary aGk="]),
    where=st.sampled_from(["prompt", "rubric", "follow_ups", "weight", "source", "tags"]),
)
def test_random_alias_structures_end_within_their_bound(
    depth: int, width: int, scalar: str, where: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    bank = tmp_path_factory.mktemp("aliases") / "a.yaml"
    bank.write_text(_alias_document(depth, width, scalar, where), encoding="utf-8")
    assert _run(["lint", str(bank)])[0] == 1  # x1.. are unknown keys, located
    code, listed = _run(["list", "--bank", str(bank)])
    assert code == 0 and "ch44.q1" in listed  # the packaged bank is unaffected


numeric_fields = st.sampled_from(
    [
        "    weight: {v}",
        "    difficulty: {v}",
        "    rubric:\n      - criterion: c\n        concepts: [a]\n        weight: {v}",
        "    rubric:\n      - criterion: c\n        concepts: [a]\n        min_concepts: {v}",
        "    source: {{chapter: {v}}}",
    ]
)


@given(
    fields=st.lists(
        st.tuples(numeric_fields, st.sampled_from([*SCALARS, "-0", "0o17", "1_0", "1:20"])),
        min_size=1,
        max_size=3,
        unique_by=lambda pair: pair[0],
    )
)
def test_numeric_extremes_in_questions_are_located_findings(
    fields: list[tuple[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    body = "\n".join(template.format(v=value) for template, value in fields)
    bank = tmp_path_factory.mktemp("numbers") / "n.yaml"
    bank.write_text(
        "questions:\n  - id: fz.n1\n    topic: t\n    prompt: p\n" + body + "\n", encoding="utf-8"
    )
    _run(["lint", str(bank)])
    code, listed = _run(["list", "--bank", str(bank)])
    assert code == 0 and "ch44.q1" in listed
