"""The learner's files are for the learner alone, as SSH and PostgreSQL keep theirs: the data
folder is created 0700, and the database, its backups, exports and caches 0600, whatever the
umask; an atomic rewrite keeps them so."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.files import create_private, write_atomically
from tests.conftest import Q2_ANSWER


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def _open_umask() -> Iterator[None]:
    """A umask that lets others read what is created (the usual 022): quiz must not rely on it."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_an_atomic_write_is_for_the_owner_only_even_over_an_open_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_atomically(target, b"{}")
    assert _mode(target) == 0o600
    target.chmod(0o644)
    write_atomically(target, b"[]")
    assert _mode(target) == 0o600 and target.read_bytes() == b"[]"


def test_create_private_makes_an_owner_only_file_and_leaves_one_that_exists(
    tmp_path: Path,
) -> None:
    new = tmp_path / "new.db"
    assert create_private(new) is True
    assert _mode(new) == 0o600 and new.read_bytes() == b""
    new.write_bytes(b"kept")
    assert create_private(new) is False and new.read_bytes() == b"kept"
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    with pytest.raises(OSError):
        create_private(loop)


def test_exports_and_packages_are_for_the_owner_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", str(db)]) == 0
    backup, deck = tmp_path / "b.json", tmp_path / "d.apkg"
    backup.write_text("old", encoding="utf-8")
    backup.chmod(0o644)
    assert main(["export", str(backup), "--db", str(db)]) == 0
    assert main(["export-anki", str(deck), "--topic", "decode", "--problems", "0"]) == 0
    assert _mode(backup) == 0o600 and _mode(deck) == 0o600
    cache = Path(os.environ["QUIZ_CACHE_DIR"])
    entries = [p for p in cache.rglob("*") if p.is_file()]
    assert entries and all(_mode(p) == 0o600 for p in entries)
    assert all(_mode(p) == 0o700 for p in [cache, *cache.rglob("*")] if p.is_dir())


def test_the_default_data_folder_is_created_for_the_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER]) == 0
    assert _mode(tmp_path / "share" / "quiz") == 0o700


def test_the_database_and_its_migration_backup_are_for_the_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER]) == 0
    db = tmp_path / "share" / "quiz" / "quiz.db"
    assert _mode(db) == 0o600
    from quiz.store.location import database_url
    from quiz.store.migrate import backup
    from quiz.store.store import Store

    store = Store.open(database_url(str(db)))
    try:
        copy = backup(store.engine, "test")
    finally:
        store.close()
    assert copy is not None and _mode(copy) == 0o600


def test_a_data_folder_an_earlier_quiz_left_open_is_closed_to_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    folder = tmp_path / "share" / "quiz"
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER]) == 0
    assert _mode(folder) == 0o700
