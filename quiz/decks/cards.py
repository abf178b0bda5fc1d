"""Flash cards made from the bank: one per question and follow-up, and fixed instances of each
numeric template with the calculator's worked solution. Plain data, independent of any flash-card
program; `quiz.decks.anki` writes them as an Anki package.

Every card has a stable key (item id, or template id and seed), so exporting again names the same
cards and a flash-card program can update them in place instead of adding duplicates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from quiz.bank.model import Bank, Item, TemplateEntry
from quiz.bank.render import source_text
from quiz.bank.schema import Source
from quiz.problems.compiled import find
from quiz.problems.generate import GenerationError, Instance, generate

MAX_DRAWS_PER_INSTANCE = 10  # seeds tried per wanted instance before a template gives up


@dataclass(frozen=True, slots=True)
class Card:
    key: tuple[str, ...]  # stable identity: (item id,) or (template id, str(seed))
    label: str  # what the learner sees as the card's id: "ch44.q1", "memory.weights #3"
    kind: str  # question, followup or problem
    topic: str
    prompt: str
    answer: str
    rubric: tuple[str, ...] = ()  # the criteria, in order
    solution: tuple[str, ...] = ()  # the calculator's worked steps (problems)
    erratum: str | None = None
    source: str = ""
    tags: tuple[str, ...] = ()


def _no_spaces(text: str) -> str:
    """A flash-card tag has no spaces."""
    return re.sub(r"\s+", "-", text.strip())


def _tag(prefix: str, value: str) -> str:
    """`prefix::value` nests a tag under its prefix."""
    return prefix + "::" + _no_spaces(value)


def _tags(
    kind: str, topic: str, difficulty: str, source: str, own: tuple[str, ...]
) -> tuple[str, ...]:
    tags = [
        "quiz",
        _tag("kind", kind),
        _tag("topic", topic),
        _tag("difficulty", difficulty),
        _tag("source", source or "authored"),
    ]
    tags += [_no_spaces(t) for t in own]
    return tuple(dict.fromkeys(tags))


def _source_tag(source: Source | None) -> str:
    """The source a tag names: 'chapter 44' (empty: written for the bank)."""
    return f"chapter {source.chapter}" if source is not None and source.chapter else ""


def item_card(bank: Bank, item: Item) -> Card:
    answer = item.full_answer
    if answer is None:
        answer = "The bank has no model answer for this follow-up yet."
        if item.parent_id is not None and (parent := bank.items.get(item.parent_id)) is not None:
            answer += f"\n\nIt follows up: {parent.prompt}"
    erratum = item.question.erratum if item.follow_up is None else None
    where = source_text(item.source)
    if item.authored:
        where += " (model answer and rubric written for this bank, not the source's words)"
    return Card(
        key=(item.id,),
        label=item.id,
        kind=item.kind,
        topic=item.topic,
        prompt=item.prompt,
        answer=answer,
        rubric=tuple(point.criterion for point in item.rubric),
        erratum=erratum,
        source=where,
        tags=_tags(
            item.kind, item.topic, item.question.difficulty, _source_tag(item.source), item.tags
        ),
    )


def instance_card(entry: TemplateEntry, instance: Instance) -> Card:
    t = entry.template
    prompt = instance.prompt
    if instance.verdict is not None:
        prompt += f"\n\nAnswer with one of: {', '.join(instance.labels)}"
    where = source_text(t.source)
    return Card(
        key=(t.id, str(instance.seed)),
        label=f"{t.id} #{instance.seed}",
        kind="problem",
        topic=t.topic,
        prompt=prompt,
        answer=instance.answer_display,
        solution=instance.steps + tuple(instance.notes),
        erratum=instance.erratum,
        source=where,
        tags=_tags("problem", t.topic, t.difficulty, _source_tag(t.source), t.tags),
    )


def template_cards(bank: Bank, entry: TemplateEntry, count: int) -> Iterator[Card]:
    """Up to `count` different instances of one template, from seeds 1, 2, 3, ... (a seed whose
    draw fails, or repeats a problem already made, is skipped), so the same bank always gives
    the same instances; a template without random parameters gives one."""
    compiled = find(bank, entry.id)
    if compiled is None or count <= 0:
        return
    made, seen = 0, set()
    for seed in range(1, count * MAX_DRAWS_PER_INSTANCE + 1):
        try:
            instance = generate(compiled, seed)
        except GenerationError:
            continue
        if instance.prompt in seen:
            continue
        seen.add(instance.prompt)
        yield instance_card(entry, instance)
        made += 1
        if made == count:
            return


def bank_cards(bank: Bank, topics: frozenset[str] | None, problems: int) -> list[Card]:
    """The cards of the bank (optionally of some topics only): its items in bank order, then
    `problems` instances of each template."""
    cards = [
        item_card(bank, item)
        for item in bank.items.values()
        if topics is None or item.topic in topics
    ]
    for entry in bank.templates.values():
        if topics is None or entry.topic in topics:
            cards.extend(template_cards(bank, entry, problems))
    return cards
