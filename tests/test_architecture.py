"""The layers hold (import-linter contracts), and plain commands stay light at start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

from quiz.cli import main

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from quiz.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_import_contracts_are_kept() -> None:
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, "lint-imports found a broken layer contract (run it to see which import)"


def _modules_loaded_by(tmp_path: Path, *argv: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv, "--db", str(tmp_path / "q.db")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, done.stderr
    return {name.split(".")[0] for name in report["modules"]}


@pytest.mark.parametrize(
    ("argv", "forbidden"),
    [
        (
            ("calc", "weights", "--params", "7B", "--dtype", "fp16"),
            {"textual", "sqlalchemy", "pydantic"},
        ),
        (("due",), {"textual"}),
        (("list",), {"textual"}),
    ],
    ids=["calc", "due", "list"],
)
def test_plain_commands_do_not_import_heavy_packages(
    tmp_path: Path, argv: tuple[str, ...], forbidden: set[str]
) -> None:
    loaded = _modules_loaded_by(tmp_path, *argv)
    assert not loaded & forbidden


WARM_COMMANDS = [
    ("list",),
    ("show", "ch44.q1"),
    ("score", "ch44.q1", "--answer", "Bandwidth is how fast weights stream from memory."),
    ("generate", "mbu.chapter-form", "--seed", "3"),
    ("check", "mbu.chapter-form", "--seed", "3", "--answer", "82.96%"),  # exit 0: right
]


@pytest.mark.parametrize("argv", WARM_COMMANDS, ids=[argv[0] for argv in WARM_COMMANDS])
def test_plain_commands_read_a_cached_bank_without_pydantic_or_yaml(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    first = _modules_loaded_by(tmp_path, *argv)
    assert {"pydantic", "yaml"} <= first  # the first run loads and validates the bank files
    again = _modules_loaded_by(tmp_path, *argv)
    assert not again & {"pydantic", "yaml", "textual", "sqlalchemy"}


def test_opening_the_engine_does_not_load_the_scorer_or_the_generator() -> None:
    probe = "import sys, quiz.practice.opening; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    loaded = set(done.stdout.split())
    assert not loaded & {"rapidfuzz", "Stemmer", "quiz.grading", "quiz.problems"}


def test_mypy_finds_no_type_errors() -> None:
    from mypy import api

    stdout, stderr, code = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), str(ROOT / "quiz"), str(ROOT / "tests")]
    )
    assert code == 0, stdout + stderr


def test_ruff_finds_nothing() -> None:
    for argv in (
        ["check", "quiz", "tests", "bench"],
        ["format", "--check", "quiz", "tests", "bench"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *argv], capture_output=True, text=True, cwd=ROOT
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for folder in ("quiz", "tests", "bench", "migrations")
        for path in (ROOT / folder).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_opening_a_current_database_does_not_load_alembic(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    assert main(["db", "upgrade", "--db", str(db)]) == 0
    probe = (
        "import sys; from quiz.practice.opening import open_store; "
        f"open_store({str(db)!r}); print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.parametrize("argv", [("stats",), ("stats", "--json"), ("due",), ("due", "--count")])
def test_progress_commands_on_a_synced_database_do_not_import_sqlalchemy(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    """The first run syncs the database with the bank; later runs read it with the standard
    library until the bank changes."""
    first = _modules_loaded_by(tmp_path, *argv)
    assert "sqlalchemy" in first
    again = _modules_loaded_by(tmp_path, *argv)
    assert not again & {"pydantic", "yaml", "textual", "sqlalchemy", "fsrs"}
