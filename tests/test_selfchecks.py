"""`quiz lint` runs a template's 200-seed self-check once per template content."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.authoring.lint import lint_sources
from quiz.bank.sources import bank_sources
from quiz.cachefiles import cache_dir
from tests.test_template_errors import VALID


def _lint(bank: Path) -> list[str]:
    return [str(f) for f in lint_sources(bank_sources([str(bank)]), only=[str(bank)]).findings]


def test_an_unchanged_template_is_not_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = tmp_path / "t.yaml"
    bank.write_text(VALID.replace("value: 0.02", "value: 10"), encoding="utf-8")  # x0.01 passes
    first = _lint(bank)
    assert any("t.weights" in finding for finding in first)
    checked: list[str] = []
    from quiz.problems.selfcheck import self_check as original

    def counting(compiled: object, *args: object) -> object:
        checked.append(str(compiled))
        return original(compiled, *args)  # type: ignore[arg-type]

    monkeypatch.setattr("quiz.authoring.selfchecks.self_check", counting)
    assert _lint(bank) == first and not checked  # from the cache, same findings
    bank.write_text(VALID, encoding="utf-8")  # edited: checked again, now clean
    assert not any("t.weights" in finding for finding in _lint(bank)) and len(checked) == 1


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    bank = tmp_path / "t.yaml"
    bank.write_text(VALID, encoding="utf-8")
    clean = _lint(bank)
    for damage in (b"{", b"[]", b'{"x": [[[1], "m", "fatal"]]}', b'{"x": 5}'):
        (cache_dir() / "selfchecks.json").write_bytes(damage)
        assert _lint(bank) == clean
