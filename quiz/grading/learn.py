"""`quiz rubric learn ID`: surface forms proposed from the answers in which learners claimed a
point the scorer missed ("I said this"). For the author to read and paste: nothing is written
into the bank.

Per claimed point: each claimed answer's content words and compounds (`suggest.word_concepts`,
the same units `quiz rubric suggest` proposes), less what the scorer already found as evidence in
that answer (it belongs to the points it was found for), less the words of the point's own forms
(known already) and of the question (an answer restating it says nothing new). The forms are
ranked by how many claimed answers hold them: a word many learners used for the idea is the
likeliest missing form.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from quiz.bank.model import Item
from quiz.bank.schema import LexiconGroup
from quiz.grading.match import stem
from quiz.grading.rubrics import score_item
from quiz.grading.suggest import word_concepts
from quiz.grading.text import normalise, tokenize

MAX_FORMS = 8  # proposed per point


@dataclass(frozen=True, slots=True)
class Learned:
    """The forms proposed for one point, each with the number of claimed answers holding it."""

    point: str
    criterion: str
    claims: int
    forms: tuple[tuple[str, int], ...]


def _keys(text: str) -> set[str]:
    return {stem(normalise(word)) for word in tokenize(text).words}


def _unfound(item: Item, answer: str, lexicon: Sequence[LexiconGroup]) -> str:
    """The answer with the evidence the scorer found blanked out."""
    grade = score_item(item, answer, tuple(lexicon))
    chars = list(answer)
    for point in grade.points:
        for evidence in point.evidence:
            chars[evidence.start : evidence.end] = " " * (evidence.end - evidence.start)
    return "".join(chars)


def learn(
    item: Item, claimed: Sequence[tuple[str, Sequence[str]]], lexicon: Sequence[LexiconGroup] = ()
) -> list[Learned]:
    """Forms for each point claimed in `claimed` ((answer, claimed point ids) pairs), in the
    rubric's order."""
    asked = _keys(item.prompt)
    out: list[Learned] = []
    for point in item.rubric:
        answers = [answer for answer, ids in claimed if point.id in ids]
        if not answers:
            continue
        known = asked | {key for c in point.concepts for form in c.forms for key in _keys(form)}
        counts: Counter[str] = Counter()
        spelt: dict[str, str] = {}
        for answer in answers:
            seen: set[str] = set()
            for (form,) in word_concepts(_unfound(item, answer, lexicon)):
                keys = _keys(form.removeprefix("not "))
                key = " ".join(sorted(keys))
                if not keys or keys <= known or key in seen:
                    continue
                seen.add(key)
                spelt.setdefault(key, form)
                counts[key] += 1
        ranked = sorted(counts.items(), key=lambda pair: (-pair[1], spelt[pair[0]]))
        forms = tuple((spelt[key], count) for key, count in ranked[:MAX_FORMS])
        out.append(Learned(point.id, point.criterion, len(answers), forms))
    return out


def learned_yaml(item: Item, learned: Sequence[Learned]) -> str:
    """The proposal as YAML comments and lines to paste under each point's concepts."""
    lines = [
        f"# quiz rubric learn {item.id}: forms from the answers where learners claimed a point.",
        "# Nothing was written to the bank. Keep a form only where it says the point's idea;",
        "# paste it into a concept's forms (or as a new concept), then run quiz lint.",
    ]
    if not learned:
        lines.append(f"# no claims on {item.id} yet")
    for found in learned:
        lines += [
            f"# {found.point}: {found.criterion} (claimed in {found.claims} answers)",
            f"- point: {json.dumps(found.point)}",
        ]
        if not found.forms:
            lines.append("  forms: []  # nothing new in the claimed answers")
            continue
        lines.append("  forms:")
        lines += [
            f"    - {json.dumps(form, ensure_ascii=False)}  # in {count} of {found.claims}"
            for form, count in found.forms
        ]
    return "\n".join(lines) + "\n"
