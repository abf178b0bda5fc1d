"""A cohort's shared items: the database's owner syncs the bank, learners only read the items,
and each learner's quiz asks what is both in its bank and among them, resetting its own cards
when an item's rev rose."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from quiz.bank.loader import load_bank
from quiz.bank.model import Bank
from quiz.bank.sources import bank_key
from quiz.cli import main
from quiz.practice.engine import Practice
from quiz.practice.preferences import PracticeError
from quiz.practice.shared import sync_shared_items
from quiz.store import queries
from quiz.store.location import database_url
from quiz.store.store import Store
from tests.conftest import count, one_question_bank, plain, refused

MOMENT = datetime(2026, 12, 1, 10, tzinfo=UTC)


@pytest.fixture
def banks(tmp_path: Path) -> Callable[..., Bank]:
    """A bank of t.q1 at a rev, and t.q2 too unless told otherwise, keyed as the app keys it (a
    start skips the shared sync when its key is the synced one)."""

    def make(rev: int, second: bool = True) -> Bank:
        folder = tmp_path / f"v{rev}{'' if second else '-one'}"
        folder.mkdir()
        text = one_question_bank(rev=rev)
        if second:
            text += one_question_bank().split("questions:\n", 1)[1].replace("t.q1", "t.q2")
        (folder / "bank.yaml").write_text(text, encoding="utf-8")
        loaded = load_bank([str(folder)])
        loaded.key = bank_key([str(folder)])
        return loaded

    return make


@pytest.fixture
def stores(cohort: dict[str, str]) -> Iterator[dict[str, Store]]:
    """The store as each of owner, ada and bob."""
    opened = {who: Store.open(database_url(cohort[who])) for who in ("owner", "ada", "bob")}
    yield opened
    for store in opened.values():
        store.close()


def start(cohort: dict[str, str], stores: dict[str, Store], who: str, bank: Bank) -> Practice:
    return Practice(stores[who], bank, cohort[f"{who}_role"], now=lambda: MOMENT)


def test_a_learner_cannot_write_the_shared_items(cohort: dict[str, str]) -> None:
    refused(
        cohort["ada"],
        [
            "UPDATE items SET removed = true",
            "UPDATE items SET title = 'vandalised'",
            "INSERT INTO items (id, kind, topic, rev, content_hash, title, position, first_seen, "
            "last_seen, removed) VALUES ('x', 'question', 't', 1, '', 'x', 0, now(), now(), false)",
            "UPDATE meta SET value = 'x'",
            "DELETE FROM items",
        ],
    )
    assert count(cohort["owner"], "items WHERE removed") == 0


def test_a_learners_start_on_another_bank_writes_nothing_and_asks_what_is_shared(
    cohort: dict[str, str], stores: dict[str, Store], banks: Callable[..., Bank]
) -> None:
    sync_shared_items(stores["owner"], banks(1, second=False), lambda: MOMENT)
    items = count(cohort["owner"], "items")
    newer = banks(1)  # t.q2 added, not synced
    ada = start(cohort, stores, "ada", newer)
    assert count(cohort["owner"], "items") == items  # nothing written by the learner
    assert ada.not_shared is not None and ada.not_shared.startswith("1 item(s) of your bank")
    assert [q.item_id for q in ada.queue("cram")] == ["t.q1"]
    with pytest.raises(PracticeError, match=r"t\.q2' is not among this cohort's items"):
        ada.submit("t.q2", "It is a rate.")
    assert ada.submit("t.q1", "It is a rate.").score is not None
    synced = sync_shared_items(stores["owner"], newer, lambda: MOMENT)
    assert synced.written and synced.items == 2
    again = start(cohort, stores, "ada", newer)
    assert again.not_shared is None
    assert sorted(q.item_id for q in again.queue("cram")) == ["t.q1", "t.q2"]


def test_db_sync_is_the_owners(cohort: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["db", "sync", "--db", cohort["ada"]]) == 2
    assert "a learner's role cannot change the cohort's shared items" in capsys.readouterr().err
    assert main(["db", "sync", "--db", cohort["owner"]]) == 0  # the fixture synced this bank
    assert capsys.readouterr().out.startswith("quiz: the database's items were already")


def test_a_learner_before_any_sync_is_told_why_nothing_is_asked(
    postgres: str, cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(plain(postgres), autocommit=True) as connection:
        connection.execute("DELETE FROM meta")  # as if the owner had never synced
    capsys.readouterr()
    assert main(["due", "--db", cohort["bob"]]) == 0
    assert main(["answer", "ch44.q1", "--answer", "It is a rate.", "--db", cohort["bob"]]) == 0
    assert "this cohort's items have not been synced yet" in capsys.readouterr().err


def test_a_question_whose_rev_rises_resets_every_learners_card(
    cohort: dict[str, str], stores: dict[str, Store], banks: Callable[..., Bank]
) -> None:
    """The owner's sync of the new bank resets every learner's card of the item (the owner is
    not under row-level security), once: a learner's start finds nothing left to reset."""
    first = banks(1)
    sync_shared_items(stores["owner"], first, lambda: MOMENT)
    for who in ("ada", "bob"):
        start(cohort, stores, who, first).submit("t.q1", "It is a rate.")
    edited = banks(2)
    synced = sync_shared_items(stores["owner"], edited, lambda: MOMENT)
    assert synced.written and synced.cards_reset == 2
    starts = [start(cohort, stores, who, edited) for who in ("ada", "bob")]
    assert [s.cards_reset for s in starts] == [0, 0]
    assert [s.due()[0].due for s in starts] == [MOMENT, MOMENT]


