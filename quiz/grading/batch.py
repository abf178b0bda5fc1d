"""Grading a batch of answers (`quiz grade`): rows from CSV (with a header) or JSON lines, each
with `item_id`, `answer` and optionally `answer_id` and `learner`; one result per row, in input
order. A bad row becomes an error with its line number and the batch goes on."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from quiz.bank.model import Bank
from quiz.grading.rubrics import score_item

FORMATS = ("csv", "jsonl")
REQUIRED = ("item_id", "answer")
MAX_FIELD = 1_000_000  # characters in one CSV field (csv's own default is 131,072)
CSV_COLUMNS = ("answer_id", "learner", "item_id", "score", "rating", "points_hit", "points")


class BatchError(ValueError):
    """The whole file cannot be read as a batch (no header, wrong format); nothing was graded."""


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    item_id: str
    answer: str
    answer_id: str
    learner: str | None


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    message: str


def input_format(name: str, text: str) -> str:
    """csv or jsonl: by the file's extension, else by its first character ('{': JSON lines)."""
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "jsonl" if text.lstrip().startswith("{") else "csv"


def read_rows(text: str, kind: str) -> Iterator[Row | RowError]:
    return _json_rows(text) if kind == "jsonl" else _csv_rows(text)


def _row(line: int, fields: dict[str, Any]) -> Row | RowError:
    missing = [name for name in REQUIRED if fields.get(name) in (None, "")]
    if missing:
        return RowError(line, f"no {' or '.join(missing)}")
    item_id, answer = fields["item_id"], fields["answer"]
    if not isinstance(item_id, str) or not isinstance(answer, str):
        return RowError(line, "item_id and answer must be text")
    answer_id = fields.get("answer_id")
    if answer_id in (None, ""):
        answer_id = str(line)
    elif isinstance(answer_id, bool) or not isinstance(answer_id, str | int):
        return RowError(line, f"answer_id must be text or a whole number, not {answer_id!r}")
    learner = fields.get("learner")
    if learner is not None and not isinstance(learner, str):
        return RowError(line, f"learner must be text, not {learner!r}")
    return Row(line, item_id.strip(), answer, str(answer_id), learner or None)


def _json_rows(text: str) -> Iterator[Row | RowError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) else exc.msg
            yield RowError(number, f"not a JSON object ({reason})")
            continue
        if not isinstance(fields, dict):
            yield RowError(number, f"not a JSON object but {type(fields).__name__}")
            continue
        yield _row(number, fields)


def _csv_rows(text: str) -> Iterator[Row | RowError]:
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise BatchError("the file is empty: a CSV batch starts with a header row") from None
    except csv.Error as exc:
        raise BatchError(f"line 1: {_csv_problem(exc)}") from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise BatchError(
            f"line 1: the header has no {' or '.join(missing)} column (it has: "
            f"{', '.join(header) or 'nothing'})"
        )
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # the reader cannot resynchronise after a broken quote
            yield RowError(start, f"{_csv_problem(exc)}: the rest of the file was not graded")
            return
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            yield RowError(line, f"{len(cells)} fields where the header has {len(header)}")
            continue
        yield _row(line, dict(zip(header, cells, strict=True)))


def _csv_problem(exc: csv.Error) -> str:
    """The csv module's complaint, in the terms of the file the user wrote."""
    text = str(exc)
    if text == "unexpected end of data":
        return "a quote opened on this line is never closed"
    if text == "',' expected after '\"'":
        return 'a quote inside a quoted answer is written twice ("")'
    return text


def grade(bank: Bank, row: Row) -> dict[str, Any] | RowError:
    item = bank.get(row.item_id)
    if item is None:
        hint = ": a numeric problem (quiz check)" if row.item_id in bank.templates else ""
        return RowError(row.line, f"no question {row.item_id!r} in the bank{hint}")
    if not item.rubric:
        return RowError(row.line, f"{item.id} has no rubric to grade against")
    result = score_item(item, row.answer, bank.lexicon)
    return {
        "answer_id": row.answer_id,
        "learner": row.learner,
        "item_id": item.id,
        "score": round(result.score, 4),
        "rating": result.rating,
        "points": [
            {
                "id": p.id,
                "hit": p.hit,
                "credit": p.credit,
                "evidence": [e.text for e in p.evidence],
            }
            for p in result.points
        ],
    }


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP's CSV injection advice)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(records: Iterable[dict[str, Any]], kind: str) -> str:
    if kind == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        hit = ";".join(p["id"] for p in r["points"] if p["hit"])
        points = json.dumps(r["points"], ensure_ascii=False)
        writer.writerow(
            [
                _cell(r["answer_id"]),
                _cell(r["learner"] or ""),
                r["item_id"],
                r["score"],
                r["rating"],
                hit,
                points,
            ]
        )
    return buffer.getvalue()
