"""Entries of the user cache (cheap to import): where it is, and reading and writing an entry
so that nothing planted there is trusted.

Entries are created user-only and written atomically; one that is not a regular file owned by
this user, or that others may write, is ignored (and rebuilt by its owner)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from quiz.files import WriteRefused, write_atomically
from quiz.paths import user_dir

_KEEP = 8
_MAX_ENTRY_BYTES = 512 * 1024 * 1024


def cache_dir() -> Path:
    override = os.environ.get("QUIZ_CACHE_DIR")
    if override:
        return Path(override)
    return user_dir("cache")


def read_trusted(target: Path) -> bytes | None:
    """The bytes of a cache entry, or None when it is missing, foreign, unsafe or unreadable."""
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        trusted = (
            stat.S_ISREG(info.st_mode)
            and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
            and info.st_size <= _MAX_ENTRY_BYTES
        )
        if not trusted:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def write_entry(folder: Path, target: Path, data: bytes, pattern: str) -> None:
    """Write a cache entry atomically and user-only, keeping the newest few of its kind; a cache
    that cannot be written is skipped, never an error."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomically(target, data)
        old = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[_KEEP:]:
            stale.unlink(missing_ok=True)
    except (OSError, WriteRefused):
        return
