"""`quiz problems`, `quiz generate` and `quiz check`: output, JSON shapes and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli import main

ROOT = Path(__file__).parent.parent


def run_json(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> object:
    assert main([*argv, "--json"]) == code
    return json.loads(capsys.readouterr().out)


def test_problems_lists_every_template(capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, "problems")
    assert isinstance(rows, list)
    ids = [row["id"] for row in rows]
    assert "ch44.worked-example" in ids and len(ids) >= 13
    assert all(row["kind"] == "template" and row["title"] for row in rows)
    assert main(["problems", "--topic", "roofline"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == ["roofline.ridge", "roofline.verdict"]


def test_generate_json_has_the_design_shape(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "generate", "mbu.chapter-form", "--seed", "3")
    assert isinstance(doc, dict)
    assert {"template", "seed", "prompt", "answer", "tolerance", "steps"} <= set(doc)
    assert doc["template"] == "mbu.chapter-form" and doc["seed"] == 3
    assert set(doc["answer"]) >= {"value", "unit", "display"}
    assert doc["answer"]["unit"] == "%" and doc["answer"]["display"].endswith("%")
    assert doc["tolerance"] == {"type": "relative", "value": 0.02}
    assert any(step.startswith("MBU = ") for step in doc["steps"])
    assert doc == run_json(capsys, "generate", "--seed", "3", "mbu.chapter-form")


def test_generate_text_hides_the_answer_unless_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "memory.weights", "--seed", "5"]) == 0
    hidden = capsys.readouterr().out
    assert "quiz check memory.weights --seed 5" in hidden and "Answer:" not in hidden
    assert main(["generate", "memory.weights", "--seed", "5", "--solution"]) == 0
    shown = capsys.readouterr().out
    assert "Answer: " in shown and "weight bytes = " in shown


def test_generate_without_seed_prints_the_seed_it_used(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "generate", "roofline.ridge")
    assert isinstance(doc, dict)
    again = run_json(capsys, "generate", "roofline.ridge", "--seed", str(doc["seed"]))
    assert again == doc


def test_check_right_and_wrong_answers(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "generate", "decode.batched", "--seed", "4")
    assert isinstance(doc, dict)
    display = doc["answer"]["display"]
    right = run_json(capsys, "check", "decode.batched", "--seed", "4", "--answer", display)
    assert isinstance(right, dict)
    assert right["correct"] is True and right["diagnosis"] is None
    assert {"correct", "parsed", "expected", "diagnosis", "steps"} <= set(right)
    assert right["parsed"]["unit"] == "tokens/s"
    aggregate = (
        f"{doc['answer']['value'] * int(doc['prompt'].split('batch of ')[1].split()[0])} tok/s"
    )
    wrong = run_json(
        capsys, "check", "decode.batched", "--seed", "4", "--answer", aggregate, code=1
    )
    assert isinstance(wrong, dict)
    assert wrong["correct"] is False and "aggregate" in wrong["diagnosis"]


def test_check_worked_example_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "ch44.worked-example", "--seed", "1", "--answer", "2.67%"]) == 1  # wrong
    out = capsys.readouterr().out
    assert out.startswith("wrong: the answer is 266.7%")
    assert "percent vs fraction" in out and "Erratum:" in out and "infeasible" in out
    assert main(["check", "ch44.worked-example", "--seed", "1", "--answer", "267 %"]) == 0
    assert capsys.readouterr().out.startswith("correct")


def test_check_verdict_json(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "generate", "memory.weights-fit", "--seed", "2")
    assert isinstance(doc, dict)
    label = doc["answer"]["value"]
    assert label in ("yes", "no") and doc["answer"]["choices"] == ["yes", "no"]
    result = run_json(capsys, "check", "memory.weights-fit", "--seed", "2", "--answer", label)
    assert isinstance(result, dict)
    assert result["correct"] is True and result["parsed"]["value"] == label


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["generate", "mbu.chapterform", "--seed", "1"], "did you mean mbu.chapter-form"),
        (["generate", "nothing-like-it", "--seed", "1"], "see 'quiz problems'"),
        (["generate", "mbu.chapter-form", "--seed", "-4"], "seed must be between"),
        (["generate", "mbu.chapter-form", "--seed", "x"], "invalid int value: 'x'"),
        (["check", "mbu.chapter-form", "--answer", "1"], "--seed"),
        (["check", "mbu.chapter-form", "--seed", "1"], "--answer"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        code = main(argv)
        raise SystemExit(code)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and fragment in err and "Traceback" not in err


def test_unreadable_answer_is_a_diagnosis_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "check", "memory.weights", "--seed", "1", "--answer", "lots", code=1)
    assert isinstance(result, dict)
    assert result["correct"] is False and "could not read" in result["diagnosis"]
    huge = run_json(
        capsys, "check", "memory.weights", "--seed", "1", "--answer", "9" * 100_000, code=1
    )
    assert isinstance(huge, dict)
    assert "too long" in huge["diagnosis"]


def test_show_a_template(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "show", "ch44.worked-example")
    assert isinstance(doc, dict)
    assert doc["kind"] == "template" and doc["topic"] == "mbu"
    assert "{tokens_per_second}" in doc["prompt"] and "2.67%" in doc["erratum"]
    assert main(["show", "roofline.verdict"]) == 0
    assert "Verdict: compute-bound if answer > ridge" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["calc", "mbu", "--params", "7B", "--tpot", "14ms", "--bandwidth", "2TB/s"],
        ["generate", "mbu.kv-batch", "--seed", "1"],
        ["check", "roofline.verdict", "--seed", "1", "--answer", "memory-bound"],
        ["problems"],
    ],
)
def test_plain_commands_import_no_ui_or_database(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from quiz.cli import main\n"
        f"assert main({argv!r}) in (0, 1)\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'sqlalchemy'))\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=True,
    )
    assert "HEAVY []" in result.stdout


def test_show_of_the_worked_example_template_prints_its_erratum(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["show", "ch44.worked-example"]) == 0
    out = capsys.readouterr().out
    erratum = " ".join(out.split("Erratum:", 1)[1].split())
    assert "gives {answer}, not 2.67%" in erratum  # as written: an instance fills it in


def test_problems_line_up_their_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = tmp_path / "long.yaml"  # a topic longer than any of the chapter's
    extra.write_text(
        "templates:\n  - id: t.long\n    title: Long topic\n    topic: a-very-long-topic-name\n"
        '    prompt: "What is {x}?"\n    params:\n      x: {choices: [1, 2]}\n'
        '    answer:\n      formula: "x * 2"\n      unit: GB\n',
        encoding="utf-8",
    )
    assert main(["problems", "--bank", str(extra)]) == 0
    rows = capsys.readouterr().out.splitlines()
    units = {row.index("GB ") if " GB " in row else None for row in rows} - {None}
    assert len(rows) > 10 and len(units) == 1, rows
