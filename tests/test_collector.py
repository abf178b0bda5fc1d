"""The bank loads with the garbage collector paused, and leaves it as it found it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.collector import collector_paused


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    gc.unfreeze()
    if was:
        gc.enable()


def test_a_load_pauses_the_collector_then_freezes_what_survived() -> None:
    gc.enable()
    gc.unfreeze()
    seen: list[bool] = []
    with collector_paused():
        seen.append(gc.isenabled())
        with collector_paused():  # nested: the inner end does not resume it
            pass
        seen.append(gc.isenabled())
    assert seen == [False, False] and gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_a_collector_turned_off_by_the_program_stays_off() -> None:
    gc.disable()
    load_bank(bank_sources())
    assert not gc.isenabled()


def test_a_failed_load_resumes_the_collector() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("the load failed")
    assert gc.isenabled()


def test_the_last_of_two_overlapping_loads_resumes_it() -> None:
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def other_load() -> None:
        with collector_paused():
            inside.set()
            release.wait()

    thread = threading.Thread(target=other_load)
    thread.start()
    inside.wait()
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other load is still running
    release.set()
    thread.join()
    assert gc.isenabled()
