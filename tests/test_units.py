"""Units: parsing, formatting round trips, dimension checks, and calculator monotonicity."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.calc import core
from quiz.calc.units import (
    BYTES,
    BYTES_PER_S,
    DIMENSIONLESS,
    FLOP_PER_S,
    PER_S,
    SECONDS,
    UnitError,
    format_quantity,
    parse_quantity,
    read_input,
)


@pytest.mark.parametrize(
    ("text", "expected", "dims"),
    [
        ("1.5TB/s", 1.5e12, BYTES_PER_S),
        ("2039 GB/s", 2.039e12, BYTES_PER_S),
        ("4000GB/s", 4e12, BYTES_PER_S),
        ("7B", 7e9, DIMENSIONLESS),
        ("6.7e9", 6.7e9, DIMENSIONLESS),
        ("14 ms", 0.014, SECONDS),
        ("267 %", 2.67, DIMENSIONLESS),
        ("20 GiB", 20 * 2**30, BYTES),
        ("75 tok/s", 75.0, PER_S),
        ("312 TFLOPS", 312e12, FLOP_PER_S),
        ("989.4 TFLOP/s", 989.4e12, FLOP_PER_S),
        ("16 Gb", 2e9, BYTES),
        ("16 gb", 16e9, BYTES),
        ("4,194,304", 4194304, DIMENSIONLESS),
        ("4.2M", 4.2e6, DIMENSIONLESS),
        ("100 Gbps", 12.5e9, BYTES_PER_S),
    ],
)
def test_parse(text: str, expected: float, dims: tuple[int, int, int]) -> None:
    expected_dims = dims if dims == DIMENSIONLESS else None
    parsed = parse_quantity(text, expected_dims)
    assert math.isclose(parsed.value, expected, rel_tol=1e-12)
    if parsed.dims is not None:
        assert parsed.dims == dims


def test_b_means_billion_for_counts_and_byte_otherwise() -> None:
    assert parse_quantity("7B", DIMENSIONLESS).value == 7e9
    assert parse_quantity("7B", BYTES).dims == BYTES
    assert parse_quantity("7B", BYTES).value == 7


@pytest.mark.parametrize(
    ("text", "dims", "fragment"),
    [
        ("1.5 TB", BYTES_PER_S, "is bytes, expected bandwidth"),
        ("14 ms", BYTES, "is time, expected bytes"),
        ("2 TB/s", SECONDS, "expected time"),
        ("12 parsecs", BYTES, "unknown unit 'parsecs'"),
        ("fast", PER_S, "not a number"),
        ("1e999", BYTES, "not a finite number"),
    ],
)
def test_dimension_mismatch_and_bad_input_name_the_value(
    text: str, dims: tuple[int, int, int], fragment: str
) -> None:
    with pytest.raises(UnitError) as info:
        read_input(text, dims, "bandwidth")
    assert fragment in str(info.value)
    assert "--bandwidth" in str(info.value)


magnitudes = st.floats(min_value=1e-3, max_value=1e17, allow_nan=False, allow_infinity=False)


@given(magnitudes, st.sampled_from([BYTES, BYTES_PER_S, FLOP_PER_S, SECONDS, PER_S]))
def test_format_then_parse_round_trip(value: float, dims: tuple[int, int, int]) -> None:
    text = format_quantity(value, dims, digits=6)
    parsed = parse_quantity(text, dims)
    assert parsed.dims == dims
    assert math.isclose(parsed.value, value, rel_tol=1e-5), text


@given(st.floats(min_value=1e6, max_value=1e13), st.floats(min_value=1.01, max_value=10))
def test_more_params_more_bytes(params: float, factor: float) -> None:
    assert core.weights(params * factor, 2).value > core.weights(params, 2).value
    ceiling = core.decode_ceiling(params, 2, 2e12).value
    assert core.decode_ceiling(params * factor, 2, 2e12).value < ceiling


@given(st.integers(1, 100_000), st.integers(1, 256))
def test_kv_cache_grows_with_tokens_and_batch(tokens: int, batch: int) -> None:
    small = core.kv_cache(32, 8, 128, tokens, batch).value
    assert core.kv_cache(32, 8, 128, tokens + 1, batch).value > small
    assert core.kv_cache(32, 8, 128, tokens, batch + 1).value > small


def test_calc_rejects_non_positive_inputs() -> None:
    with pytest.raises(UnitError, match="params must be a positive number"):
        core.weights(0, 2)


def test_plain_commands_do_not_import_ui_or_database() -> None:
    code = (
        "import sys\n"
        "from quiz.cli import main\n"
        "main(['calc', 'mbu', '--params', '7B', '--tpot', '14ms', '--bandwidth', '2TB/s'])\n"
        "heavy = [m for m in ('textual', 'sqlalchemy', 'pydantic') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    # The Databricks blog's example: 7B at 16 bit, TPOT 14 ms -> 1 TB/s -> 50% of 2 TB/s.
    assert "achieved bandwidth = 14 GB / 14 ms = 1 TB/s" in out.stdout
    assert "MBU = 1 TB/s / 2 TB/s = 0.5 (50%)" in out.stdout
