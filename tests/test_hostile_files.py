"""Hostile paths: a symlink loop wherever a path is given (Python 3.11's pathlib raises
RuntimeError for one, not OSError). Each refusal is one clear line and a non-zero exit, never a
traceback, and no byte of the learner's data changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quiz.cli import main
from tests.conftest import Q2_ANSWER, run_cli

LOOPS: list[tuple[str, Callable[[Path, Path], list[str]]]] = [
    ("export", lambda loop, db: ["export", str(loop), "--db", str(db)]),
    ("export-in-loop", lambda loop, db: ["export", str(loop / "x.json"), "--db", str(db)]),
    ("db", lambda loop, db: ["stats", "--db", str(loop)]),
    ("db-due", lambda loop, db: ["due", "--db", str(loop)]),
    ("db-answer", lambda loop, db: ["answer", "ch44.q2", "--answer", "x", "--db", str(loop)]),
    ("apkg", lambda loop, db: ["export-anki", str(loop), "--db", str(db)]),
    ("apkg-in-loop", lambda loop, db: ["export-anki", str(loop.parent / "l" / "x.apkg")]),
    ("import", lambda loop, db: ["import", str(loop), "--db", str(db)]),
    ("output", lambda loop, db: ["grade", str(db.parent / "in.csv"), "--output", str(loop)]),
]


@pytest.mark.parametrize("build", [b for _, b in LOOPS], ids=[n for n, _ in LOOPS])
def test_a_symlink_loop_is_one_line_and_a_non_zero_exit(
    build: Callable[[Path, Path], list[str]],
    recorded: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = recorded.parent
    loop = folder / "loop.apkg"
    loop.symlink_to(loop.name)  # points at itself
    (folder / "l").symlink_to("l")
    (folder / "in.csv").write_text(f"item_id,answer\nch44.q2,{Q2_ANSWER}\n", encoding="utf-8")
    before = recorded.read_bytes()
    code, said = run_cli(build(loop, recorded), capsys)
    assert code == 2, said
    assert "Traceback" not in said and "RuntimeError" not in said
    assert said.count("\n") == 1 and "symlink loop" in said, said
    assert recorded.read_bytes() == before


def test_a_bank_path_that_is_a_symlink_loop_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--bank LOOP` said "does not exist" (the loop is there; it leads nowhere)."""
    loop, dangling = tmp_path / "loop", tmp_path / "dangling"
    loop.symlink_to(loop)
    dangling.symlink_to(tmp_path / "gone")
    for link, what in ((loop, "a symlink loop"), (dangling, "a symlink to nothing")):
        assert main(["list", "--bank", str(link)]) == 2
        assert f"bank path {str(link)!r} is {what} (from flag --bank)" in capsys.readouterr().err
