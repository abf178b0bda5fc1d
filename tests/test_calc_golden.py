"""Every public golden case, through the API and through `quiz calc`."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from quiz.calc import core, presets
from quiz.calc.units import BYTES, UNIT_FACTORS, parse_quantity
from quiz.cli import main
from quiz.problems.tolerance import Tolerance
from tests.conftest import DATA

GOLDEN = json.loads((DATA / "golden_public.json").read_text(encoding="utf-8"))
CASES = GOLDEN["cases"]
GIB, MIB = 2**30, 2**20


def unit_scale(unit: str) -> float:
    """Factor from the golden case's unit to SI (bytes stay bytes, microseconds to seconds)."""
    if unit.startswith("GiB"):
        return GIB
    if unit.startswith("MiB"):
        return MIB
    if unit.startswith("GB"):
        return 1e9
    if unit.startswith("microseconds"):
        return 1e-6
    return 1.0


def within(value: float, case: dict[str, Any]) -> bool:
    expected = case["answer"] * unit_scale(case["unit"])
    tol = case["tolerance"]
    if tol["type"] == "relative":
        return math.isclose(value, expected, rel_tol=tol["value"])
    return bool(abs(value - expected) <= tol["value"] * unit_scale(case["unit"]) + 1e-9)


def api(case: dict[str, Any]) -> float:
    i, kind = case["inputs"], case["kind"]
    if kind == "mbu":
        tps = i.get("tokens_per_s_batch1")
        if "aggregate_tokens_per_s" in i:
            tps = i["aggregate_tokens_per_s"] / i["batch"]
        return core.mbu(i["params"], i["bytes_per_param"], i["peak_bw_B_per_s"],
                        tokens_per_second=tps, tpot=i.get("TPOT_s"),
                        batch=i.get("batch", 1)).value  # fmt: skip
    if kind == "max_decode_tokens_per_s_batch1":
        kv = 0.0
        if i.get("context_tokens"):
            m = presets.model(i["model"])
            kv = core.kv_cache(m.layers, m.kv_heads, m.head_dim, i["context_tokens"], 1,
                               i["kv_bytes_per_elem"]).value  # fmt: skip
        params = i.get("params", i.get("params_read_per_token"))
        return core.decode_ceiling(params, i["bytes_per_param"], i["peak_bw_B_per_s"], kv).value
    if kind == "min_batch_for_throughput":
        return core.min_batch_for_throughput(i["params"], i["bytes_per_param"],
                                             i["peak_bw_B_per_s"],
                                             i["aggregate_tokens_per_s"]).value  # fmt: skip
    if kind == "weight_memory":
        return core.weights(i["params"], core.dtype_bytes(i["dtype"])).value
    if kind == "kv_cache_bytes":
        return core.kv_cache(i["layers"], i["kv_heads"], i["head_dim"], i["tokens"], i["batch"],
                             i["bytes_per_elem"]).value  # fmt: skip
    if kind == "kv_cache_ratio":
        m = presets.model(i["model"])
        mha = core.kv_cache(m.layers, m.heads, m.head_dim, 1).value
        return mha / core.kv_cache(m.layers, m.kv_heads, m.head_dim, 1).value
    if kind == "kv_cache_sliding_window":
        m = presets.model(i["model"])
        return core.kv_cache(m.layers, m.kv_heads, m.head_dim, i["context_tokens"], i["batch"],
                             i["bytes_per_elem"], m.sliding_window).value  # fmt: skip
    if kind == "max_batch_from_memory":
        m = presets.model(i["model"])
        kv = m.kv_bytes_per_token(2)
        tokens, util = i["context_tokens_per_seq"], i["memory_utilization"]
        return core.max_batch(i["gpu_memory_B"], i["weights_bytes"], kv, tokens, util).value
    if kind == "full_finetune_memory":
        return core.finetune(i["params"], "full", i["bytes_per_param"]).value
    if kind == "full_finetune_gpus":
        return float(math.ceil(core.finetune(i["params"], "full", 16).value / i["gpu_memory_B"]))
    if kind == "accelerate_estimate":
        return core.finetune(i["params"], "full", 16).value  # fp32 Adam: 4 x 4 B/param
    if kind == "lora_trainable_params":
        m = presets.model(i["model"])
        shapes = m.linear_shapes()
        if isinstance(i["target_modules"], list):
            shapes = {t: shapes[t] for t in i["target_modules"]}
        return core.lora_params(m.layers, shapes, i["r"]).value
    if kind == "lora_memory":
        m = presets.model(i["model"])
        return core.finetune(m.params, "lora", lora_params=i["lora_params"]).value
    if kind == "qlora_memory":
        m = presets.model(i["model"])
        if "lora_params" not in i:
            return core.weights(m.params, core.dtype_bytes("nf4")).value
        return core.finetune(m.params, "qlora", lora_params=i["lora_params"]).value
    if kind == "ridge_point":
        return core.ridge(i["peak_bf16_dense_FLOP_per_s"], i["peak_bw_B_per_s"]).value
    if kind == "arithmetic_intensity":
        return core.intensity(i["tokens_T"], i["d_in"], i["d_out"], i["bytes_per_elem"]).value
    if kind == "roofline_time":
        return core.roofline_time(i["FLOPs"], i["bytes"], i["peak_FLOP_per_s"],
                                  i["peak_bw_B_per_s"]).value  # fmt: skip
    if kind == "critical_batch":
        return float(math.ceil(i["ridge_FLOP_per_B"]))
    if kind == "mfu":
        if "chips" in i:
            return core.mfu(i["params_N"], i["tokens_per_s"],
                            i["chips"] * i["peak_per_chip_FLOP_per_s"], "train", i["layers_L"],
                            i["heads_H"], i["head_dim_Q"], i["seq_T"]).value  # fmt: skip
        m = presets.model(i["model"])
        return core.mfu(i["params"], i["tokens_per_s_per_gpu"], i["peak_FLOP_per_s"], "train",
                        m.layers, m.heads, m.head_dim, i["seq_T"]).value  # fmt: skip
    if kind == "moodle_tolerance":
        kind_name = i["type"].split()[0]
        return Tolerance(kind_name, i["tolerance"]).bounds(i["answer"])[0]
    if kind == "moodle_units":
        value = parse_quantity(f"{i['answer_in_unit1']} {i['unit1']}", BYTES).value
        assert UNIT_FACTORS[i["unit2"]] == GIB
        return value  # bytes; compared with the answer in GiB x 2^30
    raise AssertionError(f"no API mapping for golden kind {kind!r}")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case_through_api(case: dict[str, Any]) -> None:
    assert within(api(case), case), (case["id"], api(case), case["answer"])


