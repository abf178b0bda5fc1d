"""The app in a browser tab (`quiz serve`): keys the browser keeps for itself get alternatives.

A browser never hands a page ctrl+t (new tab), ctrl+w (close tab), ctrl+n (new window) or, in
some browsers, ctrl+q (quit). When the app is served (the server sets QUIZ_SERVED=1 in its
environment), each binding on such a key gets an alternative binding with an id of its own
(so `[keys]` can remap it too), shown in the footer instead of the key that cannot work.
This module imports no Textual at run time: the server reads `SERVED_ENV` from here.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode

SERVED_ENV = "QUIZ_SERVED"

# Keys a browser tab never receives (Chromium reserves the first three; Firefox quits on ctrl+q).
RESERVED_KEYS = frozenset({"ctrl+t", "ctrl+w", "ctrl+n", "ctrl+q"})

# A binding's id -> (its alternative's id, the alternative's key). The keys are free on every
# screen the binding is on, and no text box uses them (tests/test_serve.py checks both).
ALTERNATIVES: dict[str, tuple[str, str]] = {
    "quit": ("quit-browser", "f10"),  # F10 quits, as in mc and htop
    "suspend": ("suspend-browser", "f8"),
}


def served() -> bool:
    """Whether this app runs in a browser tab, under `quiz serve`."""
    return os.environ.get(SERVED_ENV) == "1"


def keys_of(binding_id: str, default: str, keymap: Mapping[str, str]) -> set[str]:
    """The keys a binding is on, after the config file's `[keys]`."""
    return {key.strip() for key in keymap.get(binding_id, default).split(",")}


def with_alternatives(bindings: Mapping[str, str]) -> dict[str, str]:
    """A screen's binding ids with their default keys, plus the alternatives it would have
    when served (what `[keys]` may name, and what must not collide)."""
    found = dict(bindings)
    for binding_id in bindings:
        if binding_id in ALTERNATIVES and bindings[binding_id] in RESERVED_KEYS:
            alternative_id, key = ALTERNATIVES[binding_id]
            found[alternative_id] = key
    return found


def offer_alternatives(node: DOMNode, keymap: Mapping[str, str]) -> None:
    """Give each of `node`'s bindings on a reserved key its alternative, shown in its place.

    Textual has no public way to add a binding to one instance, so this adds to the node's
    bindings map (`_bindings`, copied from the class's at construction); the app's keymap is
    applied to it like to any other, so the alternative's id can be remapped."""
    table = node._bindings.key_to_bindings
    for key, held in list(table.items()):
        for index, binding in enumerate(held):
            alternative = ALTERNATIVES.get(binding.id or "")
            if alternative is None or not keys_of(binding.id or "", key, keymap) & RESERVED_KEYS:
                continue
            alternative_id, alternative_key = alternative
            # New lists, never the ones in place: the node's map is a shallow copy of its
            # class's, so changing a list in place would change every later app's bindings.
            held = table[key] = [
                *held[:index],
                dataclasses.replace(binding, show=False),
                *held[index + 1 :],
            ]
            table[alternative_key] = [
                *table.get(alternative_key, ()),
                dataclasses.replace(
                    binding, key=alternative_key, id=alternative_id, key_display=None
                ),
            ]
