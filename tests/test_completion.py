"""Shell completion, run in the real shells: bash (its completion function called as bash would),
fish (`complete -C`) and zsh (typed into a tmux pane, Tab pressed). Commands, options, choices,
file names, and item and template ids from the configured bank."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli import build_parser, main
from quiz.cli.completion import SHELLS
from tests.test_bank_malformed import VALID
from tests.test_terminal import ROOT, keys, tmux, wait_for

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices or ())  # type: ignore[union-attr]


def needs(shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (.ci/run installs it)")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """`quiz` on PATH (this checkout's), and a learner's own bank configured with QUIZ_BANK."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "quiz"
    launcher.write_text(f'#!/bin/sh\nPYTHONPATH="{ROOT}" exec "{sys.executable}" -m quiz "$@"\n')
    launcher.chmod(0o755)
    bank = tmp_path / "mine.yaml"
    bank.write_text(VALID)
    (tmp_path / "notes.apkg").write_text("")
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "QUIZ_BANK": str(bank),
        "HOME": str(tmp_path),
    }


def script(tmp_path: Path, shell: str, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["completion", shell]) == 0
    path = tmp_path / f"completion.{shell}"
    path.write_text(capsys.readouterr().out)
    return path


def run(argv: list[str], env: dict[str, str], cwd: Path) -> list[str]:
    out = subprocess.run(
        argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return [line for line in out.splitlines() if line]


def bash(tmp_path: Path, env: dict[str, str], words: list[str]) -> list[str]:
    """What bash would offer for `words` (the last one being completed)."""
    quoted = " ".join(f"'{w}'" for w in words)
    script = (
        f"source {tmp_path / 'completion.bash'}; COMP_WORDS=({quoted}); "
        f"COMP_CWORD={len(words) - 1}; _shtab_quiz; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    )
    return run(["bash", "-c", script], env, tmp_path)


def fish(tmp_path: Path, env: dict[str, str], line: str) -> list[str]:
    script = f"source {tmp_path / 'completion.fish'}; complete -C '{line}'"
    return [
        entry.split("\t")[0] for entry in run(["fish", "--no-config", "-c", script], env, tmp_path)
    ]


def test_every_shell_has_a_script_and_a_bad_shell_is_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for shell in SHELLS:
        assert main(["completion", shell]) == 0
        assert "quiz" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["completion", "powershell"])
    assert "'powershell'" in capsys.readouterr().err


def test_bash(tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    needs("bash")
    script(tmp_path, "bash", capsys)
    assert set(COMMANDS) <= set(bash(tmp_path, env, ["quiz", ""]))
    assert bash(tmp_path, env, ["quiz", "exp"]) == ["export", "export-anki"]
    assert bash(tmp_path, env, ["quiz", "show", "ch44.q1"]) == [
        "ch44.q1",
        "ch44.q1.f1",
        "ch44.q1.f2",
    ]
    assert bash(tmp_path, env, ["quiz", "score", "t."]) == ["t.q1"]  # the learner's bank
    templates = bash(tmp_path, env, ["quiz", "generate", "--seed", "3", "memory.w"])
    assert templates == ["memory.weights", "memory.weights-fit"]
    assert bash(tmp_path, env, ["quiz", "check", "ch44.q"]) == []  # items are not templates
    assert bash(tmp_path, env, ["quiz", "list", "--kind", "f"]) == ["followup"]
    assert bash(tmp_path, env, ["quiz", "export-anki", "no"]) == ["notes.apkg"]
    assert bash(tmp_path, env, ["quiz", "list", "--topic", "memory-"]) == [
        "memory-bottlenecks",
        "memory-vs-bandwidth-bound",
    ]
    assert bash(tmp_path, env, ["quiz", "problems", "--topic", "de"]) == ["decode", "demo"]


def test_fish(tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    needs("fish")
    script(tmp_path, "fish", capsys)
    assert set(COMMANDS) <= set(fish(tmp_path, env, "quiz "))
    assert fish(tmp_path, env, "quiz exp") == ["export", "export-anki"]
    assert fish(tmp_path, env, "quiz show ch44.q1") == ["ch44.q1", "ch44.q1.f1", "ch44.q1.f2"]
    assert fish(tmp_path, env, "quiz answer t.") == ["t.q1"]
    assert fish(tmp_path, env, "quiz generate memory.w") == ["memory.weights", "memory.weights-fit"]
    assert fish(tmp_path, env, "quiz list --kind f") == ["followup"]
    assert "--tokens-per-second" in fish(tmp_path, env, "quiz calc mbu --to")
    assert "--tokens-per-second" not in fish(tmp_path, env, "quiz list --topic mbu --to")
    assert fish(tmp_path, env, "quiz import no") == ["notes.apkg"]
    assert fish(tmp_path, env, "quiz export-anki x.apkg --topic memory-") == [
        "memory-bottlenecks",
        "memory-vs-bandwidth-bound",
    ]


def test_zsh_in_a_real_terminal(
    tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    needs("zsh")
    needs("tmux")
    functions = tmp_path / "zfunc"
    functions.mkdir()
    (functions / "_quiz").write_text(script(tmp_path, "zsh", capsys).read_text())
    name = f"quiz-zsh-{os.getpid()}"
    exports = " ".join(f"{k}='{env[k]}'" for k in ("PATH", "QUIZ_BANK", "HOME", "QUIZ_CACHE_DIR"))
    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "30", f"env {exports} zsh -f")
    try:
        keys(
            name,
            f"fpath=({functions} $fpath); autoload -U compinit; compinit -u; echo READY$((6*7))",
            "Enter",
        )
        wait_for(name, "READY42")
        keys(name, "clear", "Enter")
        keys(name, "quiz show ch44.q1", "Tab")
        wait_for(name, "ch44.q1.f2")
        keys(name, "C-u", "clear", "Enter")
        keys(name, "quiz generate memory.weights-", "Tab")
        wait_for(name, "quiz generate memory.weights-fit")
        keys(name, "C-u", "clear", "Enter")
        keys(name, "quiz list --topic tokenization-", "Tab")
        wait_for(name, "quiz list --topic tokenization-context")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, timeout=30)
