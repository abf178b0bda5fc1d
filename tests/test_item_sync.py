"""Syncing the bank's items: order kept with room between positions, so adding an item rewrites
no other row; a reorder renumbers; changes are written in batches."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event, select

from quiz.store.items import ItemInfo, _positions, sync_items
from quiz.store.location import database_url
from quiz.store.models import StoredItem
from quiz.store.store import Store

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def info(item_id: str, title: str = "t") -> ItemInfo:
    return ItemInfo(item_id, "question", "topic", None, 1, "hash", title)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(database_url(str(tmp_path / "q.db")))
    yield opened
    opened.close()


def _sync(store: Store, ids: list[str], **titles: str) -> list[str]:
    """Sync and return the statements that wrote rows."""
    writes: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *rest: object) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            writes.append(statement)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        with store.write() as session:
            sync_items(session, [info(i, titles.get(i, "t")) for i in ids], NOW)
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    return writes


def _order(store: Store) -> list[str]:
    with store.read() as session:
        query = select(StoredItem.id).where(StoredItem.removed.is_(False))
        return list(session.scalars(query.order_by(StoredItem.position)))


def _rows(store: Store) -> dict[str, int]:
    with store.read() as session:
        rows = session.execute(select(StoredItem.id, StoredItem.position)).all()
    return {item_id: position for item_id, position in rows}


def test_adding_an_item_at_the_top_rewrites_no_other_row(store: Store) -> None:
    ids = [f"q{n}" for n in range(1000)]
    _sync(store, ids)
    before = _rows(store)
    writes = _sync(store, ["new", *ids])
    to_items = [w for w in writes if " items " in w]
    assert len(to_items) == 1 and to_items[0].startswith("INSERT")  # and the revision's update
    after = _rows(store)
    assert {k: v for k, v in after.items() if k != "new"} == before
    assert _order(store) == ["new", *ids]


def test_items_added_between_and_after_keep_the_bank_order(store: Store) -> None:
    _sync(store, ["a", "b", "c"])
    _sync(store, ["a", "x", "y", "b", "c", "z"])
    assert _order(store) == ["a", "x", "y", "b", "c", "z"]


def test_a_reorder_renumbers_and_a_change_is_one_batch(store: Store) -> None:
    ids = [f"q{n}" for n in range(300)]
    _sync(store, ids)
    _sync(store, ids[::-1])
    assert _order(store) == ids[::-1]
    writes = _sync(store, ids[::-1], **{i: "edited" for i in ids[:100]})
    assert len([w for w in writes if "UPDATE items" in w]) == 1  # one executemany for the 100
    with store.read() as session:
        titles = session.scalars(select(StoredItem.title).where(StoredItem.id.in_(ids[:100])))
        assert set(titles) == {"edited"}


@given(
    st.lists(st.integers(0, 40), unique=True, max_size=30),
    st.lists(st.integers(0, 40), unique=True, max_size=30),
)
def test_positions_always_follow_the_bank_order(first: list[int], second: list[int]) -> None:
    stored = _positions([str(n) for n in first], {})
    found = _positions([str(n) for n in second], stored)
    order = [found[str(n)] for n in second]
    assert order == sorted(order) and len(set(order)) == len(order)
    assert all(0 < p <= 10**9 for p in order)
