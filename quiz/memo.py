"""A cache keyed by object identity, for compiled forms of immutable bank objects.

Compiled templates and rubrics hold closures, so they cannot live in the bank cache (JSON); they
are built once per process per object. The object is kept with its result, so an id is never
reused while its entry lives; the cache is emptied when it reaches its limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityMemo(Generic[K, V]):
    def __init__(self, build: Callable[[K], V], limit: int = 4096) -> None:
        self._build, self._limit = build, limit
        self._entries: dict[int, tuple[K, V]] = {}

    def __call__(self, key: K) -> V:
        entry = self._entries.get(id(key))
        if entry is None or entry[0] is not key:
            if len(self._entries) >= self._limit:
                self._entries.clear()
            entry = (key, self._build(key))
            self._entries[id(key)] = entry
        return entry[1]
