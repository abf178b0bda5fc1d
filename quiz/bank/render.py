"""Plain-text and JSON views of bank items, shared by the CLI and other front ends."""

from __future__ import annotations

import textwrap
from typing import Any

from quiz.bank.model import Item
from quiz.bank.plain import to_plain
from quiz.bank.schema import RubricPoint, Source


def source_text(source: Source | None) -> str:
    if source is None:
        return ""
    parts = []
    if source.chapter is not None:
        parts.append(f"chapter {source.chapter}")
    if source.question is not None:
        parts.append(f"question {source.question}")
    if source.section:
        parts.append(source.section)
    return ", ".join(parts)


def point_json(point: RubricPoint) -> dict[str, Any]:
    return {
        "id": point.id,
        "criterion": point.criterion,
        "weight": point.weight,
        "min_concepts": point.min_concepts,
        "concepts": [{"forms": list(c.forms), "required": c.required} for c in point.concepts],
        "misconceptions": [
            {
                "statement": m.statement,
                "correction": m.correction,
                "forms": list(m.forms),
                "penalty": m.penalty,
            }
            for m in point.misconceptions
        ],
    }


def item_json(item: Item) -> dict[str, Any]:
    source = item.source
    return {
        "id": item.id,
        "kind": item.kind,
        "rev": item.rev,
        "topic": item.topic,
        "tags": list(item.tags),
        "difficulty": item.question.difficulty,
        "parent": item.parent_id,
        "prompt": item.prompt,
        "model_answer": item.model_answer,
        "authored": item.authored,
        "supplement": item.supplement,
        "rubric": [point_json(p) for p in item.rubric],
        "follow_ups": list(item.follow_up_ids),
        "source": to_plain(source, drop_none=True) if source else None,
        "erratum": item.question.erratum if item.follow_up is None else None,
        "file": item.file,
    }


def item_summary_json(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "topic": item.topic,
        "parent": item.parent_id,
        "prompt": item.prompt,
    }


def _wrap(text: str, indent: str = "  ", width: int = 88) -> str:
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent)


def item_text(item: Item) -> str:
    header = f"{item.id}  ({item.kind}, topic {item.topic}"
    src = source_text(item.source)
    header += f", {src})" if src else ")"
    lines = [header, "", "Prompt:", _wrap(item.prompt)]
    if item.parent_id:
        lines[1:1] = [f"Follow-up of {item.parent_id}"]
    if item.model_answer:
        lines += ["", f"{item.model_answer_title}:", _wrap(item.model_answer)]
    if item.supplement:
        lines += ["", "Supplement (not from the source):", _wrap(item.supplement)]
    if item.rubric:
        lines += ["", "Rubric:"]
        for number, point in enumerate(item.rubric, 1):
            lines.append(f"  {number}. {point.criterion}  [{point.id}, weight {point.weight:g}]")
            need = (
                f"any {point.min_concepts} of {len(point.concepts)}"
                if len(point.concepts) > 1
                else "the concept"
            )
            lines.append(f"     evidence ({need}):")
            for concept in point.concepts:
                flag = " (required)" if concept.required else ""
                lines.append(f"       - {' | '.join(concept.forms)}{flag}")
            for mis in point.misconceptions:
                lines.append(f"     misconception (-{mis.penalty:g}): {mis.statement}")
                said = " | ".join(f'"{form}"' for form in mis.forms)
                lines.append(f"       said as: {said}")
                if mis.correction:
                    lines.append(f"       correction: {mis.correction}")
    if item.follow_up is None and item.question.follow_ups:
        lines += ["", "Follow-ups:"]
        lines += [f"  {f.id}: {f.prompt}" for f in item.question.follow_ups]
    if item.follow_up is None and item.question.erratum:
        lines += ["", "Erratum:", _wrap(item.question.erratum)]
    return "\n".join(lines)
