"""A graded free-text answer: the learner's text with the rubric evidence highlighted."""

from __future__ import annotations

from typing import Any

from rich.text import Text

HIT = "bold black on green3"
NEGATED = "strike yellow"
MISCONCEPTION = "bold white on red3"


def highlighted(answer: str, grade: Any) -> Text:
    """The answer with each point's evidence marked; negated and wrong claims marked apart."""
    text = Text(answer)
    for point in grade.points:
        for evidence in point.evidence:
            text.stylize(HIT if point.hit else "underline green3", evidence.start, evidence.end)
        for evidence in point.negated:
            text.stylize(NEGATED, evidence.start, evidence.end)
    for mistake in grade.misconceptions:
        text.stylize(MISCONCEPTION, mistake.evidence.start, mistake.evidence.end)
    return text


def points(grade: Any) -> Text:
    """Each rubric point hit or missed, with the evidence quoted."""
    text = Text()
    for point in grade.points:
        if point.claimed:  # the learner's word, shown apart from what the scorer found
            mark, style = "✔", "cyan"
        elif point.hit:
            mark, style = "✔", "green3"
        elif point.credit > 0:
            mark, style = "◐", "yellow"
        else:
            mark, style = "✘", "red3"
        text.append(f"{mark} ", style=f"bold {style}")
        text.append(point.criterion)
        if not point.hit and point.credit > 0:
            text.append(f" (partial: {point.credit:.0%})", style="yellow")
        if point.claimed:
            text.append("  claimed (you said this; not found by the grader)", style="cyan")
        elif point.evidence:
            quotes = ", ".join(f'"{e.text}"' for e in point.evidence)
            text.append(f"  {quotes}", style="dim" if point.hit else "yellow")
        elif not point.hit:
            text.append("  (no evidence found)", style="dim")
        text.append("\n")
    for mistake in grade.misconceptions:  # what was said, then what is true (or the claim)
        text.append("! ", style="bold red3")
        text.append(f'"{mistake.evidence.text}" (-{mistake.penalty:g}): ', style="red3")
        if mistake.correction:
            text.append(f"{mistake.correction}\n")
        else:
            text.append(f"a misconception: {mistake.statement}\n", style="red3")
    for note in grade.notes:
        text.append(f"· {note}\n", style="italic yellow")
    if grade.claimed:
        text.append("· claimed points count as found: an answer with a claim is rated at most ")
        text.append("good\n")
    return text
