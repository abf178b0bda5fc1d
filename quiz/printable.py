"""Text made safe for a terminal: control characters (the escape that starts a terminal command,
a carriage return that overwrites a line, C1 controls) are shown as visible escapes such as
\\u001b, so text from a bank file or an answer can never drive the learner's terminal. So are
the characters that change what text *looks* like without being seen: bidirectional overrides,
embeddings and isolates (which can show a line in another order than it reads, as in "Trojan
Source") and zero-width spaces. A name or a title (`printable_name`) also escapes the zero-width
joiners and every other invisible format character, so two names that look alike are told apart.
"""

from __future__ import annotations

import unicodedata

KEPT = {"\n", "\t"}
BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
ZERO_WIDTH = (0x200B, *range(0x2060, 0x2065), 0xFEFF)
# Characters that show as nothing, or as a blank, though they are not white space: the soft
# hyphen, the combining grapheme joiner, the Hangul and Khmer fillers, the Mongolian vowel
# separator and free variation selectors, the line and paragraph separators (which some
# terminals break lines at) and the tag characters (invisible, able to carry hidden text).
INVISIBLE = (
    0x00AD, 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x2028, 0x2029,
    0x3164, 0xFFA0, *range(0xE0000, 0xE0080),
)  # fmt: skip
_TABLE = {
    code: f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *BIDI, *ZERO_WIDTH, *INVISIBLE)
    if chr(code) not in KEPT
}


def printable(text: str) -> str:
    """The text with every control character but newline and tab, every bidirectional control,
    every zero-width space and every other invisible character (`INVISIBLE`) written out as
    \\uXXXX. Zero-width joiners are kept: emoji and some scripts need them."""
    return text.translate(_TABLE)


def printable_name(text: str) -> str:
    """An id, a title or a name on one line: as `printable`, newline and tab escaped too, and
    every invisible format character (Unicode category Cf: zero-width joiners, soft hyphens...)."""
    if text.isascii() and text.isprintable():  # most names: nothing to escape, no walk
        return text
    return "".join(
        f"\\u{ord(char):04x}" if char in KEPT or unicodedata.category(char) == "Cf" else char
        for char in printable(text)
    )


def visible_name(text: str) -> bool:
    """Whether a name is made of characters that show: nothing `printable_name` escapes."""
    return printable_name(text) == text
