"""What the app needs from the domain, loaded off the UI thread: the bank, the store, the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.bank.model import Bank
    from quiz.practice.engine import Practice


@dataclass(frozen=True, slots=True)
class Options:
    """How the app was started (from the command line)."""

    db: str | None = None
    banks: tuple[str, ...] = ()
    profile: str = "default"
    start: str | None = None  # "review" or "interview": open straight into it
    questions: int = 5
    minutes: float = 3.0


@dataclass(slots=True)
class Context:
    """The loaded domain objects, shared by the screens."""

    bank: Bank
    practice: Practice
    sources: list[str] = field(default_factory=list)
    mtimes: dict[str, float] = field(default_factory=dict)


def bank_files(sources: list[str]) -> dict[str, float]:
    """Modification times of every bank file, to notice edits on disk."""
    from quiz.bank.loader import expand

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
    """Load the bank (valid items kept) and open the database; raises on a database problem."""
    from quiz.authoring.checked import load_checked_bank
    from quiz.bank.loader import bank_sources
    from quiz.practice.engine import Practice
    from quiz.store.location import database_url
    from quiz.store.store import Store

    sources = bank_sources(list(options.banks))
    bank = load_checked_bank(sources)
    store = Store.open(database_url(options.db))
    practice = Practice(store, bank, options.profile, now=now)
    return Context(bank, practice, sources, bank_files(sources))


def reload_bank(context: Context) -> Context:
    """Load the bank again (after a file changed) and rebuild the engine on the same store."""
    from quiz.authoring.checked import load_checked_bank
    from quiz.practice.engine import Practice

    bank = load_checked_bank(context.sources)
    old = context.practice
    practice = Practice(old.store, bank, old.profile_name, now=old.now)
    return Context(bank, practice, context.sources, bank_files(context.sources))
