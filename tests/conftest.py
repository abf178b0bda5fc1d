from __future__ import annotations

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
