"""Verdict answers ('memory-bound', 'yes, it fits'): read the label, accept its synonyms."""

from __future__ import annotations

import re

SYNONYMS: dict[str, frozenset[str]] = {
    "yes": frozenset(
        {"yes", "y", "true", "fits", "it fits", "yes it fits", "feasible", "possible"}
    ),
    "no": frozenset(
        {
            "no",
            "n",
            "false",
            "does not fit",
            "doesnt fit",
            "it does not fit",
            "no it does not fit",
            "infeasible",
            "impossible",
            "not feasible",
            "not possible",
        }
    ),
    "memory-bound": frozenset(
        {"memory bound", "memorybound", "memory", "bandwidth bound", "memory bandwidth bound"}
    ),
    "compute-bound": frozenset(
        {"compute bound", "computebound", "compute", "flops bound", "math bound"}
    ),
}


def normalise(text: str) -> str:
    """Lower case; hyphens, underscores and punctuation become spaces; apostrophes vanish."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def accepted(label: str) -> frozenset[str]:
    """Every normalised spelling that means `label`."""
    return SYNONYMS.get(label, frozenset()) | {normalise(label)}


def read_label(text: str, labels: tuple[str, ...]) -> str | None:
    """The label the answer names, or None when it names none (or several) of them."""
    said = normalise(text)
    matches = [label for label in labels if said in accepted(label)]
    return matches[0] if len(matches) == 1 else None
