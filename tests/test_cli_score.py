"""`quiz score` and `quiz rubric suggest` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from quiz.bank.loader import load_text
from quiz.cli import main
from tests.conftest import SELF_RATED

GOOD_WITH_TYPOS = (
    "GPU memmory bandwith is the rate at wich data is red from or writen to the GPU memmory. "
    "Each token generaton streams the wieghts, so bandwith decides how quickly tokens are "
    "procesed. Higher bandwith gives lower latancy and better efficency, and at batch size 1 "
    "the model is bandwith-bound: that is the botleneck."
)


def test_score_json_has_the_design_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "ch44.q1", "--answer", GOOD_WITH_TYPOS, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"question", "score", "rating", "points", "misconceptions"} <= set(doc)
    assert doc["question"] == "ch44.q1" and doc["score"] >= 0.95 and doc["rating"] == "easy"
    for point in doc["points"]:
        assert {"id", "criterion", "weight", "hit", "evidence"} <= set(point)
        for evidence in point["evidence"]:
            assert GOOD_WITH_TYPOS[evidence["start"] : evidence["end"]] == evidence["text"]


def test_score_text_shows_hits_misses_and_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    answer = "Bandwidth is the amount of memory. It does not affect latency or efficiency."
    assert main(["score", "ch44.q1", "--answer", answer]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ch44.q1: score 0.00, suggested rating again")
    assert "[ ] Discusses the impact of bandwidth on model efficiency and latency." in out
    assert 'negated, so not counted: "latency"' in out
    assert "Misconceptions:" in out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if '"Bandwidth is the amount of memory"' in line)
    assert "(-0.25): Bandwidth is the amount of memory (its capacity)." in lines[at]
    assert "correction: Bandwidth is a rate of data transfer" in lines[at + 1]


def test_score_reads_answer_files_and_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "answer.txt"
    path.write_text(GOOD_WITH_TYPOS, encoding="utf-8")
    assert main(["score", "ch44.q1", "--answer-file", str(path), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert from_file["score"] >= 0.95


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\x00\x01\x02binary", "is binary"),
        (b"caf\xe9 latency", "not UTF-8 text (byte 0xe9 at offset 3)"),
    ],
)
def test_unreadable_answer_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, fragment: str
) -> None:
    path = tmp_path / "answer.bin"
    path.write_bytes(content)
    assert main(["score", "ch44.q1", "--answer-file", str(path)]) == 2
    err = capsys.readouterr().err
    assert fragment in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["score", "ch44.q9", "--answer", "x"], "no question 'ch44.q9'"),
        (["score", "mbu.kv-batch", "--answer", "x"], "use 'quiz check mbu.kv-batch'"),
        (["score", "s.q1.f1", "--bank", str(SELF_RATED), "--answer", "x"], "has no rubric"),
        (["score", "ch44.q1", "--answer-file", "/nonexistent/answer"], "cannot read"),
    ],
)
def test_score_bad_input(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


def test_score_needs_exactly_one_answer_source(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["score", "ch44.q1"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        main(["score", "ch44.q1", "--answer", "a", "--answer-file", "b"])
    assert "not allowed with argument" in capsys.readouterr().err


def test_rubric_suggest_prints_yaml_that_makes_a_valid_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model_answer = (
        "GPU memory bandwidth is the rate at which data moves between HBM and the cores. "
        "Decoding at batch size one reads every weight per token, so bandwidth caps tokens per "
        "second."
    )
    path = tmp_path / "model.txt"
    path.write_text(model_answer, encoding="utf-8")
    assert main(["rubric", "suggest", "--answer-file", str(path)]) == 0
    suggested = yaml.safe_load(capsys.readouterr().out)
    rubric = suggested["rubric"]
    assert len(rubric) == 2 and all(point["concepts"] for point in rubric)
    forms = [f for point in rubric for c in point["concepts"] for f in c["forms"]]
    assert {"bandwidth", "HBM", "decoding", "weight"} <= set(forms)
    assert "GPU memory" in forms  # a lexicon term of several words: the phrases among the forms
    assert "the" not in forms and "is" not in forms
    assert [point["weight"] for point in rubric] == [len(p["concepts"]) for p in rubric]
    question = {
        "questions": [
            {
                "id": "t.q1",
                "topic": "demo",
                "prompt": "What is bandwidth?",
                "model_answer": model_answer,
                "rubric": rubric,
            }
        ]
    }
    bank = load_text(yaml.safe_dump(question))
    assert not bank.findings and bank.get("t.q1") is not None
    from quiz.grading.rubrics import score_item

    item = bank.get("t.q1")
    assert item is not None and score_item(item, model_answer, bank.lexicon).score == 1.0


def test_rubric_suggest_proposes_points_by_idea_without_glued_forms(
    capsys: pytest.CaptureFixture[str],
) -> None:
    model = (
        "Memory-bound tasks run out of memory capacity, while bandwidth-bound tasks wait on the "
        "speed of data transfer. The cache stores recent keys so the model weights stay resident."
    )
    assert main(["rubric", "suggest", "--answer", model, "--json"]) == 0
    points = json.loads(capsys.readouterr().out)
    assert len(points) == 3  # the two sides of the contrast are two ideas, then the cache
    forms = [f for p in points for c in p["concepts"] for f in c]
    assert "cachestores" not in forms and "memorybound" not in forms  # nothing glued
    assert "cache" in forms and "parameters" in forms  # the lexicon's variant of "weights"
    firsts = [c[0] for p in points for c in p["concepts"]]
    assert len(firsts) == len(set(firsts))  # each word is a concept of one point only
    for point in points:  # three quarters of its concepts, at most three, as train chose
        assert point["min_concepts"] == min(3, -(-3 * len(point["concepts"]) // 4))
        assert len(point["concepts"]) <= 5


def test_a_partly_met_point_shows_its_partial_credit(capsys: pytest.CaptureFixture[str]) -> None:
    answer = "Bandwidth is the rate data is read from GPU memory, and it sets the latency."
    assert main(["score", "ch44.q1", "--answer", answer]) == 0
    out = capsys.readouterr().out
    assert "[~] Discusses the impact of bandwidth on model efficiency and latency." in out
    assert "found 1 of the 2 concept(s) this point needs: 50% of its credit" in out
    partial = out.split("[~] Discusses the impact")[1].splitlines()[1]
    assert partial.strip().startswith('evidence: "latency"')  # it counted: not just mentioned
    listed = "rate, HBM, GPU memory, latency, tokens, bandwidth, bottleneck"
    assert main(["score", "ch44.q1", "--answer", listed]) == 0
    assert '      mentioned: "' in capsys.readouterr().out  # a keyword list's terms earn nothing


def test_the_app_marks_a_partly_met_point() -> None:
    from quiz.bank.loader import load_bank
    from quiz.bank.sources import bank_sources
    from quiz.grading.rubrics import score_item
    from quiz.tui.widgets.graded import points

    bank = load_bank(bank_sources())
    answer = "Bandwidth is the rate data is read from GPU memory, and it sets the latency."
    shown = points(score_item(bank.items["ch44.q1"], answer, bank.lexicon)).plain
    assert (
        "◐ Discusses the impact of bandwidth on model efficiency and latency. (partial: 50%)"
        in (shown)
    )


def test_rubric_suggest_leaves_out_what_the_question_already_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    model = "The bulb lights because the switch closes the circuit, so current flows."
    question = "Why does the bulb light when the switch is closed?"
    assert main(["rubric", "suggest", "--answer", model, "--json"]) == 0
    alone = json.loads(capsys.readouterr().out)
    assert len(alone) == 1  # without the question, the first five content words of the idea
    assert [c[0] for c in alone[0]["concepts"]] == ["bulb", "lights", "switch", "closes", "circuit"]
    assert main(["rubric", "suggest", "--answer", model, "--question", question, "--json"]) == 0
    idea, restated = json.loads(capsys.readouterr().out)
    idea_words = {c[0] for c in idea["concepts"]}
    assert "current" in idea_words and not idea_words & {"bulb", "lights", "switch", "closes"}
    assert {c[0] for c in restated["concepts"]} == {"bulb", "lights", "switch", "closes"}
    assert restated["criterion"] == "Names what the question already says"
    assert main(["rubric", "suggest", "--answer", model, "--question", question]) == 0
    rubric = yaml.safe_load(capsys.readouterr().out)["rubric"]
    weights = [point["weight"] for point in rubric]  # a restated word counts a quarter
    assert weights == [len(idea["concepts"]), 0.25 * 4]
    bank = load_text(
        yaml.safe_dump(
            {
                "questions": [
                    {"id": "t.q1", "topic": "d", "prompt": question, "model_answer": model}
                    | {"rubric": rubric}
                ]
            }
        )
    )
    from quiz.grading.rubrics import score_item

    item = bank.get("t.q1")
    assert not bank.findings and item is not None
    echo = score_item(item, "The bulb lights when the switch is closed.", bank.lexicon)
    assert 0 < echo.score < 0.5 and echo.rating == "again"  # restating the question fails
