"""`quiz grade`: a batch of answers from CSV or JSON lines, graded in input order; bad rows are
reported with their line numbers and skipped; results as JSON lines or CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from quiz.cli import main
from tests.conftest import SELF_RATED
from tests.test_bank_malformed import VALID

GOOD = (
    "GPU memory bandwidth is the rate at which data is read from GPU memory. Each token reads "
    "all the weights, so it sets how quickly tokens are processed and the latency."
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_csv_rows_are_graded_in_order_and_bad_ones_named_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "class.csv"
    batch.write_text(
        "answer_id,learner,item_id,answer\n"
        f'a1,ada,ch44.q1,"{GOOD}"\n'
        'a2,bob,ch44.q2,"two lines:\nmemory-bound lacks capacity"\n'  # a quoted line break
        "a3,cy,ch44.q99,whatever\n"  # line 5
        "a4,di,s.q1.f1,no rubric\n"
        "a5,ed,ch44.q1\n",  # line 7: a field short
        encoding="utf-8",
    )
    code, out, err = run(["grade", str(batch), "--bank", str(SELF_RATED)], capsys)
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["answer_id"] for r in records] == ["a1", "a2"]
    assert records[0]["learner"] == "ada" and records[0]["item_id"] == "ch44.q1"
    assert f"{batch}:5: no question 'ch44.q99' in the bank" in err
    assert f"{batch}:6: s.q1.f1 has no rubric" in err
    assert f"{batch}:7: 3 fields where the header has 4" in err
    assert "graded 2 answer(s); 3 row(s) skipped" in err


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ('ch44.q1,"never closed\n', "a quote opened on this line is never closed"),
        ('ch44.q1,"a "quoted" word"\n', 'a quote inside a quoted answer is written twice ("")'),
    ],
)
def test_a_broken_quote_is_explained_and_stops_the_batch_there(
    row: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "class.csv"
    batch.write_text(f'item_id,answer\nch44.q1,"{GOOD}"\n{row}ch44.q2,later\n', encoding="utf-8")
    code, out, err = run(["grade", str(batch)], capsys)
    assert code == 1 and len(out.splitlines()) == 1  # the row before it was graded
    assert f"{batch}:3: {said}" in err, err
    assert "the rest of the file was not graded" in err


def test_a_grade_is_the_same_as_quiz_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "one.jsonl"
    batch.write_text(json.dumps({"item_id": "ch44.q1", "answer": GOOD}) + "\n", encoding="utf-8")
    code, out, _ = run(["grade", str(batch)], capsys)
    assert code == 0
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["answer_id"] == "1"  # the line number when none is given
    code, out, _ = run(["score", "ch44.q1", "--answer", GOOD, "--json"], capsys)
    scored = json.loads(out)
    assert record["score"] == scored["score"] and record["rating"] == scored["rating"]
    assert [(p["id"], p["hit"], p["credit"]) for p in record["points"]] == [
        (p["id"], p["hit"], p["credit"]) for p in scored["points"]
    ]
    assert record["points"][0]["evidence"] == [e["text"] for e in scored["points"][0]["evidence"]]


def test_json_lines_with_bad_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "answers.jsonl"
    lines = [
        json.dumps({"answer_id": 70, "item_id": "ch44.q2", "answer": "capacity versus speed"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"item_id": "ch44.q2"}),
        "",
        json.dumps({"item_id": "ch44.q2", "answer": "x", "answer_id": True}),
        json.dumps({"item_id": "ch44.q3", "answer": "MBU is bandwidth used over peak"}),
    ]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(["grade", str(batch)], capsys)
    assert code == 1
    ids = [json.loads(line)["answer_id"] for line in out.splitlines()]
    assert ids == ["70", "7"]  # its own id; else its line number
    assert f"{batch}:2: not a JSON object" in err
    assert f"{batch}:3: not a JSON object but list" in err
    assert f"{batch}:4: no answer" in err
    assert f"{batch}:6: answer_id must be text or a whole number" in err


def test_csv_output_is_safe_to_open_in_a_spreadsheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch, results = tmp_path / "in.csv", tmp_path / "out.csv"
    batch.write_text(f'learner,item_id,answer\n=HYPERLINK("x"),ch44.q1,"{GOOD}"\n', "utf-8")
    code, _, _ = run(["grade", str(batch), "--output", str(results)], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(results.read_text(encoding="utf-8"))))
    assert rows[0]["learner"] == '\'=HYPERLINK("x")'
    assert rows[0]["points_hit"].split(";")[0] == "definition"
    assert json.loads(rows[0]["points"])[0]["id"] == "definition"


def test_an_authors_own_bank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(VALID, encoding="utf-8")
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps({"item_id": "t.q1", "answer": "The rate data moves."}) + "\n")
    code, out, _ = run(["grade", str(batch), "--bank", str(bank)], capsys)
    assert code == 0 and json.loads(out)["score"] == 1.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("id,text\n1,hello\n", "the header has no item_id or answer column (it has: id, text)"),
        ("\x00\x01binary", "binary"),
    ],
)
def test_unreadable_batches_are_refused_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    batch = tmp_path / "bad.csv"
    batch.write_text(content, encoding="utf-8")
    code, out, err = run(["grade", str(batch)], capsys)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_results_never_overwrite_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "q.db"
    assert main(["answer", "ch44.q1", "--answer", GOOD, "--db", str(db)]) == 0
    before = db.read_bytes()
    batch = tmp_path / "in.jsonl"
    batch.write_text(json.dumps({"item_id": "ch44.q1", "answer": GOOD}) + "\n")
    code, _, err = run(["grade", str(batch), "--output", str(db)], capsys)
    assert code == 2 and "SQLite database" in err
    assert db.read_bytes() == before
