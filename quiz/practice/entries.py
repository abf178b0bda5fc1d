"""The askable entries of a bank (questions, follow-ups, templates) with their content hashes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from quiz.bank.model import Bank, Item, TemplateEntry
from quiz.bank.plain import to_plain
from quiz.digests import blake2b
from quiz.memo import IdentityMemo


@dataclass(frozen=True, slots=True)
class Entry:
    """An askable item: what the store keeps of it (`quiz.store.items.ItemInfo`'s fields), and
    the bank objects behind it. Its content hash is computed when first asked for: a start
    whose bank is already synced never needs it for most entries."""

    id: str
    kind: str
    topic: str
    parent_id: str | None
    rev: int
    title: str
    follow_ups: tuple[str, ...] = ()
    item: Item | None = None
    template: TemplateEntry | None = None

    @property
    def content_hash(self) -> str:
        source: Item | TemplateEntry | None = self.item or self.template
        return _HASHES(source) if source is not None else ""

    @property
    def criteria(self) -> str:
        """JSON: the rubric's point ids and their criteria (templates have none)."""
        points = self.item.rubric if self.item is not None else ()
        return json.dumps({p.id: p.criterion for p in points}, ensure_ascii=False)


def _hash_of(source: Item | TemplateEntry) -> str:
    if isinstance(source, TemplateEntry):
        return _digest(to_plain(source.template))
    return _digest(_item_content(source))


_HASHES: IdentityMemo[Item | TemplateEntry, str] = IdentityMemo(_hash_of, limit=1 << 17)


def _digest(content: Any) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _item_content(item: Item) -> dict[str, Any]:
    return {
        "prompt": item.prompt,
        "model_answer": item.model_answer,
        "supplement": item.supplement,
        "rubric": [to_plain(point) for point in item.rubric],
    }


def entries(bank: Bank) -> dict[str, Entry]:
    """Every askable entry of the bank, keyed by id, in bank order."""
    found: dict[str, Entry] = {}
    for item in bank.items.values():
        title = " ".join(item.prompt.split())[:300]
        found[item.id] = Entry(
            item.id,
            item.kind,
            item.topic,
            item.parent_id,
            item.rev,
            title,
            item.follow_up_ids,
            item=item,
        )
    for template in bank.templates.values():
        t = template.template
        found[t.id] = Entry(
            t.id,
            "template",
            t.topic,
            None,
            t.rev,
            t.title[:300],
            template=template,
        )
    return found
