"""The word lists the scorer reads: negation cues, clause openers, words about relevance, and
function words (which carry no idea of their own)."""

from __future__ import annotations

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
NOT_NEGATING_NEXT = frozenset({"only", "matter", "longer", "doubt"})


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