# The same cases through `quiz calc ... --json`, where the command covers the quantity.
CLI: dict[str, list[str]] = {
    "mbu_seed_example_corrected": ["mbu", "--params", "10B", "--bytes-per-param", "2",
                                   "--tokens-per-second", "200", "--bandwidth", "1.5TB/s"],
    "mbu_llama2_7b_a100_80gb_batch1_no_kv": ["mbu", "--model", "Llama-2-7B", "--dtype", "bf16",
                                             "--tpot", "10ms", "--gpu", "A100-80GB-SXM"],
    "mbu_llama3_8b_h100_batch1_without_kv": ["mbu", "--model", "Llama-3-8B", "--tpot", "8 ms",
                                             "--gpu", "H100-SXM"],
    "mbu_7b_a100_batch8_from_aggregate_throughput": ["mbu", "--params", "7e9", "--batch", "8",
                                                     "--tokens-per-second", "50",
                                                     "--bandwidth", "2039 GB/s"],
    "decode_ceiling_seed_example": ["decode", "--params", "10B", "--bytes-per-param", "2",
                                    "--bandwidth", "1.5TB/s"],
    "ceiling_llama2_70b_fp16_h200": ["decode", "--model", "Llama-2-70B", "--dtype", "fp16",
                                     "--gpu", "H200-SXM"],
    "ceiling_mixtral_active_bf16_mi300x": ["decode", "--model", "Mixtral-8x7B", "--gpu", "MI300X"],
    "ceiling_llama3_70b_fp8_h200_ctx32k_fp16kv": ["decode", "--model", "Llama-3-70B", "--dtype",
                                                  "fp8", "--gpu", "H200-SXM",
                                                  "--kv-bytes", "10737418240 B"],
    "min_batch_for_seed_throughput": ["min-batch", "--params", "10B", "--bytes-per-param", "2",
                                      "--bandwidth", "1.5TB/s", "--tokens-per-second", "200"],
    "weights_llama3_70b_fp32_GB": ["weights", "--model", "Llama-3-70B", "--dtype", "fp32"],
    "weights_llama3_70b_int8_GB": ["weights", "--model", "Llama-3-70B", "--dtype", "int8"],
    "weights_llama3_70b_bf16_GiB": ["weights", "--model", "Llama-3-70B", "--dtype", "bf16"],
    "weights_bert_base_cased_fp32_MiB_accelerate_style": ["weights", "--params", "108310272",
                                                          "--dtype", "fp32"],
    "kv_llama2_7b_fp16_4k_b1_GiB": ["kv-cache", "--model", "Llama-2-7B", "--tokens", "4096"],
    "kv_llama3_8b_bf16_8k_b32_GiB": ["kv-cache", "--model", "Llama-3-8B", "--tokens", "8192",
                                     "--batch", "32"],
    "kv_qwen25_7b_bf16_3072_b1_GB": ["kv-cache", "--layers", "28", "--kv-heads", "4",
                                     "--head-dim", "128", "--tokens", "3072"],
    "kv_phi3_mini_fp16_4096_b1_GiB": ["kv-cache", "--model", "Phi-3-mini-4k", "--tokens", "4096",
                                      "--dtype", "fp16"],
    "kv_mistral_7b_rolling_buffer_32k_ctx": ["kv-cache", "--model", "Mistral-7B", "--tokens",
                                             "32768"],
    "max_concurrent_seqs_llama3_8b_80GB": ["max-batch", "--model", "Llama-3-8B", "--memory",
                                           "80GB", "--tokens", "8192"],
    "fullft_llama2_7b_adamw_16Bpp_GB": ["finetune", "--model", "Llama-2-7B"],
    "fullft_llama2_7b_adamw_18Bpp_HF_GB": ["finetune", "--model", "Llama-2-7B", "--convention",
                                           "18"],
    "lora_params_llama2_7b_r8_qv": ["lora-params", "--model", "Llama-2-7B", "--rank", "8",
                                    "--targets", "q_proj,v_proj"],
    "qlora_65b_r64_all_linear_lora_params": ["lora-params", "--model", "LLaMA-65B", "--rank", "64",
                                             "--targets", "all"],
    "lora_memory_llama2_7b_bf16_base_r8_qv": ["finetune", "--model", "Llama-2-7B", "--method",
                                              "lora", "--rank", "8"],
    "qlora_65b_base_weights_nf4_dq_GB": ["weights", "--model", "LLaMA-65B", "--dtype", "nf4"],
    "qlora_65b_total_model_states_GB": ["finetune", "--model", "LLaMA-65B", "--method", "qlora",
                                        "--rank", "64", "--targets", "all"],
    "ridge_point_H100-SXM": ["ridge", "--gpu", "H100-SXM"],
    "ridge_point_A100-40GB-SXM": ["ridge", "--flops", "312e12 FLOP/s", "--bandwidth", "1555 GB/s"],
    "ai_gemv_decode_b1_d4096_h100": ["intensity", "--tokens", "1", "--d-in", "4096", "--d-out",
                                     "4096", "--gpu", "H100-SXM"],
    "ai_decode_b256_d4096_a100_40gb": ["intensity", "--tokens", "256", "--d-in", "4096",
                                       "--d-out", "4096", "--gpu", "A100-40GB-SXM"],
    "ai_decode_b64_d4096_l4": ["intensity", "--tokens", "64", "--d-in", "4096", "--d-out", "4096"],
    "time_lower_bound_prefill_gemm_h100_us": ["roofline-time", "--flop", "68719476736", "--bytes",
                                              "67108864 B", "--gpu", "H100-SXM"],
    "mfu_palm_540b_reproduction": ["mfu", "--params", "540.35e9", "--tokens-per-second", "238300",
                                   "--flops", "275e12 FLOP/s", "--gpus", "6144", "--layers", "118",
                                   "--heads", "48", "--head-dim", "256", "--seq-len", "2048"],
    "mfu_llama2_7b_train_a100_with_attn": ["mfu", "--model", "Llama-2-7B",
                                           "--tokens-per-second", "3000", "--gpu",
                                           "A100-80GB-SXM", "--seq-len", "4096"],
}  # fmt: skip


