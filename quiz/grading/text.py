"""Answer text: normalisation, tokens with their character offsets, clauses and negation scope.

Normalisation is Unicode NFKC plus case folding; apostrophes vanish inside words ("can't" ->
"cant") and hyphens split words ("bandwidth-bound" -> "bandwidth", "bound"), so the same rules
apply to rubric forms and to answers. No stop list is applied: "first", "in", "out" and "top" carry
meaning in rubrics.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from itertools import accumulate, compress, count

# A word: letters and digits (any script), with inner apostrophes ("can't") and decimal parts
# ("3.35"); everything else separates words.
# A word: letters and digits with inner apostrophes ("can't"); any other character separates
# words, so "3.35" is the words 3 and 35 (in answers and rubric forms alike).
WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")  # WORD on lower-cased ASCII
# The same split done by bytes.translate (much faster than a regex): letters and digits stay,
# apostrophes vanish, everything else becomes a space.
_KEEP = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_SPACES = bytes(c if c in _KEEP else 32 for c in range(256))
# Candidate clause ends, one character each (a plain class scans fast); _breaks() keeps the real
# ones: not a decimal point or thousands comma, not a hyphen inside a word, not a list comma.
_PUNCTUATION = re.compile(r"[.,;:!?()\[\]\n\u2014\u2013-]")
_SENTENCE_END = re.compile(r"[.;:!?\n]")
_LIST_TAIL_WORDS = 6  # "no effect on coherence, diversity or speed": the tail after the comma
_LIST_TAIL_CHARS = 80  # six short words (and their commas) fit in this many characters

NEGATION_CUES = frozenset(
    {
        "not",
        "no",
        "never",
        "nothing",
        "none",
        "neither",
        "nor",
        "without",
        "cannot",
        "cant",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "wont",
        "shouldnt",
        "hardly",
    }
)
# "not only", "no matter": cues that do not negate what follows.
_NOT_NEGATING_NEXT = frozenset({"only", "matter", "longer", "doubt"})
# Words that start a new clause, ending a negation's scope.
CLAUSE_WORDS = frozenset(
    {"but", "however", "although", "though", "whereas", "while", "instead", "yet", "because"}
)
# "X does not matter", "X has no effect": negation after the concept, on its relevance.
RELEVANCE_WORDS = frozenset(
    {
        "matter",
        "matters",
        "affect",
        "affects",
        "effect",
        "impact",
        "help",
        "helps",
        "cause",
        "causes",
        "depend",
        "depends",
        "change",
        "changes",
        "relevant",
        "important",
        "needed",
        "necessary",
        "useful",
        "exist",
        "exists",
        "involved",
        "concern",
        "issue",
        "problem",
        "factor",
        "consideration",
        "bottleneck",
    }
)
IRRELEVANT_WORDS = frozenset({"irrelevant", "unimportant", "useless", "pointless"})
_DENIAL_WORDS = NEGATION_CUES | IRRELEVANT_WORDS
NEGATION_WINDOW = 10  # tokens a negation cue reaches forward within its clause
POST_WINDOW = 4  # tokens after a concept where "does not matter" still refers to it


def normalise(text: str) -> str:
    """NFKC, case-folded, apostrophes removed: the form words are compared in."""
    return unicodedata.normalize("NFKC", text).casefold().replace("'", "").replace("\u2019", "")


class Tokens:
    """The words of a text with negation marks, and on demand their offsets and clauses."""

    __slots__ = (
        "_clauses",
        "_position",
        "_raw",
        "_source",
        "_spans",
        "any_negation",
        "negated_after",
        "negated_before",
        "text",
        "words",
    )

    def __init__(
        self, text: str, source: str, raw: list[str] | None, words: tuple[str, ...]
    ) -> None:
        self.text = text
        self._source = source  # the text lower-cased if it is ASCII (offsets unchanged)
        self._raw = raw  # the words as found in the source (None: not needed yet)
        self.words = words  # normalised
        self.negated_before: tuple[bool, ...] = ()  # a cue earlier in the clause reaches it
        self.negated_after: tuple[bool, ...] = ()  # "does not matter" follows it in its clause
        self.any_negation = False
        self._spans: list[tuple[int, int]] = []
        self._position = 0
        self._clauses: list[int] | None = None

    def __len__(self) -> int:
        return len(self.words)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets in the text from word `first` to word `last`, inclusive."""
        if last >= len(self._spans):  # offsets are found on demand, up to the word asked
            self._locate(last)
        return self._spans[first][0], self._spans[last][1]

    def _locate(self, last: int) -> None:
        # Between two words there are only non-word characters, so each word is the next
        # occurrence of its text.
        if self._raw is None:
            self._raw = (ASCII_WORD if self._source.isascii() else WORD).findall(self._source)
        source, spans, position = self._source, self._spans, self._position
        for raw in self._raw[len(spans) : last + 1]:
            start = source.find(raw, position)
            position = start + len(raw)
            spans.append((start, position))
        self._position = position

    @property
    def clauses(self) -> list[int]:
        """Clause number of each word: punctuation (not list commas) and "but", "however"..."""
        if self._clauses is None:
            source = self._source
            count = _ascii_count if self._raw is None else _regex_count
            clauses: list[int] = []
            position = 0
            for clause, gap in enumerate([*_breaks(source), len(source)]):
                clauses += [clause] * count(source, position, gap)
                position = gap + 1
            if not CLAUSE_WORDS.isdisjoint(self.words):
                starts_clause = map(CLAUSE_WORDS.__contains__, self.words)
                clauses = list(map(operator.add, clauses, accumulate(starts_clause)))
            self._clauses = clauses
        return self._clauses