def test_a_rev_raised_by_hand_in_the_shared_items_resets_no_learners_card(
    cohort: dict[str, str], stores: dict[str, Store], banks: Callable[..., Bank]
) -> None:
    """A rev raised in the table by hand (or by a stray client of the owner's) resets a
    learner's cards only for a rev that rose in that learner's own bank."""
    first = banks(1)
    sync_shared_items(stores["owner"], first, lambda: MOMENT)
    for who in ("ada", "bob"):
        practice = start(cohort, stores, who, first)
        for item in ("t.q1", "t.q2"):
            practice.submit(item, "It is a rate.")
    edited = banks(2)  # t.q1's rev rises; t.q2's does not
    assert sync_shared_items(stores["owner"], edited, lambda: MOMENT).cards_reset == 2  # t.q1's
    with psycopg.connect(plain(cohort["owner"]), autocommit=True) as connection:
        connection.execute("UPDATE items SET rev = 50 WHERE id = 't.q2'")
    ada = start(cohort, stores, "ada", edited)  # a start after the profile's last sync: checks
    assert ada.cards_reset == 0
    with stores["ada"].read() as session:
        card = queries.card(session, ada.profile_id, "t.q2")
        assert card is not None and card.reps == 1 and card.seen_rev == 1


async def test_the_app_tells_a_learner_why_items_are_not_asked(
    postgres: str, cohort: dict[str, str]
) -> None:
    from quiz.tui.app import QuizApp
    from quiz.tui.context import Options
    from tests.tui_support import NOW, SIZE, loaded

    with psycopg.connect(plain(postgres), autocommit=True) as connection:
        connection.execute("UPDATE items SET removed = true WHERE id = 'ch44.q4'")
        connection.execute("UPDATE meta SET value = 'another bank'")  # synced from another one
    app = QuizApp(Options(db=cohort["ada"]), now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        shown = [(n.title, n.message) for n in app._notifications]
        assert ("cohort", app.context and app.context.practice.not_shared) in shown
        assert any("1 item(s) of your bank are not among" in message for _, message in shown)


def test_a_learner_imports_their_answers_to_the_shared_items_only(
    cohort: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "mine.yaml"
    bank.write_text(one_question_bank().replace("t.q1", "mine.q1"), encoding="utf-8")
    local = str(tmp_path / "local.db")
    for argv in (["mine.q1", "--bank", str(bank)], ["ch44.q2"]):
        assert main(["answer", *argv, "--answer", "It is a rate.", "--db", local]) == 0
    assert main(["export", str(tmp_path / "mine.json"), "--db", local]) == 0
    items, before = count(cohort["owner"], "items"), count(cohort["bob"], "attempts")
    capsys.readouterr()
    assert main(["import", str(tmp_path / "mine.json"), "--db", cohort["bob"]]) == 0
    out = capsys.readouterr().out
    assert "1 answer(s) to items not among this cohort's items were left out" in out
    assert count(cohort["bob"], "attempts") == before + 1  # ch44.q2's
    assert count(cohort["owner"], "items") == items
