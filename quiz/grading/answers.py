"""Reading an answer from a file or standard input, refusing binary data with a clear message."""

from __future__ import annotations

import sys
from pathlib import Path

from quiz.paths import not_a_file

MAX_ANSWER_FILE_BYTES = 8 * 1024 * 1024
MAX_BATCH_BYTES = 1024 * 1024 * 1024


class AnswerError(ValueError):
    """An answer that cannot be read; the message names the file and the problem."""


def read_answer(path: str) -> str:
    """The text of an answer file ('-' for standard input)."""
    return _read_text(path, MAX_ANSWER_FILE_BYTES, "that is not an answer")


def read_batch(path: str) -> str:
    """The text of a batch of answers to grade ('-' for standard input)."""
    return _read_text(path, MAX_BATCH_BYTES, "split the batch")


def _read_text(path: str, limit: int, advice: str) -> str:
    name = "standard input" if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            problem = not_a_file(Path(path))
            if problem is not None:
                raise AnswerError(f"cannot read {name}: {problem}")
            with Path(path).open("rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise AnswerError(f"cannot read {name}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise AnswerError(f"{name} is over {limit // (1024 * 1024)} MiB: {advice}")
    if b"\x00" in data:
        raise AnswerError(f"{name} is binary (it contains NUL bytes): give the answer as text")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise AnswerError(
            f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
