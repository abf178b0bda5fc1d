"""Glue and salad (issue 32): the rubric's keywords strung together without the relations a
sentence needs earn no point. Two named rules, each judged per clause (`Tokens.clauses`):

- **identity chain**: a clause made of rubric keywords of two or more points and small words
  only, with a copula and "of" ("the efficiency is the bottleneck of the decoding", "X is the Y
  of the Z"), relates nothing: it equates concepts the rubric keeps apart, so no point's
  evidence in it counts.
- **foreign predicate**: in a salad, a clause in which the words foreign to the field are at
  least as many as its other words of the field ("latency is a colour", "tokens are processed
  by squirrels", "VRAM melts into soup") says something, but not about the field: the point's
  evidence in it does not count. An answer is a salad when at least SALAD_SHARE of its clauses
  naming rubric words, and at least SALAD_CLAUSES of them, have more foreign words than words of
  the field besides the rubric's: one odd clause in an answer is a figure of speech ("the pipe
  between VRAM and the cores"), not a salad. A word is foreign when it is a content word (not a
  function, framing, relating or negation word, nor a pronoun; three letters or more; no digit)
  that is neither a word of the field (field_words.txt: the packaged bank's words, made by
  `bench/field_words.py`), of a field word's family (its Snowball key), nor within the typo
  budget of one ("bandwith", "idel" are the field's, "squirrels" is not). Only items of the field
  are judged so (`in_field`: most of the rubric's words are in the list); an answer whose
  distinct foreign words are fewer than SALAD_GATE times its other field words is no salad
  (a first look by sets, before any clause is counted).

Evidence voided by either rule is looked for elsewhere, as for a misconception's words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache
from itertools import compress, count
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from quiz.grading.english_words import is_english_word
from quiz.grading.match import _two_words, edit_budget, family_stem
from quiz.grading.negation_words import IRRELEVANT_WORDS, PRE_TRIGGERS
from quiz.grading.text import Tokens
from quiz.grading.words import FUNCTION_WORDS, LIGHT_WORDS, RELATING_WORDS

FIELD_WORDS_FILE = Path(__file__).with_name("field_words.txt")
ARTICLES = frozenset({"the", "a", "an", "its", "their"})
COPULAS = frozenset({"is", "are", "was", "were", "be", "means", "equals"})
# Indefinite pronouns and adverbs of time: no idea of their own, like the function words.
PRONOUNS = frozenset(
    {"someone", "somebody", "anyone", "anybody", "everyone", "everybody", "nobody", "anything"}
    | {"everything", "nothing", "later", "earlier", "sooner", "soon", "now", "again", "once"}
)
SALAD_SHARE = 0.6  # of the clauses naming rubric words, those with a foreign predicate
SALAD_GATE = 2.0  # distinct foreign words under this many times the field's others: no salad
SALAD_CLAUSES = 2  # and at least this many: one odd clause is a figure of speech
FIELD_SHARE = 0.75  # of a rubric's words in the field's list: the item is of the field
# Words that carry no idea of the field or outside it: they are neither foreign nor the field's.
NOT_CONTENT = (
    FUNCTION_WORDS
    | LIGHT_WORDS
    | RELATING_WORDS
    | PRE_TRIGGERS
    | IRRELEVANT_WORDS
    | COPULAS
    | PRONOUNS
)
# The verdicts so far, as sets so that an answer's words are sorted by set operations in C: the
# words judged foreign, and those that are not (the field's, NOT_CONTENT, short words, typos).
_FOREIGN: set[str] = set()
_NOT_FOREIGN: set[str] = set()
_REMEMBERED = 200_000


@cache
def field_words() -> frozenset[str]:
    return frozenset(FIELD_WORDS_FILE.read_text(encoding="utf-8").split())


@cache
def _field_keys() -> frozenset[str]:
    return frozenset(map(family_stem, field_words()))


@cache
def _short() -> dict[str, list[str]]:
    """The field's words of four and five letters by their first letter."""
    found: dict[str, list[str]] = {}
    for word in field_words():
        if 4 <= len(word) <= 5:
            found.setdefault(word[0], []).append(word)
    return found


