"""Answer text: normalisation, tokens with their character offsets, clauses and negation scope.

Normalisation is Unicode NFKC plus case folding; apostrophes vanish inside words ("can't" ->
"cant") and hyphens split words ("bandwidth-bound" -> "bandwidth", "bound"), so the same rules
apply to rubric forms and to answers. No stop list is applied: "first", "in", "out" and "top" carry
meaning in rubrics.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence, Set
from itertools import accumulate, compress, count, pairwise, repeat

from quiz.grading.negation_words import (
    CLAUSE_WORDS,
    COMPARING_NEXT,
    CUE_PAIRS,
    IRRELEVANT_WORDS,
    NEGATION_CUES,
    NOT_NEGATING_NEXT,
    PRE_TRIGGERS,
    QUANTIFIERS_AFTER_NOT,
    RELEVANCE_WORDS,
)
from quiz.grading.words import FUNCTION_WORDS, RELATING_WORDS

_RELATING = FUNCTION_WORDS | NEGATION_CUES | RELATING_WORDS

# A word: letters and digits with inner apostrophes ("can't"); any other character separates
# words, so "3.35" is the words 3 and 35 (in answers and rubric forms alike).
WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")  # WORD on lower-cased ASCII
# The same split done by bytes.translate (much faster than a regex): letters and digits stay,
# apostrophes vanish, everything else becomes a space.
_KEEP = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_SPACES = bytes(c if c in _KEEP else 32 for c in range(256))
_WORD_CHARS = bytes(c if c in _KEEP or c == ord("'") else 32 for c in range(256))
# Clause ends have kinds: "." ends a sentence ([.;:!?] or a new line), "," may only separate the
# items of a list, "|" is any other ([], (), a dash between words). _breaks() finds them by regex;
# tokenize's fast path by byte translation: _ENDS maps small letters to "a", capitals to "A",
# digits to "d", ";:!?" to ";", a new line to "n", brackets to "|", other white space to " "
# and keeps "." "," "-" "'", so that a decimal point (".d"), a dot inside a word ("e.g.",
# "torch.cuda": a small letter after it), a dash between spaces or new lines and an apostrophe
# can still be told apart; _FLAT then leaves words as runs of "a" and clause ends as their
# kinds, and _ONE_KIND makes every clause end a "|".
_PUNCTUATION = re.compile(r"[.,;:!?()\[\]\n\u2014\u2013-]")
_KINDS = {**dict.fromkeys(".;:!?\n", "."), ",": ",", **dict.fromkeys("()[]\u2014\u2013-", "|")}


def _end_class(char: str) -> str:
    if char.isalpha():
        return "a" if char.islower() else "A"
    if char.isdigit():
        return "d"
    if char in ";:!?":
        return ";"
    if char == "\n":
        return "n"
    if char in "()[]":
        return "|"
    if char in ".,-'":
        return char
    return " " if char.isspace() else "_"


_ENDS = "".join(_end_class(chr(c)) for c in range(128)).encode("ascii") + b"_" * 128
_FLAT = bytes(
    c if chr(c) in "a.,|" else ord("a") if chr(c) in "dA" else ord(".") if chr(c) in ";n" else 32
    for c in range(256)
)
_DASH = re.compile(rb"(?<=[ n])-(?=[ n])")  # a dash between white space (a new line included)
_INNER_DOT = re.compile(rb"\.(?<=[aA]\.)(?=a)")  # the dot first: a fast literal scan
_ONE_KIND = bytes(ord("|") if chr(c) in ".,|" else c for c in range(256))
_LIST_TAIL_WORDS = 6  # "no effect on coherence, diversity or speed": the tail after the comma
_LIST_ITEM_WORDS = 4
_COMMA = ord(",")

_DENIAL_WORDS = PRE_TRIGGERS | IRRELEVANT_WORDS
_SPECIAL_WORDS = _DENIAL_WORDS | CLAUSE_WORDS
NEGATION_WINDOW = 10  # tokens a negation cue reaches forward within its clause
POST_WINDOW = 4  # tokens after a concept where "does not matter" still refers to it


def normalise(text: str) -> str:
    """NFKC, case-folded, apostrophes removed: the form words are compared in."""
    return unicodedata.normalize("NFKC", text).casefold().replace("'", "").replace("\u2019", "")


class Tokens:
    """The words of a text with negation marks, and on demand their offsets and clauses."""

    __slots__ = (
        "_clause_words",
        "_ends",
        "_fast",
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
        self._raw: Sequence[str] | None = raw  # the words as written (None: not needed yet)
        self._fast = raw is None  # split by tokenize's ASCII fast path
        self.words = words  # normalised
        self.negated_before: Sequence[bool] = ()  # a cue earlier in the clause reaches it
        self.negated_after: Sequence[bool] = ()  # "does not matter" follows it in its clause
        self.any_negation = False
        self._spans: list[tuple[int, int]] = []
        self._position = 0
        self._ends: ClauseEnds | None = None
        self._clause_words: list[int] | None = None  # where "but", "however"... are

    def __len__(self) -> int:
        return len(self.words)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets in the text from word `first` to word `last`, inclusive."""
        if last >= len(self._spans):  # offsets are found on demand, up to the word asked
            self._locate(last)
        start, end = self._spans[first][0], self._spans[last][1]
        if self._fast and "'" in self._source:  # a quote mark is not part of a word
            source = self._source
            while source[start] == "'":
                start += 1
            while source[end - 1] == "'":
                end -= 1
        return start, end

    def _locate(self, last: int) -> None:
        # Between two words there are only non-word characters, so each word is the next
        # occurrence of its text.
        if self._raw is None:
            self._raw = _ascii_raw(self._source, self.words)
        source, spans, position = self._source, self._spans, self._position
        for raw in self._raw[len(spans) : last + 1]:
            start = source.find(raw, position)
            position = start + len(raw)
            spans.append((start, position))
        self._position = position

    @property
    def ends(self) -> ClauseEnds:
        """The punctuation that may end a clause, found when first needed."""
        if self._ends is None:
            fast = self._fast  # the text as typed: a capital after a dot ends a sentence
            starts, kinds = _ascii_breaks(self.text) if fast else self._regex_breaks()
            self._ends = ClauseEnds(self.words, starts, kinds)
        return self._ends

    @property
    def clause_words(self) -> list[int]:
        """Where the words that start a clause ("but", "however"...) are, in order."""
        if self._clause_words is None:
            self._clause_words = _where(self.words, CLAUSE_WORDS.intersection(self.words))
        return self._clause_words

    @property
    def clauses(self) -> list[int]:
        """Clause number of each word (worked out on each call): a clause starts after
        punctuation other than a list comma, and at a clause word such as "but"."""
        ends = self.ends
        begins = [0] * (len(self.words) + 1)
        for at, start in enumerate(ends.starts):
            if not ends.list_comma(at):
                begins[start] += 1
        for start in self.clause_words:
            begins[start] += 1
        return list(accumulate(begins[:-1]))

    def _regex_breaks(self) -> tuple[list[int], bytes]:
        source, words = self._source, ASCII_WORD if self._source.isascii() else WORD
        starts, kinds, position, before = [], [], 0, 0
        for at in _breaks(source):
            before += len(words.findall(source, position, at))
            starts.append(before)
            kinds.append(_KINDS[source[at]])
            position = at + 1
        return starts, "".join(kinds).encode("ascii")


