"""Each matching rule of the rubric scorer, and each known trap of keyword matching."""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import pairwise

import pytest

from quiz.bank.loader import validated
from quiz.bank.schema import LexiconGroup, RubricPoint
from quiz.grading.compiled import compile_rubric
from quiz.grading.match import answer_keys
from quiz.grading.score import MAX_ANSWER_CHARS, REQUIRED_CAP, score_answer
from quiz.grading.text import tokenize
from quiz.srs.ratings import CardPhase, Rating, is_lapse, rating_for_score
from tests.conftest import finishes


def rubric(  # type: ignore[no-untyped-def]
    *concepts: list[str],
    min_concepts: int = 1,
    lexicon: Sequence[LexiconGroup] = (),
    **extra: object,
):
    point = validated(
        RubricPoint,
        {
            "id": "p",
            "criterion": "c",
            "concepts": [{"forms": forms} for forms in concepts],
            "min_concepts": min_concepts,
            **extra,
        },
    )
    return compile_rubric([point], lexicon)


def hits(forms: list[str], answer: str) -> bool:
    return score_answer(rubric(forms), answer).points[0].hit


@pytest.mark.parametrize(
    ("form", "answer"),
    [
        ("bandwidth", "The bandwith of the card is high."),
        ("latency", "It lowers the latancy for users."),
        ("memory", "The memmory is full."),
        ("weights", "It streams the wieghts each step."),  # a transposition is one edit
        ("quantization", "We apply quantisation to the model."),
        ("efficiency", "It improves efficency a lot."),
        ("tokens", "Each token is read once."),  # inflections share a stem
        ("processed", "It is processing the batch."),
        ("GPU memory", "It sits in the GPU's memory all the time."),
        ("read from", "Data is read quickly from memory."),  # a phrase within the window
        ("fine-tuning", "We do fine tuning on one card."),  # hyphens split words
        ("GPUs", "All the GPU cores idle."),
        ("KV cache", "The kv-cache grows."),
        ("context", "The contxt window fills up."),
        ("utilization", "The GPU's utilisation is low."),  # a British spelling of a known word
        ("utilisation", "The GPU's utilization is low."),
        ("battery", "The batter is flat."),  # two words, but one cut short: a typo
        ("tighter", "Tighten the clamp."),  # two words differing at the end: one family
    ],
)
def test_variants_that_must_match(form: str, answer: str) -> None:
    assert hits([form], answer)


@pytest.mark.parametrize(
    ("form", "answer"),
    [
        ("enqueue", "We dequeue the request."),  # two edits apart, different first letter
        ("FIFO", "The buffer is LIFO."),  # acronyms must match exactly
        ("top", "Stop the server."),  # never inside another word
        ("constant", "The memory is a constraint here."),
        ("MBU", "The MFU is low."),
        ("7B", "A 70B model."),  # numbers exact
        ("read from", "Read the manual, then from there move on to the next chapter."),  # too far
        ("latency", "The latent space is large."),
        ("=data transfer", "transfer the data"),  # an order the author pinned
        # One edit apart, but both are English words: a different word, not a typo.
        ("context", "The content of the prompt matters."),
        ("token", "The time taken grows with the prompt."),
        ("stall", "The batch is small."),
        ("stall", "The cores still work."),
        ("decode", "A decade ago cards were slower."),
        ("space", "A spare card sits there."),
    ],
)
def test_traps_that_must_not_match(form: str, answer: str) -> None:
    assert not hits([form], answer)


@pytest.mark.parametrize(
    "answer",
    [
        "Bandwidth does not affect latency.",
        "It has nothing to do with latency.",
        "Latency is never a concern.",
        "There is no need to think about latency.",
        "Latency does not matter here.",
        "Latency is irrelevant for this.",
        "It doesn't change the latency.",
        "It has no effect on throughput, cost or latency.",
        "We no longer measure latency.",
    ],
)
def test_negated_concepts_do_not_count(answer: str) -> None:
    result = score_answer(rubric(["latency"]), answer)
    assert not result.points[0].hit
    assert result.points[0].negated and result.points[0].negated[0].text.lower() == "latency"