@cache
def _by_first() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for word in field_words():
        if len(word) >= 5:
            found.setdefault(word[0], []).append(word)
    return found


def in_field(words: set[str]) -> bool:
    """Whether a rubric's words are the field's (field_words.txt): only then is a word outside
    the list foreign to the item, and the foreign-predicate rule applies (an item of chemistry
    or physics is of another field, whose words the list does not hold)."""
    return bool(words) and len(words & field_words()) >= FIELD_SHARE * len(words)


def is_foreign(word: str) -> bool:
    """Whether a word is foreign to the field: a content word that is not the field's, nor of a
    field word's family, nor within the typo budget of one ("bandwith" is the field's,
    "squirrels" is not)."""
    return bool(foreign_words({word}))


def foreign_words(words: set[str]) -> set[str]:
    """The foreign words among `words` (judged once each, then remembered)."""
    if not _NOT_FOREIGN:
        _NOT_FOREIGN.update(field_words(), NOT_CONTENT)
    unknown = words - _NOT_FOREIGN
    if not unknown:
        return unknown
    for word in unknown - _FOREIGN:
        foreign = len(word) > 2 and word.isalpha() and _judge(word)
        if len(_FOREIGN) + len(_NOT_FOREIGN) < _REMEMBERED:
            (_FOREIGN if foreign else _NOT_FOREIGN).add(word)
        elif not foreign:
            unknown.discard(word)
    return unknown & _FOREIGN if len(_FOREIGN) + len(_NOT_FOREIGN) < _REMEMBERED else unknown


def _judge(word: str) -> bool:
    if family_stem(word) in _field_keys():
        return False
    if len(word) < 5:  # a letter missing or two swapped: "wich", "idel" (not "shoe" for "show")
        return not any(
            OSA.distance(word, other) == 1
            and (len(other) > len(word) or sorted(word) == sorted(other))
            for other in _short().get(word[0], ())
        )
    near = process.extract(
        word, _by_first().get(word[0], []), scorer=OSA.distance, score_cutoff=edit_budget(len(word))
    )
    english = is_english_word(word)
    # a typo of a field word ("bandwith"), unless both are English words ("small", "stall")
    return not any(not (english and _two_words(word, other)) for other, _, _ in near)


def _content(word: str) -> bool:
    """A content word: not a small word of NOT_CONTENT, three letters or more, no digit."""
    return len(word) > 2 and word.isalpha() and word not in NOT_CONTENT


