"""Claims in the feedback: the missed rubric points the learner can claim ("I said this"), the
one marked for the claim key, and the claimed ones shown apart from those the scorer found."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from quiz.tui.shown import shown, shown_name


def claimable(grade: Any) -> list[str]:
    """The points the scorer did not find, in the rubric's order: missed, or claimed already."""
    return [point.id for point in grade.points if not point.hit or point.claimed]


def claim_line(grade: Any, mark: int, claim: str, pick: str) -> Text:
    """The claim keys (`claim`, `pick`: as remapped), with the point the claim key acts on now
    (empty when the scorer found every point)."""
    ids = claimable(grade)
    if not ids:
        return Text("")
    marked = ids[mark % len(ids)]
    point = next(p for p in grade.points if p.id == marked)
    line = Text()
    line.append(shown_name(claim, style="bold"))
    line.append(" withdraw the claim: " if point.claimed else " I said this: ", style="bold")
    line.append(shown(point.criterion))
    if len(ids) > 1:
        line.append(shown_name(f"   {pick} next missed point", style="dim"))
    return line