@pytest.mark.parametrize("case_id", list(CLI))
def test_golden_case_through_cli(case_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    case = next(c for c in CASES if c["id"] == case_id)
    assert main(["calc", *CLI[case_id], "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert within(doc["value"], case), (case_id, doc["value"], case["answer"])
    assert doc["steps"] and doc["inputs"]
    if case.get("infeasible"):
        assert doc["feasible"] is False


def test_cli_covers_most_golden_cases() -> None:
    assert len(CLI) >= 30


def test_chapter_example_is_flagged_with_remedies(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", *CLI["mbu_seed_example_corrected"]]) == 0
    out = capsys.readouterr().out
    assert "2.667 (266.7%)" in out and "INFEASIBLE" in out
    assert "75 tokens/s" in out
    for remedy in ("shard", "quantize to int4", "batch at least 3", "speculative decoding"):
        assert remedy in out


def test_intensity_verdicts_follow_the_ridge_point() -> None:
    h100, a100 = presets.gpu("H100-SXM"), presets.gpu("A100-40GB-SXM")
    b256 = core.intensity(256, 4096, 4096)
    assert b256.value > a100.flops / a100.bandwidth
    assert b256.value < h100.flops / h100.bandwidth
    assert core.intensity(256, 4096, 4096, ridge_point=a100.flops / a100.bandwidth).notes == [
        "compute-bound"
    ]
    assert core.intensity(256, 4096, 4096, ridge_point=h100.flops / h100.bandwidth).notes == [
        "memory-bound"
    ]


def test_decode_batch_reports_the_aggregate(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["calc", "decode", "--params", "7B", "--dtype", "bf16", "--bandwidth", "2TB/s"]
    assert main([*argv, "--json"]) == 0
    single = json.loads(capsys.readouterr().out)
    assert main([*argv, "--batch", "8", "--kv-bytes", "2GB", "--json"]) == 0
    batched = json.loads(capsys.readouterr().out)
    assert single["value"] == pytest.approx(2e12 / 14e9)
    assert batched["value"] == pytest.approx(2e12 / 16e9)  # per sequence: weights + batch's KV
    assert batched["inputs"]["batch"] == "8"
    aggregate = 8 * 2e12 / 16e9
    assert any(f"= {aggregate:,.0f} tokens/s" in step for step in batched["steps"])
    assert any("aggregate over the batch: 1,000 tokens/s" in note for note in batched["notes"])


def test_required_bandwidth(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["calc", "bandwidth", "--params", "7B", "--dtype", "bf16", "--tokens-per-second", "50"]
    assert main([*argv, "--mbu", "70%", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["value"] == pytest.approx(14e9 * 50 / 0.7)
    assert doc["unit"] == "B/s"
    mbu = core.mbu(7e9, 2, doc["value"], tokens_per_second=50)
    assert mbu.value == pytest.approx(0.7)  # the inverse of MBU
