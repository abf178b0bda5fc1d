"""Arbitrary bytes and YAML trees: the loader only ever raises nothing or reports findings."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.bank.errors import BankError
from quiz.bank.loader import load_bank, load_text
from quiz.bank.yamlsafe import decode_text
from tests.conftest import finishes

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.text(max_size=12), st.integers()), children, max_size=5),
    ),
    max_leaves=40,
)
# Keys the schema knows, so that generated trees reach deep into validation.
known_keys = st.sampled_from(
    [
        "questions",
        "id",
        "topic",
        "prompt",
        "model_answer",
        "rubric",
        "criterion",
        "concepts",
        "forms",
        "follow_ups",
        "weight",
        "min_concepts",
        "misconceptions",
        "source",
        "rev",
    ]
)
schema_trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(known_keys, children, max_size=6)
    ),
    max_leaves=60,
)

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load_bytes(data: bytes) -> None:
    with finishes():
        try:
            text = decode_text(data, "fuzz.yaml")
        except BankError:
            return
        bank = load_text(text, "fuzz.yaml")
    for finding in bank.findings:
        assert finding.line >= 1 and finding.col >= 1


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _load_bytes(data)


@FAST
@given(st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"#%@` \n\tabq0")), max_size=400))
def test_yaml_punctuation_soup(text: str) -> None:
    _load_bytes(text.encode())


@FAST
@given(trees)
def test_arbitrary_yaml_trees(tree: object) -> None:
    _load_bytes(yaml.safe_dump(tree, allow_unicode=True).encode())


@FAST
@given(schema_trees)
def test_schema_shaped_trees(tree: object) -> None:
    _load_bytes(yaml.safe_dump({"questions": [tree]}, allow_unicode=True).encode())


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=500))
def test_arbitrary_files_on_disk(tmp_path_factory: object, data: bytes) -> None:
    folder = Path(tmp_path_factory.mktemp("fuzz"))  # type: ignore[attr-defined]
    (folder / "x.yaml").write_bytes(data)
    with finishes():
        load_bank([str(folder)])
