"""Anki packages (.apkg) of the bank's cards, written with genanki.

One note type ("quiz card") for every card: the prompt on the front; the answer, the calculator's
worked solution, the rubric's criteria, any erratum and the source on the back. One sub-deck per
topic under a parent deck. Note GUIDs come from each card's stable key and the note type and decks
have fixed ids, so importing a later export into Anki updates the same notes instead of adding
copies. The package is built in a private temporary folder and written atomically."""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import genanki

from quiz.decks.cards import Card
from quiz.files import write_atomically

PARENT_DECK = "quiz"
MODEL_ID = 1_733_044_044  # fixed forever: Anki matches the note type by id
FIELDS = ("Id", "Prompt", "Answer", "Solution", "Rubric", "Erratum", "Source")

FRONT = '<div class="prompt">{{Prompt}}</div>'
BACK = (
    '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
    '{{#Solution}}<h4>Worked solution</h4><div class="steps">{{Solution}}</div>{{/Solution}}'
    "{{#Rubric}}<h4>Rubric</h4>{{Rubric}}{{/Rubric}}"
    '{{#Erratum}}<h4>Erratum</h4><div class="erratum">{{Erratum}}</div>{{/Erratum}}'
    '<div class="source">{{Id}}{{#Source}} &middot; {{Source}}{{/Source}}</div>'
)
CSS = """\
.card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 44em; margin: auto; }
.answer { margin-top: 0.5em; }
.steps { font-family: monospace; font-size: 15px; white-space: pre-wrap; }
.erratum { color: #a33; }
.source { margin-top: 1.5em; font-size: 12px; color: #888; }
"""


def deck_id(name: str) -> int:
    """A stable deck id from the deck's name (Anki ids are positive 63-bit integers)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:6], "big") + 1


def guid(card: Card) -> str:
    return str(genanki.guid_for("quiz", *card.key))


def _text(text: str) -> str:
    """Bank text as a field's HTML: escaped (a prompt can never inject markup), line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def _fields(card: Card) -> list[str]:
    rubric = "".join(f"<li>{_text(c)}</li>" for c in card.rubric)
    return [
        _text(card.label),
        _text(card.prompt),
        _text(card.answer),
        "<br>".join(_text(step) for step in card.solution),
        f"<ul>{rubric}</ul>" if rubric else "",
        _text(card.erratum or ""),
        _text(card.source),
    ]


def _model() -> genanki.Model:
    return genanki.Model(
        MODEL_ID,
        "quiz card",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Recall", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )


def decks(cards: Sequence[Card], parent: str = PARENT_DECK) -> list[genanki.Deck]:
    """One deck per topic, `parent::topic`, in the order the topics first appear."""
    model = _model()
    by_topic: dict[str, genanki.Deck] = {}
    for card in cards:
        name = f"{parent}::{card.topic}"
        deck = by_topic.get(name)
        if deck is None:
            deck = by_topic[name] = genanki.Deck(deck_id(name), name)
        deck.add_note(
            genanki.Note(model=model, fields=_fields(card), tags=list(card.tags), guid=guid(card))
        )
    return list(by_topic.values())


def package_bytes(cards: Sequence[Card], timestamp: float, parent: str = PARENT_DECK) -> bytes:
    """The .apkg file's bytes: a zip holding the SQLite collection and an empty media map."""
    package = genanki.Package(decks(cards, parent))
    with tempfile.TemporaryDirectory(prefix="quiz-anki-") as folder:
        collection = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            ids = itertools.count(int(timestamp * 1000))
            package.write_to_db(connection.cursor(), timestamp, ids)
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()


def write_package(
    target: Path, cards: Sequence[Card], timestamp: float, parent: str = PARENT_DECK
) -> None:
    write_atomically(target, package_bytes(cards, timestamp, parent))
