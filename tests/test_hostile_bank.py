"""Hostile bank files and folders (issue 31): each ends in clear, located findings in bounded
time and memory, never a traceback, a hang or a flood of output. Sizes are counted, not timed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from quiz.bank import sources, yamlsafe
from quiz.bank.loader import MAX_FINDINGS_PER_FILE, load_bank
from quiz.cli import main
from quiz.cli.bank_commands import MAX_SHOWN_FINDINGS
from tests.conftest import finishes

HEADER = "# yaml-language-server: $schema=schema.json\n"


def _ones(path: Path, count: int) -> Path:
    path.write_text("questions:\n" + "- 1\n" * count, encoding="utf-8")
    return path


def _findings_in(file: Path) -> list[str]:
    bank = load_bank([str(file)])
    return [str(f) for f in bank.findings if f.file == str(file)]


def test_a_million_entries_are_refused_at_the_first_past_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """1M `- 1` entries in 4 MB: lint took 119 s and printed 1,000,001 lines."""
    bank = _ones(tmp_path / "ones.yaml", 1_000_000)
    with finishes():
        assert main(["lint", "--bank", str(bank), str(bank)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = yamlsafe.MAX_ENTRIES + 2  # the header line, then one entry a line
    assert out == [
        f"{bank}:1:1: warning: first line should be "
        "'# yaml-language-server: $schema=<path to schema.json>'",
        f"{bank}:{line}:3: error: more than {yamlsafe.MAX_ENTRIES:,} entries in 'questions': "
        "split them across files",
    ]


def test_too_many_yaml_values_are_refused_before_they_are_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_NODES", 500)
    bank = tmp_path / "flow.yaml"
    bank.write_text("questions:\n  - [" + "1, " * 2000 + "1]\n", encoding="utf-8")
    built: list[object] = []
    real = yamlsafe._BoundedLoader.construct_document

    def construct(self: object, node: object) -> object:
        built.append(node)
        return real(self, node)

    monkeypatch.setattr(yamlsafe._BoundedLoader, "construct_document", construct)
    found = _findings_in(bank)
    assert found == [
        f"{bank}:2:{6 + 3 * 496}: error: more than 500 YAML values in one file: split it into files"
    ]
    assert built == []  # refused on counting, nothing constructed


def test_one_files_problems_are_capped(tmp_path: Path) -> None:
    bank = _ones(tmp_path / "ones.yaml", MAX_FINDINGS_PER_FILE + 500)
    found = _findings_in(bank)
    assert len(found) == MAX_FINDINGS_PER_FILE + 1
    cap = MAX_FINDINGS_PER_FILE
    assert found[-1] == (
        f"{bank}:{cap + 2}:3: error: more than {cap:,} problems in this file: "
        "the rest of it was not checked"
    )
    assert not load_bank([str(bank)]).complete


def test_lint_prints_the_first_findings_and_counts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = _ones(tmp_path / "ones.yaml", 500)
    assert main(["lint", "--bank", str(bank), str(bank)]) == 1
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert len(out) == MAX_SHOWN_FINDINGS + 1
    assert out[-1] == (
        f"... and {501 - MAX_SHOWN_FINDINGS} more findings ('quiz lint --all' prints them all)"
    )
    assert main(["lint", "--all", "--bank", str(bank), str(bank)]) == 1
    assert len(capsys.readouterr().out.splitlines()) == 501
    assert "500 error(s), 1 warning(s)" in captured.err
    assert main(["--json", "lint", "--bank", str(bank), str(bank)]) == 1
    assert len(json.loads(capsys.readouterr().out)["findings"]) == 501


def test_an_erroring_file_leaves_a_small_cache_entry_written_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """1M bad entries left a 171 MB cache entry, read again (7 s) on every run."""
    bank = _ones(tmp_path / "ones.yaml", 20_000)
    cache = Path(os.environ["QUIZ_CACHE_DIR"])
    assert main(["list", "--ids", "--bank", str(bank)]) == 0
    entries = sorted(cache.glob("bank-*.json"))
    assert len(entries) == 1
    assert entries[0].stat().st_size < 1_000_000
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.iterdir()}
    assert main(["list", "--ids", "--bank", str(bank)]) == 0
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.iterdir()}
    assert after == before
    assert "1001 bank error(s)" in capsys.readouterr().err


def _warned(problem: str) -> list[str]:
    return [
        f"quiz: warning: 1 bank error(s); their items are skipped (first: {problem}); "
        "run 'quiz lint'"
    ]


def test_the_filesystem_root_is_never_searched(capsys: pytest.CaptureFixture[str]) -> None:
    with finishes(60):
        assert main(["list", "--ids", "--bank", "/"]) == 0  # the other sources still load
    err = capsys.readouterr().err.strip().splitlines()
    assert err == _warned(
        "/:1:1: error: refusing to search / (the whole filesystem) for bank files: name the "
        "bank's own folder"
    )


@pytest.mark.parametrize(
    ("limit", "what"), [("MAX_WALKED", "files and folders"), ("MAX_BANK_FILES", "bank files")]
)
def test_a_huge_tree_is_refused_in_one_line(
    limit: str,
    what: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """50k empty `.yaml` files took 8 s on every run."""
    monkeypatch.setattr(sources, limit, 40)
    folder = tmp_path / "bank"
    folder.mkdir()
    for number in range(50):
        (folder / f"{number}.yaml").touch()
    assert main(["list", "--ids", "--bank", str(folder)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == _warned(
        f"{folder}:1:1: error: refusing to search {folder}: more than 40 {what} under it "
        "(name the bank's own folder)"
    )


def test_a_deep_tree_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "bank"
    deep = folder.joinpath(*["d"] * (sources.MAX_DEPTH + 2))
    deep.mkdir(parents=True)
    (deep / "x.yaml").write_text("questions: []\n", encoding="utf-8")
    found = [str(f) for f in load_bank([str(folder)]).findings]
    assert found == [
        f"{folder}:1:1: error: refusing to search {folder}: folders nested more than "
        f"{sources.MAX_DEPTH} deep"
    ]


def _bank_with_a_sub_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "bank"
    hidden = folder / "hidden"
    hidden.mkdir(parents=True)
    (hidden / "x.yaml").write_text("questions: []\n", encoding="utf-8")
    (folder / "ok.yaml").write_text("questions: []\n", encoding="utf-8")
    return folder, hidden


def test_an_unlistable_sub_folder_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listing fails as it does for a user without the read right (simulated, so that the
    case runs under root as well: see the next test for the real permission)."""
    folder, hidden = _bank_with_a_sub_folder(tmp_path)
    real = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    bank = load_bank([str(folder)])
    assert [str(f) for f in bank.findings] == [
        f"{hidden}:1:1: error: cannot read: permission denied"
    ]
    assert not bank.complete
    assert str(folder / "ok.yaml") in bank.files


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder, whatever its mode")
def test_an_unreadable_sub_folder_is_a_finding(tmp_path: Path) -> None:
    folder, hidden = _bank_with_a_sub_folder(tmp_path)
    hidden.chmod(0)
    try:
        found = [str(f) for f in load_bank([str(folder)]).findings]
    finally:
        hidden.chmod(0o700)
    assert found == [f"{hidden}:1:1: error: cannot read: permission denied"]


