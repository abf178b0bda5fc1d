"""Where the packaged data lives, and the user's paths as a shell reads them (cheap to import:
used by plain commands at start-up)."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import Literal

UserDir = Literal["data", "config", "cache"]
_XDG: dict[UserDir, tuple[str, str]] = {
    "data": ("XDG_DATA_HOME", "~/.local/share"),
    "config": ("XDG_CONFIG_HOME", "~/.config"),
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
}


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


def user_dir(kind: UserDir) -> Path:
    """quiz's own folder of that kind for this user. On Linux and other Unix-likes: the XDG base
    directory (an absolute $XDG_DATA_HOME, $XDG_CONFIG_HOME or $XDG_CACHE_HOME, else ~/.local/share,
    ~/.config or ~/.cache), as platformdirs gives it, without importing it (a few milliseconds of
    every start); on macOS and Windows, platformdirs' choice."""
    if sys.platform in ("darwin", "win32"):
        import platformdirs

        found: str = getattr(platformdirs, f"user_{kind}_dir")("quiz", appauthor=False)
        return Path(found)
    variable, default = _XDG[kind]
    base = os.environ.get(variable, "")
    return Path(base if os.path.isabs(base) else os.path.expanduser(default)) / "quiz"


def resolved(path: Path) -> Path:
    """The absolute path with its symlinks followed. A symlink loop is an OSError (ELOOP, "a
    symlink loop"), as Python 3.13 raises it: 3.11's pathlib raises RuntimeError, which no
    `except OSError` catches."""
    try:
        return path.resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, "a symlink loop", str(path)) from None


def why_not(exc: OSError) -> str:
    """An OSError in a few words: "a symlink loop" rather than "Too many levels of symbolic
    links"."""
    if exc.errno == errno.ELOOP:
        return "a symlink loop"
    return exc.strerror or str(exc)


def not_a_file(path: Path) -> str | None:
    """Why a path given as a file to read cannot be read as one ("no such file", "a folder, not
    a file", "a symlink loop", ...), or None if it is a regular file."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "no such file"
        return why_not(exc)
    except ValueError:  # a NUL byte in the name
        return "no such file"
    if stat.S_ISREG(mode):
        return None
    return "a folder, not a file" if stat.S_ISDIR(mode) else "not a regular file (a device or pipe)"
