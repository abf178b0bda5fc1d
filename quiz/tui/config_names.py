"""What the config file may name that only the app knows: its themes and key binding ids. The app
warns of a name it will ignore when it starts, and `quiz config` says so too."""

from __future__ import annotations

from collections.abc import Iterable

from textual.theme import BUILTIN_THEMES

from quiz.tui.destinations import binding_ids


def theme_problem(theme: str | None, available: Iterable[str] = BUILTIN_THEMES) -> str | None:
    """Why the app would ignore the pinned theme, or None."""
    names = sorted(available)
    if theme is None or theme in names:
        return None
    return f"theme {theme!r} is not one of: {', '.join(names)}"


def keys_problem(keys: Iterable[str]) -> str | None:
    """Why the app would ignore some of the [keys] entries, or None."""
    named = set(keys)
    unknown = sorted(named - binding_ids()) if named else []  # the screens' import, only if asked
    if not unknown:
        return None
    return f"unknown binding id(s) in [keys]: {', '.join(unknown)} (see the README for the ids)"
