"""`quiz rubric suggest`: propose rubric points from a model answer, as YAML ready to paste.

Points are made by idea, not by sentence: compound sentences are split into clauses, clauses
that restate an idea (most of their content words shared) are grouped, and each group becomes a
point. Its concepts are its content words and two-word phrases (what another wording still
says), most specific first, each with the lexicon's variants; no form is glued together from two
words. A point asks for fewer concepts than it lists (`min_concepts`), so an answer in other
words can meet it: all but one of them, and partial credit short of that. Given the question,
a concept whose words the question already says is left out (an answer that only repeats the
question earns nothing), unless it is all the idea has. Both rules were chosen on the train
splits of SemEval-2013 (bench/asag.py, which grades with these rubrics beside its own per-word
method). The author then edits the criterion text and prunes; `quiz lint` checks it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from quiz.bank.schema import LexiconGroup
from quiz.grading.lexicon import expand
from quiz.grading.match import stem
from quiz.grading.text import Tokens, tokenize
from quiz.grading.words import FUNCTION_WORDS, NEGATION_CUES

MAX_POINTS = 6
MAX_CONCEPTS = 4
SAME_IDEA = 0.5  # share of content words two clauses have in common to be one idea
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n\s*\n")
_CLAUSE = re.compile(r",?\s+(?:while|whereas|but|however|so that|which means)\s+|;\s*")
# Frequent words that carry no rubric content on their own.
_VAGUE = (
    FUNCTION_WORDS
    | NEGATION_CUES
    | frozenset(
        [
            "also",
            "however",
            "therefore",
            "thus",
            "such",
            "like",
            "using",
            "use",
            "used",
            "make",
            "makes",
            "made",
            "way",
            "ways",
            "thing",
            "things",
            "important",
            "crucial",
            "essential",
            "key",
            "various",
            "different",
            "often",
            "usually",
            "generally",
            "can",
            "lead",
            "leads",
            "help",
            "helps",
            "ensure",
            "ensures",
            "allow",
            "allows",
            "refers",
            "refer",
            "means",
            "mean",
            "called",
            "known",
            "occur",
            "occurs",
            "employ",
            "employing",
            "include",
            "includes",
            "including",
            "involve",
            "involves",
            "consider",
            "considering",
            "result",
            "resulting",
            "due",
            "overall",
        ]
    )
)


@dataclass(frozen=True, slots=True)
class SuggestedPoint:
    criterion: str  # the clauses of the idea, for the author to rewrite
    concepts: tuple[tuple[str, ...], ...]

    @property
    def min_concepts(self) -> int:
        """All concepts but one: what another wording of the idea still says (and short of it,
        partial credit)."""
        return max(1, len(self.concepts) - 1)


_NOT_CONTENT = FUNCTION_WORDS | NEGATION_CUES


def _content(word: str) -> bool:
    return len(word) >= 3 and word not in _VAGUE and not word.replace(".", "").isdigit()


def _phrases(sentence: str) -> list[str]:
    tokens = tokenize(sentence)
    clauses = tokens.clauses
    runs: list[list[int]] = []
    current: list[int] = []
    for index, word in enumerate(tokens.words):
        same_clause = not current or clauses[current[-1]] == clauses[index]
        if _content(word) and same_clause:
            current.append(index)
        else:
            if current:
                runs.append(current)
            current = [index] if _content(word) else []
    if current:
        runs.append(current)
    phrases: list[str] = []
    for run in runs:  # two-word phrases, then single words: what another wording still says
        words = [_polar(tokens, i) for i in run]
        phrases += [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
        phrases += words
    return [p.replace(" not ", " ") for p in phrases]


def _polar(tokens: Tokens, index: int) -> str:
    """A word as a form: negated in the source ("are not connected") -> "not connected"."""
    word = tokens.words[index]
    return f"not {word}" if tokens.negated_before[index] else word


def word_concepts(text: str) -> list[tuple[str, ...]]:
    """One concept per distinct non-function word, negated ones as "not <word>".

    For short reference answers, where every word counts ("different", "terminal 1")."""
    tokens = tokenize(text)
    seen: set[str] = set()
    concepts: list[tuple[str, ...]] = []
    for index, word in enumerate(tokens.words):
        key = stem(word)
        if len(word) >= 2 and word not in _NOT_CONTENT and key not in seen:
            seen.add(key)
            concepts.append((_polar(tokens, index),))
    return concepts


def _clauses(text: str) -> list[tuple[str, list[str]]]:
    """(text, candidate phrases) of each clause of three words or more, in order."""
    found = []
    for sentence in _SENTENCE.split(text):
        for clause in _CLAUSE.split(sentence):
            if len(clause.split()) >= 3:
                phrases = list(dict.fromkeys(_phrases(clause)))
                if phrases:
                    found.append((clause.strip(" ,;"), phrases))
    return found


def _ideas(clauses: list[tuple[str, list[str]]]) -> list[list[int]]:
    """Clauses grouped by idea: two clauses are one idea when most of their content words are
    the same (the idea restated); each group in the order of its first clause."""
    stems = [
        {stem(w) for p in phrases for w in p.removeprefix("not ").split()} for _, phrases in clauses
    ]
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
    """Candidate rubric points, one per idea of the answer, with its most specific concepts;
    none made only of words of the question, unless the idea has nothing else."""
    asked = {stem(w) for w in tokenize(question).words} if question else set()
    clauses = _clauses(text)
    frequency = Counter(stem(w) for w in tokenize(text).words if _content(w))

    def weight(phrase: str) -> tuple[int, int, int]:
        words = phrase.removeprefix("not ").split()
        return (len(words), sum(frequency[stem(w)] for w in words), len(phrase))

    points: list[SuggestedPoint] = []
    for group in _ideas(clauses)[:MAX_POINTS]:
        candidates = list(dict.fromkeys(p for i in group for p in clauses[i][1]))
        new = [p for p in candidates if not _stems(p) <= asked]
        candidates = new or candidates
        chosen: list[str] = []
        covered: set[str] = set()
        for phrase in sorted(candidates, key=weight, reverse=True):
            stems = _stems(phrase)
            if stems & covered:
                continue
            chosen.append(phrase)
            covered |= stems
            if len(chosen) == MAX_CONCEPTS:
                break
        criterion = "; ".join(clauses[i][0] for i in group)
        concepts = tuple(tuple(expand([phrase], lexicon)) for phrase in chosen)
        points.append(SuggestedPoint(criterion, concepts))
    return points


def _stems(phrase: str) -> set[str]:
    return {stem(w) for w in phrase.removeprefix("not ").split()}


def suggestion_yaml(text: str, lexicon: Sequence[LexiconGroup] = (), question: str = "") -> str:
    lines = ["rubric:"]
    for number, point in enumerate(suggest_points(text, lexicon, question), 1):
        sentence = " ".join(point.criterion.split())
        lines += [
            f"  - id: point-{number}",
            f"    criterion: {json.dumps(sentence, ensure_ascii=False)}  # edit: the criterion",
            "    weight: 1",
            f"    min_concepts: {point.min_concepts}",
            "    concepts:",
        ]
        for concept in point.concepts:
            lines.append(f"      - forms: {json.dumps(list(concept), ensure_ascii=False)}")
    if len(lines) == 1:
        lines.append("  []  # no clause of three words or more to build points from")
    return "\n".join(lines) + "\n"
