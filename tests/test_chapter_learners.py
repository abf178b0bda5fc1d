"""The chapter bank's rubrics against answers written as a learner would: their own words are
evidence, wrong answers in the rubric's words miss the point or draw a misconception, and a
right answer in a misconception's words draws none. Every case was found answering in the app
or with `quiz score`, never taken from the held-out sets."""

from __future__ import annotations

import pytest

from quiz.bank.loader import load_bank
from quiz.bank.model import Bank
from quiz.bank.sources import bank_sources


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(bank_sources())


@pytest.mark.parametrize(
    ("item_id", "wrong", "point"),
    [
        (  # "large" is the base of the comparison's "larger"
            "ch44.q1.f2",
            "CPUs are just as good as GPUs for running a large model, the memory is the same.",
            "comparison",
        ),
        ("ch44.q1.f2", "GPUs are slow compared with a CPU for this.", "consequence"),
        ("ch44.q1.f1", "Spend your money on more memory; bandwidth does not matter.", "payoff"),
        (
            "ch44.q2.f1",
            "It does not matter which one; the correct solution is always to buy more GPUs.",
            "fix-depends",
        ),
        (
            "ch44.q1.f2",
            "CPU memory is as fast as GPU memory, models run faster on CPUs.",
            "consequence",
        ),
        ("ch44.q4.f2", "Quantization has no downsides at all and no support problems.", "support"),
        ("ch44.q4.f1", "PEFT needs a full copy of the model for each task.", "other-benefits"),
        ("ch44.q4.f1", "PEFT updates every weight, so the model stays the same size.", "mechanism"),
        (
            "ch44.q1.f1",
            "There is little bandwidth difference between GPUs, so balance does not matter.",
            "imbalance",
        ),
    ],
)
def test_a_wrong_answer_in_the_rubrics_words_misses_the_point(
    bank: Bank, item_id: str, wrong: str, point: str
) -> None:
    from quiz.grading.rubrics import rubric_of
    from quiz.grading.score import score_answer

    result = score_answer(rubric_of(bank.items[item_id].rubric, bank.lexicon), wrong)
    assert not next(p for p in result.points if p.id == point).hit


def test_a_right_answer_in_the_misconceptions_words_draws_none(bank: Bank) -> None:
    """Found in a mock interview: "at batch size one the bandwidth decides" drew ch44.q1's
    "bandwidth is the amount of memory" through its lexicon variant "bandwidth is the size",
    matched the other way round."""
    from quiz.grading.rubrics import rubric_of
    from quiz.grading.score import score_answer

    rubric = rubric_of(bank.items["ch44.q1"].rubric, bank.lexicon)
    answer = "Every token reads all the weights, so at batch size one the bandwidth decides speed."
    assert not score_answer(rubric, answer).misconceptions
    assert score_answer(rubric, "Bandwidth is the size of the GPU's memory.").misconceptions


