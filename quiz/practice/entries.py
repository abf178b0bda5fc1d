"""The askable entries of a bank (questions, follow-ups, templates) with their content hashes."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Set
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


class Entries(Mapping[str, Entry]):
    """Every askable entry of the bank, keyed by id, in bank order (items, then templates; ids
    are unique across both), or only those of them in `only` (a cohort's learner on a bank the
    shared items were not synced with). Each Entry is made when first asked for: a start on a
    bank that is already synced looks up a few entries, and at 100,000 items making them all
    would be most of its time."""

    __slots__ = ("_bank", "_made", "_only")

    def __init__(self, bank: Bank, only: Set[str] | None = None) -> None:
        self._bank = bank
        self._made: dict[str, Entry] = {}
        self._only = only

    def __getitem__(self, item_id: str) -> Entry:
        found = self._made.get(item_id)
        if found is None:
            if self._only is not None and item_id not in self._only:
                raise KeyError(item_id)
            found = self._made[item_id] = _entry(self._bank, item_id)
        return found

    def __contains__(self, item_id: object) -> bool:
        if self._only is not None and item_id not in self._only:
            return False
        return item_id in self._bank.items or item_id in self._bank.templates

    def __iter__(self) -> Iterator[str]:
        for source in (self._bank.items, self._bank.templates):
            if self._only is None:
                yield from source
            else:
                yield from (item_id for item_id in source if item_id in self._only)

    def __len__(self) -> int:
        if self._only is None:
            return len(self._bank.items) + len(self._bank.templates)
        return sum(1 for _ in self)


def _entry(bank: Bank, item_id: str) -> Entry:
    """The entry of an id of the bank; KeyError for any other."""
    item = bank.items.get(item_id)
    if item is not None:
        title = " ".join(item.prompt.split())[:300]
        return Entry(
            item.id,
            item.kind,
            item.topic,
            item.parent_id,
            item.rev,
            title,
            item.follow_up_ids,
            item=item,
        )
    t = bank.templates[item_id].template
    return Entry(
        t.id, "template", t.topic, None, t.rev, t.title[:300], template=bank.templates[item_id]
    )
