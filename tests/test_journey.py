"""A week of use (issue 33): scripted learners drive the real app through the pilot across
simulated days (the app's clock is injected and moved on between days; each day the app is
started afresh on the same database, as a learner opens quiz each morning). After each step
they check what a learner sees (the item on screen, the progress line, the home figures, the
held items, stats and mastery) against what the README promises, not against the code: the
keys table ("The app"), the modes ("practice: due first, then new items ... follow-ups right
after their parent; review: only what is due; cram: never changes a schedule; drill: numeric
problems"), "Suspended and buried items appear in no mode", "Items removed from the bank keep
their history". Every wait is for a condition, never for a time."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import TextArea

from quiz.cli.main import main
from tests.journey_support import (
    MINE,
    Q2,
    RIGHT,
    UNKNOWN,
    Learner,
    answer,
    answer_box,
    feedback,
    figure,
    held_rows,
    home,
    next_item,
    on_screen,
    open_mode,
    phase,
    progress,
)
from tests.tui_support import report_shown, text_of, until


async def test_a_week_of_practice_review_holds_and_bank_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada = Learner(tmp_path, daily_new_limit=6)

    # Day 1: a fresh start; practice serves new items, the learner undoes, re-rates, holds.
    async with ada.day() as (pilot, app):
        assert figure(app, "due now") == 0 and figure(app, "answered today") == 0
        await open_mode(pilot, app, "p")
        assert progress(app)[0] == 1  # '1 of M today'
        first = on_screen(app)
        before = text_of(app, "#meta")
        await answer(pilot, app, UNKNOWN)
        await pilot.press("u")  # undo: the item comes back, the text in the box
        await until(pilot, lambda: phase(app) == "answering" and "undone" in text_of(app, "#meta"))
        assert on_screen(app) == first and answer_box(app) == UNKNOWN
        assert progress(app) == (1, progress(app)[1]) and "1 of" in before
        await pilot.press("ctrl+s")  # submitted again as it was
        await until(pilot, lambda: phase(app) == "graded")
        assert "Rating: again" in feedback(app)
        await pilot.press("4")  # re-rated: the learner knew it after all
        await until(pilot, lambda: "Rating: easy" in feedback(app))
        answered: dict[str, str] = {first: "easy"}
        shown = [first]
        suspended = buried = ""
        for _ in range(30):  # the rest of the session
            done = progress(app)[0]
            await next_item(pilot, app)
            if phase(app) == "empty":
                break
            item = on_screen(app)
            shown.append(item)
            assert item not in answered, item  # a failed item waits for its step: not today
            assert progress(app)[0] == done + 1  # one more answered: the line moves by one
            if not suspended and not item.startswith("j."):
                await pilot.press("ctrl+t")  # suspend, and take it back
                await until(pilot, lambda: phase(app) == "held")
                assert f"Suspended {item}" in text_of(app, "#prompt")
                await pilot.press("u")
                await until(pilot, lambda: phase(app) == "answering")
                assert on_screen(app) == item
                await pilot.press("ctrl+t")  # suspended for good
                await until(pilot, lambda: phase(app) == "held")
                suspended = item
                await next_item(pilot, app)
                shown.append(on_screen(app))
            elif not buried and not item.startswith("j."):  # answered, then buried
                answered[await answer(pilot, app)] = "again"  # (test_journey_defects.py: a new one)
                await pilot.press("ctrl+g")
                await until(pilot, lambda: phase(app) == "held")
                assert f"Buried until tomorrow: {item}" in text_of(app, "#prompt")
                buried = item
                await next_item(pilot, app)
                shown.append(on_screen(app))
            if phase(app) == "empty":
                break
            item = await answer(pilot, app)
            answered[item] = "easy" if item in RIGHT else "again"
        assert suspended and buried
        for before, after in itertools.pairwise(shown):  # follow-ups right after
            if ".f" in after:  # their parent (or a sibling follow-up)
                assert before.split(".f")[0] == after.split(".f")[0], shown
        await home(pilot, app)
        assert figure(app, "answered today") == len(answered)
        await pilot.press("h")  # the held items: both, with when the buried one comes back
        await until(pilot, lambda: len(held_rows(app)) == 2)
        assert set(held_rows(app)) == {suspended, buried}
    # That evening, j.q1 from the command line (README: quiz answer ID --answer ... --rating).
    monkeypatch.setenv("QUIZ_NOW", (ada.now + timedelta(hours=8)).isoformat())
    argv = ["answer", "j.q1", "--answer", "no idea", "--rating", "again", "--db", ada.db]
    assert main([*argv, "--bank", str(ada.bank)]) == 0
    monkeypatch.delenv("QUIZ_NOW")
    answered["j.q1"] = "again"
    again = {item for item, rating in answered.items() if rating == "again"}

    # Day 2: what was failed is due; the buried item is back; review asks only what is due.
    ada.next_day()
    async with ada.day() as (pilot, app):
        due = figure(app, "due now")
        assert due >= len(again)
        await pilot.press("h")
        await until(pilot, lambda: held_rows(app) == [suspended])  # buried until tomorrow
        await pilot.press("u")  # unsuspend the highlighted one
        await until(pilot, lambda: held_rows(app) == [])
        await home(pilot, app)
        await open_mode(pilot, app, "r")
        assert progress(app) == (1, due)  # review: only what is due, as home counted it
        reviewed = set()
        while phase(app) == "answering":
            item = await answer(pilot, app)
            assert item in answered, item  # nothing new in review
            reviewed.add(item)
            if item == "j.q1":  # right, but the learner guessed: re-rated down
                assert "Rating: easy" in feedback(app)
                await pilot.press("1")
                await until(pilot, lambda: "Rating: again" in feedback(app))
            await next_item(pilot, app)
        assert again <= reviewed
        assert "Nothing is due" in text_of(app, "#prompt")
        await home(pilot, app)
        assert figure(app, "answered today") == len(reviewed)

    # Day 3: cram over the learner's own topic, with a hint and a retry; no schedule moves.
    ada.next_day()
    async with ada.day(cram_topic="journey") as (pilot, app):
        due = figure(app, "due now")
        await open_mode(pilot, app, "c")
        seen: list[str] = []
        while phase(app) == "answering" and on_screen(app) not in seen:
            item = on_screen(app)
            seen.append(item)
            assert progress(app)[0] == len(seen)
            if item == "j.q2":  # a hint first: the answer is rated at most hard
                await pilot.press("ctrl+o")
                await until(pilot, lambda: "Hint 1 of 1" in text_of(app, "#hints"))
                await answer(pilot, app)
                assert "Rating: hard" in feedback(app)
                await pilot.press("r")  # retry: the text kept, the line unmoved
                await until(pilot, lambda: phase(app) == "answering")
                assert answer_box(app) == RIGHT["j.q2"]
                await pilot.press("ctrl+s")
                await until(pilot, lambda: phase(app) == "graded")
                assert progress(app)[0] == len(seen)
            else:
                await answer(pilot, app)
            await next_item(pilot, app)
        assert set(seen) >= {"j.q1", "j.q2"} and all(s.startswith("j.") for s in seen)
        await home(pilot, app)
        assert figure(app, "due now") == due  # cram changed no schedule

    # Day 4: the learner edits j.q1, rated again on day 2: review asks it, flagged.
    ada.bank.write_text(MINE.format(prompt="What does bandwidth measure?") + Q2, "utf-8")
    ada.next_day()
    async with ada.day() as (pilot, app):
        await open_mode(pilot, app, "r")
        while on_screen(app) != "j.q1" and phase(app) == "answering":
            await answer(pilot, app)
            await next_item(pilot, app)
        assert on_screen(app) == "j.q1"
        assert "text changed since you last saw it" in text_of(app, "#meta")
        assert "What does bandwidth measure?" in text_of(app, "#prompt")
        await answer(pilot, app)

    # Day 5: j.q2 leaves the bank; its answers stay in the learner's mastery.
    ada.bank.write_text(MINE.format(prompt="What does bandwidth measure?"), "utf-8")
    ada.next_day()
    async with ada.day(cram_topic="journey") as (pilot, app):
        await pilot.press("s")
        await until(pilot, lambda: "journey" in text_of(app, "#mastery"))
        mastery = text_of(app, "#mastery")
        line = next(row for row in mastery.splitlines() if "journey" in row)
        assert not re.search(r"\b0%", line), line  # answered well, removed or not
        await home(pilot, app)
        await open_mode(pilot, app, "c")
        for _ in range(3):  # cram goes round what the bank still has
            assert on_screen(app) in {"j.q1", "j.q1.f1"}
            await answer(pilot, app)
            await next_item(pilot, app)


async def test_a_week_of_drill_an_interview_and_a_streak(tmp_path: Path) -> None:
    bo = Learner(tmp_path)
    for day in range(1, 8):  # a numeric problem every morning, a week long
        async with bo.day(questions=1, frozen_timers=True) as (pilot, app):
            assert figure(app, "day streak") == day - 1  # the days answered before today
            await open_mode(pilot, app, "d")
            assert progress(app)[0] == 1, (day, text_of(app, "#meta"))
            problem = app.screen.problem  # type: ignore[attr-defined]
            await answer(pilot, app)
            assert "correct" in feedback(app) and "Worked solution" in feedback(app)
            assert problem.template in on_screen(app)
            await pilot.press("a")  # another instance: the progress line stays
            await until(pilot, lambda: phase(app) == "answering")
            assert re.search(r"\d+ of \d+ today", text_of(app, "#meta"))
            await home(pilot, app)
            assert figure(app, "day streak") == day and figure(app, "answered today") >= 1
            if day == 3:  # a mock interview of one question, ended with esc after it
                await pilot.press("i")
                await until(pilot, lambda: phase(app) == "answering")
                question = str(app.screen.query_one("#question").render())
                asked = re.search(r"· (\S+)", question)
                assert asked and "question 1 of 1" in question
                app.screen.query_one("#interview-answer", TextArea).text = UNKNOWN
                await pilot.press("ctrl+s")
                await until(pilot, lambda: phase(app) != "submitting")
                await until(pilot, lambda: phase(app) in ("answering", "self-rate", "done"))
                if phase(app) == "self-rate":
                    await pilot.press("1")
                await pilot.press("escape")
                await report_shown(pilot)
                report = text_of(app, "#report-body")
                assert "Interview report" in report and asked[1] in report
                await home(pilot, app)
                await pilot.press("s")  # stats: 'o' opens the last report
                await until(pilot, lambda: "Loading" not in text_of(app, "#heatmap"))
                await pilot.press("o")
                await report_shown(pilot)
                assert asked[1] in text_of(app, "#report-body")
        bo.next_day()
    async with bo.day() as (pilot, app):  # the eighth morning: the week in the stats
        assert figure(app, "day streak") == 7
        await pilot.press("s")
        await until(pilot, lambda: "Loading" not in text_of(app, "#mastery"))
        assert "no answers yet" not in text_of(app, "#heatmap")
