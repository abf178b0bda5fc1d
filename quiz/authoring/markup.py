"""Lint of bank text that looks like Rich/Textual markup ("[bold]", "[/]", "[@click=...]").

The app shows bank text as text, never as markup (issue 31: a prompt's "[@click=...]" once ran
an app action when clicked), so such text appears literally, brackets and all; the author is
told where, in case they meant it as formatting."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator

from quiz.bank.findings import Finding
from quiz.bank.locate import Locator
from quiz.bank.model import Bank, Item, TemplateEntry

# Rich's tag syntax: "[" then a lower-case letter, "#", "/" or "@", up to the next "]", unless
# the "[" is escaped with a backslash.
_TAG = re.compile(r"(?<!\\)\[([a-z#/@][^\[\]\n]*)\]")
_STYLE_WORD = re.compile(  # a style's first word: "[bold]", "[not italic]", "[red on white]"
    r"(?:bold|b|dim|d|italic|i|underline2?|u|uu|strike|s|blink2?|reverse|r|conceal|overline|o"
    r"|frame|encircle|not|on|link|default|black|red|green|yellow|blue|magenta|cyan|white|grey"
    r"|gray|orange|purple)$"
)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}|rgb\(|color\(|bright_[a-z]+")
_SHOWN = "it will be shown literally, not as markup"


def markup_tag(text: str) -> str | None:
    """The first markup-like tag in a text, or None: a closing tag ("[/bold]", "[/]"), an
    action ("[@click=...]"), a tag with a value ("[link=...]", "[x=1]") or a style's name."""
    for match in _TAG.finditer(text):
        tag = match.group(1)
        first = tag.split(" ", 1)[0]
        if tag[0] in "/@" or "=" in tag or _STYLE_WORD.match(first) or _COLOUR.match(first):
            return match.group(0)
    return None


def markup_findings(
    locator: Locator, bank: Bank, mine: Callable[[str], bool] = lambda file: True
) -> list[Finding]:
    """A warning at every text of a question (with its follow-ups) or a template that holds
    markup-like text."""
    entries: list[Item | TemplateEntry] = [
        item for item in bank.items.values() if item.follow_up is None and mine(item.file)
    ]
    entries += [entry for entry in bank.templates.values() if mine(entry.file)]
    findings: list[Finding] = []
    for entry in entries:
        root = entry.question if isinstance(entry, Item) else entry.template
        for path, text in _texts(root, ()):
            tag = markup_tag(text)
            if tag is None:
                continue
            where = ".".join(map(str, path))
            shown = tag if len(tag) <= 60 else tag[:57] + "..."
            message = f"{where} holds markup-like text {shown!r}: {_SHOWN}"
            findings.append(locator.finding(entry, path, message, "warning"))
    return findings


def _texts(
    value: object, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string of a schema object, with its YAML path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, (tuple, list)):
        for index, element in enumerate(value):
            yield from _texts(element, (*path, index))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _texts(getattr(value, field.name), (*path, field.name))
