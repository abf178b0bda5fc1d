"""A backup is checked against the bank it is imported into: items this bank lacks (and the
cards and answers on them) are reported and left out, duplicate keys are an error at their JSON
path, and one's own backup can be copied into another profile of the same database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quiz.cli import main
from tests.conftest import Q1_ANSWER, Q2_ANSWER


@pytest.fixture
def recorded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", str(db)]) == 0
    assert main(["answer", "ch44.q1", "--answer", Q1_ANSWER, "--db", str(db)]) == 0
    capsys.readouterr()
    return db


def _exported(db: Path | str, capsys: pytest.CaptureFixture[str], *flags: str) -> dict[str, Any]:
    assert main(["export", "-", "--db", str(db), *flags]) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def _rows(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        rows = list(connection.iterdump())
    connection.close()
    return rows


def _foreign(document: dict[str, Any], count: int) -> None:
    """Add `count` items this bank lacks, a card and an answer on the first of them."""
    template = document["items"][0]
    document["items"] += [
        dict(template, id=f"zz.planted{n}", position=10_000 + n) for n in range(count)
    ]
    profile = document["profiles"][0]
    profile["cards"].append(dict(profile["cards"][0], item="zz.planted0"))
    profile["attempts"].append(dict(profile["attempts"][0], item="zz.planted0", uid="planted"))


def test_items_this_bank_lacks_are_reported_and_left_out(
    recorded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _exported(recorded, capsys)
    _foreign(document, 5000)
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps(document), encoding="utf-8")
    other = tmp_path / "other.db"  # synced with this bank: its fast paths trust its items
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", str(other)]) == 0
    assert main(["import", str(backup), "--db", str(other)]) == 0
    out = capsys.readouterr().out
    assert "5000 item(s) this bank lacks were left out" in out, out
    assert "zz.planted0, zz.planted1, zz.planted2" in out
    assert "1 card(s) and 1 answer(s) on them" in out
    assert main(["stats", "--db", str(other), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert main(["stats", "--db", str(recorded), "--json"]) == 0
    assert stats["cards"] == json.loads(capsys.readouterr().out)["cards"]  # not 5000 more new
    assert main(["due", "--db", str(other), "--json", "--limit", "100000"]) == 0
    assert not any(d["id"].startswith("zz.") for d in json.loads(capsys.readouterr().out))
    with sqlite3.connect(other) as connection:
        planted = connection.execute("SELECT count(*) FROM items WHERE id LIKE 'zz.%'").fetchone()
    connection.close()
    assert planted == (0,)


def test_left_out_items_are_counted_in_json_too(
    recorded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _exported(recorded, capsys)
    _foreign(document, 3)
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps(document), encoding="utf-8")
    assert main(["import", str(backup), "--db", str(tmp_path / "o.db"), "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["unknown_items"] == 3 and counts["left_out"] == 1
    assert counts["attempts"] == 2 and counts["cards"] == 2


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"format": "quiz-progress", "format": "quiz-progress"}', "$.format"),
        (None, "$.profiles[0].attempts[0].score"),
        (None, "$.profiles[0].settings.fuzzing"),
    ],
)
def test_a_duplicate_key_is_an_error_at_its_json_path(
    text: str | None,
    path: str,
    recorded: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if text is None:
        key = path.rsplit(".", 1)[1]
        raw = json.dumps(_exported(recorded, capsys), indent=1)
        first = raw.index(f'"{key}": ', raw.index('"profiles"'))
        end = raw.index("\n", first)
        line = raw[first:end].rstrip(",")
        text = raw[:first] + line + ",\n" + raw[first:]
    backup = tmp_path / "b.json"
    backup.write_text(text, encoding="utf-8")
    before = _rows(recorded)
    bytes_before = recorded.read_bytes()
    assert main(["import", str(backup), "--db", str(recorded)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: duplicate key" in err and err.count("\n") == 1, err
    assert _rows(recorded) == before and recorded.read_bytes() == bytes_before


def test_ones_own_backup_copies_into_a_second_profile_of_the_same_database(
    recorded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "mine.json"
    assert main(["export", str(backup), "--db", str(recorded)]) == 0
    capsys.readouterr()
    for expected in (2, 0):  # a copy, and importing it again adds nothing
        argv = ["import", str(backup), "--db", str(recorded), "--profile", "twin", "--json"]
        assert main(argv) == 0
        assert json.loads(capsys.readouterr().out)["attempts"] == expected
    original = _exported(recorded, capsys, "--profile", "default")["profiles"][0]
    twin = _exported(recorded, capsys, "--profile", "twin")["profiles"][0]
    assert twin["name"] == "twin"
    assert [a["answer"] for a in twin["attempts"]] == [a["answer"] for a in original["attempts"]]
    assert {a["uid"] for a in twin["attempts"]}.isdisjoint(a["uid"] for a in original["attempts"])
    assert twin["cards"] == original["cards"]
    assert main(["import", str(backup), "--db", str(recorded)]) == 0  # itself: nothing new
    assert "0 attempts" in capsys.readouterr().out


def test_import_as_copies_into_the_named_profile(
    recorded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`quiz import --as NAME` copies one's own backup into a second profile of the same
    database (it was a raw IntegrityError on the answers' ids), once."""
    backup = tmp_path / "mine.json"
    assert main(["export", str(backup), "--db", str(recorded)]) == 0
    capsys.readouterr()
    for attempts in (2, 0):
        assert main(["import", str(backup), "--db", str(recorded), "--as", "copy"]) == 0
        assert f"{attempts} attempts" in capsys.readouterr().out
    assert _exported(recorded, capsys, "--profile", "copy")["profiles"][0]["name"] == "copy"
    with pytest.raises(SystemExit) as exited:
        main(["import", str(backup), "--db", str(recorded), "--as", " padded "])
    assert exited.value.code == 2
    assert "' padded '" in capsys.readouterr().err


def test_a_copy_and_planted_items_on_each_database(
    new_db: Callable[[str], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = new_db("copy")
    assert main(["answer", "ch44.q2", "--answer", Q2_ANSWER, "--db", db]) == 0
    capsys.readouterr()
    document = _exported(db, capsys)
    _foreign(document, 3)
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps(document), encoding="utf-8")
    for expected in (1, 0):
        argv = ["import", str(backup), "--db", db, "--profile", "twin", "--json"]
        assert main(argv) == 0
        counts = json.loads(capsys.readouterr().out)
        assert counts["attempts"] == expected and counts["unknown_items"] == 3
    twin = _exported(db, capsys, "--profile", "twin")
    assert [i["id"] for i in twin["items"] if i["id"].startswith("zz.")] == []
    assert len(twin["profiles"][0]["attempts"]) == 1