@pytest.mark.parametrize(
    "answer",
    [
        "It is not about capacity, but latency is what improves.",
        "Bandwidth is not capacity. Latency drops when it is higher.",
        "Not only throughput but also latency improves.",
        "If the model does not fit, latency suffers badly.",
        "No matter the batch size, latency improves with bandwidth.",
        "A prompt no longer than a page keeps latency low.",  # a comparison, not a negation
        "It takes no more than two GPUs to cut latency.",
        "Not fewer than half of the steps wait on latency.",
        "Not every kernel keeps latency low.",  # a quantifier: some do not
        "Not all GPUs cut latency this way.",
    ],
)
def test_negation_scope_ends_at_the_clause(answer: str) -> None:
    assert hits(["latency"], answer)


def test_misconception_costs_points_unless_negated() -> None:
    r = rubric(
        ["rate"],
        misconceptions=[{"statement": "s", "forms": ["amount of memory"], "penalty": 0.5}],
    )
    wrong = score_answer(r, "Bandwidth is the rate, or the amount of memory on the card.")
    assert wrong.points[0].hit and wrong.score == pytest.approx(0.5)
    assert wrong.misconceptions[0].evidence.text == "amount of memory"
    right = score_answer(r, "Bandwidth is the rate; it is not the amount of memory.")
    assert right.score == 1.0 and not right.misconceptions


def test_required_concept_caps_the_score() -> None:
    point = {
        "id": "a",
        "criterion": "c",
        "concepts": [{"forms": ["rate", "speed"], "required": True}, {"forms": ["memory"]}],
    }
    other = {"id": "b", "criterion": "d", "concepts": [{"forms": ["latency", "delay"]}]}
    r = compile_rubric([validated(RubricPoint, p) for p in (point, other)])
    full = score_answer(r, "The rate of memory access sets the latency.")
    assert full.score == 1.0
    capped = score_answer(r, "The memory access sets the latency of each token.")
    assert capped.points[0].hit and capped.points[1].hit
    assert capped.points[0].missing_required
    assert capped.score == REQUIRED_CAP


def test_min_concepts() -> None:
    r = rubric(["rate"], ["memory"], ["latency"], min_concepts=2)
    assert not score_answer(r, "It is a rate of some kind.").points[0].hit
    assert score_answer(r, "It is the rate of reading memory.").points[0].hit


def test_keyword_list_earns_nothing_but_shows_mentions() -> None:
    r = rubric(["rate"], ["memory"], min_concepts=2)
    listed = score_answer(r, "rate, memory, bandwidth, HBM, tokens")
    assert listed.keyword_list and listed.score == 0.0
    assert not listed.points[0].hit and len(listed.points[0].evidence) == 2
    prose = score_answer(r, "It is the rate at which memory can be read.")
    assert not prose.keyword_list and prose.score == 1.0


def test_telegraphic_clauses_between_commas_are_not_a_keyword_list() -> None:
    terse = "memory bound lacks capacity, bandwidth bound lacks speed"
    assert not score_answer(rubric(["capacity"]), terse).keyword_list
    for listed in ("GPU HBM bandwidth latency tokens", "capacity, speed, HBM, memory bound"):
        assert score_answer(rubric(["capacity"]), listed).keyword_list


def test_terse_prose_without_articles_or_punctuation_is_not_a_keyword_list() -> None:
    # typed in a hurry: no commas, no articles, but verbs that relate the words
    terse = (
        "memory bound means model doesnt fit in gpu memory "
        "bandwidth bound means data transfer speed limits it"
    )
    point = rubric(["not fit"], ["transfer speed"], min_concepts=2)
    result = score_answer(point, terse)
    assert not result.keyword_list and result.score == 1.0
    listed = "gpu memory capacity bandwidth transfer speed data model fit limits throughput"
    assert score_answer(point, listed).keyword_list


def test_short_prose_is_not_a_keyword_list() -> None:
    for text in ("The bulb is in a closed path.", "Memory bandwidth limits decoding.", "Yes"):
        assert not score_answer(rubric(["bulb"]), text).keyword_list


