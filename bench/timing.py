"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable


def timed(repeat: int, run: Callable[[], object]) -> list[float]:
    """Seconds of each of `repeat` runs, by the wall clock."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times
