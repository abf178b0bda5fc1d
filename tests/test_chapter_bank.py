"""The shipped chapter 44 bank holds the chapter's own words."""

from __future__ import annotations

import re

import pytest

from quiz.authoring.lint import lint_sources
from quiz.bank.loader import load_bank
from quiz.bank.model import Bank
from quiz.bank.sources import bank_sources
from tests.conftest import DATA

CHAPTER = (DATA / "chapter44.txt").read_text(encoding="utf-8")
PRACTICE = re.findall(
    r"^Q(\d)\. (.+?)\n\nModel answer: (.+?)\n\nRubric: (.+?)\n\nFollow-ups: (.+?)\n",
    CHAPTER,
    re.M | re.S,
)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(bank_sources())


def test_chapter_parse_finds_seven_questions() -> None:
    assert [int(q[0]) for q in PRACTICE] == list(range(1, 8))


def test_shipped_bank_counts(bank: Bank) -> None:
    assert bank.findings == []
    kinds = [item.kind for item in bank.items.values() if item.id.startswith("ch44.q")]
    assert kinds.count("question") == 7
    assert kinds.count("followup") == 16


@pytest.mark.parametrize(("number", "prompt", "answer", "rubric", "follow_ups"), PRACTICE)
def test_question_is_verbatim(
    bank: Bank, number: str, prompt: str, answer: str, rubric: str, follow_ups: str
) -> None:
    item = bank.items[f"ch44.q{number}"]
    assert item.prompt == prompt
    assert item.model_answer == answer
    criteria = [p.criterion for p in item.rubric]
    assert "; ".join(criteria) == rubric
    assert len(criteria) == 4
    assert item.source is not None
    assert (item.source.chapter, item.source.question) == (44, int(number))
    chapter_follow_ups = [f.strip() for f in re.findall(r"[^?]+\?", follow_ups)]
    assert [bank.items[f"ch44.q{number}.f{i}"].prompt for i in (1, 2)] == chapter_follow_ups


def test_interview_follow_ups_are_items(bank: Bank) -> None:
    quoted = re.findall(r"“([^”]+\?)”", CHAPTER)
    assert len(quoted) == 2
    prompts = {item.prompt: item for item in bank.items.values()}
    for text in quoted:
        item = prompts[text]
        assert item.kind == "followup"
        assert item.source is not None and item.source.section == "In an interview"


def test_every_rubric_point_has_concepts_with_three_forms(bank: Bank) -> None:
    for item in bank.items.values():
        for point in item.rubric:
            for concept in point.concepts:
                assert len(concept.forms) >= 3, (item.id, point.id, concept.forms)


def test_question_four_names_the_chapters_trap(bank: Bank) -> None:
    statements = [m.statement for p in bank.items["ch44.q4"].rubric for m in p.misconceptions]
    assert any("memory capacity" in s for s in statements)


def test_shipped_bank_lints_clean() -> None:
    report = lint_sources(bank_sources())
    assert [str(f) for f in report.findings] == []


@pytest.mark.parametrize(
    "answer",
    [
        "Memory-bound means the model or its KV cache does not fit in GPU memory capacity; "
        "bandwidth-bound means it fits but each decode step waits on reading the weights from "
        "HBM, so tokens per second is limited by bandwidth.",
        "A task is memory-bound when the weights don't fit in the GPU's memory, and "
        "bandwidth-bound when they fit but the transfer rate from memory is the limit.",
    ],
)
def test_a_memory_bound_task_defined_as_not_fitting_is_credited(bank: Bank, answer: str) -> None:
    """Found as a learner: "does not fit in memory" is the definition of memory-bound, not a
    denial of memory capacity (the scorer read the negation as one)."""
    from quiz.grading.rubrics import rubric_of
    from quiz.grading.score import score_answer

    item = bank.items["ch44.q2"]
    result = score_answer(rubric_of(item.rubric, bank.lexicon), answer)
    definitions = next(p for p in result.points if p.id == "definitions")
    assert definitions.hit, [e.text for e in definitions.evidence]
