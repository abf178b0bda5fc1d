"""The bank cache serves an unchanged bank and never a stale one."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from quiz.bank.cache import load_bank_cached
from quiz.bank.loader import load_bank
from quiz.bank.plain import to_plain
from quiz.bank.sources import bank_key, bank_sources
from quiz.cachefiles import cache_dir
from quiz.calc import presets
from tests.test_bank_malformed import VALID


def test_cache_hit_and_invalidation(tmp_path: Path) -> None:
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(VALID, encoding="utf-8")
    first = load_bank_cached([str(bank_file)])
    assert list(first.items) == ["t.q1"]
    assert len(list(cache_dir().glob("bank-*.json"))) == 1
    again = load_bank_cached([str(bank_file)])
    assert again.items["t.q1"].prompt == "What is bandwidth?"
    bank_file.write_text(VALID.replace("What is bandwidth?", "What is latency?"), encoding="utf-8")
    edited = load_bank_cached([str(bank_file)])
    assert edited.items["t.q1"].prompt == "What is latency?"
    assert len(list(cache_dir().glob("bank-*.json"))) == 2


def test_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(VALID, encoding="utf-8")
    load_bank_cached([str(bank_file)])
    [entry] = cache_dir().glob("bank-*.json")
    entry.write_bytes(b"not json")
    assert list(load_bank_cached([str(bank_file)]).items) == ["t.q1"]


def test_unwritable_cache_dir_still_loads(tmp_path: Path, monkeypatch: object) -> None:
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(VALID, encoding="utf-8")
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(blocker / "sub"))  # type: ignore[attr-defined]
    assert list(load_bank_cached([str(bank_file)]).items) == ["t.q1"]


def test_cached_bank_equals_a_fresh_load() -> None:
    sources = bank_sources()
    fresh = load_bank(sources)
    load_bank_cached(sources)
    cached = load_bank_cached(sources)
    assert list(cached.items) == list(fresh.items)
    for item_id, item in fresh.items.items():  # bank objects compare by identity: compare values
        again = cached.items[item_id]
        assert (again.kind, again.file, again.path) == (item.kind, item.file, item.path)
        assert to_plain(again.question) == to_plain(item.question)
        assert to_plain(again.follow_up) == to_plain(item.follow_up)
    assert to_plain(list(cached.templates.values())) == to_plain(list(fresh.templates.values()))
    assert to_plain(cached.presets) == to_plain(fresh.presets)
    assert to_plain(cached.lexicon) == to_plain(fresh.lexicon)
    assert cached.lexicon_at == fresh.lexicon_at
    assert any("parameters" in group.terms for group in cached.lexicon)
    assert cached.files == fresh.files and cached.findings == fresh.findings


class _Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {os.environ['QUIZ_CACHE_DIR']}/owned",))


def test_a_planted_pickle_never_runs(tmp_path: Path) -> None:
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(VALID, encoding="utf-8")
    key = bank_key([str(bank_file)])
    cache_dir().mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps(_Planted())
    for name in (f"bank-{key}.pickle", f"bank-{key}.json"):
        (cache_dir() / name).write_bytes(payload)
    assert list(load_bank_cached([str(bank_file)]).items) == ["t.q1"]
    assert not (cache_dir() / "owned").exists()


def _tampered_entry(bank_file: Path) -> Path:
    bank_file.write_text(VALID, encoding="utf-8")
    load_bank_cached([str(bank_file)])
    [entry] = cache_dir().glob("bank-*.json")
    entry.write_text(entry.read_text().replace("What is bandwidth?", "Planted?"))
    return entry


def test_entries_are_user_only_and_others_writable_ones_ignored(tmp_path: Path) -> None:
    entry = _tampered_entry(tmp_path / "b.yaml")
    assert entry.stat().st_mode & 0o777 == 0o600
    assert load_bank_cached([str(tmp_path / "b.yaml")]).items["t.q1"].prompt == "Planted?"
    entry.chmod(0o666)
    assert load_bank_cached([str(tmp_path / "b.yaml")]).items["t.q1"].prompt != "Planted?"


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_an_entry_owned_by_another_user_is_ignored(tmp_path: Path) -> None:
    entry = _tampered_entry(tmp_path / "b.yaml")
    os.chown(entry, 4242, 4242)
    assert load_bank_cached([str(tmp_path / "b.yaml")]).items["t.q1"].prompt != "Planted?"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"prompt": "What is bandwidth?"', '"prompt": ["What is bandwidth?"]'),
        ('"prompt": "What is bandwidth?"', '"prompt": "What is bandwidth?", "planted": 1'),
        ('"criterion": "Defines it."', '"criterion": "Defines it.", "min_concepts": 9'),
        ('"complete": true', '"complete": "yes"'),
    ],
    ids=["wrong-type", "unknown-field", "broken-rule", "wrong-scalar"],
)
def test_an_entry_of_the_wrong_shape_is_rebuilt(tmp_path: Path, old: str, new: str) -> None:
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(VALID, encoding="utf-8")
    load_bank_cached([str(bank_file)])
    [entry] = cache_dir().glob("bank-*.json")
    text = entry.read_text(encoding="utf-8")
    assert old in text
    entry.write_text(text.replace(old, new, 1), encoding="utf-8")
    rebuilt = load_bank_cached([str(bank_file)])
    fresh = load_bank([str(bank_file)])
    assert to_plain(rebuilt.items["t.q1"].question) == to_plain(fresh.items["t.q1"].question)
    assert old in entry.read_text(encoding="utf-8")


def test_presets_are_served_from_the_cache_and_never_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = tmp_path / "reference"
    shutil.copytree(presets.reference_dir(), reference)
    monkeypatch.setattr(presets, "reference_dir", lambda: reference)
    presets.gpus.cache_clear()
    first = presets.gpus()
    [entry] = cache_dir().glob("presets-*.json")
    presets.gpus.cache_clear()
    assert presets.gpus() == first
    entry.write_bytes(b"[1, 2")
    presets.gpus.cache_clear()
    assert presets.gpus() == first
    gpus_file = reference / "gpus.yaml"
    some = next(iter(first.values()))
    edited = gpus_file.read_text(encoding="utf-8").replace(f"id: {some.id}", "id: planted-gpu", 1)
    gpus_file.write_text(edited, encoding="utf-8")
    presets.gpus.cache_clear()
    assert "planted-gpu" in presets.gpus() and some.id not in presets.gpus()
    presets.gpus.cache_clear()


def test_a_remembered_key_is_never_served_for_changed_bytes(tmp_path: Path) -> None:
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(VALID, encoding="utf-8")
    first = bank_key([str(bank_file)])
    assert bank_key([str(bank_file)]) == first
    before = bank_file.stat()
    same_size = VALID.replace("What is bandwidth?", "What is BANDWIDTH?")
    bank_file.write_text(same_size, encoding="utf-8")
    os.utime(bank_file, ns=(before.st_atime_ns, before.st_mtime_ns))  # size and mtime as before
    assert bank_file.stat().st_size == before.st_size
    assert bank_file.stat().st_mtime_ns == before.st_mtime_ns
    edited = bank_key([str(bank_file)])
    assert edited != first
    assert load_bank_cached([str(bank_file)]).items["t.q1"].prompt == "What is BANDWIDTH?"


def test_an_unchanged_bank_is_not_read_again_for_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(VALID, encoding="utf-8")
    first = bank_key([str(bank_file)])
    read: list[Path] = []
    original = Path.read_bytes

    def counted(self: Path) -> bytes:
        read.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    assert bank_key([str(bank_file)]) == first
    assert read == []
    (cache_dir() / "file-keys.json").write_text('{"planted": 1', encoding="utf-8")
    assert bank_key([str(bank_file)]) == first  # a damaged record: the files are read again
    assert bank_file in read


def test_the_key_follows_the_text_escaping_the_schema_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """quiz.printable decides what a loaded text holds (the schema escapes with it): a change
    to it must not serve a bank cached with the old escaping."""
    import quiz.printable

    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(VALID, encoding="utf-8")
    copy = tmp_path / "printable.py"
    copy.write_text(Path(quiz.printable.__file__).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(quiz.printable, "__file__", str(copy))
    first = bank_key([str(bank_file)])
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# escapes one more character\n")
    assert bank_key([str(bank_file)]) != first
