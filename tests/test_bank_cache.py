"""The bank cache serves an unchanged bank and never a stale one."""

from __future__ import annotations

from pathlib import Path

from quiz.bank.cache import cache_dir, load_bank_cached
from tests.test_bank_malformed import VALID


def test_cache_hit_and_invalidation(tmp_path: Path) -> None:
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(VALID, encoding="utf-8")
    first = load_bank_cached([str(bank_file)])
    assert list(first.items) == ["t.q1"]
    assert len(list(cache_dir().glob("bank-*.pickle"))) == 1
    again = load_bank_cached([str(bank_file)])
    assert again.items["t.q1"].prompt == "What is bandwidth?"
    bank_file.write_text(VALID.replace("What is bandwidth?", "What is latency?"), encoding="utf-8")
    edited = load_bank_cached([str(bank_file)])
    assert edited.items["t.q1"].prompt == "What is latency?"
    assert len(list(cache_dir().glob("bank-*.pickle"))) == 2


def test_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(VALID, encoding="utf-8")
    load_bank_cached([str(bank_file)])
    [entry] = cache_dir().glob("bank-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert list(load_bank_cached([str(bank_file)]).items) == ["t.q1"]


def test_unwritable_cache_dir_still_loads(tmp_path: Path, monkeypatch: object) -> None:
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(VALID, encoding="utf-8")
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(blocker / "sub"))  # type: ignore[attr-defined]
    assert list(load_bank_cached([str(bank_file)]).items) == ["t.q1"]
