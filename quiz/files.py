"""Writing the user's files safely: atomically (a temporary file in the same folder, flushed to
disk, then renamed over the target), for the owner only (0600, as SSH and PostgreSQL keep
theirs), and never over a database. Standard library only."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from quiz.paths import resolved, why_not

SQLITE_HEADER = b"SQLite format 3\x00"


class WriteRefused(Exception):
    """The file was not written; the message says why, and the target is unchanged."""


def check_target(target: Path, protected: Path | None = None) -> None:
    """Refuse a target that is the given database, any SQLite file, or not a regular file."""
    try:
        if protected is not None and resolved(target) == resolved(protected):
            raise WriteRefused(f"{target} is the progress database itself: choose another file")
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:  # a symlink loop, a folder that cannot be searched
        raise WriteRefused(f"cannot write {target}: {why_not(exc)}") from None
    except ValueError:  # a NUL byte
        raise WriteRefused(f"{str(target)!r} is not a file name") from None
    if not stat.S_ISREG(mode):
        raise WriteRefused(f"{target} is not a regular file")
    try:
        with target.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise WriteRefused(f"cannot read {target}: {exc.strerror or exc}") from None
    if header == SQLITE_HEADER:
        raise WriteRefused(f"{target} is an SQLite database: a backup never overwrites one")


def write_atomically(target: Path, data: bytes) -> None:
    """Replace the target's contents all at once: a full disk or a crash leaves the old file.
    The new file is the owner's alone (0600, from mkstemp), whatever the old one's mode was."""
    try:
        folder = resolved(target).parent
    except OSError as exc:
        raise WriteRefused(f"cannot write {target}: {why_not(exc)}") from None
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteRefused(f"cannot write in {folder}: {why_not(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise WriteRefused(f"cannot write {target}: {why_not(exc)}") from None


def create_private(path: Path, mode: int = 0o600) -> bool:
    """Create an empty file for the owner only (0600 whatever the umask), unless one is there
    already (left as it is); True if it was created. For a file another program fills in (the
    SQLite database, its migration backup), which then keeps the mode. Never follows a symlink
    at the last step; a symlink loop, or a folder that cannot be written, is an OSError."""
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, mode)
    except FileExistsError:
        if path.is_symlink() and not path.exists():  # a dangling or looping link
            raise OSError(errno.ELOOP, "a symlink loop or a broken symlink", str(path)) from None
        return False
    try:
        if os.name == "posix":  # the umask may have taken bits away, never added any
            os.fchmod(fd, mode)
    finally:
        os.close(fd)
    return True
