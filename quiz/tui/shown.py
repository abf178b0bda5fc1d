"""Text that quiz did not write itself (a bank, a backup, the database, the config, an answer)
as something to show: a Rich `Text`, so it is never parsed as markup. A prompt written as
`[@click=app.quit]Q?[/]` shows those characters; it cannot become a link, a style or an action,
and unbalanced brackets cannot stop the app. Control, bidirectional and zero-width characters
are shown as escapes (`quiz.printable`).

Every widget that shows such text takes it through here: table cells, titles, statics and
charts; notifications are plain text for the whole app (`QuizApp.notify`)."""

from __future__ import annotations

from rich.text import Text

from quiz.printable import printable, printable_name


def shown(text: str, style: str = "") -> Text:
    """Text from outside, as plain text (newlines kept)."""
    return Text(printable(text), style=style)


def shown_name(text: str, style: str = "") -> Text:
    """An id, a title, a topic or a profile name from outside, on one line, every invisible
    character escaped."""
    return Text(printable_name(text), style=style)
