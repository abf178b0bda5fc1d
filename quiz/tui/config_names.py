"""What the config file may name that only the app knows: its themes and key binding ids. The app
warns of a name it will ignore when it starts, and `quiz config` says so too."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache

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
    """Why the app would ignore some of the [keys] entries, or None (for the app's warning)."""
    return "; ".join(message for _, message in keys_problems(keys)) or None


def keys_problems(keys: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each problem with the [keys] entries, with the binding id it is about (so `quiz config`
    can point at its line): ids that name no binding, keys no keyboard sends, and keys that two
    bindings of one screen would share (only one of them could work)."""
    if not keys:
        return []  # the screens' import, only if asked
    known = {name for names in _bindings().values() for name in names}
    problems = [
        (binding, f"unknown binding id {binding!r} in [keys] (see the README for the ids)")
        for binding in sorted(set(keys) - known)
    ]
    for binding, spec in sorted(keys.items()):
        wrong = [key.strip() for key in spec.split(",") if not pressable(key.strip())]
        if binding in known and wrong:
            problems.append(
                (binding, f"keys.{binding}: {', '.join(map(repr, wrong))} is no key a keyboard "
                 "sends (a letter, a digit, a key name such as 'f5' or 'comma', with modifiers "
                 "such as 'ctrl+')")
            )  # fmt: skip
    return problems + _collisions(keys)


MODIFIERS = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})


def pressable(key: str) -> bool:
    """Whether a key name is one a keyboard can send, as Textual names keys: modifiers joined
    by '+', then one character, a key name ('f5', 'escape', 'comma') or a character's name."""
    *mods, last = key.split("+") if key != "+" else ["+"]
    if not last or not MODIFIERS.issuperset(mods):
        return False
    if len(last) == 1 and last.isprintable():
        return True
    return last in _key_names() or _character_name(last)


@cache
def _key_names() -> frozenset[str]:
    from textual.keys import KEY_ALIASES, KEY_NAME_REPLACEMENTS, Keys

    names = {key.value.split("+")[-1] for key in Keys}
    names |= set(KEY_ALIASES) | set(KEY_NAME_REPLACEMENTS.values())
    return frozenset(names | {f"f{n}" for n in range(1, 25)} | {"space"})


def _character_name(name: str) -> bool:
    """A character named as Textual names it: 'question_mark', 'left_square_bracket'."""
    try:
        return len(unicodedata.lookup(name.replace("_", " "))) == 1
    except KeyError:
        return False


def _collisions(keys: Mapping[str, str]) -> list[tuple[str, str]]:
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
        (
            next(binding for binding in ids if binding in keys),
            f"key {key!r} is bound to {', '.join(ids)} at once on the "
            f"{', '.join(sorted(screens))} screen(s): only one of them works",
        )
        for (key, *ids), screens in sorted(found.items())
    ]


def _bindings() -> dict[str, dict[str, str]]:
    """Per screen, each binding id with its default key, the browser's alternatives included
    (`quiz serve`: quiz.tui.served)."""
    return {screen: with_alternatives(ids) for screen, ids in screen_bindings().items()}
