"""Template self-check for `quiz lint`: generate many seeds and grade the template's own answers.

For every seed the instance must generate with a finite answer, its displayed answer must be
accepted, and the answer x100 and x0.01 must be rejected (a tolerance that accepts those is no
check at all). A verdict template must accept its label, reject the other one, and give each label
for some seed (a question whose answer never changes teaches nothing).
"""

from __future__ import annotations

import math

from quiz.bank.errors import Severity, YamlPath
from quiz.problems.generate import GenerationError, Instance, check_answer, generate
from quiz.problems.template import CompiledTemplate

SEEDS = 200


def self_check(
    compiled: CompiledTemplate, seeds: int = SEEDS
) -> list[tuple[YamlPath, str, Severity]]:
    """(path in the template, message, severity) for the first problem found, if any."""
    labels_seen: set[str] = set()
    for seed in range(seeds):
        try:
            instance = generate(compiled, seed)
        except GenerationError as exc:
            return [(("constraints",), str(exc), "error")]
        problem = _check_instance(instance)
        if problem is not None:
            return [(problem[0], f"seed {seed}: {problem[1]}", "error")]
        if instance.verdict is not None:
            labels_seen.add(instance.verdict)
    if compiled.verdict is not None:
        missing = [
            v for v in (compiled.verdict.true, compiled.verdict.false) if v not in labels_seen
        ]
        if missing:
            message = f"no seed of {seeds} gives the verdict {missing[0]!r}: vary the parameters"
            return [(("verdict",), message, "warning")]
    return []


def _check_instance(instance: Instance) -> tuple[YamlPath, str] | None:
    if instance.verdict is not None:
        if not check_answer(instance, instance.verdict).correct:
            return ("verdict",), f"its own verdict {instance.verdict!r} is not accepted"
        other = next(label for label in instance.labels if label != instance.verdict)
        if check_answer(instance, other).correct:
            return ("verdict",), f"the wrong verdict {other!r} is accepted"
        return None
    value = instance.expected.value
    if not math.isfinite(value):
        return ("answer",), f"the answer is not finite ({value})"
    shown = instance.answer_display
    verdict = check_answer(instance, shown)
    if not verdict.correct:
        return ("answer",), f"its own displayed answer {shown!r} is rejected ({verdict.diagnosis})"
    for factor in (100, 0.01):
        wrong = instance.unit.show(value * factor)
        if check_answer(instance, wrong).correct:
            message = f"{wrong!r} ({factor:g} x the answer) is accepted: tighten the tolerance"
            return ("tolerance",), message
    return None
