"""Numeric problem templates: seeded generation, the packaged templates, slips and verdicts."""

from __future__ import annotations

import json
import random

import pytest

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.calc import core
from quiz.problems.compiled import compiled, find
from quiz.problems.generate import MAX_SEED, GenerationError, check_answer, generate
from quiz.problems.selfcheck import self_check

BANK = load_bank(bank_sources())
TEMPLATE_IDS = list(BANK.templates)
REQUIRED_QUANTITIES = {
    "mbu.chapter-form": "mbu",
    "mbu.kv-batch": "mbu",
    "decode.ceiling": "decode",
    "decode.bandwidth-needed": "bandwidth",
    "memory.weights": "weights",
    "memory.weights-fit": "weights",
    "memory.kv-cache": "kv-cache",
    "memory.max-batch": "max-batch",
    "finetune.full": "finetune",
    "finetune.lora-params": "lora-params",
    "finetune.qlora-memory": "finetune",
    "roofline.verdict": "intensity",
    "mfu.training": "mfu",
}


def instance(template_id: str, seed: int):  # type: ignore[no-untyped-def]
    template = find(BANK, template_id)
    assert template is not None, template_id
    return generate(template, seed)


def test_the_bank_has_every_required_template() -> None:
    assert not BANK.errors
    assert len(TEMPLATE_IDS) >= 13
    for template_id, quantity in REQUIRED_QUANTITIES.items():
        assert BANK.templates[template_id].template.answer.quantity == quantity
    speedup = BANK.templates["decode.quantization-speedup"].template
    assert {p.quantity for p in speedup.params.values()} >= {"decode", "kv-cache"}
    ridge = BANK.templates["roofline.ridge"].template
    assert ridge.answer.quantity == "ridge"


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_every_template_passes_its_self_check(template_id: str) -> None:
    assert self_check(compiled(BANK.templates[template_id].template)) == []


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_generation_is_deterministic_and_leaves_global_random_alone(template_id: str) -> None:
    random.seed(1234)
    state = random.getstate()
    first = [instance(template_id, seed).to_json() for seed in range(5)]
    assert random.getstate() == state
    again = [instance(template_id, seed).to_json() for seed in range(5)]
    assert first == again
    json.dumps(first)  # JSON-serialisable as it stands


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_a_worked_solution_shows_each_step_once(template_id: str) -> None:
    """A quantity that two calculations both need (the weight bytes of the worked example's
    ceiling and of its MBU) is worked out once in the solution."""
    for seed in range(5):
        steps = instance(template_id, seed).steps
        assert len(steps) == len(set(steps)), steps


def test_seeds_give_different_problems() -> None:
    for template_id in TEMPLATE_IDS:
        if template_id == "ch44.worked-example":
            continue
        prompts = {instance(template_id, seed).prompt for seed in range(20)}
        assert len(prompts) >= 5, template_id


def test_out_of_range_seed_is_refused() -> None:
    template = find(BANK, "memory.weights")
    assert template is not None
    for seed in (-1, MAX_SEED + 1):
        with pytest.raises(GenerationError, match="seed must be between"):
            generate(template, seed)


def test_worked_example_is_267_percent_infeasible_with_erratum() -> None:
    problem = instance("ch44.worked-example", 7)
    assert problem.expected.value == pytest.approx(10e9 * 2 * 200 / 1.5e12)
    assert problem.answer_display == "266.7%"
    assert problem.feasible is False
    assert any("infeasible" in note for note in problem.notes)
    assert problem.erratum is not None
    assert "266.7%" in problem.erratum and "75 tok/s" in problem.erratum
    assert "2.67%" in problem.erratum  # the chapter's own text, kept
    for answer in ("267%", "2.67", "266.7 %", "2.667"):
        assert check_answer(problem, answer).correct, answer
    slip = check_answer(problem, "2.67%")
    assert not slip.correct
    assert slip.diagnosis is not None and "percent vs fraction" in slip.diagnosis


def test_every_named_slip_is_diagnosed_by_name() -> None:
    diagnosed = 0
    for template_id in TEMPLATE_IDS:
        for seed in range(10):
            problem = instance(template_id, seed)
            for diagnosis, wrong in problem.expected.slips:
                verdict = check_answer(problem, problem.unit.show(wrong))
                assert not verdict.correct, (template_id, seed, diagnosis)
                assert verdict.diagnosis == diagnosis, (template_id, seed, verdict.diagnosis)
                diagnosed += 1
    assert diagnosed > 100


def test_kv_batch_slips_are_the_classic_ones() -> None:
    problem = instance("mbu.kv-batch", 2)
    names = " | ".join(d for d, _ in problem.expected.slips)
    assert "KV cache forgotten" in names
    assert "batch counted twice" in names
    assert "per-sequence vs aggregate" in names
    forgot_kv = dict((d.split(":")[0], v) for d, v in problem.expected.slips)["KV cache forgotten"]
    template = BANK.templates["mbu.kv-batch"].template
    assert template.answer.inputs["kv_bytes"] == "kv"
    assert forgot_kv < problem.expected.value


def test_answer_matches_the_calculator_core() -> None:
    problem = instance("roofline.ridge", 3)
    gpu_name = problem.prompt.split("The ")[1].split(" peaks")[0]
    from quiz.calc import presets

    gpu = presets.gpu(gpu_name)
    assert problem.expected.value == pytest.approx(core.ridge(gpu.flops, gpu.bandwidth).value)


def test_answers_in_other_units_and_gib_slip() -> None:
    problem = instance("memory.weights", 4)
    value = problem.expected.value
    assert check_answer(problem, f"{value / 1e6:.6g} MB").correct
    assert check_answer(problem, f"{value:.6g} bytes").correct
    gib = check_answer(problem, f"{value / 1e9:.6g} GiB")
    assert not gib.correct and "GiB" in (gib.diagnosis or "")
    bare = check_answer(problem, f"{value / 1e9:.6g}")
    assert not bare.correct and "missing unit" in (bare.diagnosis or "")


def test_verdict_answers_accept_synonyms_and_explain_the_wrong_one() -> None:
    seen = set()
    for seed in range(40):
        problem = instance("roofline.verdict", seed)
        seen.add(problem.verdict)
        right = problem.verdict
        wrong = "compute-bound" if right == "memory-bound" else "memory-bound"
        spaced = right.replace("-", " ").upper()
        assert check_answer(problem, spaced).correct
        verdict = check_answer(problem, wrong)
        assert not verdict.correct
        assert verdict.diagnosis is not None and verdict.diagnosis.startswith(f"it is {right}")
        unread = check_answer(problem, "42 FLOP/B")
        assert not unread.correct
        assert "could not read" in (unread.diagnosis or "")
        assert "memory-bound" in (unread.diagnosis or "")
        assert "compute-bound" in (unread.diagnosis or "")
    assert seen == {"memory-bound", "compute-bound"}


def test_fit_verdicts_take_yes_and_no() -> None:
    answers = {instance("memory.weights-fit", seed).verdict for seed in range(40)}
    assert answers == {"yes", "no"}
    problem = instance("memory.weights-fit", 0)
    synonyms = {"yes": "Yes, it fits", "no": "it does not fit"}
    assert check_answer(problem, synonyms[problem.verdict or ""]).correct


def test_max_batch_is_exact_and_counts_the_weights() -> None:
    problem = instance("memory.max-batch", 1)
    value = int(problem.expected.value)
    assert check_answer(problem, str(value)).correct
    assert not check_answer(problem, str(value + 1)).correct
    forgot = dict(problem.expected.slips)
    assert any("weights" in d for d in forgot)
