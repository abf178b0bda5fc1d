"""The calculator core: every number the app shows comes from these functions.

Each function takes SI values (bytes, seconds, B/s, FLOP/s, counts) and returns a Result: the value,
its dimensions, display text, and the worked steps with the numbers substituted. They live in
`result` (the Result type, dtypes), `memory`, `decode` and `roofline`; this module gathers them so
callers write `core.mbu(...)`. Which of them `quiz calc` and templates can ask for, with their
inputs, is `quiz.calc.quantities`.
"""

from quiz.calc.decode import decode_ceiling, mbu, min_batch_for_throughput, required_bandwidth
from quiz.calc.memory import finetune, kv_cache, lora_params, max_batch, weights
from quiz.calc.result import (
    DTYPE_BYTES,
    FULL_FINETUNE_CONVENTIONS,
    LORA_ADAPTER_BYTES,
    QLORA_ADAPTER_BYTES,
    Result,
    dtype_bytes,
)
from quiz.calc.roofline import intensity, mfu, ridge, roofline_time

__all__ = [
    "DTYPE_BYTES",
    "FULL_FINETUNE_CONVENTIONS",
    "LORA_ADAPTER_BYTES",
    "QLORA_ADAPTER_BYTES",
    "Result",
    "decode_ceiling",
    "dtype_bytes",
    "finetune",
    "intensity",
    "kv_cache",
    "lora_params",
    "max_batch",
    "mbu",
    "mfu",
    "min_batch_for_throughput",
    "required_bandwidth",
    "ridge",
    "roofline_time",
    "weights",
]