def test_evidence_offsets_point_into_the_original_text() -> None:
    answer = "Die Bandbreite \u2013 GPU\u2019s memory is \u201cfast\u201d: the RATE matters."
    result = score_answer(rubric(["GPU memory"], ["rate"]), answer)
    for evidence in result.points[0].evidence:
        assert answer[evidence.start : evidence.end] == evidence.text
    assert [e.text for e in result.points[0].evidence] == ["GPU\u2019s memory", "RATE"]


def test_a_megabyte_paste_is_scored_on_a_prefix_quickly() -> None:
    r = rubric(["bandwidth"], ["latency"])
    answer = "Bandwidth sets the latency of decoding. " * 30_000  # about 1.2 MB
    with finishes():  # its speed (0.2 s budget) is measured by bench/score_speed.py
        result = score_answer(r, answer)
    assert result.truncated and any("first" in note for note in result.notes)
    assert result.score == 1.0
    assert max(e.end for p in result.points for e in p.evidence) <= MAX_ANSWER_CHARS


def test_empty_and_symbol_answers_score_zero() -> None:
    r = rubric(["bandwidth"])
    for answer in ("", "   ", "?!", "\x00\x01", "🙂" * 50):
        assert score_answer(r, answer).score == 0.0


def test_no_stop_list_deletes_meaningful_words() -> None:
    assert hits(["first"], "First I would measure it.")
    assert hits(["in", "out"], "Data goes out quickly.")


@pytest.mark.parametrize(
    ("score", "rating"),
    [(0.0, "again"), (0.49, "again"), (0.5, "hard"), (0.79, "hard"), (0.8, "good"), (0.95, "easy")],
)
def test_suggested_rating_thresholds(score: float, rating: str) -> None:
    assert rating_for_score(score).label == rating


def test_tokenize_marks_clauses() -> None:
    tokens = tokenize("It is not fast, but it is cheap.")
    assert tokens.negated_before[tokens.words.index("fast")]
    assert not tokens.negated_before[tokens.words.index("cheap")]


@pytest.mark.parametrize(
    ("answer", "negated", "free"),
    [
        ("It is not 3.5 times faster.", "faster", None),
        ("Latency is not bandwidth-bound here.", "bound", None),
        ("It does not help with 1,000 tokens.", "tokens", None),
        ("It is not fast - it is cheap.", "fast", "cheap"),
        ("It is not fast (it is cheap).", "fast", "cheap"),
        ("It is not fast, and the latency is low.", "fast", "latency"),
        ("It has no effect on speed, cost or latency.", "latency", None),
        ("It can't be fast; it is cheap.", "fast", "cheap"),
        ("It is not fast but cheap.", "fast", "cheap"),
    ],
)
def test_clause_ends(answer: str, negated: str, free: str | None) -> None:
    tokens = tokenize(answer)
    assert tokens.negated_before[tokens.words.index(negated)]
    if free is not None:
        assert not tokens.negated_before[tokens.words.index(free)]


def same_clause(clauses: list[int]) -> list[bool]:
    """Whether each word is in the clause of the word before it (numbers may differ where two
    clause ends have no word between them)."""
    return [a == b for a, b in pairwise(clauses)]


def test_clause_ends_agree_on_the_ascii_and_unicode_paths() -> None:
    """ASCII answers find clause ends and word offsets by byte translation, others by regex:
    the same ends, the same offsets."""
    rng = random.Random(5)
    pieces = ["ab", "cd", "e", "x", "3", "\n", *",.;:!?()[]-|'", " and ", " or ", " but "]
    pieces += [" - ", ", ", "3.", ".5", "1,000", " not ", "can't", " 'tis", "models' "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 40)))
        fast = tokenize(text)
        other = tokenize(text + "\n\u00e9")  # not ASCII: the regex path
        count = len(fast.words)
        assert other.words[:count] == fast.words, text
        assert same_clause(other.clauses[:count]) == same_clause(fast.clauses), text
        assert other.negated_before[:count] == fast.negated_before, text
        assert [other.span(i, i) for i in range(count)] == [fast.span(i, i) for i in range(count)]


