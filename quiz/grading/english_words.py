"""English words, to tell a typo from another word: "small" is not a misspelt "stall".

The list (english_words.txt, from SCOWL's American English words; provenance and licence in
english_words.LICENSE) holds the sorted lower-case words of at least five letters, the only ones
the typo budget applies to. It is read when first needed, and a set is made of the words of one
first letter at a time (a typo keeps its first letter): about 1 ms, where a set of all
60,000 words takes 50 ms and 10 MB.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_LIST = Path(__file__).with_name("english_words.txt")


@cache
def _text() -> str:
    return "\n" + _LIST.read_text(encoding="ascii")


@cache
def _starting_with(letter: str) -> frozenset[str]:
    """The words of one first letter: from its first word to the next letter's (sorted list)."""
    if not "a" <= letter <= "z":
        return frozenset()
    text = _text()
    start = text.find("\n" + letter)
    if start < 0:
        return frozenset()
    later = (text.find("\n" + chr(code), start) for code in range(ord(letter) + 1, ord("z") + 1))
    end = next((at for at in later if at >= 0), len(text))
    return frozenset(text[start:end].split())


def is_english_word(word: str) -> bool:
    """Whether a lower-case word is an English word of the list (five letters or more)."""
    return bool(word) and word in _starting_with(word[0])
