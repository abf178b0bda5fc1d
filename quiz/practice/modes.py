"""The practice modes and what each may serve: the one table that the engine's queue, the CLI's
choices, the app's home screen, palette and screens all read."""

from __future__ import annotations

from dataclasses import dataclass

ALL_KINDS = ("question", "followup", "template")


@dataclass(frozen=True, slots=True, kw_only=True)
class Mode:
    """A way of practising: which items it serves and whether answers move the schedule."""

    name: str
    title: str
    summary: str
    kinds: tuple[str, ...]  # the kinds of item it serves
    due: bool  # serves what is due now
    new: bool  # introduces items never answered
    anything: bool = False  # serves any live item regardless of its schedule
    daily_cap: bool = True  # new items count against the profile's daily new-item limit
    follow_ups: bool = False  # a question's follow-ups come right after it
    schedules: bool = True  # an answer reschedules the card


MODES: dict[str, Mode] = {
    mode.name: mode
    for mode in (
        Mode(
            name="practice",
            title="Practice",
            summary="due first, then new items",
            kinds=ALL_KINDS,
            due=True,
            new=True,
            follow_ups=True,
        ),
        Mode(
            name="review",
            title="Review",
            summary="only what is due",
            kinds=ALL_KINDS,
            due=True,
            new=False,
        ),
        Mode(
            name="cram",
            title="Cram",
            summary="anything; the schedule is left alone",
            kinds=("question", "template"),
            due=False,
            new=False,
            anything=True,
            schedules=False,
        ),
        Mode(
            name="drill",
            title="Drill",
            summary="numeric problems with worked steps",
            kinds=("template",),
            due=True,
            new=True,
            daily_cap=False,
        ),
        Mode(
            name="interview",
            title="Interview",
            summary="mock interview with a timer",
            kinds=("question", "followup"),
            due=True,
            new=True,
            follow_ups=True,
        ),
    )
}


def mode_named(name: str) -> Mode:
    """The mode of that name; ValueError lists the modes there are."""
    found = MODES.get(name)
    if found is None:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {name!r}")
    return found