def _ascii_count(source: str, start: int, end: int) -> int:
    """Words in source[start:end], split as tokenize's fast path splits them."""
    return len(source[start:end].encode("ascii").translate(_SPACES, b"'").split())


def _regex_count(source: str, start: int, end: int) -> int:
    return len((ASCII_WORD if source.isascii() else WORD).findall(source, start, end))


def tokenize(text: str) -> Tokens:
    """Split text into normalised words, keeping each word's character span in the original."""
    ascii_text = text.isascii()  # the common case: lower-casing keeps every offset
    if not ascii_text:
        text = unicodedata.normalize("NFC", text)
    source = text.lower() if ascii_text else text
    raw: list[str] | None = None
    if ascii_text and "''" not in source:
        words = source.encode("ascii").translate(_SPACES, b"'").decode("ascii").split()
    else:
        raw = (ASCII_WORD if ascii_text else WORD).findall(source)
        words = [normalise(w) for w in raw]
    tokens = Tokens(text, source, raw, tuple(words))
    if NEGATION_CUES.isdisjoint(words) and IRRELEVANT_WORDS.isdisjoint(words):
        tokens.negated_before = tokens.negated_after = (False,) * len(words)
    else:
        tokens.negated_before = tuple(_negated_before(tokens))
        tokens.negated_after = tuple(_negated_after(tokens))
        tokens.any_negation = any(tokens.negated_before) or any(tokens.negated_after)
    return tokens


def _breaks(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Offsets of the characters that end a clause (in text[start:end])."""
    breaks = []
    last = len(text) - 1
    for match in _PUNCTUATION.finditer(text, start, len(text) if end is None else end):
        at = match.start()
        char = text[at]
        if char in ".,":
            if at < last and text[at + 1].isdigit():
                continue  # 3.35, 1,000
            if char == "," and _enumeration(text, at + 1):
                continue
        elif char in "-\u2013" and not (
            at and at < last and text[at - 1].isspace() and text[at + 1].isspace()
        ):
            continue  # bandwidth-bound
        breaks.append(at)
    return breaks


def _enumeration(text: str, after: int) -> bool:
    """Whether a comma only separates the items of a short list ending in 'and'/'or' X."""
    end = _SENTENCE_END.search(text, after, after + _LIST_TAIL_CHARS)
    if end is None and after + _LIST_TAIL_CHARS < len(text):
        return False  # the sentence goes on too long to be a short list
    tail = text[after : end.start() if end else len(text)]
    if " and " not in tail and " or " not in tail:
        return False
    segments = [segment.split() for segment in tail.split(",")]
    words = sum(len(segment) for segment in segments)
    last = [w.lower() for w in segments[-1]]
    return (
        words <= _LIST_TAIL_WORDS
        and all(len(segment) <= 4 for segment in segments)
        and ("and" in last or "or" in last)
    )


def _negated_before(tokens: Tokens) -> list[bool]:
    """True where a negation cue earlier in the clause (within NEGATION_WINDOW words) reaches."""
    words, clauses = tokens.words, tokens.clauses
    marks = [False] * len(words)
    for index in compress(count(), map(NEGATION_CUES.__contains__, words)):
        if index + 1 < len(words) and words[index + 1] in _NOT_NEGATING_NEXT:
            continue
        for ahead in range(index + 1, min(index + 1 + NEGATION_WINDOW, len(words))):
            if clauses[ahead] != clauses[index]:
                break
            marks[ahead] = True
    return marks


def _negated_after(tokens: Tokens) -> list[bool]:
    """True where, shortly after the word and in its clause, its relevance is denied."""
    words, clauses = tokens.words, tokens.clauses
    marks = [False] * len(words)
    for index in compress(count(), map(_DENIAL_WORDS.__contains__, words)):
        if words[index] in NEGATION_CUES:
            window = list(words[index + 1 : index + 4])
            if not (any(w in RELEVANCE_WORDS for w in window) or window == ["to", "do", "with"]):
                continue
        for back in range(index - 1, max(index - 1 - POST_WINDOW, -1), -1):
            if clauses[back] != clauses[index]:
                break
            marks[back] = True
    return marks


FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "from",
        "as",
        "at",
        "and",
        "or",
        "but",
        "so",
        "because",
        "which",
        "who",
        "what",
        "when",
        "where",
        "how",
        "why",
        "if",
        "then",
        "than",
        "can",
        "will",
        "would",
        "should",
        "could",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "not",
        "no",
        "more",
        "less",
        "each",
        "every",
        "all",
        "you",
        "we",
        "they",
        "i",
        "he",
        "she",
        "there",
        "their",
        "our",
        "your",
        "into",
        "per",
        "about",
        "up",
        "down",
        "out",
        "only",
        "also",
        "just",
        "one",
        "than",
        "very",
        "much",
        "many",
        "some",
        "any",
        "both",
        "either",
        "other",
        "such",
    ]
)


def function_word_share(tokens: Tokens) -> float:
    if not tokens.words:
        return 0.0
    return sum(map(FUNCTION_WORDS.__contains__, tokens.words)) / len(tokens.words)
