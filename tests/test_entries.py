"""The bank's askable entries, whole or only those among a set of ids (a cohort's learner whose
bank differs from the shared items): a filtered view, in bank order, that never makes an entry
it does not hold."""

from __future__ import annotations

from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.practice.entries import Entries
from quiz.store.store import Store
from quiz.tui.context import Context

BANK = load_bank(bank_sources())
IDS = [*BANK.items, *BANK.templates]


@given(only=st.sets(st.sampled_from([*IDS, "not.in.the.bank", "mine.q1"])))
def test_entries_among_a_set_are_the_banks_filtered(only: set[str]) -> None:
    whole, some = Entries(BANK), Entries(BANK, only)
    assert list(some) == [item_id for item_id in IDS if item_id in only]
    assert len(some) == len(list(some))
    for item_id in [*IDS, "not.in.the.bank"]:
        assert (item_id in some) == (item_id in only and item_id in whole)
        if item_id in some:
            assert some[item_id] == whole[item_id]
        else:
            assert some.get(item_id) is None
            with pytest.raises(KeyError):
                some[item_id]


def test_an_instructors_context_makes_each_entry_once() -> None:
    # An instructor has no practice engine; the Bank screen reads the entries on every key of
    # its search, which made every entry of the bank again each time.
    context = Context(BANK, None, cast(Store, None))
    first = context.entries["ch44.q1"]
    assert context.entries["ch44.q1"] is first
