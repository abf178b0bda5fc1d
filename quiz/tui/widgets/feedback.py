"""What the learner sees after an answer is graded."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group
from rich.text import Text

from quiz.bank.model import Item
from quiz.practice.engine import Practice
from quiz.practice.outcome import Outcome
from quiz.srs.ratings import Rating
from quiz.tui.shown import shown, shown_name
from quiz.tui.widgets.claims import claim_line
from quiz.tui.widgets.graded import highlighted, points

RATE_IDS = ("rate-again", "rate-hard", "rate-good", "rate-easy")


def key_of(keys: Mapping[str, str], binding_id: str, default: str) -> str:
    """The key a binding answers to: the first of those [keys] gives it, else its default."""
    return keys.get(binding_id, default).split(",")[0].strip() or default


def rating_keys(keys: Mapping[str, str]) -> str:
    """The four rating keys as the learner presses them: "1-4", or each one ("7/8/9/0")."""
    pressed = [key_of(keys, binding, str(n)) for n, binding in enumerate(RATE_IDS, 1)]
    return "1-4" if pressed == ["1", "2", "3", "4"] else "/".join(pressed)


def rating_line(outcome: Outcome, keys: Mapping[str, str], retry: bool = False) -> Text:
    """Score, rating (and the suggested one), the keys (as remapped), and when the item comes
    back. After a retry the first answer's review stands: it offers no re-rating."""
    line = Text()
    if outcome.score is not None and outcome.grade is not None:
        line.append(f"Score {outcome.score:.2f}", style="bold")
        line.append("   ")
    line.append("Rating: ", style="bold")
    line.append(Rating(outcome.final).label, style="bold cyan")
    if outcome.suggested is not None and outcome.suggested != outcome.final:
        line.append(f" (suggested {Rating(outcome.suggested).label})", style="dim")
    offered = [] if retry else [f"{rating_keys(keys)} re-rate"]  # fits 80 columns with the rest
    offered.append(f"{key_of(keys, 'next', 'n')} next")
    if outcome.grade is not None:  # a free-text answer: add the missing points and answer again
        offered.append(f"{key_of(keys, 'retry', 'r')} retry")
    offered.append(f"{key_of(keys, 'undo', 'u')} undo")
    line.append("  ")
    line.append(shown_name(" · ".join(offered), style="dim"))  # keys from the config file
    for note in outcome.notes:  # the verdict's own (a hint's cap), not the rubric's
        if outcome.grade is None or note not in outcome.grade.notes:
            line.append(f"\n{note}", style="yellow")
    if retry and outcome.mode != "cram":  # cram leaves every schedule alone, retry or not
        line.append("\nRetry: the schedule keeps your first answer's review", style="dim")
    elif outcome.scheduled and outcome.due is not None:
        line.append(f"\nNext review {outcome.due:%Y-%m-%d %H:%M} UTC", style="dim")
    elif not outcome.scheduled:
        line.append("\nCram: the schedule was not changed", style="dim")
    return line


def self_rating_prompt(item: Item | None, keys: Mapping[str, str]) -> Text:
    """For an answer with no rubric to grade it: the rating keys (as remapped), then the model
    answer to compare with."""
    body = Text("This follow-up has no rubric: rate your own answer.\n", style="bold")
    pressed = [key_of(keys, binding, str(n)) for n, binding in enumerate(RATE_IDS, 1)]
    ratings = " · ".join(
        f"{key} {rating.label}" for key, rating in zip(pressed, Rating, strict=True)
    )
    body.append(shown_name(ratings, style="bold cyan"))
    body.append("\n")
    if item is not None and item.model_answer:
        body.append(shown(f"\n{item.model_answer_title}\n", style="bold"))
        body.append(shown(item.model_answer))
    return body


def feedback(
    practice: Practice,
    outcome: Outcome,
    text: str,
    keys: Mapping[str, str],
    retry: bool = False,
    marked: int = 0,
) -> Group:
    """Everything shown after an answer is graded: the verdict first (with the claim keys and
    the missed point marked for them, `marked`), then the evidence or the worked solution, the
    model answer, and the follow-ups to come."""
    parts: list[Any] = [rating_line(outcome, keys, retry), Text("")]
    if outcome.grade is not None:
        claim = claim_line(
            outcome.grade, marked, key_of(keys, "claim", "c"), key_of(keys, "claim-pick", "v")
        )
        if claim:
            parts[1:1] = [claim]
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
