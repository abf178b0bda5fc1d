from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep tests away from the user's cache, database and bank settings."""
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("QUIZ_BANK", raising=False)
    monkeypatch.delenv("QUIZ_DB", raising=False)
    monkeypatch.delenv("QUIZ_NOW", raising=False)
    for name in ("QUIZ_PROFILE", "QUIZ_THEME", "QUIZ_DAILY_NEW_LIMIT", "QUIZ_RETENTION"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("QUIZ_CONFIG", str(config))


class Hang(BaseException):  # not caught by the code's own `except Exception`
    """The guarded code ran far past any reasonable time: it is stuck, not slow."""


@contextlib.contextmanager
def finishes(seconds: float = 120) -> Iterator[None]:
    """Guard against a hang (an alarm after `seconds`, far beyond what the work needs on the
    busiest machine). Not a speed check: speed is measured by the benchmarks in bench/."""

    def stuck(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
