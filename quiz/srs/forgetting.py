"""FSRS's forgetting curve, without importing fsrs: the progress figures read it on paths that
must start fast. A test pins it to what fsrs itself computes."""

from __future__ import annotations

DECAY = -0.1542  # minus w20 of fsrs 6's default parameters, the ones quiz's scheduler uses
FACTOR = 0.9 ** (1 / DECAY) - 1  # so that a card is recalled with probability 0.9 at its stability


def recall(days: float, stability: float) -> float:
    """The probability that a card of this stability is recalled `days` after its last review:
    R(t) = (1 + FACTOR * t / stability) ** DECAY."""
    return float((1 + FACTOR * days / stability) ** DECAY)
