"""Answer text: normalisation, tokens with their character offsets, clauses and negation scope.

Normalisation is Unicode NFKC plus case folding; apostrophes vanish inside words ("can't" ->
"cant") and hyphens split words ("bandwidth-bound" -> "bandwidth", "bound"), so the same rules
apply to rubric forms and to answers. No stop list is applied: "first", "in", "out" and "top" carry
meaning in rubrics.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A word: letters and digits (any script), with inner apostrophes ("can't") and decimal parts
# ("3.35"); everything else separates words.
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*(?:[.,]\d+)*")
_CLAUSE_END = re.compile(r"[.;:!?()\[\]\n,\u2014]|\s[-\u2013]\s")
_SENTENCE_END = re.compile(r"[.;:!?\n]")
_LIST_TAIL_WORDS = 6  # "no effect on coherence, diversity or speed": the tail after the comma

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
NEGATION_WINDOW = 10  # tokens a negation cue reaches forward within its clause
POST_WINDOW = 4  # tokens after a concept where "does not matter" still refers to it


def normalise(text: str) -> str:
    """NFKC, case-folded, apostrophes removed: the form words are compared in."""
    return unicodedata.normalize("NFKC", text).casefold().replace("'", "").replace("\u2019", "")


@dataclass(frozen=True, slots=True)
class Tokens:
    """The words of a text with offsets, clause numbers and negation marks."""

    text: str
    words: tuple[str, ...]  # normalised
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    clauses: tuple[int, ...]
    negated_before: tuple[bool, ...]  # a cue earlier in the clause reaches this word
    negated_after: tuple[bool, ...]  # "does not matter" follows this word in its clause

    def __len__(self) -> int:
        return len(self.words)

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.starts[first], self.ends[last]


def tokenize(text: str) -> Tokens:
    """Split text into normalised words, keeping each word's character span in the original."""
    text = unicodedata.normalize("NFC", text)
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    clauses: list[int] = []
    clause, previous_end = 0, 0
    for match in _WORD.finditer(text):
        word = normalise(match.group())
        gap = _CLAUSE_END.search(text, previous_end, match.start())
        if (gap and not _enumeration(text, gap)) or word in CLAUSE_WORDS:
            clause += 1
        words.append(word)
        starts.append(match.start())
        ends.append(match.end())
        clauses.append(clause)
        previous_end = match.end()
    before = _negated_before(words, clauses)
    after = _negated_after(words, clauses)
    return Tokens(
        text, tuple(words), tuple(starts), tuple(ends), tuple(clauses), tuple(before), tuple(after)
    )


def _enumeration(text: str, gap: re.Match[str]) -> bool:
    """Whether a comma only separates the items of a short list ending in 'and'/'or' X."""
    if gap.group() != ",":
        return False
    end = _SENTENCE_END.search(text, gap.end())
    tail = text[gap.end() : end.start() if end else len(text)]
    segments = [segment.split() for segment in tail.split(",")]
    words = sum(len(segment) for segment in segments)
    last = [w.lower() for w in segments[-1]]
    return (
        words <= _LIST_TAIL_WORDS
        and all(len(segment) <= 4 for segment in segments)
        and ("and" in last or "or" in last)
    )


def _negated_before(words: list[str], clauses: list[int]) -> list[bool]:
    marks = [False] * len(words)
    reach, clause = -1, -1
    for index, word in enumerate(words):
        if clauses[index] != clause:
            clause, reach = clauses[index], -1
        if index <= reach:
            marks[index] = True
        if word in NEGATION_CUES:
            following = words[index + 1] if index + 1 < len(words) else ""
            if following not in _NOT_NEGATING_NEXT:
                reach = index + NEGATION_WINDOW
    return marks


def _negated_after(words: list[str], clauses: list[int]) -> list[bool]:
    """True where, shortly after the word and in its clause, its relevance is denied."""
    denial = [False] * len(words)
    for index, word in enumerate(words):
        if word in IRRELEVANT_WORDS:
            denial[index] = True
        elif word in NEGATION_CUES:
            window = words[index + 1 : index + 4]
            if any(w in RELEVANCE_WORDS for w in window) or window[:3] == ["to", "do", "with"]:
                denial[index] = True
    marks = [False] * len(words)
    for index in range(len(words)):
        for ahead in range(index + 1, min(index + 1 + POST_WINDOW, len(words))):
            if clauses[ahead] != clauses[index]:
                break
            if denial[ahead]:
                marks[index] = True
                break
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
    return sum(1 for w in tokens.words if w in FUNCTION_WORDS) / len(tokens.words)
