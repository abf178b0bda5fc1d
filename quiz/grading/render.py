"""Plain-text view of a score: each rubric point hit or missed with its evidence quoted."""

from __future__ import annotations

from quiz.grading.results import Evidence, ScoreResult


def _quote(evidence: Evidence) -> str:
    return f'"{evidence.text}" (chars {evidence.start}-{evidence.end})'


def score_text(result: ScoreResult) -> str:
    lines = [f"{result.question}: score {result.score:.2f}, suggested rating {result.rating}", ""]
    for point in result.points:
        mark = "[x]" if point.hit else "[~]" if point.credit > 0 else "[ ]"
        lines.append(f"{mark} {point.criterion}  ({point.id}, weight {point.weight:g})")
        if point.evidence:
            label = "evidence" if point.credit > 0 else "mentioned"  # counted, or only named
            quotes = "; ".join(_quote(e) for e in point.evidence)
            lines.append(f"      {label}: {quotes}")
        if not point.hit and not result.keyword_list:
            lines.append(
                f"      found {point.concepts_found} of the {point.concepts_needed} concept(s) "
                f"this point needs: {point.credit:.0%} of its credit"
            )
        if point.negated:
            quotes = "; ".join(_quote(e) for e in point.negated)
            lines.append(f"      negated, so not counted: {quotes}")
        if point.missing_required:
            lines.append("      a required concept is missing")
    if result.misconceptions:
        lines += ["", "Misconceptions:"]
        for mistake in result.misconceptions:
            lines.append(
                f"  - {_quote(mistake.evidence)} (-{mistake.penalty:g}): {mistake.statement}"
            )
            if mistake.correction:
                lines.append(f"    correction: {mistake.correction}")
    if result.notes:
        lines += ["", "Notes:"] + [f"  - {note}" for note in result.notes]
    return "\n".join(lines)
