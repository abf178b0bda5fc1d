"""The word lists of negation: its cues, where its reach stops, complementary opposites, and the
words that deny a concept's relevance after it ("X does not matter", "X is irrelevant")."""

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


# "not only", "no matter": cues that do not negate what follows ("no longer" does).
NOT_NEGATING_NEXT = frozenset({"only", "matter", "doubt"})
# "not every GPU supports it", "not all kernels": a quantifier (some do not), not a denial.
QUANTIFIERS_AFTER_NOT = frozenset({"all", "every"})

# "no longer": the second word belongs to the cue (it says "not any more"), unless a comparison
# ("no longer than a second").
CUE_ENDINGS = frozenset({"longer"})

# "no more than two", "not fewer than half": with "than" after them, a comparison (at most, at
# least), not a negation.
COMPARING_NEXT = frozenset(
    {"more", "less", "fewer", "longer", "shorter", "bigger", "larger", "smaller", "higher", "lower"}
)


# Complementary opposites: "not X" says Y ("not in a closed path" is "in an open path") and "Y"
# says "not X". Only pairs with nothing between them ("not fast" is not "slow"), and no word with a
# common other sense in this field ("bounded" is in "memory-bound"). Authors add their own with
# `opposites:` in a lexicon file.
OPPOSITES = (
    ("open", "closed"),
    ("same", "different"),
    ("connected", "disconnected"),
    ("complete", "incomplete"),
    ("possible", "impossible"),
    ("equal", "unequal"),
    ("true", "false"),
    ("correct", "incorrect"),
    ("necessary", "unnecessary"),
    ("sufficient", "insufficient"),
    ("finite", "infinite"),
    ("visible", "invisible"),
    ("alive", "dead"),
)


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
        "affected",
        "impacted",
        "required",
        "tracked",
        "measured",
        "measurable",
        "significant",
        "applicable",
        "beneficial",
        "helpful",
        "noticeable",
    }
)


IRRELEVANT_WORDS = frozenset({"irrelevant", "unimportant", "useless", "pointless"})
