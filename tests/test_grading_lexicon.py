"""The lexicon read by every rubric: its groups widen each concept's forms, groups sharing a
term merge, and a term is replaced as the word it is (inflected or not), never as another word
of its stem."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from quiz.bank.loader import load_text, validated
from quiz.bank.schema import RubricPoint
from quiz.grading import lexicon as lexicon_module
from quiz.grading.compiled import compile_rubric
from quiz.grading.lexicon import expand
from quiz.grading.match import unpinned
from quiz.grading.score import score_answer

LEXICON = load_text(
    "lexicon:\n  - terms: [weights, parameters]\n  - terms: [capacity, amount of memory]\n"
).lexicon


@pytest.mark.parametrize(
    ("form", "answer"),
    [
        ("weights", "Each step reads all the parameters."),
        ("model weights", "The model parameters are streamed."),  # a term inside a phrase
        ("memory capacity", "The memory amount of memory is too small."),
        ("capacity", "It runs out of the amount of memory."),  # a phrase term
    ],
)
def test_the_lexicon_widens_every_concept(form: str, answer: str) -> None:
    point = validated(RubricPoint, {"id": "p", "criterion": "c", "concepts": [{"forms": [form]}]})
    assert score_answer(compile_rubric([point], LEXICON), answer).points[0].hit
    assert not score_answer(compile_rubric([point]), answer).points[0].hit  # without it


def test_a_variant_keeps_the_word_order_of_its_form() -> None:
    """ "bandwidth is the amount of memory" has three content words, so its order is fixed; its
    variant "bandwidth is the capacity" has two, and must not match reversed ("at batch
    capacity one the bandwidth decides" is no such claim)."""
    point = validated(
        RubricPoint,
        {
            "id": "p",
            "criterion": "c",
            "concepts": [{"forms": ["bandwidth is the amount of memory"]}],
        },
    )
    compiled = compile_rubric([point], LEXICON)
    assert score_answer(compiled, "Bandwidth is the capacity of the card.").points[0].hit
    assert not score_answer(compiled, "At full capacity the bandwidth decides.").points[0].hit
    two = validated(
        RubricPoint, {"id": "p", "criterion": "c", "concepts": [{"forms": ["weights streamed"]}]}
    )  # a form of two content words matches either way round, and so do its variants
    answer = "It streamed the parameters."
    assert score_answer(compile_rubric([two], LEXICON), answer).points[0].hit


def test_groups_sharing_a_term_are_one_group() -> None:
    extended = load_text("lexicon:\n  - terms: [parameters, coefficients]\n").lexicon
    point = validated(
        RubricPoint, {"id": "p", "criterion": "c", "concepts": [{"forms": ["weights"]}]}
    )
    compiled = compile_rubric([point], LEXICON + extended)
    assert score_answer(compiled, "It reads all the coefficients.").points[0].hit


def test_the_packaged_lexicon_is_read_by_every_rubric() -> None:
    from quiz.bank.loader import load_bank
    from quiz.bank.sources import bank_sources
    from quiz.grading.rubrics import score_item

    bank = load_bank(bank_sources())
    item = bank.items["ch44.q4"]
    answer = "Use parameter efficient fine-tuning and reduced precision weights."
    with_lexicon = score_item(item, answer, bank.lexicon)
    without = score_item(item, answer, ())
    strategies = [p.id for p in with_lexicon.points].index("strategies")
    assert with_lexicon.points[strategies].hit  # PEFT and quantization, in other words
    assert not without.points[strategies].hit


def texts(forms: list[str]) -> list[str]:
    """The forms without their pin marks."""
    return [unpinned(form)[1] for form in forms]


SENSES = load_text(
    "lexicon:\n  - terms: [token, output word]\n  - terms: [speed, rate]\n"
    "  - terms: [weights, parameters, model weights]\n  - terms: [consistency, coherence]\n"
).lexicon


@pytest.mark.parametrize(
    ("form", "wrong"),
    [
        ("better tokenizer", "better output word"),  # a tokenizer is not a token
        ("human ratings", "human speed"),  # ratings are not a rate
        ("consistent translations", "coherence translations"),
    ],
)
def test_the_lexicon_replaces_a_word_not_its_derivatives(form: str, wrong: str) -> None:
    assert wrong not in texts(expand([form], SENSES))
    point = validated(RubricPoint, {"id": "p", "criterion": "c", "concepts": [{"forms": [form]}]})
    assert not score_answer(compile_rubric([point], SENSES), f"It is the {wrong}.").points[0].hit


@pytest.mark.parametrize(
    ("form", "variant"),
    [
        ("tokens per sentence", "output word per sentence"),  # a plural is the word
        ("rates drop", "speed drop"),
        ("weights streamed", "model weights streamed"),
    ],
)
def test_the_lexicon_still_replaces_an_inflected_word(form: str, variant: str) -> None:
    assert variant in texts(expand([form], SENSES))


@pytest.mark.parametrize(
    ("form", "variant", "doubled"),
    [
        ("time per output token", "time per output word", "output output word"),
        ("model parameters", "model weights", "model model"),
    ],
)
def test_a_variant_does_not_repeat_the_word_next_to_its_term(
    form: str, variant: str, doubled: str
) -> None:
    variants = texts(expand([form], SENSES))
    assert variant in variants
    assert not any(doubled in v for v in variants)


def test_a_group_naming_terms_of_two_groups_joins_all_three() -> None:
    lexicon = load_text(
        "lexicon:\n  - terms: [weights, parameters]\n  - terms: [speed, rate]\n"
        "  - terms: [rate, parameters, knob]\n"
    ).lexicon
    assert set(expand(["weights"], lexicon)) == {"weights", "parameters", "speed", "rate", "knob"}


def test_groups_sharing_only_a_stem_stay_apart() -> None:
    lexicon = load_text(
        "lexicon:\n  - terms: [token, output word]\n  - terms: [tokenizer, segmenter]\n"
    ).lexicon
    assert expand(["token"], lexicon) == ["token", "output word"]
    assert expand(["tokenizer"], lexicon) == ["tokenizer", "segmenter"]


def _lexicon_text(count: int, hub: bool) -> str:
    """`count` groups: each of its own ([alpha0 beta, gamma0]...), or all sharing one term."""
    shared = "kv cache" if hub else "alpha{0} beta"
    rows = [f"  - terms: [{shared.format(i)}, gamma{i} delta]\n" for i in range(count)]
    return "lexicon:\n" + "".join(rows)


def _comparisons(
    monkeypatch: pytest.MonkeyPatch, run: Callable[[], object], name: str = "same_word"
) -> int:
    """How many comparisons (calls of the lexicon's `name`: words or terms) `run` makes."""
    calls = [0]
    real = getattr(lexicon_module, name)

    def counted(first: Any, second: Any) -> bool:
        calls[0] += 1
        return bool(real(first, second))

    monkeypatch.setattr(lexicon_module, name, counted)
    run()
    monkeypatch.undo()
    return calls[0]


@pytest.mark.parametrize("hub", [False, True])
def test_the_lexicon_compiles_in_linear_work(monkeypatch: pytest.MonkeyPatch, hub: bool) -> None:
    """Counted, not timed: the comparisons made to merge groups grow with the groups, not with
    their square (200,000 groups that all share "KV cache" once took minutes)."""
    counts = []
    for size in (400, 800):
        groups = load_text(_lexicon_text(size, hub)).lexicon
        counts.append(_comparisons(monkeypatch, partial(expand, ["kv cache"], groups)))
    assert counts[1] <= 2 * counts[0] + 8, counts
    assert counts[1] <= 4 * 2 * 800, counts  # a few per term


def test_interchangeable_looks_up_its_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lint asks it once per pair of opposites: it must not walk every group each time."""
    groups = load_text(_lexicon_text(2000, hub=False)).lexicon
    assert lexicon_module.interchangeable(groups, "alpha5 beta", "gamma5 delta")
    asked = _comparisons(
        monkeypatch,
        lambda: lexicon_module.interchangeable(groups, "alpha7 beta", "gamma8 delta"),
        "_same_term",
    )
    assert asked <= 8


def test_the_loader_gathers_the_lexicon_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding each group to a tuple copied the tuple every time (quadratic in the groups)."""
    from quiz.bank import loader
    from quiz.bank.model import Bank

    assigned: list[int] = []

    class CountingBank(Bank):
        def __setattr__(self, name: str, value: object) -> None:
            if name == "lexicon":
                assigned.append(len(value))  # type: ignore[arg-type]
            super().__setattr__(name, value)

    monkeypatch.setattr(loader, "Bank", CountingBank)
    bank = load_text(_lexicon_text(300, hub=False))
    assert len(bank.lexicon) == 300
    assert len(assigned) <= 2, assigned[:5]
