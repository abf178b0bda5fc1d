"""Authored formulas: a whitelist evaluator over Python's parsed AST. Never eval.

Allowed: numbers, names bound by the template, + - * / **, unary minus, parentheses, and the calls
min, max, ceil, floor. Everything else (attributes, subscripts, lambdas, comprehensions, strings,
keywords, comparisons, ...) is refused with a message naming it. Sizes are bounded before parsing
(length, nesting) and while evaluating (exponent, magnitude): no formula can hang or exhaust memory.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping

MAX_LENGTH = 500
MAX_NESTING = 32
MAX_NODES = 200
MAX_EXPONENT = 64
MAX_MAGNITUDE = 1e300

Env = Mapping[str, float]
Compiled = Callable[[Env], float]


class FormulaError(ValueError):
    """A formula that is not allowed or cannot be evaluated; the message says why."""


_FUNCTIONS: dict[str, tuple[Callable[..., float], int, int]] = {
    "min": (min, 2, 16),
    "max": (max, 2, 16),
    "ceil": (lambda x: float(math.ceil(x)), 1, 1),
    "floor": (lambda x: float(math.floor(x)), 1, 1),
}


def _check_size(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula is {len(text):,} characters; the limit is {MAX_LENGTH}")
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    if deepest > MAX_NESTING:
        raise FormulaError(f"formula nests {deepest} levels deep; the limit is {MAX_NESTING}")


def _bounded(value: float) -> float:
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise FormulaError("result is too large or not a number")
    return value


def _power(base: float, exponent: float) -> float:
    if abs(exponent) > MAX_EXPONENT:
        raise FormulaError(f"exponent {exponent:g} is beyond the limit of {MAX_EXPONENT}")
    if base == 0 and exponent < 0:
        raise FormulaError("zero raised to a negative power")
    if base < 0 and not float(exponent).is_integer():
        raise FormulaError("negative number raised to a fractional power")
    try:
        return _bounded(float(base) ** exponent)
    except OverflowError:
        raise FormulaError("result is too large") from None


def _divide(a: float, b: float) -> float:
    if b == 0:
        raise FormulaError("division by zero")
    return _bounded(a / b)


_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: lambda a, b: _bounded(a + b),
    ast.Sub: lambda a, b: _bounded(a - b),
    ast.Mult: lambda a, b: _bounded(a * b),
    ast.Div: _divide,
    ast.Pow: _power,
}


def compile_formula(text: str, names: frozenset[str] | set[str]) -> Compiled:
    """Check a formula against the whitelist and return a function of the bound names."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("formula is empty")
    _check_size(text)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"not a formula: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("formula is too complex") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise FormulaError(f"formula has {count} parts; the limit is {MAX_NODES}")
    return _build(tree.body, frozenset(names))


def _build(node: ast.AST, names: frozenset[str]) -> Compiled:
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FormulaError(f"only numbers are allowed, not {type(value).__name__} {value!r}")
        if isinstance(value, int) and abs(value) > 10**30:
            raise FormulaError(f"the number {str(value)[:12]}... is too large (the limit is 1e30)")
        number = _bounded(float(value))
        return lambda env: number
    if isinstance(node, ast.Name):
        name = node.id
        if name not in names:
            known = ", ".join(sorted(names)) or "none"
            raise FormulaError(f"unknown name {name!r} (parameters: {known})")
        return lambda env: env[name]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = _build(node.operand, names)
        if isinstance(node.op, ast.USub):
            return lambda env: -operand(env)
        return operand
    if isinstance(node, ast.BinOp):
        op = _BINARY.get(type(node.op))
        if op is None:
            raise FormulaError(
                f"operator {type(node.op).__name__} is not allowed (+ - * / ** only)"
            )
        left, right = _build(node.left, names), _build(node.right, names)
        return lambda env: op(left(env), right(env))
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            raise FormulaError("only min, max, ceil and floor may be called")
        if node.keywords:
            raise FormulaError("keyword arguments are not allowed")
        func, least, most = _FUNCTIONS[node.func.id]
        if not least <= len(node.args) <= most or any(
            isinstance(a, ast.Starred) for a in node.args
        ):
            raise FormulaError(f"{node.func.id} takes {least}..{most} plain arguments")
        args = [_build(arg, names) for arg in node.args]
        return lambda env: _bounded(func(*(arg(env) for arg in args)))
    raise FormulaError(f"{type(node).__name__} is not allowed in a formula")


def evaluate(text: str, env: Env) -> float:
    """Compile and evaluate in one go (templates compile once and reuse)."""
    return compile_formula(text, set(env))(env)
