"""Bank-to-database sync at 100,000 items: the first sync, a start with nothing changed, one
item added at the top of the bank (budget <= 1 s), a hundred edited, and a reorder.

Each figure is the time of `sync_items` in one write transaction on a file database; the
baseline is the first sync (every row inserted), measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.store.items import ItemInfo, sync_items  # noqa: E402
from quiz.store.location import database_url  # noqa: E402
from quiz.store.store import Store  # noqa: E402

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
BUDGET = 1.0


def items(ids: list[str], edited: frozenset[str] = frozenset()) -> list[ItemInfo]:
    return [
        ItemInfo(i, "question", f"topic-{i[-1]}", None, 1, "h2" if i in edited else "h1", i)
        for i in ids
    ]


def timed(store: Store, infos: list[ItemInfo]) -> float:
    started = time.perf_counter()
    with store.write() as session:
        sync_items(session, infos, NOW)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args()
    ids = [f"bench.q{n}" for n in range(args.items)]
    store = Store.open(database_url(str(Path(tempfile.mkdtemp()) / "sync.db")))
    steps: list[tuple[str, Callable[[], float]]] = [
        ("first sync (baseline)", lambda: timed(store, items(ids))),
        ("nothing changed", lambda: timed(store, items(ids))),
        ("one item added at the top", lambda: timed(store, items(["bench.top", *ids]))),
        (
            "100 items edited",
            lambda: timed(store, items(["bench.top", *ids], frozenset(ids[:100]))),
        ),
        ("reordered (all renumbered)", lambda: timed(store, items(ids[::-1]))),
    ]
    figures = {name: step() for name, step in steps}
    base = figures["first sync (baseline)"]
    for name, seconds in figures.items():
        print(f"{name:28s} {seconds * 1000:9.1f} ms  {seconds / base:5.2f}x")
    ok = figures["one item added at the top"] <= BUDGET
    print(
        f"one added at {args.items:,} items within {BUDGET:.0f} s: " + ("met" if ok else "NOT MET")
    )
    store.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
