"""Random argument vectors for the plain commands, and random damage to a real backup: each ends
with exit 0, 1 or 2 and never a traceback, and a failed import leaves the database as it was.

The default profile is short for CI; `HYPOTHESIS_PROFILE=long pytest tests/test_fuzz_commands.py`
runs many more examples."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.cli import main
from tests.conftest import finishes

COMMANDS = [
    ["list"],
    ["show"],
    ["lint"],
    ["schema"],
    ["problems"],
    ["generate"],
    ["check"],
    ["score"],
    ["calc"],
    ["calc", "mbu"],
    ["calc", "kv-cache"],
    ["calc", "finetune"],
    ["due"],
    ["stats"],
    ["answer"],
    ["config"],
    ["rubric", "suggest"],
    ["export-anki"],
    ["plan"],
    ["cohort"],
    ["grade"],
    ["completion"],
]
FLAGS = [
    "--json",
    "--seed",
    "--answer",
    "--limit",
    "--topic",
    "--kind",
    "--params",
    "--model",
    "--gpu",
    "--dtype",
    "--bandwidth",
    "--tokens",
    "--batch",
    "--rating",
    "--mode",
    "--method",
    "--rank",
    "--targets",
    "--shape",
    "--profile",
    "--solution",
    "--list",
    "--answer-file",
    "--problems",
    "--interview",
    "--clear",
    "--format",
    "--output",
]
VALUES = st.one_of(
    st.sampled_from(
        [
            "ch44.q1",
            "ch44.worked-example",
            "mbu.kv-batch",
            "7B",
            "-10B",
            "1e400",
            "1e308",
            "0",
            "-1",
            "99999999999999999999",
            "nan",
            "inf",
            "",
            " ",
            "-",
            "--",
            "bf16",
            "H100-SXM",
            "Llama-2-7B",
            "good",
            "5",
            "q_proj=4096x4096",
            "all",
            "\x1b[2J",
            "a" * 5000,
            "1 B" + " " * 3000 + "B",
            "\udcff",
            "../../etc/passwd",
            "/dev/zero",
            "9999-12-31",
            "2027-01-20",
            "0001-01-01",
            "bash",
        ]
    ),
    st.text(max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


def _run(argv: list[str]) -> int:
    out, err = io.StringIO(), io.StringIO()
    with finishes(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own usage errors and --help
            code = int(exc.code or 0)
    assert "Traceback" not in err.getvalue(), err.getvalue()
    return code


@pytest.fixture(scope="module")
def learner_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with progress in it, as a learner's would be."""
    db = tmp_path_factory.mktemp("learner") / "q.db"
    for item, rating in (("ch44.q1", "good"), ("ch44.q2", "again")):
        assert (
            _run(["answer", item, "--answer", "weights", "--rating", rating, "--db", str(db)]) == 0
        )
    return db


@given(
    command=st.sampled_from(COMMANDS),
    rest=st.lists(st.one_of(st.sampled_from(FLAGS), VALUES), max_size=8),
)
def test_random_arguments_end_in_a_known_exit_code_and_a_failure_changes_nothing(
    command: list[str],
    rest: list[str],
    learner_db: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    db = tmp_path_factory.mktemp("fuzz") / "q.db"
    shutil.copyfile(learner_db, db)
    before = db.read_bytes()
    code = _run([*command, *rest, "--db", str(db)])
    assert code in (0, 1, 2)
    if code != 0:
        assert db.read_bytes() == before, f"exit {code} changed the database"


def _contents(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


@pytest.fixture(scope="module")
def backup_and_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    folder = tmp_path_factory.mktemp("backup")
    source = folder / "source.db"
    answer = "Bandwidth is the rate data moves; each token reads all the weights."
    for item in ("ch44.q1", "ch44.q1.f1"):
        assert (
            _run(["answer", item, "--answer", answer, "--rating", "good", "--db", str(source)]) == 0
        )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["export", "-", "--db", str(source)]) == 0
    return json.loads(out.getvalue()), folder


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


@given(data=st.data())
def test_a_damaged_backup_is_imported_whole_or_refused_untouched(
    data: st.DataObject, backup_and_db: tuple[dict[str, Any], Path]
) -> None:
    document, folder = backup_and_db
    damaged = json.loads(json.dumps(document))
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        path = data.draw(st.sampled_from(_paths(damaged)[1:]))
        target = damaged
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = data.draw(
            st.one_of(
                st.none(),
                st.booleans(),
                st.integers(min_value=-(10**40), max_value=10**40),
                st.floats(allow_nan=False, allow_infinity=False),
                st.text(max_size=10),
                st.just([]),
                st.just({}),
            )
        )
    target_db = folder / f"target-{data.draw(st.integers(0, 10**9))}.db"
    assert (
        _run(["answer", "ch44.q2", "--answer", "x", "--rating", "hard", "--db", str(target_db)])
        == 0
    )
    before = _contents(target_db)
    backup = folder / "damaged.json"
    backup.write_text(json.dumps(damaged), encoding="utf-8")
    code = _run(["import", str(backup), "--db", str(target_db)])
    assert code in (0, 2)
    if code == 2:
        assert _contents(target_db) == before
