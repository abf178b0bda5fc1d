"""The numeric checker: tolerances, any unit of the right dimension, and named slips."""

from __future__ import annotations

import pytest

from quiz.calc import core
from quiz.calc.units import BYTES, BYTES_PER_S, DIMENSIONLESS, PER_S
from quiz.problems.check import Expected, check
from quiz.problems.tolerance import Tolerance

REL = Tolerance("relative", 0.01)
CHAPTER_MBU = core.mbu(10e9, 2, 1.5e12, tokens_per_second=200)
MBU = Expected(CHAPTER_MBU.value, DIMENSIONLESS, REL, fraction=True)
BANDWIDTH = Expected(4e12, BYTES_PER_S, REL)
WEIGHTS = Expected(core.weights(70.553706496e9, 2).value, BYTES, REL)


@pytest.mark.parametrize("answer", ["2.67", "267%", "266.7 %", "2.667"])
def test_mbu_accepts_fraction_or_percent(answer: str) -> None:
    assert check(answer, MBU).correct


def test_chapter_slip_is_named() -> None:
    verdict = check("2.67%", MBU)
    assert not verdict.correct
    assert verdict.diagnosis is not None and "percent vs fraction" in verdict.diagnosis
    assert "chapter" in verdict.diagnosis


def test_percentage_without_sign_is_named() -> None:
    verdict = check("267", MBU)
    assert not verdict.correct
    assert verdict.diagnosis is not None and "without the % sign" in verdict.diagnosis


@pytest.mark.parametrize("answer", ["4 TB/s", "4000GB/s", "4e12 B/s", "4,000 GB/s"])
def test_any_unit_of_the_right_dimension(answer: str) -> None:
    assert check(answer, BANDWIDTH).correct


def test_missing_unit_is_reported_not_guessed() -> None:
    verdict = check("4", BANDWIDTH)
    assert not verdict.correct
    assert verdict.diagnosis is not None
    assert (
        "missing unit" in verdict.diagnosis and "with TB/s it would be right" in verdict.diagnosis
    )


def test_wrong_dimension() -> None:
    verdict = check("4 TB", BANDWIDTH)
    assert not verdict.correct and "wrong kind of quantity" in str(verdict.diagnosis)


def test_gb_vs_gib() -> None:
    gib = WEIGHTS.value / 2**30
    assert check(f"{gib:.2f} GiB", WEIGHTS).correct
    verdict = check(f"{gib:.2f} GB", WEIGHTS)
    assert not verdict.correct and "GB vs GiB" in str(verdict.diagnosis)


def test_bits_vs_bytes() -> None:
    verdict = check(f"{WEIGHTS.value * 8 / 1e9:.1f} GB", WEIGHTS)
    assert not verdict.correct and "bits vs bytes" in str(verdict.diagnosis)


def test_prefix_slip() -> None:
    verdict = check("4 GB/s", BANDWIDTH)
    assert "10^-3" in str(verdict.diagnosis)


def test_template_slips_batch_and_kv_cache() -> None:
    # Batch 8 at 400 aggregate tokens/s: MBU uses 50 tokens/s per sequence.
    right = core.mbu(7e9, 2, 2.039e12, tokens_per_second=50, batch=8)
    batch_twice = core.mbu(7e9, 2, 2.039e12, tokens_per_second=400)
    expected = Expected(
        right.value,
        DIMENSIONLESS,
        REL,
        fraction=True,
        slips=(("batch counted twice: one step serves all 8 sequences", batch_twice.value),),
    )
    assert check(f"{right.value:.4f}", expected).correct
    verdict = check(f"{batch_twice.value:.3f}", expected)
    assert not verdict.correct and "batch counted twice" in str(verdict.diagnosis)
    no_kv = core.decode_ceiling(70e9, 1, 4.8e12)
    with_kv = core.decode_ceiling(70e9, 1, 4.8e12, kv_bytes=10e9)
    ceiling = Expected(with_kv.value, PER_S, REL, slips=(("KV cache forgotten", no_kv.value),))
    assert "KV cache forgotten" in str(check(f"{no_kv.value:.2f} tok/s", ceiling).diagnosis)


@pytest.mark.parametrize(
    ("kind", "low", "high"),
    [("relative", 100.0, 300.0), ("nominal", 199.5, 200.5), ("geometric", 200 / 1.5, 300.0)],
)
def test_moodle_tolerances(kind: str, low: float, high: float) -> None:
    tol = Tolerance(kind, 0.5)  # type: ignore[arg-type]
    assert tol.bounds(200.0) == pytest.approx((low, high))
    assert tol.accepts(200.0, low) and tol.accepts(200.0, high)
    assert not tol.accepts(200.0, low * 0.999) and not tol.accepts(200.0, high * 1.001)


def test_garbage_and_huge_answers() -> None:
    assert "could not read" in str(check("lots", BANDWIDTH).diagnosis)
    assert "too long" in str(check("4" * 10_000, BANDWIDTH).diagnosis)