def _ascii_raw(source: str, words: tuple[str, ...]) -> Sequence[str]:
    """For tokenize's fast path: the words as they are written in the source. Without an
    apostrophe they are the words themselves; with one, the runs of letters, digits and
    apostrophes (a quote mark next to a word is trimmed from its span), unless a lone quote
    mark makes a run that is no word, when the regex decides."""
    if "'" not in source:
        return words
    runs = source.encode("ascii").translate(_WORD_CHARS).decode("ascii").split()
    return runs if len(runs) == len(words) else ASCII_WORD.findall(source)


def _ascii_breaks(source: str) -> tuple[list[int], bytes]:
    """For tokenize's fast path: the number of words before each clause end, and the kind of
    each end (see _ENDS), by byte translation rather than a loop over characters."""
    ends = source.encode("ascii").translate(_ENDS)
    # One-byte searches (memchr) first: most answers have no digit or no dash to look at.
    if b"d" in ends and (b".d" in ends or b",d" in ends):  # 3.35, 1,000
        ends = ends.replace(b".d", b"_d").replace(b",d", b"_d")
    if _INNER_DOT.search(ends):  # a dot between letters, a small one after it: e.g., torch.cuda
        ends = _INNER_DOT.sub(b"_", ends)
    if b"-" in ends and (b" -" in ends or b"n-" in ends):
        ends = _DASH.sub(b"|", ends)
    flat = ends.translate(_FLAT, b"'")  # "can't" is one word
    kinds = flat.translate(None, b" a")
    pieces = (b" " + flat.translate(_ONE_KIND).replace(b"|", b"| ")).split(b"|")
    return list(accumulate(map(bytes.count, pieces[:-1], repeat(b" a")))), kinds


