"""One spec per calculator quantity feeds `quiz calc`, its --list and --help, templates and the
bank's JSON Schema."""

from __future__ import annotations

import json
import typing

import pytest

from quiz.bank.jsonschema import bank_json_schema
from quiz.bank.schema import DtypeName
from quiz.calc import core, presets
from quiz.calc.quantities import QUANTITIES
from quiz.cli import main


@pytest.mark.parametrize("name", list(QUANTITIES))
def test_every_quantity_has_working_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["calc", name, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert QUANTITIES[name].help.split(" (")[0] in " ".join(out.split())
    for flag in QUANTITIES[name].flags:
        assert f"--{flag.name}" in out


def test_calc_help_lists_every_quantity(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["calc", "--help"])  # a '%' in a help text once crashed this
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in QUANTITIES)


def test_the_listing_describes_each_quantity_from_its_spec(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["calc", "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["quantities"]
    assert list(listed) == list(QUANTITIES)
    assert listed["mbu"]["template_inputs"]["params"] is True
    assert {f["flag"] for f in listed["mbu"]["flags"]} >= {"--params", "--gpu", "--tpot"}


def test_a_negative_value_reaches_the_calculator_s_own_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["calc", "mbu", "--params", "-10B", "--bandwidth", "1TB/s", "--tokens-per-second", "5"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("quiz: error: params must be a positive number") and err[-1] == "\n"


def test_the_schema_offers_exactly_the_quantities_and_suggests_presets() -> None:
    defs = typing.cast("dict[str, typing.Any]", bank_json_schema()["$defs"])
    for model in ("Param", "TemplateAnswer"):
        (text,) = [b for b in defs[model]["properties"]["quantity"]["anyOf"] if "enum" in b]
        assert text["enum"] == list(QUANTITIES)
    gpu_items = defs["Param"]["properties"]["gpu"]["anyOf"][0]["items"]["anyOf"]
    assert gpu_items[0]["enum"] == list(presets.gpus()) and "pattern" in gpu_items[1]


def test_the_schema_s_dtypes_are_the_calculator_s() -> None:
    assert set(typing.get_args(DtypeName)) == set(core.DTYPE_BYTES)
