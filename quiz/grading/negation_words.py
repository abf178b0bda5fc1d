"""The word lists of negation, as trigger families in the NegEx tradition (Chapman et al., 2001):
pre-triggers deny what follows them in their clause ("not", "avoid", "instead of"), post-triggers
deny what comes just before them ("X is irrelevant", "X is never the reason", "X does not enter into
it"), pseudo-triggers look like a negation but deny nothing ("not only", "no matter", "not all"),
and scope terminators end a negation's reach ("but", "however", a clause's end). TRIGGER_FAMILIES
lists them in one table; text.py applies them. Complementary opposites are here too."""

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


# Pre-triggers that are verbs of refusal or a preference for something else: they deny what
# follows them ("avoid batching", "skip kernel fusion") but, unlike NEGATION_CUES, are not "not" in
# a rubric form (a form holding one, "avoid bottlenecks", is stated by that word, not by "no").
REFUSAL_CUES = frozenset(
    {"avoid", "avoids", "avoided", "avoiding", "skip", "skips", "skipped", "skipping", "forgo"}
)
# Two-word pre-triggers: the first word denies what follows the second ("rather than quantizing",
# "instead of batching", "fails to keep up"). Without the second word the first is no trigger
# ("instead, batch", "fails with an error").
CUE_PAIRS = {
    "instead": "of",
    "rather": "than",
    "fails": "to",
    "fail": "to",
    "failed": "to",
}
PRE_TRIGGERS = NEGATION_CUES | REFUSAL_CUES | frozenset(CUE_PAIRS)

# Pseudo-triggers: "not only", "no matter", "not just", "no increase": cues that do not negate what
# follows ("no longer" does).
NOT_NEGATING_NEXT = frozenset({"only", "just", "merely", "matter", "doubt", "increase"})
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


# Post-triggers. "X does not matter", "X has no effect", "X is never the reason", "X cannot explain
# it", "X does not enter into it", "X plays no role": a cue followed (within three words) by one of
# these denies the relevance of what comes before it.
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
        "reason",
        "reasons",
        "explain",
        "explains",
        "explanation",
        "enter",
        "enters",
        "role",
        "culprit",
        "responsible",
        "fix",
        "fixes",
        "solve",
        "solves",
    }
)


# Post-triggers on their own: "X is irrelevant", "X is unrelated", "X is ruled out".
IRRELEVANT_WORDS = frozenset(
    {"irrelevant", "unimportant", "useless", "pointless", "unrelated", "negligible", "ruled"}
)


# The trigger families in one table: (family, what it does, its words). Tests exercise each family
# (tests/test_grading_negation.py).
TRIGGER_FAMILIES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("pre", "denies what follows in its clause (up to 10 words)", NEGATION_CUES | REFUSAL_CUES),
    ("pre-pair", "the first word denies what follows the second", frozenset(CUE_PAIRS)),
    ("post-relevance", "a cue then one of these denies the words before", RELEVANCE_WORDS),
    ("post", "denies the words just before it in its clause", IRRELEVANT_WORDS),
    ("pseudo", "after a cue, the cue denies nothing", NOT_NEGATING_NEXT | QUANTIFIERS_AFTER_NOT),
    ("terminator", "starts a new clause: a negation's reach ends", CLAUSE_WORDS),
)