def test_a_symlink_loop_in_a_bank_folder_is_a_finding(tmp_path: Path) -> None:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    found = [str(f) for f in load_bank([str(folder)]).findings]
    assert len(found) == 1
    assert found[0].startswith(f"{folder / 'loop.yaml'}:1:1: error: cannot read file: ")


def test_lint_warns_of_markup_in_bank_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "marked.yaml"
    bank.write_text(
        HEADER + "questions:\n  - id: m.q1\n    topic: t\n"
        "    prompt: \"[@click=app.screenshot('/tmp/x')]Q?[/]\"\n"
        "    model_answer: The rate is [bold]high[/bold].\n"
        "    rubric:\n      - id: a\n        criterion: Says the rate [link=https://x]here[/].\n"
        "        concepts:\n          - forms: [rate, speed, pace]\n",
        encoding="utf-8",
    )
    assert main(["lint", "--bank", str(bank), str(bank)]) == 0
    out = capsys.readouterr().out.splitlines()
    shown = "it will be shown literally, not as markup"
    assert out == [
        f"{bank}:5:13: warning: prompt holds markup-like text "
        f"\"[@click=app.screenshot('/tmp/x')]\": {shown}",
        f"{bank}:6:19: warning: model_answer holds markup-like text '[bold]': {shown}",
        f"{bank}:9:20: warning: rubric.0.criterion holds markup-like text "
        f"'[link=https://x]': {shown}",
    ]


def test_lint_of_a_symlink_loop_is_a_finding_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bank"
    folder.mkdir()
    loop = folder / "loop.yaml"
    loop.symlink_to(loop)
    for named in (loop, folder):
        assert main(["lint", str(named)]) == 1
        out = capsys.readouterr().out.splitlines()
        assert len(out) == 1
        assert out[0].startswith(f"{loop}:1:1: error: cannot read")
        assert out[0].lower().endswith("too many levels of symbolic links")


def test_one_entry_with_a_million_problems_is_capped_too(tmp_path: Path) -> None:
    bank = tmp_path / "one.yaml"
    bank.write_text("lexicon:\n  - terms: [" + "[1], " * 20_000 + "[1]]\n", encoding="utf-8")
    found = _findings_in(bank)
    assert len(found) == MAX_FINDINGS_PER_FILE + 1
    assert found[-1].endswith(
        "more than 1,000 problems in this file: the rest of it was not checked"
    )


def test_lint_of_a_folder_with_an_unlistable_sub_folder_still_reports_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`quiz lint FOLDER` said '0 file(s), 0 item(s)' and hid the readable files' findings when
    a sub-folder could not be listed (a fresh clone's trial, with the read right dropped)."""
    folder, hidden = _bank_with_a_sub_folder(tmp_path)
    real = os.scandir

    def scandir(path: str) -> object:
        if Path(path) == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["lint", str(folder)]) == 1
    captured = capsys.readouterr()
    assert f"{hidden}:1:1: error: cannot read: permission denied" in captured.out
    assert captured.err.startswith("1 file(s), 0 item(s)")  # ok.yaml, read and checked
