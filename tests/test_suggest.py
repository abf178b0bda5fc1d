"""`quiz rubric suggest`'s points, word by word: the defects bench/asag.py showed."""

from __future__ import annotations

import yaml

from quiz.bank.loader import validated
from quiz.bank.schema import LexiconGroup, RubricPoint
from quiz.grading.compiled import compile_rubric
from quiz.grading.score import score_answer
from quiz.grading.suggest import (
    RESTATED,
    suggest_points,
    suggested_rubric,
    suggestion_yaml,
    word_concepts,
)


def concepts(text: str, question: str = "") -> list[list[str]]:
    return [[c[0] for c in p.concepts] for p in suggest_points(text, (), question)]


def test_a_model_answer_of_two_words_is_a_point() -> None:
    assert concepts("A gap.") == [["gap"]]


def test_a_word_said_plainly_first_is_kept_plain() -> None:
    found = concepts("Terminal 1 is not separated from the negative battery terminal.")
    assert "terminal" in found[0] and "not terminal" not in found[0]
    assert "not separated" in found[0]  # what the answer does negate stays negated


def test_the_suggestion_and_the_bench_share_what_a_content_word_is() -> None:
    text = "Bulbs A and C are in different paths, so they are not in the same state."
    assert sorted(c for point in concepts(text) for c in point) == sorted(
        c[0] for c in word_concepts(text)
    )


def test_concepts_are_ranked_by_how_often_the_answer_says_them() -> None:
    text = "Bandwidth limits decoding because decoding reads the weights; bandwidth is the cap."
    assert concepts(text)[0][:2] == ["bandwidth", "decoding"]


def test_concepts_said_as_often_keep_the_order_they_were_first_said_in() -> None:
    text = "Voltage drops at the gap; the gap drops the voltage."  # one idea, said twice
    assert concepts(text) == [["voltage", "drops", "gap"]]


def test_a_point_lint_would_refuse_for_want_of_forms_says_so() -> None:
    lone = suggestion_yaml("A gap.")
    assert '- forms: ["gap"]  # add another way to say it: lint wants 2 forms' in lone
    assert "lint wants" not in suggestion_yaml("The gap opens the circuit.")


def test_forms_are_written_as_the_answer_writes_them_but_for_a_sentences_capital() -> None:
    found = concepts("Bandwidth of HBM matters. Die Größe des KV-Cache wächst.")
    words = {word for point in found for word in point}
    assert {"bandwidth", "HBM", "größe", "KV-Cache"} <= words
    assert "Bandwidth" not in words and "hbm" not in words


def test_a_hyphenated_compound_is_one_concept() -> None:
    text = "Decoding is not compute-bound: it is bandwidth-bound, so the GPU waits on memory."
    words = [word for point in concepts(text) for word in point]
    assert "not compute-bound" in words and "bandwidth-bound" in words
    assert not {"compute", "bound", "not compute", "not bound"} & set(words)
    assert [c[0] for c in word_concepts(text)][:3] == [
        "decoding",
        "not compute-bound",
        "bandwidth-bound",
    ]


def test_a_compound_with_a_letter_or_number_keeps_its_content_words() -> None:
    words = [word for point in concepts("Use a D-cell at batch-1.") for word in point]
    assert words == ["use", "cell", "batch"]


def test_a_lexicon_term_of_several_words_is_one_concept_with_its_variants() -> None:
    lexicon = (
        validated(LexiconGroup, {"terms": ["KV cache", "key-value cache"]}),
        validated(LexiconGroup, {"terms": ["batch size 1", "single request"]}),
    )
    text = "The KV cache grows with the context at batch size 1."
    found = suggest_points(text, lexicon, "Why is decoding slow at batch size 1?")
    assert [list(c) for c in found[0].concepts] == [
        ["KV cache", "key-value cache"],
        ["grows"],
        ["context"],
    ]
    assert [list(c) for c in found[1].concepts] == [["batch size 1", "single request"]]
    assert found[1].criterion == RESTATED
    assert [c[0] for c in word_concepts(text)][:2] == ["KV", "cache"]  # the bench's: no lexicon


def test_pronouns_and_adverbs_without_an_idea_are_not_proposed() -> None:
    text = "The scheduler still moves them to HBM and really keeps my cache for him."
    words = {word for point in concepts(text) for word in point}
    assert {"scheduler", "moves", "HBM", "keeps", "cache"} <= words
    assert not {"still", "them", "really", "my", "him"} & words


def test_the_rubric_measured_is_the_yaml_an_author_pastes() -> None:
    lexicon = (validated(LexiconGroup, {"terms": ["KV cache", "attention cache"]}),)
    text = (
        "Decoding is bandwidth-bound: every step reads the weights and the KV cache.\n\nSo batch."
    )
    question = "Why is decoding slow?"
    pasted = yaml.safe_load(suggestion_yaml(text, lexicon, question))["rubric"]
    measured = suggested_rubric(text, lexicon, question)
    assert len(measured) == 3  # the schema's classes compare by identity: compare what they hold
    assert repr(measured) == repr(tuple(validated(RubricPoint, point) for point in pasted))


def test_words_that_frame_an_answer_rather_than_say_it_are_not_proposed() -> None:
    text = (
        "Additionally, it is crucial to consider quantization, which ensures the weights fit; "
        "this includes, for example, various formats like int8."
    )
    words = {word for point in concepts(text) for word in point}
    assert {"quantization", "weights", "fit", "formats", "int8"} <= words
    assert not {"additionally", "crucial", "consider", "ensures", "includes", "example"} & words
    assert not {"various", "like"} & words


def test_the_longer_of_no_longer_is_part_of_the_negation_not_a_concept() -> None:
    found = [c[0] for c in word_concepts("B and C are no longer in a closed path")]
    assert "not closed" in found and "path" in found
    assert not {"longer", "not longer"} & set(found)
    kept = [c[0] for c in word_concepts("No longer than a second passes.")]
    assert "longer" in kept  # a comparison: "no longer than" is "at most"


def test_a_negation_denies_the_first_word_it_reaches_not_the_rest_of_the_phrase() -> None:
    # "no closed path" says the path is not closed; "not path" would refuse "the path is not
    # closed", which a person grades as the same answer (Beetle's train split has dozens).
    assert word_concepts("There is no closed path") == [("not closed",), ("path",)]
    found = [c[0] for c in word_concepts("it is not connected to the negative terminal")]
    assert found == ["not connected", "negative", "terminal"]
    assert [c[0] for c in word_concepts("not fast and not cheap")] == ["not fast", "not cheap"]
    rubric = compile_rubric(suggested_rubric("There is no closed path."))
    for answer in ("The path is not closed.", "It is not in a closed path.", "No closed path."):
        assert score_answer(rubric, answer).score == 1.0, answer
    assert score_answer(rubric, "The path is closed.").score <= 0.5  # the path, not its state
