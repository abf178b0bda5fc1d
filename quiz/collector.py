"""Building a large, long-lived structure without the cyclic garbage collector in the way.

Loading a bank allocates millions of objects that all stay alive; each time the allocation count
passes the collector's threshold, it walks the ever larger young generations again, which makes
the load grow faster than the bank. Paused, the load is linear; afterwards the survivors are
moved to the permanent generation (`gc.freeze`), so later collections do not walk them either.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_state = {"depth": 0, "resume": False}  # loads in progress; whether the collector was on


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for the block (re-entrant, and across threads: the last one out
    resumes it), then freeze what survived."""
    with _lock:
        if _state["depth"] == 0:
            _state["resume"] = gc.isenabled()
            gc.disable()
        _state["depth"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0 and _state["resume"]:
                gc.freeze()
                gc.enable()
