"""The progress database: refusals that leave files untouched, export and import, the fast
paths of plain commands."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from quiz.cli import main
from quiz.store.engine import make_engine
from quiz.store.location import DatabaseError, database_url
from quiz.store.migrate import head_revision, upgrade
from quiz.store.store import Store

ROOT = Path(__file__).parent.parent


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_newer_schema_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.db"
    engine = make_engine(database_url(str(path)))
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    before = _digest(path)
    with pytest.raises(DatabaseError, match="newer than this version of quiz"):
        Store.open(database_url(str(path)))
    assert main(["--db", str(path), "due"]) == 2
    err = capsys.readouterr().err
    assert "newer than this version" in err and len(err.strip().splitlines()) == 1
    assert _digest(path) == before


@pytest.mark.parametrize("content", [os.urandom(4096), b"hello, not a database\n" * 50])
def test_a_file_of_other_bytes_is_refused_untouched(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(content)
    assert main(["due", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not a quiz database" in err and "Traceback" not in err
    assert path.read_bytes() == content


def test_an_unwritable_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        assert main(["stats", "--db", str(folder / "quiz.db")]) == 2
        assert "is not writable" in capsys.readouterr().err
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_missing_folders_are_made_and_a_bad_url_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A database in folders that do not exist yet: they are made for the owner only (it was
    refused: 'folder ... does not exist'); under a file, it cannot be, and says why."""
    db = tmp_path / "no" / "such" / "quiz.db"
    assert main(["due", "--db", str(db)]) == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    (tmp_path / "file").write_text("x")
    assert main(["due", "--db", str(tmp_path / "file" / "sub" / "quiz.db")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert main(["due", "--db", "nosuchdialect://x"]) == 2
    assert "cannot use nosuchdialect://x" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")
def test_a_place_no_one_can_write_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", "/proc/quiz-test.db"]) == 2  # refused even to root
    err = capsys.readouterr().err
    assert "/proc/quiz-test.db" in err and "Traceback" not in err


def test_sqlite_settings(tmp_path: Path) -> None:
    engine = make_engine(database_url(str(tmp_path / "d.db")))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (connection.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_db_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "e.db"
    assert main(["db", "upgrade", "--db", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["current"] == doc["head"] == head_revision()
    assert main(["--db", str(path), "db", "current"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_export_import_round_trip_is_idempotent(
    new_db: Callable[[str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QUIZ_NOW", "2026-11-01T09:00:00Z")
    one, two, backup = new_db("one"), new_db("two"), tmp_path / "backup.json"
    answer = "Bandwidth is the rate of data transfer from GPU memory; each token reads the weights."
    assert main(["answer", "ch44.q1", "--answer", answer, "--db", str(one)]) == 0
    assert (
        main(["answer", "ch44.q1.f1", "--answer", "x", "--rating", "hard", "--db", str(one)]) == 0
    )
    assert main(["export", str(backup), "--db", str(one)]) == 0
    capsys.readouterr()
    for expected in (2, 0):
        assert main(["import", str(backup), "--db", str(two), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["attempts"] == expected
    assert main(["export", "-", "--db", str(two)]) == 0
    again = json.loads(capsys.readouterr().out)
    original = json.loads(backup.read_text(encoding="utf-8"))
    assert again["profiles"][0]["attempts"] == original["profiles"][0]["attempts"]
    assert again["profiles"][0]["cards"] == original["profiles"][0]["cards"]
    monkeypatch.setenv("QUIZ_NOW", "2026-12-01T09:00:00Z")
    assert main(["due", "--db", str(two), "--json"]) == 0
    assert {d["id"] for d in json.loads(capsys.readouterr().out)} == {"ch44.q1", "ch44.q1.f1"}


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "cannot read"),
        ('{"format": "other"}', "not a quiz progress backup"),
        ('{"format": "quiz-progress", "version": 99}', "version 99 is not supported"),
        ('{"format": "quiz-progress", "version": 1, "items": [{"id": 1}]}', "$.exported_at"),
    ],
)
def test_bad_backups_are_refused(
    tmp_path: Path, content: str, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["import", str(path), "--db", str(tmp_path / "f.db")]) == 2
    assert fragment in capsys.readouterr().err


def test_quiz_now_must_be_a_date(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QUIZ_NOW", "next tuesday")
    assert main(["due", "--db", str(tmp_path / "g.db")]) == 2
    assert "QUIZ_NOW='next tuesday' is not an ISO 8601" in capsys.readouterr().err


def test_answer_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(tmp_path / "h.db")]
    assert main(["answer", "ch44.q1", "--answer", "x", "--rating", "great", *db]) == 2
    assert "not 'great'" in capsys.readouterr().err
    assert main(["answer", "nope", "--answer", "x", *db]) == 2
    assert "no item 'nope'" in capsys.readouterr().err
    assert main(["answer", "memory.weights", "--answer", "1 GB", *db]) == 2
    assert "--seed" in capsys.readouterr().err


def test_plain_commands_do_not_touch_the_database(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom quiz.cli import main\n"
        "assert main(['calc', 'weights', '--params', '7B']) == 0\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QUIZ_DB": str(tmp_path / "never.db")},
    )
    assert "LOADED []" in result.stdout and not (tmp_path / "never.db").exists()


def test_fast_due_agrees_with_the_full_path(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from quiz.authoring.checked import load_checked_bank
    from quiz.bank.sources import bank_sources
    from quiz.practice.engine import Practice
    from quiz.practice.queue import due_fast, due_now, sync_key

    path = tmp_path / "fast.db"
    store = Store.open(database_url(str(path)))
    moment = [datetime(2026, 11, 2, 9, tzinfo=UTC)]
    bank = load_checked_bank(bank_sources())
    assert bank.key is not None
    synced = sync_key(bank.key)
    practice = Practice(store, bank, now=lambda: moment[0])
    for item in ("ch44.q1", "ch44.q2", "ch44.q3"):
        practice.submit(item, "Bandwidth is the rate of data transfer.")
    practice.suspend("ch44.q3")
    moment[0] += timedelta(days=3)
    full = due_now(store, "default", moment[0], 50)
    fast = due_fast(path, "default", moment[0], 50, synced)
    assert fast == full and {e.item_id for e in full} == {"ch44.q1", "ch44.q2"}
    assert due_fast(path, "nobody", moment[0], 50, synced) == []
    assert due_fast(path, "default", moment[0], 50, "another bank") is None
    assert due_fast(tmp_path / "missing.db", "default", moment[0], 50, synced) is None


def test_stats_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ["--db", str(tmp_path / "s.db")]
    monkeypatch.setenv("QUIZ_NOW", "2026-11-01T09:00:00Z")
    answer = (
        "Bandwidth is the rate of data transfer from GPU memory; every token reads the weights."
    )
    assert main(["answer", "ch44.q1", "--answer", answer, *db]) == 0
    capsys.readouterr()
    assert main(["stats", "--json", *db]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["reviews_today"] == 1 and doc["streak_days"] == 1
    assert doc["cards"]["learning"] + doc["cards"]["review"] == 1
    assert len(doc["heatmap"]) == 365 and doc["heatmap"][-1] == {"date": "2026-11-01", "answers": 1}
    assert main(["stats", *db]) == 0
    out = capsys.readouterr().out
    assert (
        "answered today: 1" in out and "streak: 1 day(s)" in out and "gpu-memory-bandwidth" in out
    )


def test_an_import_counts_its_answers_in_the_roll_ups_like_answering_did(
    new_db: Callable[[str], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one, two, backup = new_db("one"), new_db("two"), tmp_path / "b.json"
    for day, item in ((1, "ch44.q1"), (1, "ch44.q2"), (2, "ch44.q1"), (3, "ch44.q3")):
        monkeypatch.setenv("QUIZ_NOW", f"2026-11-0{day}T09:00:00Z")
        answer = "Bandwidth is the rate data moves; each token reads all the weights."
        assert main(["answer", item, "--answer", answer, "--db", str(one)]) == 0
    assert main(["export", str(backup), "--db", str(one)]) == 0
    assert main(["import", str(backup), "--db", str(two)]) == 0
    capsys.readouterr()
    stats = []
    for db in (one, two):
        assert main(["stats", "--json", "--db", str(db)]) == 0
        document = json.loads(capsys.readouterr().out)
        stats.append({key: document[key] for key in ("heatmap", "missed_points", "score_trend")})
        stats[-1]["answers"] = {t["topic"]: t["answers"] for t in document["topics"]}
    assert stats[0] == stats[1] and sum(stats[0]["answers"].values()) == 4
