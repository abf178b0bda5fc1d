"""The bank commands as a user runs them: exit codes, output formats, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.bank.jsonschema import bank_json_schema_text
from quiz.cli import main
from quiz.paths import packaged_bank_dir
from tests.conftest import finishes
from tests.test_bank_malformed import BOMB, VALID


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
        timeout=60,
    )


def test_list_shows_the_chapter_items(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out.splitlines()
    kinds = [line.split()[1] for line in out]
    assert kinds.count("question") + kinds.count("followup") == 23
    assert kinds.count("template") >= 13
    assert out[0].startswith("ch44.q1 ")
    assert any(line.startswith("ch44.worked-example ") for line in out)


def test_list_json_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json", "--kind", "question"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in items] == [f"ch44.q{n}" for n in range(1, 8)]
    assert main(["--json", "list", "--topic", "mbu"]) == 0
    ids = [i["id"] for i in json.loads(capsys.readouterr().out)]
    assert ids[:3] == ["ch44.q3", "ch44.q3.f1", "ch44.q3.f2"]
    assert "ch44.worked-example" in ids and "mbu.chapter-form" in ids
    assert main(["list", "--json", "--kind", "template", "--topic", "roofline"]) == 0
    ids = [i["id"] for i in json.loads(capsys.readouterr().out)]
    assert ids == ["roofline.ridge", "roofline.verdict"]


def test_show_prints_prompt_and_rubric(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "ch44.q3"]) == 0
    out = capsys.readouterr().out
    assert "How can Model Bandwidth Utilization (MBU) be calculated" in out
    assert "Accurately describes the formula for calculating MBU." in out
    assert "ch44.q3.f1: Why might a model with a low MBU still perform adequately?" in out


def test_show_tells_a_misconception_from_its_correction(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["show", "ch44.q3"]) == 0
    out = capsys.readouterr().out
    claims = [line for line in out.splitlines() if "misconception (-0.25)" in line]
    claim = next(line for line in claims if "MBU can exceed 100%" in line)
    assert "cannot" not in claim, claim  # the statement, not its correction
    assert '"MBU above 100% is fine"' in out  # how an answer may say it
    assert "correction: MBU cannot exceed 100%" in out


def test_show_json_has_the_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "ch44.q2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for key in ("id", "kind", "topic", "prompt", "model_answer", "rubric", "follow_ups", "source"):
        assert key in doc
    assert doc["kind"] == "question"
    assert doc["follow_ups"] == ["ch44.q2.f1", "ch44.q2.f2"]
    assert doc["source"] == {"chapter": 44, "question": 2, "section": "Practice questions"}
    assert "memory-bound" in doc["erratum"]


def test_show_unknown_id_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "ch44.q33"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no item 'ch44.q33'" in err and "did you mean" in err


def test_schema_command_matches_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == bank_json_schema_text()
    assert printed == (packaged_bank_dir() / "schema.json").read_text(encoding="utf-8")


def test_every_shipped_bank_file_references_the_schema() -> None:
    for path in packaged_bank_dir().rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = first.split("=", 1)[1]
        assert (path.parent / target).resolve() == (packaged_bank_dir() / "schema.json").resolve()


def test_lint_clean_bank_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint"]) == 0
    assert capsys.readouterr().out == ""


def test_lint_broken_file_reports_line_and_exits_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.replace("    prompt:", "    promt:"), encoding="utf-8")
    result = run("lint", str(bad))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{bad}:5:5: error: unknown key 'promt'")
    assert "Traceback" not in result.stderr


def test_lint_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.replace("topic: demo", "topic: Demo Topic"), encoding="utf-8")
    assert main(["lint", "--json", str(bad)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["errors"] == 1
    assert doc["findings"][0]["line"] == 4


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB, encoding="utf-8")
    with finishes():
        result = run("lint", str(bomb))
    assert result.returncode == 1
    assert "alias" in result.stdout
    assert "Traceback" not in result.stderr


def test_extra_bank_adds_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(VALID, encoding="utf-8")
    assert main(["list", "--bank", str(extra), "--json", "--kind", "question"]) == 0
    ids = [i["id"] for i in json.loads(capsys.readouterr().out)]
    assert ids[-1] == "t.q1" and len(ids) == 8


def test_quiz_bank_env_is_colon_separated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text(VALID, encoding="utf-8")
    two.write_text(VALID.replace("t.q1", "t.q2"), encoding="utf-8")
    monkeypatch.setenv("QUIZ_BANK", f"{one}{os.pathsep}{two}")
    assert main(["list", "--json", "--kind", "question"]) == 0
    ids = [i["id"] for i in json.loads(capsys.readouterr().out)]
    assert ids[-2:] == ["t.q1", "t.q2"]


def test_broken_extra_bank_keeps_valid_items_and_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions: [", encoding="utf-8")
    assert main(["--bank", str(bad), "list", "--kind", "followup"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 16
    assert "1 bank error" in captured.err and "bad.yaml:1" in captured.err


def test_bad_usage_is_one_line_exit_two() -> None:
    result = run("list", "--kind", "nonsense")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "nonsense" in result.stderr


def test_global_options_before_or_after_subcommand(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(VALID, encoding="utf-8")
    before = run("--bank", str(extra), "--json", "show", "t.q1")
    after = run("show", "t.q1", "--bank", str(extra), "--json")
    assert before.returncode == after.returncode == 0
    assert json.loads(before.stdout) == json.loads(after.stdout)


def test_lint_file_checks_it_against_the_whole_bank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "# yaml-language-server: $schema=schema.json\n"
        "questions:\n"
        "  - id: ch44.q1\n"  # already in the packaged bank
        "    topic: demo\n"
        "    prompt: Again?\n"
        "    model_answer: A rate.\n"
        "    rubric:\n"
        "      - id: rate\n"
        "        criterion: Calls it a rate.\n"
        "        concepts:\n"
        "          - forms: [rate, speed]\n",
        encoding="utf-8",
    )
    assert main(["lint", str(mine)]) == 1
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    assert line.startswith(f"{mine}:3:") and "duplicate id 'ch44.q1'" in line
    assert "chapter44.yaml" in line  # where the first definition is
    assert err.startswith("1 file(s), 0 item(s): 1 error(s)")


def test_list_columns_line_up_and_show_prints_values_as_written(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["list"]) == 0
    rows = capsys.readouterr().out.splitlines()
    starts = {len(row) - len(row.split(maxsplit=3)[3]) for row in rows}
    assert len(starts) == 1  # every prompt starts in the same column
    assert main(["show", "ch44.worked-example"]) == 0
    shown = capsys.readouterr().out
    assert "params: one of 10B" in shown and "bandwidth: one of 1.5 TB/s" in shown
    assert "(" not in shown.split("Parameters:")[1].split("ceiling:")[0]  # no Python tuples
    assert "{'" not in shown and "None" not in shown


def test_lint_of_a_path_with_no_bank_files_is_a_finding_not_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "x.yaml"  # a folder a user took for a file
    folder.mkdir()
    (folder / "notes.txt").write_text("not a bank", encoding="utf-8")
    assert main(["lint", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder}:1:1: error: no bank files (*.yaml, *.yml) here" in out


def _linted_lexicon(
    folder: Path, capsys: pytest.CaptureFixture[str], *entries: str
) -> tuple[Path, str]:
    """A lexicon file of these entries in the folder, and what `quiz lint` prints of it (it
    must find an error)."""
    path = folder / "lexicon.yaml"
    header = "# yaml-language-server: $schema=schema.json\nlexicon:\n"
    path.write_text(header + "".join(f"  {entry}\n" for entry in entries), encoding="utf-8")
    assert main(["lint", str(path), "--bank", str(path)]) == 1
    return path, capsys.readouterr().out


def test_lexicon_files_are_linted_with_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, out = _linted_lexicon(
        tmp_path,
        capsys,
        "- terms: [speed, pace]",
        "- terms: [tempo, pace]",
        "- terms: [alone]",
        "- terms: [widgets, gadgets]",
        "- terms: [widget, gizmo]",  # inflected, the same term: merged with line 6, a slip
        "- terms: [widgetizer, contraption]",  # another word of that stem: its own group
    )
    assert f"{mine}:4:20: warning: lexicon term 'pace' is already in the group on line 3" in out
    assert "'speed'" not in out  # also in the packaged lexicon: that extends its group
    assert f"{mine}:5:" in out and "error" in out and "at least 2" in out
    assert f"{mine}:7:13: warning: lexicon term 'widget' is already in the group on line 6" in out
    assert "'widgetizer'" not in out


def test_malformed_opposites_are_linted_with_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, out = _linted_lexicon(
        tmp_path,
        capsys,
        "- opposites: [open, closed, ajar]",
        "- opposites: [Sync, sync]",
        "- opposites: [warm, cold]\n    terms: [warm, tepid]",
        "- opposites: [synchronous, asynchronous]",
        "- opposites: [the, a]",
        "- opposites: [swift, slow]",
        "- terms: [swift, slow]",
    )
    assert f"{mine}:8:17: error: opposite 'the' is only small words or a negation" in out
    assert f"{mine}:8:22: error: opposite 'a' is only small words or a negation" in out
    assert f"{mine}:9:16: error: 'swift' and 'slow' are opposites here and interchangeable" in out
    assert f"{mine}:3:16: error:" in out and "at most 2" in out
    assert f"{mine}:4:16: error: lexicon.1.opposites: the two opposites are the same term" in out
    assert f"{mine}:5:5: error: lexicon.2: give exactly one of terms or opposites" in out
    assert f"{mine}:7:" not in out


def test_the_readmes_yaml_examples_lint_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The authoring guide's examples are bank files an author copies: they must stay valid."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    assert len(blocks) >= 3
    for number, block in enumerate(blocks):
        path = tmp_path / f"example{number}.yaml"
        path.write_text(block, encoding="utf-8")
        assert main(["lint", str(path)]) == 0, capsys.readouterr().out
        assert ": error:" not in capsys.readouterr().out


def test_list_topics_names_each_topic_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--topics"]) == 0
    topics = capsys.readouterr().out.split()
    assert topics == sorted(set(topics)) and {"mbu", "peft", "decode"} <= set(topics)
    assert main(["list", "--topics", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == topics


def test_lint_warns_of_a_misconception_without_a_correction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(
        VALID.rstrip("\n")
        + "\n        misconceptions:\n"
        + '          - statement: "Bandwidth is the memory size."\n'  # line 13
        + '            forms: ["memory size"]\n',
        encoding="utf-8",
    )
    assert main(["lint", str(bank)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert f"{bank}:13:" in out and "has no correction" in out, out


def test_lint_warns_of_a_form_no_answer_can_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A phrase is never found across a clause's end, so a form with one inside ("e.g. GPU",
    "fast; small") is never found either; a dot inside a word ("e.g.") is no end."""
    bank = tmp_path / "mine.yaml"
    bank.write_text(
        VALID.replace("[rate, speed]", '[rate, speed, "e.g.", "fast; small", "e.g. GPU"]'),
        encoding="utf-8",
    )
    assert main(["lint", str(bank)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert f"{bank}:11:42: warning: surface form 'fast; small' can never be found" in out, out
    assert f"{bank}:11:57: warning: surface form 'e.g. GPU' can never be found" in out
    assert "'e.g.' can never" not in out
