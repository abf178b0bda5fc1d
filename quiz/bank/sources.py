"""Which files make up the bank, and the key that changes whenever any of them (or the code that
loads them) changes. Cheap to import: plain commands such as `quiz due` use the key to tell
whether the bank changed since the database last saw it."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import quiz.printable as printable_module
from quiz import __version__
from quiz.bank.errors import BankError
from quiz.cachefiles import cache_dir, read_trusted, write_entry
from quiz.digests import blake2b
from quiz.paths import packaged_bank_dir, user_path

if TYPE_CHECKING:
    from quiz.bank.findings import Finding

BANK_SUFFIXES = (".yaml", ".yml")
KEY_FORMAT = "quiz-bank-cache 2"
KEYS_KEPT = 32  # remembered keys (one per combination of bank files in use)
MAX_WALKED = 100_000  # files and folders looked at under one source folder
MAX_DEPTH = 32  # folders nested under a source folder
MAX_BANK_FILES = 10_000  # bank files under one source folder (each is read, or keyed, a run)


def bank_sources(extra: Sequence[str] = ()) -> list[str]:
    """The packaged bank, then the extra paths (from the config file, QUIZ_BANK and --bank, as
    `quiz.config` resolves them), in that order."""
    return [str(packaged_bank_dir()), *extra]


def expand(
    sources: Iterable[str], unreadable: list[Finding] | None = None
) -> list[tuple[Path, str]]:
    """Files named by the sources (folders searched recursively), with their display names, each
    file once. A source that cannot be read (or a folder in it) raises BankError, or with
    `unreadable` given is reported there and skipped, so the other sources still count."""
    files: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for source in sources:
        problems: list[Finding] = []
        try:
            try:
                entries = _entries(source, problems)
                keys = [Path(os.path.realpath(file)) for file, _ in entries]  # never a loop error
            except (OSError, ValueError) as exc:  # a name too long or with a NUL, unlistable
                reason = getattr(exc, "strerror", None) or str(exc)
                raise BankError.at(source[:200], 1, 1, f"cannot read: {reason}") from None
            if problems and unreadable is None:
                raise BankError(problems)
        except BankError as exc:
            if unreadable is None:
                raise
            unreadable.extend(exc.findings)
            continue
        if unreadable is not None:
            unreadable.extend(problems)
        for (file, name), key in zip(entries, keys, strict=True):
            if key not in seen:
                seen.add(key)
                files.append((file, name))
    return files


def _entries(source: str, problems: list[Finding]) -> list[tuple[Path, str]]:
    path = user_path(source)
    if path.is_dir():
        # Not only files: a folder or pipe named *.yaml is reported when read, not skipped.
        found = sorted(map(Path, _walk(path, source, problems)))
        return [(p, str(p)) for p in found]
    if path.exists():
        return [(path, source)]
    if os.path.lexists(path):  # a link to nothing, or a loop of links
        try:
            os.stat(path)
        except OSError as exc:
            reason = (exc.strerror or str(exc)).lower()
            raise BankError.at(source[:200], 1, 1, f"cannot read: {reason}") from None
    raise BankError.at(source[:200], 1, 1, "no such file or directory")


def _walk(top: Path, source: str, problems: list[Finding]) -> list[str]:
    """The bank files under a folder, as `Path.rglob("*")` finds them (links to folders are
    not followed), within MAX_WALKED entries, MAX_DEPTH levels and MAX_BANK_FILES files; a
    sub-folder that cannot be listed is a problem of its own, and the rest is still searched."""
    if os.path.realpath(top) == os.path.realpath(top.anchor or "/"):
        raise _refused(source, " (the whole filesystem) for bank files: name the bank's own folder")
    found: list[str] = []
    walked = 0
    pending = [(str(top), 0)]
    while pending:
        folder, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise _refused(source, f": folders nested more than {MAX_DEPTH} deep")
        try:
            with os.scandir(folder) as listing:
                for entry in listing:
                    walked += 1
                    if walked > MAX_WALKED:
                        raise _refused(source, f": more than {MAX_WALKED:,} files and folders")
                    if entry.name.endswith(BANK_SUFFIXES):
                        found.append(entry.path)
                        if len(found) > MAX_BANK_FILES:
                            raise _refused(source, f": more than {MAX_BANK_FILES:,} bank files")
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((entry.path, depth + 1))
        except OSError as exc:
            if folder == str(top):
                raise
            reason = (exc.strerror or str(exc)).lower()
            problems.extend(BankError.at(folder, 1, 1, f"cannot read: {reason}").findings)
    return found


def _refused(source: str, why: str) -> BankError:
    if why.startswith(": more"):
        why += " under it (name the bank's own folder)"
    return BankError.at(source[:200], 1, 1, f"refusing to search {source[:200]}{why}")


def bank_key(sources: Sequence[str]) -> str | None:
    """A key of the bank the sources name: the code that decides what a load produces
    (`_modules`) and each file's name and bytes; None if a file is unreadable.

    Reading and hashing every file is most of a plain command's start at 100,000 items, so the
    key is remembered in the user cache under the files' status (size, modification and change
    times, inode): a file written since has a new change time, which no program can set back,
    so a remembered key is never served for changed bytes."""
    try:
        files = [(module, f"\0{module.name}\0") for module in _modules()]
        files += [(path, f"\0{display}\0") for path, display in expand(sources)]
        status = [(path, label, os.stat(path)) for path, label in files]
    except (OSError, BankError):
        return None
    signature = blake2b(f"{KEY_FORMAT} {__version__}".encode(), digest_size=20)
    for _, label, info in status:
        fields = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
        signature.update(f"{label}{stat.S_ISREG(info.st_mode)} {fields}".encode())
    known = _known_keys()
    found = known.get(signature.hexdigest())
    if found is not None:
        return found
    try:
        key = _content_key(status)
    except OSError:
        return None
    _remember(known, signature.hexdigest(), key)
    return key


def _modules() -> list[Path]:
    """The code that decides what a load produces: `quiz.bank`, and `quiz.printable`, which its
    schema applies to every text (a change to what it escapes must not serve old text)."""
    return [*sorted(Path(__file__).parent.glob("*.py")), Path(printable_module.__file__)]


def _content_key(status: list[tuple[Path, str, os.stat_result]]) -> str:
    digest = blake2b(f"{KEY_FORMAT} {__version__}".encode(), digest_size=20)
    for path, label, info in status:
        if not stat.S_ISREG(info.st_mode):  # a pipe is never read (it could block)
            digest.update(f"{label}not a file\0".encode())
            continue
        data = path.read_bytes()
        digest.update(f"{label}{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _keys_file() -> Path:
    return cache_dir() / "file-keys.json"


def _known_keys() -> dict[str, str]:
    data = read_trusted(_keys_file())
    try:
        known = json.loads(data) if data is not None else {}
    except ValueError:
        return {}
    if not isinstance(known, dict):
        return {}
    return {k: v for k, v in known.items() if isinstance(k, str) and isinstance(v, str)}


def _remember(known: dict[str, str], signature: str, key: str) -> None:
    kept = dict(list(known.items())[-(KEYS_KEPT - 1) :])
    kept[signature] = key
    target = _keys_file()
    write_entry(target.parent, target, json.dumps(kept).encode(), pattern="file-keys.json")
