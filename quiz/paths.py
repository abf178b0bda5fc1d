"""Where the packaged data lives, and the user's paths as a shell reads them (cheap to import:
used by plain commands at start-up)."""

from __future__ import annotations

from pathlib import Path


def packaged_bank_dir() -> Path:
    """The bank shipped with the package (or the checkout's question_bank/ in development)."""
    here = Path(__file__).resolve().parent
    installed = here / "_data" / "question_bank"
    return installed if installed.is_dir() else here.parent / "question_bank"


def user_path(text: str) -> Path:
    """A path the user gave, with a leading ~ or ~name expanded as a shell does; like a shell,
    a ~name for no such user (or no home at all) is left as written, never an error."""
    try:
        return Path(text).expanduser()
    except RuntimeError:  # "Could not determine home directory"
        return Path(text)
