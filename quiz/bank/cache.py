"""A content-keyed cache of loaded banks in the user cache dir.

The key hashes the loader's own source, each file's name and bytes: any edit to a bank file (or
to the schema code) gives a new key, so a stale bank is never served.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

from quiz import __version__
from quiz.bank.errors import BankError
from quiz.bank.loader import expand, load_bank
from quiz.bank.model import Bank

_KEEP = 8
_CODE_FILES = ("schema.py", "loader.py", "model.py", "yamlsafe.py", "errors.py")


def cache_dir() -> Path:
    override = os.environ.get("QUIZ_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("quiz", appauthor=False))


def bank_key(sources: Sequence[str]) -> str | None:
    """The cache key of the bank the sources name, or None if it cannot be computed."""
    digest = hashlib.blake2b(f"quiz-bank {__version__}".encode(), digest_size=20)
    here = Path(__file__).parent
    try:
        for name in _CODE_FILES:
            digest.update((here / name).read_bytes())
        for path, display in expand(sources):
            data = path.read_bytes()
            digest.update(f"\0{display}\0{len(data)}\0".encode())
            digest.update(data)
    except (OSError, BankError):
        return None
    return digest.hexdigest()


def load_bank_cached(sources: Sequence[str]) -> Bank:
    """Load the bank, from the cache when the same files (byte for byte) were loaded before."""
    if os.environ.get("QUIZ_NO_CACHE"):
        return load_bank(sources)
    key = bank_key(sources)
    if key is None:
        return load_bank(sources)
    folder = cache_dir()
    target = folder / f"bank-{key}.pickle"
    try:
        with target.open("rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, Bank):
            return cached
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        pass
    bank = load_bank(sources)
    _store(folder, target, bank)
    return bank


def _store(folder: Path, target: Path, bank: Bank) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".bank-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(bank, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        old = sorted(folder.glob("bank-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        return
