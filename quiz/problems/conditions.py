"""Template conditions ('answer <= 1', 'weights < gpu_memory'): two formulas and a comparison."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from quiz.problems.formula import Compiled, Env, FormulaError, compile_formula

_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}
_SPLIT = re.compile(r"(<=|>=|<|>)")


@dataclass(frozen=True, slots=True)
class Condition:
    text: str
    left_text: str
    op: str
    right_text: str
    left: Compiled
    right: Compiled

    def holds(self, env: Env) -> bool:
        return _OPERATORS[self.op](self.left(env), self.right(env))


def compile_condition(text: str, names: frozenset[str] | set[str]) -> Condition:
    parts = _SPLIT.split(text)
    if len(parts) != 3:
        raise FormulaError(
            f"a condition is 'left op right' with exactly one of <, <=, >, >=: {text!r}"
        )
    left, op, right = (part.strip() for part in parts)
    return Condition(
        text, left, op, right, compile_formula(left, names), compile_formula(right, names)
    )
