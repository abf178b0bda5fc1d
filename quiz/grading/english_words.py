"""English words, to tell a typo from another word: "small" is not a misspelt "stall".

The list (english_words.txt, from SCOWL's American English words; provenance and licence in
english_words.LICENSE) holds the sorted lower-case words of at least five letters, the only ones
the typo budget applies to. It is read as one string when first needed (under a millisecond) and
searched by bisection, a few microseconds a word: it is asked only about a rubric word's near
miss, and a set of its 60,000 words took 50 ms and 10 MB to make.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_LIST = Path(__file__).with_name("english_words.txt")


@cache
def _text() -> str:
    """The list with a line break before each word and after the last."""
    return "\n" + _LIST.read_text(encoding="ascii")


def is_english_word(word: str) -> bool:
    """Whether a lower-case word is an English word of the list (five letters or more)."""
    if not word or "\n" in word:
        return False
    text = _text()
    low, high = 0, len(text) - 1  # the word's line break, if it has one, is in [low, high)
    while low < high:
        middle = (low + high) // 2
        start = text.find("\n", middle)  # the first line that starts at or after middle
        if start >= high:
            high = middle
            continue
        end = text.find("\n", start + 1)
        line = text[start + 1 : end]
        if line == word:
            return True
        if line < word:
            low = end
        else:
            high = middle
    return False
