"""Where the packaged data lives (cheap to import: used by plain commands at start-up)."""

from __future__ import annotations

from pathlib import Path


def packaged_bank_dir() -> Path:
    """The bank shipped with the package (or the checkout's question_bank/ in development)."""
    here = Path(__file__).resolve().parent
    installed = here / "_data" / "question_bank"
    return installed if installed.is_dir() else here.parent / "question_bank"
