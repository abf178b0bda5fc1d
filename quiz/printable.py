"""Text made safe for a terminal: control characters (the escape that starts a terminal command,
a carriage return that overwrites a line, C1 controls) are shown as visible escapes such as
\\u001b, so text from a bank file or an answer can never drive the learner's terminal."""

from __future__ import annotations

KEPT = {"\n", "\t"}
_TABLE = {
    code: f"\\u{code:04x}"
    for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))
    if chr(code) not in KEPT
}


def printable(text: str) -> str:
    """The text with every control character but newline and tab written out as \\uXXXX."""
    return text.translate(_TABLE)
