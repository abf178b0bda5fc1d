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
    for name in ("QUIZ_PROFILE", "QUIZ_THEME", "QUIZ_DAILY_NEW_LIMIT", "QUIZ_RETENTION"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path_factory.mktemp("config") / "config.toml"
    monkeypatch.setenv("QUIZ_CONFIG", str(config))
