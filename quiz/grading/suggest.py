"""`quiz rubric suggest`: propose rubric concepts from a model answer, as YAML ready to paste.

Each sentence of the answer becomes a candidate point. Its concepts are its content words and
short noun-like phrases (runs of up to three content words), most specific first. Inflections need
no variants (the scorer stems words), nor do hyphens (they split words); a two-word compound also
gets its joined spelling ("data flow", "dataflow"). The author then edits the criterion text,
prunes, and adds the synonyms a strong candidate would say; `quiz lint` checks the result.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from quiz.grading.match import stem
from quiz.grading.text import Tokens, tokenize
from quiz.grading.words import FUNCTION_WORDS, NEGATION_CUES

MAX_POINTS = 6
MAX_CONCEPTS = 4
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n\s*\n")
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
        ]
    )
)


@dataclass(frozen=True, slots=True)
class SuggestedPoint:
    sentence: str
    concepts: tuple[tuple[str, ...], ...]

    @property
    def min_concepts(self) -> int:
        return max(1, (len(self.concepts) + 1) // 2)


_NOT_CONTENT = FUNCTION_WORDS | NEGATION_CUES


def _content(word: str) -> bool:
    return len(word) >= 3 and word not in _VAGUE and not word.replace(".", "").isdigit()


def _variants(phrase: str) -> list[str]:
    words = phrase.split()
    if words[0] == "not":
        return [phrase]
    return [phrase, "".join(words)] if len(words) == 2 else [phrase]


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
    for run in runs:
        words = [_polar(tokens, i) for i in run]
        if 2 <= len(words) <= 3:
            phrases.append(" ".join(words))
        elif len(words) > 3:
            phrases += [" ".join(words[i : i + 2]) for i in range(0, len(words) - 1, 2)]
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


def suggest_points(text: str) -> list[SuggestedPoint]:
    """Candidate rubric points: one per sentence, with its most specific concepts."""
    sentences = [s.strip() for s in _SENTENCE.split(text) if len(s.split()) >= 3]
    frequency = Counter(stem(w) for w in tokenize(text).words if _content(w))
    points: list[SuggestedPoint] = []
    for sentence in sentences[:MAX_POINTS]:
        candidates = list(dict.fromkeys(_phrases(sentence)))

        def weight(phrase: str) -> tuple[int, int, int]:
            words = phrase.removeprefix("not ").split()
            return (len(words), sum(frequency[stem(w)] for w in words), len(phrase))

        chosen: list[str] = []
        covered: set[str] = set()
        for phrase in sorted(candidates, key=weight, reverse=True):
            stems = {stem(w) for w in phrase.removeprefix("not ").split()}
            if stems & covered:
                continue
            chosen.append(phrase)
            covered |= stems
            if len(chosen) == MAX_CONCEPTS:
                break
        if chosen:
            points.append(SuggestedPoint(sentence, tuple(tuple(_variants(p)) for p in chosen)))
    return points


def suggestion_yaml(text: str) -> str:
    lines = ["rubric:"]
    for number, point in enumerate(suggest_points(text), 1):
        sentence = " ".join(point.sentence.split())
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
        lines.append("  []  # no sentence of three words or more to build points from")
    return "\n".join(lines) + "\n"
