"""What a learner types to `quiz calc` and `quiz check` is read as they meant it, or refused
with the flag and value named: never silently read as something else (issue 33)."""

from __future__ import annotations

import pytest

from quiz.cli import main


def test_a_parameter_count_with_an_unknown_suffix_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Before: "weights = 20 B" (10X read as 10 times one parameter).
    assert main(["calc", "weights", "--params", "10X", "--dtype", "bf16"]) == 2
    err = capsys.readouterr().err
    assert "--params" in err and "'10X'" in err
    assert main(["calc", "weights", "--params", "10x", "--dtype", "bf16"]) == 2
    assert "'10x'" in capsys.readouterr().err


def test_a_bare_number_where_a_unit_is_required_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Before: "decode = 1.071e-10 tok/s" (1.5 read as 1.5 bytes per second).
    assert main(["calc", "decode", "--params", "7B", "--bandwidth", "1.5"]) == 2
    err = capsys.readouterr().err
    assert "--bandwidth" in err and "'1.5'" in err and "unit" in err and "TB/s" in err
    assert main(["calc", "mbu", "--params", "7B", "--tpot", "8", "--bandwidth", "2TB/s"]) == 2
    assert "--tpot" in capsys.readouterr().err
    assert main(["calc", "decode", "--params", "7B", "--bandwidth", "1.5TB/s"]) == 0
    assert "decode = 107.1 tok/s" in capsys.readouterr().out


def test_a_plain_count_still_needs_no_unit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "weights", "--params", "7000000000", "--dtype", "bf16"]) == 0
    assert capsys.readouterr().out.startswith("weights = 14 GB")


def test_lower_case_b_is_billion_for_a_parameter_count(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Before: "--params: '7b' is bytes, expected number".
    assert main(["calc", "weights", "--params", "7b", "--dtype", "bf16"]) == 0
    assert capsys.readouterr().out.startswith("weights = 14 GB")
    assert main(["calc", "decode", "--params", "7b", "--bandwidth", "1.5TB/s"]) == 0
    assert "decode = 107.1 tok/s" in capsys.readouterr().out
    # Where bytes are meant, b is still a bit.
    assert main(["calc", "decode", "--params", "7B", "--bandwidth", "12Tb/s"]) == 0
    assert "decode = 107.1 tok/s" in capsys.readouterr().out


def test_check_exits_1_for_a_wrong_answer_0_for_a_right_one_2_for_bad_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Before: exit 0 for "wrong: the answer is 266.7%".
    assert main(["check", "ch44.worked-example", "--seed", "1", "--answer", "2.67%"]) == 1
    assert capsys.readouterr().out.startswith("wrong")
    assert main(["check", "ch44.worked-example", "--seed", "1", "--answer", "267 %"]) == 0
    assert capsys.readouterr().out.startswith("correct")
    args = ["check", "ch44.worked-example", "--seed", "1", "--answer", "no idea", "--json"]
    assert main(args) == 1
    assert main(["check", "no.such", "--seed", "1", "--answer", "1"]) == 2
