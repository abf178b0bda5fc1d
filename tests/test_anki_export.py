"""`quiz export-anki`: the package is a real Anki file (a zip holding an SQLite collection), with
one note per item and per problem instance, the right fields, tags and decks, and GUIDs that stay
the same from one export to the next so Anki updates notes instead of duplicating them."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.cli import main
from quiz.decks.anki import FIELDS
from tests.conftest import SELF_RATED
from tests.test_bank_malformed import VALID

TEMPLATES = len(load_bank(bank_sources([])).templates)


@dataclass(frozen=True)
class Note:
    guid: str
    fields: dict[str, str]
    tags: set[str]
    deck: str


def notes(package: Path, tmp_path: Path) -> list[Note]:
    with zipfile.ZipFile(package) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        assert json.loads(archive.read("media")) == {}
        archive.extract("collection.anki2", tmp_path / "unzipped")
    db = sqlite3.connect(tmp_path / "unzipped" / "collection.anki2")
    try:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        (decks_json,) = db.execute("select decks from col").fetchone()
        deck_names = {int(k): v["name"] for k, v in json.loads(decks_json).items()}
        rows = db.execute(
            "select n.guid, n.flds, n.tags, c.did from notes n join cards c on c.nid = n.id"
        ).fetchall()
        (note_count,) = db.execute("select count(*) from notes").fetchone()
    finally:
        db.close()
    assert note_count == len(rows)  # one card per note
    return [
        Note(
            guid,
            dict(zip(FIELDS, flds.split("\x1f"), strict=True)),
            set(tags.split()),
            deck_names[did],
        )
        for guid, flds, tags, did in rows
    ]


@pytest.fixture
def exported(tmp_path: Path) -> Iterator[list[Note]]:
    path = tmp_path / "deck.apkg"
    assert main(["export-anki", str(path), "--problems", "2"]) == 0
    yield notes(path, tmp_path)


def by_id(found: list[Note]) -> dict[str, Note]:
    return {n.fields["Id"]: n for n in found}


def test_one_note_per_item_and_problem_instance(exported: list[Note]) -> None:
    kinds = [next(t for t in n.tags if t.startswith("kind::")) for n in exported]
    assert kinds.count("kind::question") == 7
    assert kinds.count("kind::followup") == 16
    assert kinds.count("kind::problem") == 2 * TEMPLATES - 1  # the worked example: one
    assert len({n.guid for n in exported}) == len(exported)
    assert len(by_id(exported)) == len(exported)


def test_fields_tags_and_decks_of_a_question(exported: list[Note]) -> None:
    q1 = by_id(exported)["ch44.q1"]
    assert q1.fields["Prompt"].startswith("Explain the concept of GPU Memory Bandwidth")
    assert "GPU Memory Bandwidth refers to the rate" in q1.fields["Answer"]
    assert "<li>Defines GPU Memory Bandwidth accurately.</li>" in q1.fields["Rubric"]
    assert q1.fields["Source"] == "chapter 44, question 1, Practice questions"
    assert {
        "quiz",
        "topic::gpu-memory-bandwidth",
        "difficulty::easy",
        "source::chapter-44",
    } <= q1.tags
    assert q1.deck == "quiz::gpu-memory-bandwidth"
    follow = by_id(exported)["ch44.q1.f1"]
    assert follow.deck == q1.deck
    assert follow.fields["Answer"].startswith("Memory capacity decides whether the model")
    assert (
        "<li>Says what memory capacity limits and what bandwidth limits.</li>"
        in (follow.fields["Rubric"])
    )
    assert "written for this bank, not the source" in follow.fields["Source"]
    assert "written for this bank" not in q1.fields["Source"]


def test_a_follow_up_without_a_model_answer_points_to_its_question(tmp_path: Path) -> None:
    path = tmp_path / "self.apkg"
    argv = ["--bank", str(SELF_RATED), "export-anki", str(path), "--topic", "self-rated"]
    assert main(argv) == 0
    follow = by_id(notes(path, tmp_path))["s.q1.f1"]
    assert "It follows up: What does GPU memory bandwidth measure?" in follow.fields["Answer"]


def test_every_note_sits_in_its_topic_deck_under_the_parent(exported: list[Note]) -> None:
    for note in exported:
        topic = next(t for t in note.tags if t.startswith("topic::"))[len("topic::") :]
        assert note.deck == f"quiz::{topic}"


def test_the_worked_example_carries_the_calculator_answer_and_the_erratum(
    exported: list[Note],
) -> None:
    example = by_id(exported)["ch44.worked-example #1"]
    assert example.fields["Answer"] == "266.7%"
    assert "MBU = 4 TB/s / 1.5 TB/s" in example.fields["Solution"]
    assert "2.67%" in example.fields["Erratum"]
    assert "terminology" in by_id(exported)["ch44.q2"].fields["Erratum"]
    assert by_id(exported)["ch44.q1"].fields["Erratum"] == ""


def test_exporting_again_keeps_every_guid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    monkeypatch.setenv("QUIZ_NOW", "2026-12-01T09:00:00Z")
    assert main(["export-anki", str(first), "--problems", "2"]) == 0
    monkeypatch.setenv("QUIZ_NOW", "2026-12-20T09:00:00Z")
    assert main(["export-anki", str(second), "--problems", "3"]) == 0
    before = {i: n.guid for i, n in by_id(notes(first, tmp_path / "1")).items()}
    after = {i: n.guid for i, n in by_id(notes(second, tmp_path / "2")).items()}
    assert before.items() <= after.items()  # the same notes, plus the third instances
    assert len(after) - len(before) == TEMPLATES - 1  # not the worked example's


def test_a_template_without_random_parameters_gives_one_note(tmp_path: Path) -> None:
    # Before: three identical ch44.worked-example notes with --problems 3.
    path = tmp_path / "deck.apkg"
    assert main(["export-anki", str(path), "--topic", "mbu", "--problems", "3"]) == 0
    found = [n for n in notes(path, tmp_path) if "kind::problem" in n.tags]
    example = [n for n in found if n.fields["Id"].startswith("ch44.worked-example ")]
    assert [n.fields["Id"] for n in example] == ["ch44.worked-example #1"]
    fronts = [n.fields["Prompt"] for n in found]
    assert len(set(fronts)) == len(fronts)  # no two problem notes alike


def test_topic_filter_and_no_problems(tmp_path: Path) -> None:
    path = tmp_path / "mbu.apkg"
    assert main(["export-anki", str(path), "--topic", "mbu", "--problems", "0"]) == 0
    found = notes(path, tmp_path)
    assert sorted(n.fields["Id"] for n in found) == ["ch44.q3", "ch44.q3.f1", "ch44.q3.f2"]
    assert {n.deck for n in found} == {"quiz::mbu"}


def test_bank_text_cannot_inject_markup(tmp_path: Path) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(VALID.replace("What is bandwidth?", "What is <script>alert(1)</script> & co?"))
    path = tmp_path / "mine.apkg"
    assert main(["--bank", str(bank), "export-anki", str(path), "--topic", "demo"]) == 0
    (note,) = notes(path, tmp_path)
    assert note.fields["Prompt"] == "What is &lt;script&gt;alert(1)&lt;/script&gt; &amp; co?"
    assert "source::authored" in note.tags


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export-anki", "{dir}/deck.zip"], "ends in .apkg"),
        (["export-anki", "{dir}/d.apkg", "--topic", "nope"], "no topic 'nope' in the bank"),
        (["export-anki", "{dir}/missing/d.apkg"], "cannot write"),
        (["--db", "{dir}/q.apkg", "export-anki", "{dir}/q.apkg"], "progress database itself"),
    ],
)
def test_bad_requests_are_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code = main([a.format(dir=tmp_path) for a in argv])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob("**/*.apkg*"))


def test_a_bad_count_is_refused_with_the_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["export-anki", str(tmp_path / "d.apkg"), "--problems", "-1"])
    assert exited.value.code == 2
    assert "--problems: must be a whole number from 0 to 1,000, not '-1'" in capsys.readouterr().err


def test_a_refused_export_leaves_the_old_package(tmp_path: Path) -> None:
    path = tmp_path / "deck.apkg"
    path.write_bytes(b"an earlier export")
    assert main(["export-anki", str(path), "--topic", "nope"]) == 2
    assert path.read_bytes() == b"an earlier export"
    assert main(["export-anki", str(path), "--problems", "0"]) == 0
    assert zipfile.is_zipfile(path)