@pytest.mark.parametrize(
    ("item_id", "wrong", "right"),
    [
        (
            "ch44.q1.f2",
            "CPU memory is faster than GPU memory because CPUs have big caches and higher clock "
            "speeds, so GPUs are only better at compute.",
            "Unlike CPU memory, GPU memory is faster: HBM gives TB/s where DDR gives tens of GB/s.",
        ),
        (
            "ch44.q3",
            "MBU is the fraction of the GPU's memory capacity that the parameters occupy: "
            "parameters times bytes per parameter divided by the GPU memory size.",
            "MBU is the share of the GPU's memory bandwidth decoding uses: parameters x bytes per "
            "parameter x tokens per second, divided by the GPU's peak memory bandwidth.",
        ),
        (
            "ch44.q4.f1",
            "PEFT trains adapters, but it does not reduce gradients for the base model at all.",
            "With PEFT there are no gradients for the frozen weights, so memory drops.",
        ),
        (
            "ch44.q2",
            "Memory-bound tasks are limited by bandwidth, and bandwidth-bound tasks run out of "
            "memory.",
            "Memory-bound is limited by capacity while bandwidth-bound is limited by bandwidth.",
        ),
        (  # the memory-bound half alone; "memory bandwidth bound" is not "memory-bound"
            "ch44.q2",
            "Memory-bound means slow transfer from memory.",
            "Decoding at batch 1 is memory-bandwidth-bound: it waits for data from HBM.",
        ),
        (
            "ch44.q2",
            "bandwidth bound means you are out of memory and memory bound means slow transfer",
            "memory bound means model doesnt fit in gpu memory bandwidth bound means data "
            "transfer speed limits it",
        ),
    ],
)
def test_a_reversed_or_confused_definition_draws_its_misconception(
    bank: Bank, item_id: str, wrong: str, right: str
) -> None:
    """Found as a learner: a wrong answer that uses the rubric's words ("GPU", "higher";
    "parameters", "divided by") met a point; the right one must not draw the misconception."""
    from quiz.grading.rubrics import rubric_of
    from quiz.grading.score import score_answer

    rubric = rubric_of(bank.items[item_id].rubric, bank.lexicon)
    assert score_answer(rubric, wrong).misconceptions
    assert not score_answer(rubric, right).misconceptions


