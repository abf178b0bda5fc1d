"""The forgetting curve the stats compute without fsrs is fsrs's own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from quiz.srs import forgetting
from quiz.srs.scheduler import CardState, Settings, retrievability, scheduler


def test_the_decay_is_fsrs_default_parameter() -> None:
    assert -DEFAULT_PARAMETERS[20] == forgetting.DECAY
    assert -scheduler(Settings()).parameters[20] == forgetting.DECAY
    assert forgetting.recall(10.0, 10.0) == pytest.approx(0.9)  # recalled at 90% at stability


@pytest.mark.parametrize("stability", [0.5, 3.0, 41.7, 400.0])
@pytest.mark.parametrize("days", [0, 1, 7, 30, 365])
def test_recall_is_fsrs_retrievability(stability: float, days: int) -> None:
    reviewed = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    state = CardState(2, None, stability, 5.0, reviewed + timedelta(days=9), reviewed)
    expected = retrievability(Settings(), state, reviewed + timedelta(days=days))
    assert forgetting.recall(days, stability) == pytest.approx(expected, rel=1e-9)
