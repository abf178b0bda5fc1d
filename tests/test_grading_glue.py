"""Glue and salad (issue 32): keywords stuffed into nonsense earn no point, while the same
keywords in sentences that relate them keep theirs (the stuffing family)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from quiz.bank.loader import load_bank, validated
from quiz.bank.schema import RubricPoint
from quiz.bank.sources import bank_sources
from quiz.grading.compiled import compile_rubric
from quiz.grading.glue import is_foreign
from quiz.grading.rubrics import rubric_of, score_item
from quiz.grading.score import score_answer
from tests.conftest import DATA

ROOT = DATA.parent.parent

BANK = load_bank(bank_sources())


def score(item_id: str, answer: str) -> float:
    item = BANK.get(item_id)
    assert item is not None
    return score_item(item, answer, BANK.lexicon).score


@pytest.mark.parametrize(
    ("item_id", "answer"),
    [
        (  # the issue's own example: nonsense predicates around every keyword
            "ch44.q1",
            "Bandwidth is the rate at which GPU memory turns into cheese; tokens are processed by "
            "pigeons, latency is a musical note and efficiency is a vegetable; the bottleneck is "
            "at batch size 1 on Tuesdays.",
        ),
        (  # a run of "X is the Y of the Z"
            "ch44.q1",
            "Bandwidth is the latency of the tokens of the efficiency of the bottleneck of the GPU "
            "memory of the decoding.",
        ),
        (
            "ch44.q1",
            "GPU memory is the rate of the latency of the tokens, the efficiency is the bottleneck "
            "of the decoding, and the throughput is the delay of the processing.",
        ),
        (
            "ch44.q4",
            "Memory bottlenecks are out of memory ferrets chewing the optimizer states; PEFT and "
            "quantization are kinds of yoghurt, and the trade-off is that accuracy loss smells "
            "like a Wednesday.",
        ),
        (
            "ch44.q6",
            "Sampling is the probability distribution of a walrus; context is a blanket, "
            "diversity is a tuba, and top-p and temperature are toppings of a waffle.",
        ),
    ],
)
def test_stuffed_keywords_fail(item_id: str, answer: str) -> None:
    assert score(item_id, answer) < 0.5


@pytest.mark.parametrize(
    ("item_id", "answer"),
    [
        (
            "ch44.q1",
            "Bandwidth is the rate at which data moves from GPU memory; each token needs the "
            "weights read again, so latency rises and efficiency falls when it is low, as at "
            "batch size 1.",
        ),
        (  # a figure of speech ("the pipe") in one clause is not a salad
            "ch44.q1",
            "It's how many bytes per second the card can pull out of its on-package memory, a "
            "pipe to the cores. Each token needs the weights read again, so this caps how fast "
            "tokens are processed; low bandwidth means higher latency and poor efficiency, as in "
            "a chatbot at batch size 1.",
        ),
        (  # typos are the field's words, not foreign ones
            "ch44.q1",
            "Its the speed data moves betwen HBM and the cores, messured in TB/s. At batch size "
            "one the decodeing is limitted by it and the GPU sits idel.",
        ),
    ],
)
def test_the_same_keywords_in_sentences_keep_their_points(item_id: str, answer: str) -> None:
    assert score(item_id, answer) >= 0.5


@pytest.mark.parametrize("word", ["cheese", "pigeons", "vegetable", "tuesdays", "walrus", "hat"])
def test_everyday_nouns_are_foreign(word: str) -> None:
    assert is_foreign(word)


@pytest.mark.parametrize("word", ["bandwith", "idel", "wich", "tokenizers", "quantizing"])
def test_typos_and_family_of_the_fields_words_are_not(word: str) -> None:
    assert not is_foreign(word)


def test_the_field_words_are_the_packaged_banks() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "field_words.py"), "--check"], check=False
    )
    assert done.returncode == 0, "run python bench/field_words.py"


def test_only_items_of_the_field_are_judged_for_foreign_predicates() -> None:
    """The field's words are the packaged bank's: an item of chemistry is of another field, where
    'electrons' is no foreign word (SemEval's science answers lost F1 when it was judged)."""
    point = validated(
        RubricPoint,
        {
            "id": "p",
            "criterion": "c",
            "concepts": [{"forms": ["shared electrons"]}, {"forms": ["covalent bond"]}],
            "min_concepts": 2,
        },
    )
    chemistry = compile_rubric([point])
    assert not chemistry.in_field
    answer = "A covalent bond is shared electrons between atoms; the orbitals overlap in molecules."
    assert score_answer(chemistry, answer).score == 1.0
    assert all(
        rubric_of(item.rubric, BANK.lexicon).in_field for item in BANK.items.values() if item.rubric
    )
