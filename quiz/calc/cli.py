"""`quiz calc`: one calculator result with its worked steps (argument parsing and presets)."""

from __future__ import annotations

import argparse
import re
from typing import Any, NoReturn

from quiz.calc import core, presets
from quiz.calc.flags import FlagValues
from quiz.calc.quantities import QUANTITIES
from quiz.calc.units import UnitError

NEGATIVE = re.compile(r"^-\.?\d")  # "-10B", "-.5": a value (the calculator refuses it), not a flag


class _QuantityParser(argparse.ArgumentParser):
    """Reads values that start with a minus sign as values, so `--params -10B` reaches the
    calculator's own error ("must be a positive number") instead of an argparse puzzle."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = NEGATIVE
        self._has_negative_number_optionals = []

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _escaped(text: str) -> str:
    return text.replace("%", "%%")  # argparse formats help with %


def add_calc_parser(
    sub: Any, common: argparse.ArgumentParser, handler: Any, only: set[str] | None = None
) -> None:
    """`quiz calc` and one subcommand per quantity, with its flags, from the quantities table;
    with `only`, just the quantities named in it (all of them when it names none)."""
    calc = sub.add_parser(
        "calc",
        parents=[common],
        help="one calculator result with its worked steps",
        description="Compute one quantity. Values accept units: 7B, 6.7e9, 1.5TB/s, 14ms, 312e12.",
    )
    calc.add_argument("--list", action="store_true", help="list quantities and presets")
    calc.set_defaults(handler=handler, quantity=None)
    kinds = calc.add_subparsers(dest="quantity", metavar="QUANTITY", parser_class=_QuantityParser)
    named = [q for q in QUANTITIES.values() if only is None or q.name in only]
    for quantity in named or QUANTITIES.values():
        help_text = _escaped(quantity.help)
        # Help texts are %-formatted by argparse, descriptions are not.
        p = kinds.add_parser(
            quantity.name, parents=[common], help=help_text, description=quantity.help
        )
        p.set_defaults(handler=handler)
        for flag in quantity.flags:
            options: dict[str, Any] = {"help": _escaped(flag.help) or None}
            if flag.required:
                options["required"] = True
            if flag.default is not None:
                options["default"] = flag.default
            if flag.choices:
                options["choices"] = flag.choices
            if flag.repeat:
                options["action"] = "append"
            p.add_argument(f"--{flag.name}", **options)


def compute(args: argparse.Namespace) -> core.Result:
    """Resolve presets and flags (explicit flags win) and run the asked quantity."""
    quantity = QUANTITIES.get(args.quantity)
    if quantity is None:
        raise UnitError(f"unknown quantity {args.quantity!r}")
    return quantity.from_flags(FlagValues(vars(args)))


def listing() -> dict[str, Any]:
    return {
        "quantities": {name: q.to_json() for name, q in QUANTITIES.items()},
        "dtypes": core.DTYPE_BYTES,
        "gpus": {
            g.id: {"bandwidth_B_per_s": g.bandwidth, "memory_B": g.memory, "flops": g.flops}
            for g in presets.gpus().values()
        },
        "models": {
            m.id: {"params": m.params, "layers": m.layers} for m in presets.models().values()
        },
    }


def listing_text() -> str:
    lines = ["Quantities:"]
    lines += [f"  {name:<14} {q.help}" for name, q in QUANTITIES.items()]
    lines += ["", "dtypes: " + ", ".join(f"{k} ({v:g} B)" for k, v in core.DTYPE_BYTES.items())]
    lines += ["", "GPUs:"]
    lines += [
        f"  {g.id:<14} {g.bandwidth / 1e9:>7,.0f} GB/s  {g.memory / 1e9:>4,.0f} GB  "
        f"{g.flops / 1e12:>7,.1f} TFLOP/s"
        for g in presets.gpus().values()
    ]
    lines += ["", "Models:"]
    lines += [
        f"  {m.id:<14} {m.params:>15,} params  {m.layers} layers  {m.kv_heads} KV heads"
        for m in presets.models().values()
    ]
    return "\n".join(lines)


def result_text(result: core.Result) -> str:
    flag = {True: "", False: "   INFEASIBLE", None: ""}[result.feasible]
    lines = [f"{result.quantity} = {result.display}{flag}", ""]
    lines += [f"  {step}" for step in result.steps]
    if result.notes:
        lines += ["", "Notes:"] + [f"  - {note}" for note in result.notes]
    return "\n".join(lines)
