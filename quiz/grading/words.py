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


# "not only", "no matter": cues that do not negate what follows ("no longer" does).
NOT_NEGATING_NEXT = frozenset({"only", "matter", "doubt"})

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


# Words whose Snowball stem misses their family: irregular verbs, and verb/noun pairs of one
# idea. Each maps to the word whose stem stands for the family. (Comparatives and superlatives
# are found by rule: quiz.grading.match.base_forms.)
WORD_FAMILIES = {
    "written": "write",
    "wrote": "write",
    "lost": "lose",
    "loss": "lose",
    "losses": "lose",
    "ran": "run",
    "ate": "eat",
    "made": "make",
    "kept": "keep",
    "held": "hold",
    "chose": "choose",
    "chosen": "choose",
    "choice": "choose",
    "grew": "grow",
    "grown": "grow",
    "growth": "grow",
    "fell": "fall",
    "fallen": "fall",
    "rose": "rise",
    "risen": "rise",
    "sent": "send",
    "spent": "spend",
    "built": "build",
    "brought": "bring",
    "thought": "think",
    "taught": "teach",
    "bought": "buy",
    "caught": "catch",
    "fed": "feed",
    "led": "lead",
    "met": "meet",
    "paid": "pay",
    "told": "tell",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "got": "get",
    "gotten": "get",
    "went": "go",
    "gone": "go",
    "saw": "see",
    "seen": "see",
    "knew": "know",
    "known": "know",
    "drew": "draw",
    "drawn": "draw",
    "threw": "throw",
    "thrown": "throw",
    "wider": "wide",
    "widest": "wide",
    "width": "wide",
    "length": "long",
    "longer": "long",
    "longest": "long",
    "depth": "deep",
}


# Small words a multi-word form may do without ("the amount of memory" also reads "amount
# memory"), and which a form may not consist of alone.
OPTIONAL_WORDS = frozenset(
    {"a", "an", "the", "of", "to", "its", "their", "this", "that", "these", "those", "is", "are"}
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
        # adverbs and pronouns with no idea of their own: suggest proposed "still" and "them"
        "still",
        "really",
        "actually",
        "simply",
        "basically",
        "already",
        "anymore",
        "them",
        "him",
        "her",
        "his",
        "me",
        "my",
        "us",
        "am",
        "itself",
        "themselves",
    ]
)


# Words that frame an answer rather than say its idea ("additionally", "it is crucial to consider",
# "this includes"): the scorer reads them like any word, but `quiz rubric suggest` (and the bench's
# own rubrics) propose no concept of them.
LIGHT_WORDS = frozenset(
    [
        "able",
        "additionally",
        "allow",
        "allowing",
        "allows",
        "certain",
        "consider",
        "considering",
        "crucial",
        "during",
        "enable",
        "enables",
        "ensure",
        "ensures",
        "ensuring",
        "essential",
        "essentially",
        "etc",
        "example",
        "finally",
        "firstly",
        "furthermore",
        "generally",
        "hence",
        "however",
        "important",
        "importantly",
        "include",
        "includes",
        "including",
        "instance",
        "involve",
        "involves",
        "involving",
        "kind",
        "lastly",
        "like",
        "lot",
        "lots",
        "moreover",
        "often",
        "overall",
        "quite",
        "rather",
        "refer",
        "referring",
        "refers",
        "regarding",
        "secondly",
        "significant",
        "significantly",
        "since",
        "something",
        "sort",
        "thereby",
        "therefore",
        "thing",
        "things",
        "thus",
        "typically",
        "usually",
        "various",
        "way",
        "ways",
        "well",
        "whether",
        "while",
    ]
)
