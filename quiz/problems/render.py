"""Plain-text and JSON views of templates, instances and checked answers."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from quiz.bank.model import TemplateEntry
from quiz.bank.plain import to_plain
from quiz.bank.schema import Param
from quiz.calc.units import UnitError, sig
from quiz.problems.display import unit

if TYPE_CHECKING:  # instances are drawn elsewhere; listing templates needs no drawing code
    from quiz.problems.check import Verdict
    from quiz.problems.generate import Instance


def _wrap(text: str, indent: str = "  ", width: int = 88) -> str:
    return textwrap.fill(
        " ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=indent
    )


def template_summary_json(entry: TemplateEntry) -> dict[str, Any]:
    t = entry.template
    return {
        "id": t.id,
        "kind": "template",
        "title": t.title,
        "topic": t.topic,
        "tags": list(t.tags),
        "difficulty": t.difficulty,
        "verdict": t.verdict is not None,
    }


def template_json(entry: TemplateEntry) -> dict[str, Any]:
    """`quiz show` of a template: the authored definition, placeholders unfilled."""
    t = entry.template
    return {
        **template_summary_json(entry),
        "rev": t.rev,
        "prompt": t.prompt,
        "model_answer": None,
        "rubric": [],
        "follow_ups": [],
        "source": to_plain(t.source, drop_none=True) if t.source else None,
        "params": {name: to_plain(p, drop_none=True) for name, p in t.params.items()},
        "answer": to_plain(t.answer, drop_none=True, drop_defaults=True),
        "tolerance": to_plain(t.tolerance),
        "verdict": to_plain(t.verdict) if t.verdict else None,
        "erratum": t.erratum,
        "file": entry.file,
    }


def _inputs(inputs: dict[str, str | float]) -> str:
    return ", ".join(
        f"{arg} = {value if isinstance(value, str) else sig(value)}"
        for arg, value in inputs.items()
    )


def param_text(param: Param) -> str:
    """How a parameter is drawn, as a person would write it: 'one of 10B', 'from 1 to 8 GB'."""
    try:
        shown = unit(param.unit) if param.unit else None
    except UnitError:
        shown = None

    def num(value: float) -> str:
        return shown.show(value * shown.factor) if shown is not None else sig(value)

    if param.range is not None:
        low, high = param.range
        text = f"from {num(low)} to {num(high)}"
        text += f" in steps of {sig(param.step)}" if param.step else ""
    elif param.log is not None:
        text = (
            f"log-uniform from {num(param.log[0])} to {num(param.log[1])}, {param.figures} figures"
        )
    elif param.choices is not None:
        text = "one of " + ", ".join(num(v) for v in param.choices)
    elif param.words is not None:
        text = "one of the words " + ", ".join(param.words)
    elif param.dtype is not None:
        text = "a dtype: " + ", ".join(param.dtype)
    elif param.gpu is not None:
        text = "a GPU: " + ("any preset" if param.gpu == "all" else ", ".join(param.gpu))
    elif param.model is not None:
        text = "a model: " + ("any preset" if param.model == "all" else ", ".join(param.model))
    elif param.formula is not None:
        text = f"= {param.formula}"
    else:
        text = f"{param.quantity}({_inputs(param.inputs or {})})"
    if param.unit and param.range is None and param.log is None and param.choices is None:
        text += f", in {param.unit}"
    return text


def template_text(entry: TemplateEntry) -> str:
    t = entry.template
    answer = t.answer
    asked = f"quantity {answer.quantity}" if answer.quantity else f"formula {answer.formula}"
    lines = [
        f"{t.id}  (template, topic {t.topic}, {t.difficulty})",
        f"{t.title}",
        "",
        "Prompt:",
        _wrap(t.prompt),
        "",
        f"Asks: {asked}, in {answer.unit}; tolerance {t.tolerance.type} {t.tolerance.value:g}",
    ]
    if t.verdict:
        lines.append(f"Verdict: {t.verdict.then} if {t.verdict.when}, else {t.verdict.otherwise}")
    lines += ["", "Parameters:"]
    for name, param in t.params.items():
        lines.append(f"  {name}: {param_text(param)}")
    if t.source and t.source.note:
        lines += ["", "Source:", _wrap(t.source.note)]
    if t.erratum:
        lines += ["", "Erratum:", _wrap(t.erratum)]
    lines += ["", f"Try it: quiz generate {t.id} --seed 1"]
    return "\n".join(lines)


def instance_text(instance: Instance, solution: bool) -> str:
    lines = [f"{instance.template} (seed {instance.seed}): {instance.title}", ""]
    lines.append(_wrap(instance.prompt, indent=""))
    if instance.verdict is not None:
        lines += ["", f"Answer with one of: {', '.join(instance.labels)}"]
    if solution:
        lines += ["", f"Answer: {instance.answer_display}", ""]
        lines += [f"  {step}" for step in instance.steps]
        if instance.erratum:
            lines += ["", "Erratum:", _wrap(instance.erratum)]
    else:
        lines += [
            "",
            f"Check an answer: quiz check {instance.template} --seed {instance.seed} "
            "--answer '...'   (or add --solution)",
        ]
    return "\n".join(lines)


def verdict_text(instance: Instance, verdict: Verdict) -> str:
    mark = "correct" if verdict.correct else "wrong"
    lines = [f"{mark}: the answer is {instance.answer_display}"]
    tol = instance.expected.tolerance
    if instance.verdict is None:
        lines[0] += f" (accepted: {tol.type} tolerance {tol.value:g})"
    if verdict.diagnosis:
        lines.append(f"diagnosis: {verdict.diagnosis}")
    lines += ["", "Worked solution:"] + [f"  {step}" for step in instance.steps]
    if instance.notes:
        lines += ["", "Notes:"] + [f"  - {note}" for note in instance.notes]
    if instance.erratum:
        lines += ["", "Erratum:", _wrap(instance.erratum)]
    return "\n".join(lines)