@pytest.mark.parametrize(
    ("item_id", "answer", "point", "evidence"),
    [
        (
            "ch44.q1.f1",
            "With a fast bus but too little VRAM the model simply won't fit, and if the memory is "
            "slow every token waits on the weights.",
            "two-limits",
            {"won't fit", "memory is slow"},
        ),
        (
            "ch44.q1",
            "Every new token reads all the weights, so generation speed is capped by that rate.",
            "efficiency-latency",
            {"generation speed"},
        ),
        (
            "ch44.q3",
            "The ratio tells you how close decoding is to what the memory bandwidth allows.",
            "significance",
            {"how close", "memory bandwidth"},
        ),
        (
            "ch44.q4",
            "Once the weights and optimizer states spill over the GPU's memory, training stops.",
            "definition-causes",
            {"spill over", "optimizer states"},
        ),
        (
            "ch44.q4.f1",
            "LoRA trains small adapters, so you do not need gradients for the whole model.",
            "memory-saved",
            {"not need gradients"},
        ),
        (
            "ch44.q7.f1",
            "They look alike but need different fixes, and alone memory use hides a GPU starved "
            "for data.",
            "together",
            {"different fixes"},
        ),
        (
            "ch44.q2",
            "A bandwidth-bound task fits but spends its time waiting on data from memory.",
            "definitions",
            {"waiting on data"},
        ),
        (
            "ch44.q2",
            "A bandwidth-bound job fits, but the chip reads the weights from HBM slower than it "
            "computes.",
            "definitions",
            {"reads the weights from HBM slower"},
        ),
        (
            "ch44.q4",
            "Weights, gradients and optimizer states can run out of VRAM, forcing smaller batches.",
            "consequences",
            {"smaller batches"},
        ),
        (
            "ch44.q4",
            "Weights, gradients and optimizer states can run out of VRAM, forcing smaller batches.",
            "definition-causes",
            {"out of VRAM"},
        ),
        (
            "ch44.q5",
            "Keep the context short and reuse the KV cache between sentences.",
            "strategies",
            {"reuse the KV cache"},
        ),
        (
            "ch44.q1.f2",
            "DDR gives tens of GB/s, so running a large model on a CPU is painfully slow.",
            "consequence",
            {"CPU is painfully slow"},
        ),
        (
            "ch44.q1.f1",
            "Lots of memory with poor bandwidth, or the reverse, both waste money.",
            "payoff",
            {"waste money"},
        ),
        (
            "ch44.q6.f2",
            "Compare the outputs on a held out set and look at how long generation takes.",
            "fair-comparison",
            {"held out set"},
        ),
        (
            "ch44.q3",
            "Close to peak is the goal; below it you leave bandwidth on the table.",
            "high-vs-low",
            {"on the table"},
        ),
        (
            "ch44.q3",
            "Low MBU means you're leaving bandwidth on the table, e.g. 7B fp16 at 100 tok/s.",
            "worked-example",
            {"e.g", "7B"},
        ),
        (
            "ch44.q4.f2",
            "Accuracy can drop, and not every GPU supports the low-bit formats.",
            "support",
            {"not every GPU"},
        ),
        (
            "ch44.q5",
            "More tokens means more decode steps, so latency grows.",
            "impact",
            {"more decode steps"},
        ),
        (
            "ch44.q7.f2",
            "Nsight for kernels and torch.cuda.max_memory_allocated in PyTorch.",
            "framework",
            {"torch.cuda"},
        ),
        (
            "ch44.q4.f1",
            "The base is frozen, so there are no gradients or optimiser states for most weights.",
            "memory-saved",
            {"no gradients or optimiser states for"},
        ),
        (
            "ch44.q3",
            "It shows how efficiently decoding uses the memory bandwidth.",
            "significance",
            {"how efficiently", "memory bandwidth"},
        ),
        (  # a learner writing simple English
            "ch44.q1",
            "The model must take all weights from memory for every new word it makes.",
            "token-processing",
            {"new word", "all weights from memory"},
        ),
        (
            "ch44.q2.f1",
            "If you know which one it is, you can choose the correct solution.",
            "fix-depends",
            {"know which one"},
        ),
        (
            "ch44.q5.f1",
            "A word can depend on words before, like he or she; else the translation is not "
            "consistent.",
            "coherence",
            {"not consistent"},
        ),
        (
            "ch44.q6.f2",
            "I check the quality with a metric of the task.",
            "task-metric",
            {"metric of the task"},
        ),
        (
            "ch44.q6.f1",
            "Beam search can help translation but it is more expensive.",
            "cost",
            {"more expensive"},
        ),
        (
            "ch44.q7",
            "How close are we to the card's capacity, and what MBU do we reach?",
            "metrics",
            {"card's capacity", "MBU"},
        ),
        (  # simple English again
            "ch44.q2",
            "Bandwidth-bound means the model fits, but memory gives the data slowly, so the chip "
            "waits.",
            "definitions",
            {"chip waits"},
        ),
        (
            "ch44.q3",
            "High is good; low means the GPU is not used well.",
            "high-vs-low",
            {"High is good", "not used well"},
        ),
        (
            "ch44.q4.f2",
            "Some GPUs don't support it well, and you must test the model again.",
            "support",
            {"don't support it"},
        ),
        (
            "ch44.q4.f2",
            "Some GPUs don't support it well, and you must test the model again.",
            "effort",
            {"test the model again"},
        ),
        (
            "ch44.q5.f2",
            "I measure the time for each sentence before and after.",
            "latency",
            {"time for each sentence"},
        ),
        (
            "ch44.q1.f1",
            "With much memory but little bandwidth the model is slow.",
            "imbalance",
            {"but little bandwidth"},
        ),
        (  # round eight
            "ch44.q4.f1",
            "PEFT changes few weights, the big model stays the same; adapters change for each "
            "task.",
            "other-benefits",
            {"change for each task"},
        ),
        (
            "ch44.q6.f1",
            "Math tasks need the correct answer; beam search needs more time.",
            "cost",
            {"more time"},
        ),
    ],
)
def test_a_learners_own_words_are_evidence(
    bank: Bank, item_id: str, answer: str, point: str, evidence: set[str]
) -> None:
    """Found as a learner: "won't fit" says what capacity limits (a negation that is the
    concept, not its denial), "slow memory" what bandwidth limits, "generation speed" is latency,
    "how close" to the bandwidth is what MBU tells, "spill over" the memory is a bottleneck,
    "not need gradients" is where PEFT saves memory, "different fixes" why both metrics count."""
    from quiz.grading.rubrics import rubric_of
    from quiz.grading.score import score_answer

    result = score_answer(rubric_of(bank.items[item_id].rubric, bank.lexicon), answer)
    found = next(p for p in result.points if p.id == point)
    assert {e.text for e in found.evidence} >= evidence
