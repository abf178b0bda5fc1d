"""What the learner sees after an answer is graded."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text

from quiz.practice.engine import Practice
from quiz.practice.outcome import Outcome
from quiz.srs.ratings import Rating
from quiz.tui.widgets.graded import highlighted, points


def rating_line(outcome: Outcome) -> Text:
    """Score, rating (and the suggested one), the keys, and when the item comes back."""
    line = Text()
    if outcome.score is not None and outcome.grade is not None:
        line.append(f"Score {outcome.score:.2f}", style="bold")
        line.append("   ")
    line.append("Rating: ", style="bold")
    line.append(Rating(outcome.final).label, style="bold cyan")
    if outcome.suggested is not None and outcome.suggested != outcome.final:
        line.append(f" (suggested {Rating(outcome.suggested).label})", style="dim")
    line.append("   1-4 to re-rate · n next · u undo", style="dim")
    if outcome.scheduled and outcome.due is not None:
        line.append(f"\nNext review {outcome.due:%Y-%m-%d %H:%M} UTC", style="dim")
    elif not outcome.scheduled:
        line.append("\nCram: the schedule was not changed", style="dim")
    return line


def feedback(practice: Practice, outcome: Outcome, text: str) -> Group:
    """Everything shown after an answer is graded: the verdict first, then the evidence or the
    worked solution, the model answer, and the follow-ups to come."""
    parts: list[Any] = [rating_line(outcome), Text("")]
    if outcome.grade is not None:
        parts += [
            Text("Your answer, with the evidence found", style="bold"),
            highlighted(text, outcome.grade),
            Text(""),
            points(outcome.grade),
        ]
    elif outcome.verdict is not None and outcome.instance is not None:
        verdict, problem = outcome.verdict, outcome.instance
        mark = ("✔ correct", "bold green3") if verdict.correct else ("✘ wrong", "bold red3")
        parts.append(Text(f"Your answer: {text.strip()}"))
        line = Text(mark[0], style=mark[1])
        line.append(f": the answer is {problem.answer_display}")
        parts.append(line)
        if verdict.diagnosis:
            parts.append(Text(f"Diagnosis: {verdict.diagnosis}", style="yellow"))
        parts += [Text("\nWorked solution", style="bold")]
        parts += [Text(f"  {step}") for step in problem.steps]
        if problem.notes:
            parts += [Text(f"  · {note}", style="dim") for note in problem.notes]
        if problem.erratum:
            parts += [Text("\nErratum", style="bold"), Text(problem.erratum)]
    entry = practice.entries.get(outcome.item_id)
    item = entry.item if entry is not None else None
    if item is not None and item.model_answer:
        parts += [Text(f"\n{item.model_answer_title}", style="bold"), Text(item.model_answer)]
        if item.supplement:
            parts += [
                Text("Supplement (not from the chapter)", style="bold dim"),
                Text(item.supplement),
            ]
        if item.follow_up is None and item.question.erratum:
            parts += [Text("Erratum", style="bold"), Text(item.question.erratum)]
    if outcome.follow_ups:
        parts.append(Text(f"\nFollow-ups next: {', '.join(outcome.follow_ups)}", style="cyan"))
    return Group(*parts)
