"""The askable entries of a bank (questions, follow-ups, templates) with their content hashes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from quiz.bank.model import Bank, Item, TemplateEntry
from quiz.store.items import ItemInfo


@dataclass(frozen=True, slots=True)
class Entry(ItemInfo):
    """An askable item: what the store keeps of it, and the bank objects behind it."""

    follow_ups: tuple[str, ...] = ()
    item: Item | None = None
    template: TemplateEntry | None = None


def _digest(content: Any) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _item_content(item: Item) -> dict[str, Any]:
    return {
        "prompt": item.prompt,
        "model_answer": item.model_answer,
        "supplement": item.supplement,
        "rubric": [point.model_dump() for point in item.rubric],
    }


def entries(bank: Bank) -> dict[str, Entry]:
    """Every askable entry of the bank, keyed by id, in bank order."""
    found: dict[str, Entry] = {}
    for position, item in enumerate(bank.items.values()):
        title = " ".join(item.prompt.split())[:300]
        found[item.id] = Entry(
            item.id,
            item.kind,
            item.topic,
            item.parent_id,
            item.rev,
            _digest(_item_content(item)),
            title,
            position,
            item.follow_up_ids,
            item=item,
        )
    offset = len(found)
    for position, template in enumerate(bank.templates.values(), offset):
        t = template.template
        found[t.id] = Entry(
            t.id,
            "template",
            t.topic,
            None,
            t.rev,
            _digest(t.model_dump(mode="json")),
            t.title[:300],
            position,
            template=template,
        )
    return found
