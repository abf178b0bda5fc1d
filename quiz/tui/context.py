"""What the app needs from the domain, loaded off the UI thread: the bank, the store, the engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.bank.model import Bank
    from quiz.practice.engine import Practice
    from quiz.practice.entries import Entries
    from quiz.store.store import Store


@dataclass(frozen=True, slots=True)
class Options:
    """How the app was started (from the command line)."""

    db: str | None = None
    banks: tuple[str, ...] = ()
    profile: str = "default"
    start: str | None = None  # "review" or "interview": open straight into it
    questions: int = 5
    minutes: float = 3.0
    theme: str | None = None  # pinned by the config file or QUIZ_THEME
    keys: Mapping[str, str] = field(default_factory=dict)  # binding id -> key
    daily_new_limit: int | None = None
    desired_retention: float | None = None
    interview_date: date | None = None  # pinned by the config file or QUIZ_INTERVIEW_DATE
    warnings: tuple[str, ...] = ()  # problems with the config file, shown on start
    cram_topic: str | None = None  # quiz cram --topic: cram only this topic
    cram_weakest: int | None = None  # quiz cram --weakest N: only the N weakest items


@dataclass(slots=True)
class Context:
    """The loaded domain objects, shared by the screens. A cohort's instructor has no practice
    engine (no profile of their own): only the screens that read the class open."""

    bank: Bank
    engine: Practice | None  # None: a cohort's instructor
    store: Store
    sources: list[str] = field(default_factory=list)
    mtimes: dict[str, float] = field(default_factory=dict)
    _whole: Entries | None = field(default=None, init=False, repr=False)  # an instructor's

    @property
    def practice(self) -> Practice:
        """The practice engine; the screens that need one are not opened for an instructor."""
        if self.engine is None:
            raise RuntimeError("an instructor's role has no practice profile of its own")
        return self.engine

    @property
    def entries(self) -> Entries:
        """The askable entries of the bank (the engine's, which a cohort may narrow)."""
        from quiz.practice.entries import Entries

        if self.engine is not None:
            return self.engine.entries
        if self._whole is None:  # made once: the Bank screen's search reads it on every key
            self._whole = Entries(self.bank)
        return self._whole


def bank_files(sources: list[str]) -> dict[str, float]:
    """Modification times of every bank file, to notice edits on disk."""
    from quiz.bank.sources import expand

    found: dict[str, float] = {}
    try:
        for path, name in expand(sources):
            try:
                found[name] = path.stat().st_mtime
            except OSError:
                continue
    except Exception:  # a vanished folder: no files
        return found
    return found


def load(options: Options, now: Any) -> Context:
    """Load the bank (valid items kept) and open the database, as the CLI does; raises
    `OpenError` with a one-line reason."""
    from quiz.bank.sources import bank_sources
    from quiz.practice.opening import InstructorRole, Setup, open_bank, open_practice, open_store

    bank = open_bank(options.banks)
    setup = Setup(
        db=options.db,
        banks=options.banks,
        profile=options.profile,
        daily_new_limit=options.daily_new_limit,
        desired_retention=options.desired_retention,
        theme=options.theme,
        interview_date=options.interview_date,
    )
    sources = bank_sources(options.banks)
    try:
        practice, store = open_practice(setup, bank, now)
    except InstructorRole:
        return Context(bank, None, open_store(options.db), sources, bank_files(sources))
    if options.cram_topic is not None or options.cram_weakest is not None:
        from quiz.practice.focus import Focus

        practice.focus = Focus(topic=options.cram_topic, weakest=options.cram_weakest)
    return Context(bank, practice, store, sources, bank_files(sources))


def reload_bank(context: Context) -> Context:
    """Load the bank again (after a file changed) and rebuild the engine on the same store."""
    from quiz.authoring.checked import load_checked_bank

    bank = load_checked_bank(context.sources)
    practice = context.engine.on_bank(bank) if context.engine is not None else None
    if practice is not None and context.engine is not None:
        practice.focus = context.engine.focus  # cram's topic or weakest items, for this run
    return Context(bank, practice, context.store, context.sources, bank_files(context.sources))
