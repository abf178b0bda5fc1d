"""`quiz rubric suggest`: propose rubric points from a model answer, as YAML ready to paste.

It is bench/asag.py's method (the one that beats the published baselines), grouped by idea for an
author to read. Compound sentences are split into clauses; clauses that restate an idea (most of
their content words shared) are grouped, and each group becomes a point. Its concepts are its
content words (every word but the function words and the words that frame an answer rather than say
it, "additionally", "crucial", as bench/asag.py's own rubrics use; a hyphenated compound and a
lexicon term of several words, "compute-bound", "KV cache", are one), most frequent in the answer
first, each said once in the rubric and widened by the lexicon; "not X" for the first word a
negation of the answer reaches ("no closed path": "not closed", "path"); at most five a point, the
most frequent. A point weighs as many concepts as it has, so every concept counts the same, and
needs three quarters of them (rounded up), at most three: short of that, partial credit. Given the
question, the words the question already says leave their ideas for a last point that weighs a
quarter as much per concept, so an answer that only restates the question earns little. The
weights, the share needed and the caps of concepts per point and of concepts needed were chosen on
the train splits of SemEval-2013 and the tuning set of labelled chapter answers (see
bench/README.md). The author then edits the criterion text and prunes; `quiz lint` checks it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from math import ceil

from quiz.bank.loader import validated
from quiz.bank.schema import MIN_FORMS_PER_POINT, LexiconGroup, RubricPoint
from quiz.grading.lexicon import expand, phrases
from quiz.grading.match import family_stem, stem
from quiz.grading.negation_words import CUE_ENDINGS, NEGATION_CUES
from quiz.grading.text import Tokens, normalise, tokenize
from quiz.grading.words import FUNCTION_WORDS, LIGHT_WORDS

MAX_POINTS = 6
MAX_CONCEPTS = 5
SAME_IDEA = 0.5  # share of content words two clauses have in common to be one idea
NEEDED_SHARE = 0.75  # of its concepts a point needs, rounded up
MAX_NEEDED = 3  # concepts a point needs at most: a long model answer's paraphrase can meet it
QUESTION_WEIGHT = 0.25  # of a concept the question already says, against 1 for the others
RESTATED = "Names what the question already says"  # the criterion of the question's point
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n\s*\n")
_CLAUSE = re.compile(r",?\s+(?:while|whereas|but|however|so that|which means)\s+|;\s*")
_NOT_CONTENT = FUNCTION_WORDS | LIGHT_WORDS | NEGATION_CUES


@dataclass(frozen=True, slots=True)
class SuggestedPoint:
    criterion: str  # the clauses of the idea, for the author to rewrite
    concepts: tuple[tuple[str, ...], ...]
    weight: float  # its number of concepts (a quarter of it for the question's own words)

    @property
    def min_concepts(self) -> int:
        """Three quarters of its concepts, rounded up, at most MAX_NEEDED: another wording that
        says most of the idea meets the point (and short of it, earns partial credit)."""
        return max(1, min(MAX_NEEDED, ceil(NEEDED_SHARE * len(self.concepts))))


def _content(word: str) -> bool:
    """A word that can be a concept: two letters or more, not a function word or a negation."""
    return len(word) >= 2 and word not in _NOT_CONTENT


Phrases = dict[str, list[tuple[str, ...]]]  # the lexicon's terms of several words, by first key


def _content_words(clause: str, phrases: Phrases) -> list[str]:
    return _forms(tokenize(clause), phrases)


def _forms(tokens: Tokens, phrases: Phrases) -> list[str]:
    """Each content word or compound as a form, "not X" for the first one a negation reaches:
    "there is no closed path" denies that the path is closed, not that there is a path, so its
    forms are "not closed" and "path" ("the path is not closed" says it too)."""
    forms = []
    previous = -1  # the last unit's first word, while a negation reaching it has been spent
    for first, last in _units(tokens, phrases):
        reached = tokens.negated_before[first]
        spent = previous >= 0 and NEGATION_CUES.isdisjoint(tokens.words[previous:first])
        forms.append(_as_form(tokens, first, last, negated=reached and not spent))
        previous = first if reached else -1
    return forms


def _units(tokens: Tokens, phrases: Phrases) -> list[tuple[int, int]]:
    """(first, last) word of each content word, of each hyphenated compound of content words
    ("compute-bound" is one idea, not "compute" and "bound") and of each lexicon term of several
    words ("KV cache", "memory bandwidth")."""
    words = tokens.words
    units: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        length = _phrase_length(words, index, phrases)
        last = index + length - 1
        while last + 1 < len(words) and _hyphened(tokens, last):
            last += 1
        if length > 1 or all(_content(word) for word in words[index : last + 1]):
            if not _ends_cue(words, index):
                units.append((index, last))
        else:  # a function word, or a compound with a letter or number: "D-cell", "batch-1"
            units += [(i, i) for i in range(index, last + 1) if _content(words[i])]
        index = last + 1
    return units


def _ends_cue(words: Sequence[str], index: int) -> bool:
    """Whether the word ends a negation cue of two words: the "longer" of "no longer"."""
    return (
        words[index] in CUE_ENDINGS
        and index > 0
        and words[index - 1] in NEGATION_CUES
        and tuple(words[index + 1 : index + 2]) != ("than",)
    )


def _phrase_length(words: Sequence[str], index: int, phrases: Phrases) -> int:
    """The words of the longest lexicon term starting at `index`, else 1."""
    for term in phrases.get(family_stem(words[index]), ()):
        if tuple(map(family_stem, words[index : index + len(term)])) == term:
            return len(term)
    return 1


def _hyphened(tokens: Tokens, index: int) -> bool:
    """Whether word `index` and the next are written as one with a hyphen ("memory-bound")."""
    end = tokens.span(index, index)[1]
    start = tokens.span(index + 1, index + 1)[0]
    return start == end + 1 and tokens.text[end] == "-"


def _as_form(tokens: Tokens, first: int, last: int, negated: bool) -> str:
    """A word or compound as a form, as written unless only a sentence's capital ("HBM",
    "größe", "bandwidth"); negated ("are not connected") -> "not connected"."""
    start, end = tokens.span(first, last)
    word = tokens.text[start:end]
    if word[1:].islower():
        word = word.lower()
    return f"not {word}" if negated else word


def word_concepts(text: str) -> list[tuple[str, ...]]:
    """One concept per distinct content word or hyphenated compound, negated ones as "not
    <word>": bench/asag.py's rubric of a short reference answer, where every word counts
    ("different", "terminal 1")."""
    tokens = tokenize(text)
    seen: set[str] = set()
    concepts: list[tuple[str, ...]] = []
    for form in _forms(tokens, {}):
        key = _key(form)
        if key not in seen:
            seen.add(key)
            concepts.append((form,))
    return concepts


def _key(word: str) -> str:
    """The stem a concept stands for ("not connected" is about "connect")."""
    return stem(normalise(word.removeprefix("not ")))


def _restates(form: str, asked: set[str]) -> bool:
    """Whether every word of a concept is one the question says."""
    words = tokenize(form.removeprefix("not ")).words
    return bool(words) and all(stem(word) in asked for word in words)


def _clauses(text: str, phrases: Phrases) -> list[tuple[str, list[str]]]:
    """(text, content words) of each clause with a content word, in order ("A gap." is a whole
    model answer)."""
    found = []
    for sentence in _SENTENCE.split(text):
        for clause in _CLAUSE.split(sentence):
            words = list(dict.fromkeys(_content_words(clause, phrases)))
            if words:
                found.append((clause.strip(" ,;"), words))
    return found


def _ideas(clauses: list[tuple[str, list[str]]]) -> list[list[int]]:
    """Clauses grouped by idea: two clauses are one idea when most of their content words are
    the same (the idea restated); each group in the order of its first clause."""
    stems = [set(map(_key, words)) for _, words in clauses]
    parent = list(range(len(clauses)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in combinations(range(len(clauses)), 2):
        shared, either = stems[i] & stems[j], stems[i] | stems[j]
        if either and len(shared) >= SAME_IDEA * len(either):
            parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for index in range(len(clauses)):
        groups.setdefault(root(index), []).append(index)
    return sorted(groups.values(), key=lambda g: g[0])


def suggest_points(
    text: str, lexicon: Sequence[LexiconGroup] = (), question: str = ""
) -> list[SuggestedPoint]:
    """Candidate rubric points, one per idea of the answer, then one for the words the question
    already says (unless they are all an idea has)."""
    asked = {stem(w) for w in tokenize(question).words} if question else set()
    terms = phrases(lexicon)
    clauses = _clauses(text, terms)
    frequency = Counter(map(_key, _content_words(text, terms)))

    def most_frequent(words: list[str]) -> list[str]:  # ties: the first said comes first
        distinct: dict[str, str] = {}
        for word in words:
            distinct.setdefault(_key(word), word)
        ranked = sorted(distinct.values(), key=lambda w: frequency[_key(w)], reverse=True)
        return ranked[:MAX_CONCEPTS]

    def point(criterion: str, words: list[str], weight: float) -> SuggestedPoint:
        concepts = tuple(tuple(expand([word], lexicon)) for word in words)
        return SuggestedPoint(criterion, concepts, weight * len(words))

    points: list[SuggestedPoint] = []
    said: set[str] = set()  # a word is a concept of one point only
    restated: list[str] = []
    for group in _ideas(clauses)[:MAX_POINTS]:
        words = [w for i in group for w in clauses[i][1] if _key(w) not in said]
        new = [word for word in words if not _restates(word, asked)]
        if new:
            restated += [word for word in words if _restates(word, asked)]
        chosen = most_frequent(new or words)
        said.update(map(_key, chosen))
        if chosen:
            points.append(point("; ".join(clauses[i][0] for i in group), chosen, 1.0))
    restated = most_frequent([word for word in restated if _key(word) not in said])
    if restated:
        points.append(point(RESTATED, restated, QUESTION_WEIGHT))
    return points


def suggested_rubric(
    text: str, lexicon: Sequence[LexiconGroup] = (), question: str = ""
) -> tuple[RubricPoint, ...]:
    """The suggestion as the rubric points an author gets by pasting it unedited."""
    return tuple(
        validated(
            RubricPoint,
            {
                "id": f"point-{number}",
                "criterion": " ".join(point.criterion.split()),
                "weight": point.weight,
                "min_concepts": point.min_concepts,
                "concepts": [{"forms": list(forms)} for forms in point.concepts],
            },
        )
        for number, point in enumerate(suggest_points(text, lexicon, question), 1)
    )


def suggestion_yaml(text: str, lexicon: Sequence[LexiconGroup] = (), question: str = "") -> str:
    lines = ["rubric:"]
    for number, point in enumerate(suggest_points(text, lexicon, question), 1):
        sentence = " ".join(point.criterion.split())
        lines += [
            f"  - id: point-{number}",
            f"    criterion: {json.dumps(sentence, ensure_ascii=False)}  # edit: the criterion",
            f"    weight: {point.weight:g}",
            f"    min_concepts: {point.min_concepts}",
            "    concepts:",
        ]
        for concept in point.concepts:
            lines.append(f"      - forms: {json.dumps(list(concept), ensure_ascii=False)}")
        if sum(map(len, point.concepts)) < MIN_FORMS_PER_POINT:  # lint would refuse it
            lines[-1] += f"  # add another way to say it: lint wants {MIN_FORMS_PER_POINT} forms"
    if len(lines) == 1:
        lines.append("  []  # no content word to build points from")
    return "\n".join(lines) + "\n"