class ClauseEnds:
    """The punctuation that may end a clause: before which word each comes, and its kind (see
    _ENDS). A comma that only separates the items of a short list ending in "and"/"or" X ends
    nothing ("no effect on coherence, diversity or speed" is one clause); that is judged only
    for the commas a negation's scope reaches."""

    __slots__ = ("_lists", "kinds", "starts", "words")

    def __init__(self, words: tuple[str, ...], starts: list[int], kinds: bytes) -> None:
        self.words, self.starts, self.kinds = words, starts, kinds
        self._lists: dict[int, bool] = {}

    def list_comma(self, at: int) -> bool:
        """Whether end number `at` is a comma inside a short list."""
        if self.kinds[at] != _COMMA:
            return False
        found = self._lists.get(at)
        if found is None:
            found = self._lists[at] = self._short_list(at)
        return found

    def _short_list(self, comma: int) -> bool:
        kinds, starts = self.kinds, self.starts
        end = kinds.find(b".", comma + 1)
        if end == -1:
            end = len(kinds)
        stop = starts[end] if end < len(starts) else len(self.words)
        if stop - starts[comma] > _LIST_TAIL_WORDS:
            return False
        items = [starts[k] for k in range(comma, end) if kinds[k] == _COMMA]
        items.append(stop)
        last = self.words[items[-2] : stop]
        return all(b - a <= _LIST_ITEM_WORDS for a, b in pairwise(items)) and (
            "and" in last or "or" in last
        )

    def next_start(self, index: int, limit: int) -> int:
        """The first word after `index` (and before `limit`) that an end puts in a new clause,
        else `limit`."""
        starts = self.starts
        at = bisect_right(starts, index)
        while at < len(starts) and starts[at] < limit:
            if not self.list_comma(at):
                return starts[at]
            at += 1
        return limit

    def clause_start(self, index: int, limit: int) -> int:
        """The first word of the clause of word `index`, if after `limit`, else `limit`."""
        starts = self.starts
        at = bisect_right(starts, index) - 1
        while at >= 0 and starts[at] > limit:
            if not self.list_comma(at):
                return starts[at]
            at -= 1
        return limit


def _where(words: tuple[str, ...], present: Set[str]) -> list[int]:
    """Where the words of `present` occur, in order (a membership test per word, run in C)."""
    return list(compress(count(), map(present.__contains__, words)))


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
    special = _SPECIAL_WORDS.intersection(words)
    if special.isdisjoint(_DENIAL_WORDS):
        tokens.negated_before = tokens.negated_after = (False,) * len(words)
        if special.isdisjoint(CLAUSE_WORDS):
            tokens._clause_words = []
    else:
        found = _where(tokens.words, special)
        if special.isdisjoint(CLAUSE_WORDS):  # the common case: no "but", "however"...
            tokens._clause_words, denials = [], found
        else:
            tokens._clause_words = [i for i in found if words[i] in CLAUSE_WORDS]
            denials = [i for i in found if words[i] in _DENIAL_WORDS]
        tokens.negated_before = _negated_before(tokens, denials)
        tokens.negated_after = _negated_after(tokens, denials)
        tokens.any_negation = True in tokens.negated_before or True in tokens.negated_after
    return tokens


def _breaks(text: str) -> list[int]:
    """Offsets of the characters that end a clause (list commas included)."""
    breaks = []
    last = len(text) - 1
    for match in _PUNCTUATION.finditer(text):
        at = match.start()
        char = text[at]
        if char in ".," and at < last and text[at + 1].isdigit():
            continue  # 3.35, 1,000
        if char == "." and 0 < at < last and text[at - 1].isalpha() and text[at + 1].islower():
            continue  # e.g., torch.cuda
        if char in "-\u2013" and not (
            at and at < last and text[at - 1].isspace() and text[at + 1].isspace()
        ):
            continue  # bandwidth-bound
        breaks.append(at)
    return breaks


def _negated_before(tokens: Tokens, denials: list[int]) -> list[bool]:
    """True where a negation cue earlier in the clause (within NEGATION_WINDOW words) reaches."""
    words, ends, clause_words = tokens.words, tokens.ends, tokens.clause_words
    marks = [False] * len(words)
    for index in denials:
        word = words[index]
        if word in CUE_PAIRS:  # "instead of", "rather than": the reach starts after the pair
            if words[index + 1 : index + 2] != (CUE_PAIRS[word],):
                continue
        elif word not in PRE_TRIGGERS:
            continue
        following = words[index + 1 : index + 3]
        if following and (
            following[0] in NOT_NEGATING_NEXT
            or (following[0] in COMPARING_NEXT and following[1:] == ("than",))
            or (words[index] == "not" and following[0] in QUANTIFIERS_AFTER_NOT)
        ):
            continue
        end = min(index + 1 + NEGATION_WINDOW, len(words))
        for start in clause_words:
            if index < start < end:
                end = start
        end = ends.next_start(index, end)
        marks[index + 1 : end] = [True] * (end - index - 1)
    return marks


def _negated_after(tokens: Tokens, denials: list[int]) -> list[bool]:
    """True where, shortly after the word and in its clause, its relevance is denied."""
    words, ends, clause_words = tokens.words, tokens.ends, tokens.clause_words
    marks = [False] * len(words)
    for index in denials:
        if words[index] not in IRRELEVANT_WORDS:
            if words[index] not in NEGATION_CUES:
                continue  # "avoid", "instead of": pre-triggers only
            window = words[index + 1 : index + 4]
            if RELEVANCE_WORDS.isdisjoint(window) and window != ("to", "do", "with"):
                continue
        begin = max(index - POST_WINDOW, 0)
        for word in clause_words:
            if begin < word <= index:
                begin = word
        begin = ends.clause_start(index, begin)
        marks[begin:index] = [True] * (index - begin)
    return marks


def relating_share(tokens: Tokens) -> float:
    """The share of words that relate others: function words, negations and relating verbs (a
    list of keywords has almost none)."""
    if not tokens.words:
        return 0.0
    return sum(map(_RELATING.__contains__, tokens.words)) / len(tokens.words)
