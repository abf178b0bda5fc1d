"""Module boundaries: the domain never imports Textual; only the loader uses safe YAML."""

from __future__ import annotations

import ast
from pathlib import Path

QUIZ = Path(__file__).resolve().parent.parent / "quiz"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_outside_tui_imports_textual() -> None:
    offenders = [
        str(path.relative_to(QUIZ))
        for path in QUIZ.rglob("*.py")
        if "tui" not in path.relative_to(QUIZ).parts and "textual" in _imports(path)
    ]
    assert offenders == []


def test_no_eval_exec_or_unsafe_yaml() -> None:
    for path in QUIZ.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("eval", "exec", "compile"), path
            if isinstance(node, ast.Attribute) and node.attr in ("unsafe_load", "full_load"):
                raise AssertionError(f"{path}: yaml.{node.attr}")
            if isinstance(node, ast.Attribute) and node.attr in (
                "Loader",
                "FullLoader",
                "UnsafeLoader",
            ):
                raise AssertionError(f"{path}: yaml.{node.attr}")