def test_rating_names_and_lapses_come_from_one_place() -> None:
    assert [Rating.parse(t) for t in ("again", " HARD ", "3", 4)] == list(Rating)
    with pytest.raises(ValueError, match="'great'"):
        Rating.parse("great")
    assert is_lapse(CardPhase.REVIEW, Rating.AGAIN)
    assert not is_lapse(CardPhase.LEARNING, Rating.AGAIN)
    assert not is_lapse(None, Rating.AGAIN) and not is_lapse(CardPhase.REVIEW, Rating.HARD)


@pytest.mark.parametrize(
    ("form", "answer"),
    [
        ("read from the GPU memory", "Weights are read from GPU memory."),  # small words optional
        ("data transfer", "It depends on how fast we transfer the data."),  # either order
        ("memory capacity", "The capacity of the memory is the limit."),
    ],
)
def test_forms_match_like_a_person_reads(form: str, answer: str) -> None:
    assert hits([form], answer)


def test_a_form_of_small_words_alone_still_needs_them() -> None:
    assert not hits(["the amount of memory"], "It is about the amount.")


def test_small_words_left_out_of_a_form_are_not_tracked_in_answers() -> None:
    compiled = rubric(["read from the GPU memory"])
    positions = answer_keys(tokenize("The GPU reads the memory."), compiled.vocabulary)
    assert set(positions) == {"gpu", "read", "memori"}


def test_forms_that_compile_alike_are_kept_once_in_the_authors_order() -> None:
    compiled = rubric(["memory bandwidth", "bandwidth memory", "memory bandwidth"])
    assert [(form.text, form.keys) for form in compiled.slots[0][0]] == [
        ("memory bandwidth", ("memori", "bandwidth")),
        ("memory bandwidth", ("bandwidth", "memori")),
    ]
    evidence = score_answer(compiled, "The bandwidth of the memory.").points[0].evidence
    assert [e.form for e in evidence] == ["memory bandwidth"]


@pytest.mark.parametrize(
    "answer",
    [
        "Latency cannot be tracked at all.",
        "Latency is not required for this.",
        "Latency is not really affected.",
    ],
)
def test_negation_after_the_concept(answer: str) -> None:
    result = score_answer(rubric(["latency"]), answer)
    assert not result.points[0].hit


def test_a_point_with_some_of_its_concepts_earns_partial_credit() -> None:
    compiled = rubric(["bandwidth"], ["latency"], ["tokens"], min_concepts=2)
    half = score_answer(compiled, "Bandwidth is what it is about.")
    assert not half.points[0].hit
    assert half.points[0].credit == pytest.approx(0.5)
    assert half.score == pytest.approx(0.5)
    full = score_answer(compiled, "Bandwidth sets the latency.")
    assert full.points[0].hit and full.points[0].credit == 1.0
    none = score_answer(compiled, "Nothing relevant here.")
    assert none.points[0].credit == 0.0 and none.score == 0.0


def test_a_phrase_is_not_found_across_the_end_of_a_clause() -> None:
    r = rubric(["bandwidth limit"])
    assert score_answer(r, "The bandwidth is the limit here.").points[0].hit
    for answer in (
        "Decoding waits on bandwidth. Limit the batch size.",
        "memory bound lacks capacity, bandwidth bound lacks a limit",
        "It needs more bandwidth; limits on batch size come later.",
    ):
        assert not score_answer(r, answer).points[0].hit, answer


def test_one_word_of_the_answer_is_evidence_for_one_concept_of_a_point() -> None:
    # "tokenizer" and "token" share a stem: "token count" alone met both concepts of the point,
    # shown as the same word quoted twice.
    point = rubric(["tokenizer", "token count"], ["subword", "token"], min_concepts=2)
    once = score_answer(point, "The token count matters for latency.")
    assert not once.points[0].hit and once.score == 0.5
    assert len(once.points[0].evidence) == 1
    twice = score_answer(point, "The token count matters, and so does each token's length.")
    assert twice.points[0].hit
    first, second = twice.points[0].evidence
    assert second.start > first.end and second.text == "token's"
