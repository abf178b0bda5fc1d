"""Seeded instances of compiled templates, and checking a learner's answer to one.

An instance depends only on the template, the seed and the presets: each generation owns a
`random.Random` seeded with "template-id:seed" (string seeds hash with SHA-512, stable across runs
and platforms); no global random state is touched.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quiz.calc import core
from quiz.calc.units import UnitError, sig
from quiz.problems.check import Expected, Verdict, check
from quiz.problems.display import Unit
from quiz.problems.drawing import Draw
from quiz.problems.formula import FormulaError
from quiz.problems.labels import read_label
from quiz.problems.template import NAME, PLACEHOLDER, CompiledTemplate

MAX_DRAWS = 100
MAX_SEED = 2**63 - 1
_ERRORS = (UnitError, FormulaError, ZeroDivisionError, OverflowError, ValueError)


class GenerationError(ValueError):
    """No draw of the template met its constraints, or a draw failed; the message says which."""


@dataclass(frozen=True, slots=True)
class Instance:
    template: str
    seed: int
    title: str
    prompt: str
    expected: Expected
    unit: Unit
    steps: tuple[str, ...]
    notes: tuple[str, ...] = ()
    feasible: bool | None = None
    verdict: str | None = None
    labels: tuple[str, ...] = ()
    erratum: str | None = None

    @property
    def answer_display(self) -> str:
        if self.verdict is not None:
            return self.verdict
        return self.unit.show(self.expected.value)

    def to_json(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "value": self.verdict if self.verdict is not None else self.expected.value,
            "unit": None if self.verdict is not None else self.unit.text or None,
            "display": self.answer_display,
        }
        if self.verdict is not None:
            answer["choices"] = list(self.labels)
        return {
            "template": self.template,
            "seed": self.seed,
            "title": self.title,
            "prompt": self.prompt,
            "answer": answer,
            "tolerance": self.expected.tolerance.to_json(),
            "steps": list(self.steps),
            "notes": list(self.notes),
            "feasible": self.feasible,
            "erratum": self.erratum,
        }


def generate(compiled: CompiledTemplate, seed: int) -> Instance:
    """The instance of a template for a seed; raises GenerationError if no draw works."""
    if not 0 <= seed <= MAX_SEED:
        raise GenerationError(f"seed must be between 0 and {MAX_SEED}, got {seed}")
    rng = random.Random(f"{compiled.id}:{seed}")
    failure = "no draw met the constraints"
    for _ in range(MAX_DRAWS):
        draw = Draw()
        try:
            outcome = _attempt(compiled, rng, draw)
        except _ERRORS as exc:
            failure = f"a draw failed: {exc}"
            continue
        if outcome is not None:
            return _instance(compiled, seed, draw, *outcome)
    raise GenerationError(f"template {compiled.id!r}, seed {seed}: {failure} in {MAX_DRAWS} tries")


def _attempt(
    compiled: CompiledTemplate, rng: random.Random, draw: Draw
) -> tuple[float, core.Result | None] | None:
    for drawer in compiled.drawers:
        drawer(rng, draw)
    answer_result: core.Result | None = None
    if compiled.answer_call is not None:
        answer_result = compiled.answer_call.run(draw)
        value = answer_result.value
    else:
        assert compiled.answer_formula is not None
        value = compiled.answer_formula(draw.numbers)
    if not math.isfinite(value):
        raise UnitError(f"the answer is not a finite number ({value})")
    draw.numbers["answer"] = value
    draw.shown["answer"] = compiled.answer_unit.show(value)
    if not all(c.holds(draw.numbers) for c in compiled.constraints):
        return None
    return value, answer_result


def _render(text: str, draw: Draw) -> str:
    return PLACEHOLDER.sub(lambda m: draw.shown[m.group(1)], text)


def _shown_once(steps: list[str], more: Sequence[str]) -> None:
    """Add the steps of another calculation, leaving out those already worked out (two
    calculations that both need a model's weight bytes show them once)."""
    steps += [step for step in more if step not in steps]


def _instance(
    compiled: CompiledTemplate,
    seed: int,
    draw: Draw,
    value: float,
    result: core.Result | None,
) -> Instance:
    template, u = compiled.template, compiled.answer_unit
    steps: list[str] = []
    for name, calculation in draw.results:
        _shown_once(steps, calculation.steps)
        steps.append(f"-> {name} = {draw.shown[name]}")
    if result is not None:
        _shown_once(steps, result.steps)
    else:
        text = template.answer.formula or ""
        substituted = NAME.sub(lambda m: draw.shown.get(m.group(0), m.group(0)), text)
        steps.append(f"answer = {text} = {substituted} = {u.show(value)}")
    steps += [_render(step, draw) for step in template.answer.steps]
    slips: list[tuple[str, float]] = []
    for slip in compiled.slips:
        try:
            if slip.formula is not None:
                wrong = slip.formula(draw.numbers)
            else:
                assert compiled.answer_call is not None
                wrong = compiled.answer_call.run(draw, slip.overrides).value
        except _ERRORS:
            continue
        if not math.isfinite(wrong) or any(
            compiled.tolerance.accepts(taken, wrong) for taken in (value, *(v for _, v in slips))
        ):
            continue  # indistinguishable from the answer or from an earlier slip
        slips.append((_render(slip.diagnosis, draw), wrong))
    expected = Expected(
        value, u.dims, compiled.tolerance, fraction=u.fraction, count=u.count, slips=tuple(slips)
    )
    verdict = labels = None
    if compiled.verdict is not None:
        spec = compiled.verdict
        holds = spec.condition.holds(draw.numbers)
        verdict = spec.true if holds else spec.false
        labels = (spec.true, spec.false)
        steps.append(_verdict_step(compiled, draw, holds, verdict))
    return Instance(
        template.id,
        seed,
        template.title,
        _render(template.prompt, draw),
        expected,
        u,
        tuple(steps),
        tuple(result.notes) if result is not None else (),
        result.feasible if result is not None else None,
        verdict,
        labels or (),
        _render(template.erratum, draw) if template.erratum else None,
    )


def _verdict_step(compiled: CompiledTemplate, draw: Draw, holds: bool, label: str) -> str:
    assert compiled.verdict is not None
    c = compiled.verdict.condition

    def side(text: str, value: float) -> str:
        return draw.shown.get(text, sig(value))

    left, right = side(c.left_text, c.left(draw.numbers)), side(c.right_text, c.right(draw.numbers))
    truth = "true" if holds else "false"
    return f"{c.left_text} {c.op} {c.right_text}: {left} {c.op} {right} is {truth} -> {label}"


def check_answer(instance: Instance, answer: str) -> Verdict:
    """Grade an answer to an instance: a number with its unit, or a verdict label."""
    if instance.verdict is None:
        return check(answer, instance.expected)
    choices = " or ".join(instance.labels)
    text = answer.strip()
    if len(text) > 200:
        return Verdict(False, None, "", f"answer is too long: answer {choices}")
    label = read_label(text, instance.labels)
    if label is None:
        return Verdict(False, None, "", f"could not read the answer {text[:40]!r}: say {choices}")
    if label == instance.verdict:
        return Verdict(True, label, "", None)
    reason = instance.steps[-1].split(": ", 1)[-1]
    return Verdict(False, label, "", f"it is {instance.verdict}: {reason}")


def check_json(instance: Instance, verdict: Verdict) -> dict[str, Any]:
    """`quiz check --json`: the verdict, what was expected, and the worked solution."""
    return {
        "template": instance.template,
        "seed": instance.seed,
        "correct": verdict.correct,
        "parsed": {"value": verdict.value, "unit": verdict.unit or None},
        "expected": {
            "value": instance.verdict if instance.verdict is not None else instance.expected.value,
            "unit": None if instance.verdict is not None else instance.unit.text or None,
            "display": instance.answer_display,
            "tolerance": instance.expected.tolerance.to_json(),
        },
        "diagnosis": verdict.diagnosis,
        "steps": list(instance.steps),
        "notes": list(instance.notes),
        "erratum": instance.erratum,
    }