class Glue:
    """An answer's clauses judged for glue, only as far as needed: identity chains only around
    an "of" in a clause with a copula, the foreign words by a set difference and a verdict per
    new word (remembered), the counts per clause only when there are enough foreign words to
    make a salad."""

    __slots__ = ("_chains", "_clause", "_content", "_field", "_foreign", "salad")

    def __init__(
        self,
        tokens: Tokens,
        keyed: set[int],
        stated: Callable[[], list[list[tuple[int, int]]]],
        salads: bool = True,
    ) -> None:
        """`keyed`: where the answer's rubric words are; `stated`: each point's evidence;
        `salads`: whether foreign predicates are judged (the item is of the field)."""
        words = tokens.words
        present = set(words)
        self._chains: list[tuple[int, int]] = []
        self._foreign: list[int] = []  # foreign words per clause (only for a salad)
        self._field: list[int] = []  # content words of the field per clause (rubric words too)
        self._content: list[bool] = []
        self._clause: list[int] = []
        self.salad = False
        if "of" in present and not COPULAS.isdisjoint(present):
            self._chains = _chains(tokens, keyed, stated)
        if not salads:
            return
        foreign = foreign_words(present)
        if len(foreign) < SALAD_CLAUSES:
            return
        foreign.difference_update(map(words.__getitem__, keyed))  # a rubric word is the field's
        if len(foreign) < SALAD_CLAUSES:
            return
        # Foreign words far fewer than the field's words besides the rubric's: no salad.
        # A first look, by distinct words: fewer foreign words than the field's others (besides
        # the rubric's), no salad.
        rough = present - NOT_CONTENT
        others = len(rough) - len(foreign) - len(rough.intersection(map(words.__getitem__, keyed)))
        if len(foreign) < SALAD_GATE * others:
            return
        content = {word for word in rough if len(word) > 2 and word.isalpha()}
        self._count(tokens, keyed, content, foreign)

    def _count(
        self, tokens: Tokens, keyed: set[int], content_words: set[str], foreign: set[str]
    ) -> None:
        """The foreign and field words per clause, and whether the answer is a salad."""
        words = tokens.words
        clause = self._clause = tokens.clauses
        size = clause[-1] + 1
        self._content = content = list(map(content_words.__contains__, words))
        per_clause = Counter(compress(clause, content))
        foreign_at = Counter(compress(clause, map(foreign.__contains__, words)))
        rubric = Counter(clause[index] for index in keyed if content[index])
        self._foreign = [foreign_at[at] for at in range(size)]
        self._field = [per_clause[at] - foreign_at[at] for at in range(size)]
        odd = sum(foreign_at[at] > self._field[at] - rubric[at] for at in rubric)
        self.salad = odd >= SALAD_CLAUSES and SALAD_SHARE * len(rubric) <= odd

    @property
    def found(self) -> bool:
        """Whether any clause is glue: an identity chain, or the answer a salad."""
        return self.salad or bool(self._chains)

    def glued(self, evidence: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The spans of the clauses where a point's evidence does not count: the identity
        chains and, in a salad, the clauses of a foreign predicate (the point's own evidence
        counted out of the field's words)."""
        if not self.salad:
            return self._chains
        spans = list(self._chains)
        clause, content = self._clause, self._content
        own = [0] * len(self._foreign)
        for first, last in evidence:
            for index in range(first, last + 1):
                if content[index]:
                    own[clause[index]] += 1
        for at, foreign in enumerate(self._foreign):
            if foreign and foreign >= self._field[at] - own[at]:
                first = clause.index(at)
                last = len(clause) - 1 - clause[::-1].index(at)
                spans.append((first, last))
        return spans


def _chains(
    tokens: Tokens, keyed: set[int], stated: Callable[[], list[list[tuple[int, int]]]]
) -> list[tuple[int, int]]:
    """The spans of the identity chains: clauses with an "of" between two rubric words (small
    words aside) and a copula, whose content words are all rubric words, holding evidence of two
    or more points."""
    words = tokens.words
    found: list[tuple[int, int]] = []
    evidence: list[list[tuple[int, int]]] | None = None
    for index in compress(count(), map("of".__eq__, words)):
        if found and found[-1][0] <= index <= found[-1][1]:
            continue
        before, after = index - 1, index + 1
        while before > 0 and words[before] in ARTICLES:
            before -= 1
        while after < len(words) - 1 and words[after] in ARTICLES:
            after += 1
        if before not in keyed or after not in keyed:
            continue
        # The clause lies within the run of rubric and small words around the "of": it must
        # hold a copula (looked for before the clause's ends are).
        start, stop = before, after
        while start > 0 and (start - 1 in keyed or words[start - 1] in NOT_CONTENT):
            start -= 1
        while stop < len(words) - 1 and (stop + 1 in keyed or words[stop + 1] in NOT_CONTENT):
            stop += 1
        if COPULAS.isdisjoint(words[start : stop + 1]):
            continue
        ends, openers = tokens.ends, tokens.clause_words
        first = ends.clause_start(index, 0)
        last = ends.next_start(index, len(words)) - 1
        for opener in openers:
            if first < opener <= index:
                first = opener
            elif index < opener <= last:
                last = opener - 1
        said = words[first : last + 1]
        if COPULAS.isdisjoint(said):
            continue
        if any(_content(words[at]) and at not in keyed for at in range(first, last + 1)):
            continue
        if evidence is None:
            evidence = stated()
        points = sum(any(first <= spot <= last for spot, _ in spans) for spans in evidence)
        if points >= 2:
            found.append((first, last))
    return found
