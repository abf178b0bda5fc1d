"""Writing the user's files safely: atomically (a temporary file in the same folder, flushed to
disk, then renamed over the target), and never over a database. Standard library only."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


class WriteRefused(Exception):
    """The file was not written; the message says why, and the target is unchanged."""


def check_target(target: Path, protected: Path | None = None) -> None:
    """Refuse a target that is the given database, any SQLite file, or not a regular file."""
    if protected is not None and target.resolve() == protected.resolve():
        raise WriteRefused(f"{target} is the progress database itself: choose another file")
    if not target.exists():
        return
    if not stat.S_ISREG(target.stat().st_mode):
        raise WriteRefused(f"{target} is not a regular file")
    try:
        with target.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise WriteRefused(f"cannot read {target}: {exc.strerror or exc}") from None
    if header == SQLITE_HEADER:
        raise WriteRefused(f"{target} is an SQLite database: a backup never overwrites one")


def write_atomically(target: Path, data: bytes) -> None:
    """Replace the target's contents all at once: a full disk or a crash leaves the old file."""
    folder = target.resolve().parent
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteRefused(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise WriteRefused(f"cannot write {target}: {exc.strerror or exc}") from None
