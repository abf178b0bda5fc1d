"""Preparing for an interview date: the caps on FSRS's intervals, the new-item pace, `quiz plan`,
and a simulated month (driven by QUIZ_NOW) in which a learner who does what the plan says
reaches the day with every item at or above the target recall."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text as sql_text

from quiz.bank.loader import load_bank
from quiz.bank.sources import bank_sources
from quiz.cli import main
from quiz.practice.engine import Practice
from quiz.practice.plan import plan
from quiz.practice.preferences import PracticeError
from quiz.srs.deadline import Deadline, capped, recall_on
from quiz.srs.ratings import CardPhase, Rating
from quiz.srs.scheduler import CardState, Settings, new_card, review
from quiz.store import queries
from quiz.store.location import database_url
from quiz.store.store import Store
from tests.conftest import finishes

BANK = load_bank(bank_sources())
SETTINGS = Settings(fuzzing=False)
START = datetime(2026, 12, 21, 9, 0, tzinfo=UTC)
INTERVIEW = date(2027, 1, 20)  # 30 days after START


def graduated(moment: datetime) -> CardState:
    """A card answered Good twice on its first day (out of its learning steps)."""
    state = review(SETTINGS, new_card(moment), Rating.GOOD, moment, None)
    return review(SETTINGS, state, Rating.GOOD, state.due, None)


def test_pace_shares_the_unseen_items_among_the_days_left_for_introducing() -> None:
    deadline = Deadline(INTERVIEW, 0.9)
    assert deadline.introduce_by() == date(2027, 1, 17)  # two review days and the day itself
    assert deadline.pace(41, START) == 2  # 41 items over 28 days
    assert deadline.pace(56, START) == 2
    assert deadline.pace(57, START) == 3
    assert deadline.pace(0, START) == 0
    late = datetime(2027, 1, 18, 9, tzinfo=UTC)
    assert deadline.pace(41, late) == 41  # past the last day for introducing: everything now


def test_a_card_needing_reviews_before_the_day_is_brought_forward() -> None:
    moment = datetime(2027, 1, 10, 9, tzinfo=UTC)  # 10 days left
    state = graduated(moment)
    assert state.state == CardPhase.REVIEW
    deadline = Deadline(INTERVIEW, 0.9)
    spaced = capped(SETTINGS, state, state.last_review or moment, deadline, reviews_done=0)
    assert spaced.due <= datetime(2027, 1, 13, tzinfo=UTC)  # 10 days shared by 2 reviews
    assert spaced.due <= state.due
    free = capped(SETTINGS, state, state.last_review or moment, deadline, reviews_done=2)
    assert free.due == state.due  # reviewed enough, and FSRS's due comes before the day


def test_a_card_whose_recall_would_fall_below_target_is_reviewed_the_day_before() -> None:
    moment = datetime(2027, 1, 12, 9, tzinfo=UTC)
    state = replace(graduated(moment), due=datetime(2027, 1, 30, tzinfo=UTC))  # as if fuzzed
    deadline = Deadline(INTERVIEW, 0.95)
    assert recall_on(SETTINGS, state, deadline) < 0.95
    after = capped(SETTINGS, state, moment, deadline, reviews_done=2)
    assert after.due == datetime(2027, 1, 19, tzinfo=UTC)


def test_no_cap_on_the_day_after_it_or_in_a_learning_step() -> None:
    deadline = Deadline(INTERVIEW, 0.99)
    on_the_day = datetime(2027, 1, 20, 8, tzinfo=UTC)
    state = graduated(on_the_day)
    assert capped(SETTINGS, state, on_the_day, deadline, 0) == state
    learning = review(SETTINGS, new_card(START), Rating.GOOD, START, None)
    assert learning.state == CardPhase.LEARNING
    assert capped(SETTINGS, learning, START, deadline, 0) == learning


@pytest.fixture
def store(new_db: Callable[[str], str]) -> Iterator[Store]:
    opened = Store.open(database_url(new_db("progress")))
    yield opened
    opened.close()


def rating_for(answer_number: int, day: date) -> Rating:
    """A learner who mostly recalls, sometimes with effort, and forgets now and then in the
    first weeks."""
    if day < date(2027, 1, 8) and answer_number % 9 == 4:
        return Rating.AGAIN
    return Rating.HARD if answer_number % 4 == 1 else Rating.GOOD


def study_a_day(practice: Practice, monkeypatch: pytest.MonkeyPatch, day: date) -> int:
    """Do what the plan says on one day: from 09:00, answer every item the practice queue
    serves (due reviews, then the day's new items and their follow-ups), coming back every
    15 minutes for an hour for the learning steps."""
    answered = 0
    moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    for _ in range(5):
        monkeypatch.setenv("QUIZ_NOW", moment.isoformat())
        while (entry := practice.next_item("practice")) is not None:
            answered += 1
            practice.submit(
                entry.item_id,
                "as I recall it",
                seed=1 if entry.kind == "template" else None,
                rating=rating_for(answered, day),
            )
        practice.skip_follow_ups()
        moment += timedelta(minutes=15)
    return answered


def test_a_month_of_following_the_plan_reaches_the_target_on_the_day(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZ_NOW", START.isoformat())
    practice = Practice(store, BANK)
    practice.update_settings(daily_new_limit=1)  # the plan's pace, not the limit, drives
    practice.update_settings(interview_date=INTERVIEW)
    first = plan(practice)
    assert first is not None and first.days_left == 30 and first.pace == 2
    assert first.unseen == len(practice.entries) == 41
    assert first.short == []  # the forecast: every item reaches the target
    assert first.readiness() == 0.0

    new_per_day = []
    day = START.date()
    while day < INTERVIEW:
        with store.read() as session:
            before = queries.count_never_answered(session, practice.profile_id)
        study_a_day(practice, monkeypatch, day)
        with store.read() as session:
            new_per_day.append(before - queries.count_never_answered(session, practice.profile_id))
        day += timedelta(days=1)
    assert sum(new_per_day) == 41
    # paced, not all at once: two new a day at most, each question bringing its follow-ups
    assert max(new_per_day) <= 6
    assert sum(1 for n in new_per_day if n) >= 15
    assert new_per_day[-3:] == [0, 0, 0]  # nothing introduced too late for two reviews

    monkeypatch.setenv("QUIZ_NOW", "2027-01-20T00:00:00Z")
    deadline = Deadline(INTERVIEW, practice.settings.desired_retention)
    with store.read() as session:
        histories = queries.card_histories(session, practice.profile_id)
    assert {h.item_id for h in histories} == set(practice.entries)
    for history in histories:
        assert history.day_count >= 3, history  # introduced, then two review days before
        assert history.last_day is not None and history.last_day < INTERVIEW
        recall = recall_on(practice.settings, history.state, deadline)
        assert recall >= deadline.target, (history.item_id, recall)
    assert plan(practice) is None  # the day has come: plain FSRS again


def test_after_the_date_plain_fsrs_resumes(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZ_NOW", START.isoformat())
    practice = Practice(store, BANK)
    practice.update_settings(interview_date=date(2026, 12, 23))
    monkeypatch.setenv("QUIZ_NOW", "2026-12-23T10:00:00Z")
    assert practice.deadline() is None
    practice.submit("ch44.q1.f1", "x", rating=Rating.GOOD)
    outcome = practice.submit("ch44.q1.f1", "x", rating=Rating.GOOD)
    moment = datetime(2026, 12, 23, 10, tzinfo=UTC)
    plain = review(practice.settings, new_card(moment), Rating.GOOD, moment, None)
    plain = review(practice.settings, plain, Rating.GOOD, moment, None)
    assert outcome.due is not None
    assert abs((outcome.due - plain.due).total_seconds()) < 3 * 86400  # only FSRS's fuzz


def test_a_past_date_is_refused(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZ_NOW", START.isoformat())
    practice = Practice(store, BANK)
    with pytest.raises(PracticeError, match="2026-12-21 is not after today"):
        practice.update_settings(interview_date=START.date())
    assert practice.interview_date is None


def test_quiz_plan_sets_shows_and_clears_the_date(
    new_db: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = new_db("q")
    monkeypatch.setenv("QUIZ_NOW", START.isoformat())
    assert main(["plan", "--db", db]) == 0
    assert "no interview date is set" in capsys.readouterr().out
    assert main(["plan", "--db", db, "--interview", "2027-01-20"]) == 0
    text = capsys.readouterr().out
    assert "Interview on 2027-01-20 (in 30 day(s))" in text
    assert "introduces every item by 2027-01-17" in text
    assert main(["plan", "--db", db, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["days_left"] == 30 and len(document["days"]) == 30
    assert document["pace"] == 10  # the profile's own limit is higher than the plan needs
    assert sum(d["new"] for d in document["days"]) == 41
    assert {t["topic"] for t in document["topics"]} >= {"mbu", "peft"}
    assert document["below_target"] == []
    assert main(["plan", "--db", db, "--clear", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) is None


@pytest.mark.parametrize("days", [1, 2, 3])
def test_a_date_too_close_for_two_reviews_says_so_and_names_no_past_day(
    days: int,
    new_db: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = new_db("q")
    monkeypatch.setenv("QUIZ_NOW", START.isoformat())
    assert main(["answer", "ch44.q1", "--answer", "Bandwidth is the rate.", "--db", db]) == 0
    interview = (START + timedelta(days=days)).date()
    capsys.readouterr()
    assert main(["plan", "--db", db, "--interview", interview.isoformat()]) == 0
    new = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("New:"))
    assert "40 item(s) not started" in new and "(1 started already" in new, new
    if days == 3:  # tomorrow and the day after are left for the two reviews
        assert f"introduces every item by {START.date()}, in time for two reviews" in new
    else:
        assert "too close for two reviews of each" in new and "all today" in new, new
        assert "introduces every item by" not in new


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["plan", "--interview", "2027-02-30"],
            "must be a date such as 2027-01-20, not '2027-02-30'",
        ),
        (["plan", "--interview", "2027-01-20", "--clear"], "not allowed with argument"),
    ],
)
def test_bad_dates_are_named(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--db", str(tmp_path / "q.db")])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "q.db").exists()


def test_the_interview_date_travels_in_a_backup(
    new_db: Callable[[str], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("QUIZ_NOW", START.isoformat())
    source, target, backup = new_db("a"), new_db("b"), tmp_path / "backup.json"
    assert main(["plan", "--db", str(source), "--interview", "2027-01-20"]) == 0
    assert main(["export", str(backup), "--db", str(source)]) == 0
    settings = json.loads(backup.read_text())["profiles"][0]["settings"]
    assert settings["interview_date"] == "2027-01-20"
    assert main(["import", str(backup), "--db", str(target)]) == 0
    capsys.readouterr()
    assert main(["plan", "--db", str(target), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["interview"] == "2027-01-20"
    del settings["interview_date"]  # a backup from before the date existed still imports
    document = json.loads(backup.read_text())
    document["profiles"][0]["settings"] = settings
    backup.write_text(json.dumps(document))
    assert main(["import", str(backup), "--db", new_db("c")]) == 0


def test_a_date_too_far_ahead_is_refused_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """9999-12-31 once ran a day-by-day forecast for 17 s and ended in an OverflowError."""
    monkeypatch.setenv("QUIZ_NOW", START.isoformat())
    db = str(tmp_path / "far.db")
    with finishes(30):
        assert main(["plan", "--db", db, "--interview", "9999-12-31"]) == 2
    assert "9999-12-31 is more than two years away" in capsys.readouterr().err
    monkeypatch.setenv("QUIZ_INTERVIEW_DATE", "9999-12-31")  # pinned by the environment
    with finishes(30):
        assert main(["plan", "--db", db]) == 0
    assert "more than two years away" in capsys.readouterr().out


def test_a_date_pinned_by_the_environment_is_named_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QUIZ_NOW", START.isoformat())
    monkeypatch.setenv("QUIZ_INTERVIEW_DATE", "2027-02-01")
    argv = ["plan", "--db", str(tmp_path / "q.db"), "--interview", "2027-01-20", "--json"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["interview"] == "2027-01-20"  # stdout stays one JSON doc
    assert "sets 2027-02-01, which is used from the next start" in captured.err


def test_card_histories_count_each_utc_answer_day_once_on_each_database(
    new_db: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan's answer days come from the database as distinct (card, UTC day) pairs: two
    answers one day are one day, 23:30 and 00:30 UTC are two."""
    db = new_db("days")
    for moment in ("2026-12-01T09:00:00Z", "2026-12-01T23:30:00Z", "2026-12-02T00:30:00Z"):
        monkeypatch.setenv("QUIZ_NOW", moment)
        assert main(["answer", "ch44.q2", "--answer", "It is about memory.", "--db", db]) == 0
    store = Store.open(database_url(db))
    try:
        with store.read() as session:
            (profile,) = session.scalars(sql_text("SELECT id FROM profiles")).all()
            (history,) = queries.card_histories(session, profile)
    finally:
        store.close()
    assert history.item_id == "ch44.q2"
    assert (history.day_count, history.last_day) == (2, date(2026, 12, 2))
