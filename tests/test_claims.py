"""Claims (issue 32, item 3): what the grader cannot see, the learner can claim. A claimed point
counts as hit, through the scorer itself; a claim never makes an answer easy; the claim is kept
on the attempt, in the stats, in backups, and listed for authors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.grading.rubrics import score_item
from quiz.practice.claims import claim_points, toggle_claim
from quiz.practice.engine import Practice
from quiz.practice.hints import Aid
from quiz.srs.ratings import Rating
from quiz.store.claims import claimed_counts, claims
from quiz.store.location import database_url
from quiz.store.models import Attempt, PointActivity
from quiz.store.store import Store

BANK = load_bank(bank_sources())
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ITEM = BANK.items["ch44.q1"]
WEAK_Q1 = "GPU memory bandwidth is the rate at which data is read from GPU memory."
GOOD_Q1 = (
    "GPU memory bandwidth is the rate at which data is read from or written to GPU memory. "
    "Each token reads all the weights, so bandwidth decides how quickly tokens are processed; "
    "higher bandwidth lowers latency and improves efficiency. At batch size 1 decoding is "
    "bandwidth-bound: the bottleneck."
)


def _missed(answer: str) -> list[str]:
    return [p.id for p in score_item(ITEM, answer, BANK.lexicon).points if not p.hit]


def test_a_claimed_point_counts_as_hit_through_the_scorer() -> None:
    plain = score_item(ITEM, WEAK_Q1, BANK.lexicon)
    missed = _missed(WEAK_Q1)
    assert missed
    one = score_item(ITEM, WEAK_Q1, BANK.lexicon, claimed=frozenset(missed[:1]))
    assert one.score > plain.score
    claimed = next(p for p in one.points if p.id == missed[0])
    assert claimed.hit and claimed.claimed and claimed.credit == 1.0
    assert not any(p.claimed for p in plain.points)
    assert one.claimed == frozenset(missed[:1])
    assert one.to_json()["claimed"] == missed[:1]


def test_a_claim_never_makes_an_answer_easy() -> None:
    every = score_item(ITEM, WEAK_Q1, BANK.lexicon, claimed=frozenset(_missed(WEAK_Q1)))
    assert every.score == 1.0
    assert every.suggested == Rating.GOOD  # the learner's word: good at most
    unclaimed = score_item(ITEM, GOOD_Q1, BANK.lexicon)
    assert unclaimed.suggested == Rating.EASY  # found by the grader alone: easy stays easy


def test_a_claim_of_a_point_already_found_or_unknown_changes_nothing() -> None:
    hit = [p.id for p in score_item(ITEM, WEAK_Q1, BANK.lexicon).points if p.hit]
    again = score_item(ITEM, WEAK_Q1, BANK.lexicon, claimed=frozenset([*hit, "no-such-point"]))
    assert again.score == score_item(ITEM, WEAK_Q1, BANK.lexicon).score
    assert again.claimed == frozenset()


@pytest.fixture
def store(new_db: Callable[[str], str]) -> Iterator[Store]:
    """A fresh database, SQLite and PostgreSQL in turn."""
    opened = Store.open(database_url(new_db("claims")))
    yield opened
    opened.close()


def _attempt(store: Store, attempt_id: int) -> Attempt:
    with store.read() as session:
        row = session.get(Attempt, attempt_id)
        assert row is not None
        session.expunge(row)
        return row


def _point_rows(store: Store) -> dict[str, tuple[int, int, int]]:
    with store.read() as session:
        rows = session.scalars(select(PointActivity).where(PointActivity.item_id == "ch44.q1"))
        return {r.point_id: (r.asked, r.missed, r.claimed) for r in rows}


def test_a_claim_is_recorded_on_the_attempt_and_the_rating_and_schedule_follow(
    store: Store,
) -> None:
    practice = Practice(store, BANK, now=lambda: NOW)
    first = practice.submit("ch44.q1", WEAK_Q1)
    missed = [p.id for p in first.grade.points if not p.hit] if first.grade else []
    assert first.final == Rating.AGAIN and missed
    outcome = first
    for point in missed:
        outcome = toggle_claim(practice, outcome, point)
    assert outcome.score == 1.0
    assert outcome.suggested == outcome.final == Rating.GOOD  # never easy on a claim
    assert outcome.due is not None and first.due is not None and outcome.due > first.due
    row = _attempt(store, first.attempt_id)
    assert json.loads(row.claimed or "[]") == sorted(missed)
    assert row.score == 1.0 and row.suggested_rating == row.final_rating == Rating.GOOD
    assert first.grade is not None  # the grader's own finding stays in the points
    assert [p["hit"] for p in json.loads(row.points)] == [p.hit for p in first.grade.points]
    points = _point_rows(store)
    assert all(points[p] == (1, 0, 1) for p in missed)  # claimed, apart from found and missed
    with store.read() as session:
        assert claimed_counts(session, practice.profile_id)[0][2] == 1
        listed = claims(session, "ch44.q1")
    assert [(c.item_id, c.points, c.answer) for c in listed] == [
        ("ch44.q1", tuple(sorted(missed)), WEAK_Q1)
    ]
    back = toggle_claim(practice, outcome, missed[0])  # pressed again: withdrawn
    assert missed[0] not in (back.grade.claimed if back.grade else ())
    assert _point_rows(store)[missed[0]] == (1, 1, 0)
    practice.undo()
    assert all(v == (0, 0, 0) for v in _point_rows(store).values())


def test_a_rating_the_learner_chose_stays_when_they_claim(store: Store) -> None:
    practice = Practice(store, BANK, now=lambda: NOW)
    first = practice.submit("ch44.q1", WEAK_Q1)
    chosen = practice.override(first.attempt_id, Rating.HARD)
    missed = [p.id for p in first.grade.points if not p.hit] if first.grade else []
    outcome = toggle_claim(practice, replace(first, due=chosen.due), missed[0])
    assert outcome.final == Rating.HARD
    assert _attempt(store, first.attempt_id).final_rating == Rating.HARD


def test_a_claim_on_an_answer_given_with_a_hint_stays_under_the_hints_cap(store: Store) -> None:
    practice = Practice(store, BANK, now=lambda: NOW)
    first = practice.submit("ch44.q1", WEAK_Q1, aid=Aid(hints=1))
    outcome = first
    for point in [p.id for p in first.grade.points if not p.hit] if first.grade else []:
        outcome = toggle_claim(practice, outcome, point)
    assert outcome.suggested == outcome.final == Rating.HARD


def test_a_backup_carries_the_claims_and_an_older_one_reads_as_none(tmp_path: Path) -> None:
    from quiz.store.transfer import export, import_

    source = Store.open(database_url(str(tmp_path / "from.db")))
    practice = Practice(source, BANK, now=lambda: NOW)
    first = practice.submit("ch44.q1", WEAK_Q1)
    missed = [p.id for p in first.grade.points if not p.hit] if first.grade else []
    toggle_claim(practice, first, missed[0])
    with source.read() as session:
        document = json.loads(json.dumps(export(session, NOW)))
    source.close()
    assert document["profiles"][0]["attempts"][0]["claimed"] == [missed[0]]
    target = Store.open(database_url(str(tmp_path / "to.db")))
    Practice(target, BANK, now=lambda: NOW)
    with target.write() as session:
        import_(session, document)
    assert json.loads(_attempt(target, 1).claimed or "[]") == [missed[0]]
    assert _point_rows(target)[missed[0]] == (1, 0, 1)  # the roll-ups count it as claimed
    target.close()
    for attempt in document["profiles"][0]["attempts"]:
        del attempt["claimed"]
    older = Store.open(database_url(str(tmp_path / "older.db")))
    Practice(older, BANK, now=lambda: NOW)
    with older.write() as session:
        import_(session, document)
    assert _attempt(older, 1).claimed is None
    assert _point_rows(older)[missed[0]] == (1, 1, 0)
    older.close()
    bad = json.loads(json.dumps(document))
    bad["profiles"][0]["attempts"][0]["claimed"] = [""]
    from quiz.store.backup import BackupError, validated

    with pytest.raises(BackupError):
        validated(bad)


def test_stats_show_claimed_points_apart_from_found_and_missed_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from quiz.authoring.checked import load_checked_bank
    from quiz.practice.queue import sync_key
    from quiz.practice.render import stats_text
    from quiz.practice.stats import compute, window
    from quiz.store.figures import stats_rows
    from quiz.store.stats_rows import read_stats_rows

    db = tmp_path / "q.db"
    store = Store.open(database_url(str(db)))
    keyed = load_checked_bank(bank_sources())  # with its key: the fast reader applies
    practice = Practice(store, keyed, now=lambda: NOW)
    first = practice.submit("ch44.q1", WEAK_Q1)
    missed = [p.id for p in first.grade.points if not p.hit] if first.grade else []
    toggle_claim(practice, first, missed[0])
    stats = compute(practice)
    assert list(stats.claimed_points) == [
        {
            "item": "ch44.q1",
            "point": missed[0],
            "criterion": next(p.criterion for p in ITEM.rubric if p.id == missed[0]),
            "claimed": 1,
            "asked": 1,
        }
    ]
    assert missed[0] not in {m["point"] for m in stats.missed_points}
    assert stats.to_json()["claimed_points"] == list(stats.claimed_points)
    assert f"ch44.q1 {missed[0]}: claimed 1 of 1" in stats_text(stats)
    with store.read() as session:  # the fast reader and the store's agree
        full = stats_rows(session, practice.profile_id, window(NOW))
    synced = sync_key(keyed.key or "")
    fast = read_stats_rows(db, practice.profile_name, window(NOW), synced)
    assert fast is not None and fast.claimed == full.claimed and full.claimed
    store.close()


def test_the_cohort_report_counts_each_learners_claims_and_the_points_claimed_most(
    tmp_path: Path,
) -> None:
    from quiz.practice.cohort import cohort, cohort_text

    store = Store.open(database_url(str(tmp_path / "class.db")))
    for name, count in (("ana", 2), ("bo", 1), ("cy", 0)):
        practice = Practice(store, BANK, name, now=lambda: NOW)
        outcome = practice.submit("ch44.q1", WEAK_Q1, mode="cram")
        missed = [p.id for p in outcome.grade.points if not p.hit] if outcome.grade else []
        for point in missed[:count]:
            outcome = toggle_claim(practice, outcome, point)
    report = cohort(store, BANK, NOW)
    assert {x.name: x.claims for x in report.learners} == {"ana": 2, "bo": 1, "cy": 0}
    top = report.claimed[0]
    assert (top["item"], top["point"], top["claimed"], top["learners"]) == (
        "ch44.q1",
        missed[0],
        2,
        2,
    )
    document = report.to_json()
    assert document["claimed_points"][0]["point"] == missed[0]
    assert {x["name"]: x["claims"] for x in document["learners"]} == {"ana": 2, "bo": 1, "cy": 0}
    text = cohort_text(report)
    assert "Rubric points claimed most (the learner's word, not found by the scorer):" in text
    assert f"  ch44.q1 {missed[0]}: claimed 2 times by 2 learner(s)" in text
    store.close()


def test_an_items_history_lists_claimed_points_apart_from_missed_ones(tmp_path: Path) -> None:
    from quiz.practice.history import history_text, item_history

    store = Store.open(database_url(str(tmp_path / "h.db")))
    practice = Practice(store, BANK, now=lambda: NOW)
    first = practice.submit("ch44.q1", WEAK_Q1)
    missed = [p for p in first.grade.points if not p.hit] if first.grade else []
    toggle_claim(practice, first, missed[0].id)
    (past,) = item_history(practice, "ch44.q1")
    assert past.claimed == ((missed[0].id, missed[0].criterion),)
    assert missed[0].id not in {p for p, _ in past.missed} and len(past.missed) == len(missed) - 1
    assert past.to_json()["claimed"] == [{"id": missed[0].id, "criterion": missed[0].criterion}]
    text = history_text("ch44.q1", "t", [past])
    assert f"  claimed: {missed[0].criterion}" in text
    assert f"  missed: {missed[0].criterion}" not in text
    from quiz.tui.screens.history import history_body  # the app's History screen, alike

    body = history_body([past]).plain
    assert f"  claimed: {missed[0].criterion}" in body
    assert f"  missed: {missed[0].criterion}" not in body
    store.close()


def test_a_claims_column_that_is_not_a_list_of_ids_reads_as_no_claims() -> None:
    from quiz.store.rollups import claimed_points

    for stored in ("not json", '{"a": 1}', "[1, null]", '"x"'):
        assert claimed_points(Attempt(claimed=stored)) == frozenset()
    assert claimed_points(Attempt(claimed='["a", 2]')) == frozenset({"a"})


def test_a_cohorts_learner_claims_and_the_instructor_sees_it(
    cohort: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    from quiz.practice.opening import Setup, open_practice
    from tests.conftest import run_cli

    practice, opened = open_practice(Setup(db=cohort["ada"]), BANK)
    (first,) = [a for a in practice.history("ch44.q1") if not a.undone]
    points = json.loads(first.points)
    missed = next(p["id"] for p in points if not p["hit"])
    outcome = claim_points(practice, first, frozenset({missed}))
    assert outcome.grade is not None and missed in outcome.grade.claimed
    opened.close()
    code, out = run_cli(["claims", "--json", "--db", cohort["mia"]], capsys)
    assert code == 0
    (listed,) = json.loads(out)
    assert listed["profile"] == cohort["ada_role"] and listed["claimed"][0]["id"] == missed
    code, out = run_cli(["claims", "--db", cohort["bob"]], capsys)  # not another learner's
    assert (code, out.strip()) == (0, "no claims")
    code, out = run_cli(["cohort", "--json", "--db", cohort["mia"]], capsys)
    report = json.loads(out)
    assert {x["name"]: x["claims"] for x in report["learners"]}[cohort["ada_role"]] == 1
