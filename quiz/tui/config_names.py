"""What the config file may name that only the app knows: its themes and key binding ids. The app
warns of a name it will ignore when it starts, and `quiz config` says so too."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.theme import BUILTIN_THEMES

from quiz.tui.destinations import screen_bindings
from quiz.tui.served import with_alternatives


def theme_problem(theme: str | None, available: Iterable[str] = BUILTIN_THEMES) -> str | None:
    """Why the app would ignore the pinned theme, or None."""
    names = sorted(available)
    if theme is None or theme in names:
        return None
    return f"theme {theme!r} is not one of: {', '.join(names)}"


def keys_problem(keys: Mapping[str, str]) -> str | None:
    """Why the app would ignore some of the [keys] entries, or None: ids that name no binding,
    and keys that two bindings of one screen would share (only one of them could work)."""
    if not keys:
        return None  # the screens' import, only if asked
    problems = []
    unknown = sorted(set(keys) - {name for names in _bindings().values() for name in names})
    if unknown:
        problems.append(
            f"unknown binding id(s) in [keys]: {', '.join(unknown)} (see the README for the ids)"
        )
    problems += _collisions(keys)
    return "; ".join(problems) or None


def _collisions(keys: Mapping[str, str]) -> list[str]:
    """Each key that a [keys] entry gives to two or more bindings shown on one screen."""
    found: dict[tuple[str, ...], set[str]] = {}
    for screen, bindings in _bindings().items():
        holders: dict[str, list[str]] = {}
        for binding, default in bindings.items():
            for key in keys.get(binding, default).split(","):
                holders.setdefault(key.strip(), []).append(binding)
        for key, ids in holders.items():
            if len(ids) > 1 and any(binding in keys for binding in ids):
                found.setdefault((key, *sorted(ids)), set()).add(screen.removesuffix("Screen"))
    return [
        f"key {key!r} is bound to {', '.join(ids)} at once on the "
        f"{', '.join(sorted(screens))} screen(s): only one of them works"
        for (key, *ids), screens in sorted(found.items())
    ]


def _bindings() -> dict[str, dict[str, str]]:
    """Per screen, each binding id with its default key, the browser's alternatives included
    (`quiz serve`: quiz.tui.served)."""
    return {screen: with_alternatives(ids) for screen, ids in screen_bindings().items()}
