"""Charts drawn with block characters: a year heatmap, horizontal bars, and a column chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import Static

SHADES = ("grey23", "dark_green", "green4", "green3", "bright_green")
COLUMNS = " ▁▂▃▄▅▆▇█"
LABEL_WIDTH = 22


def heatmap(days: Sequence[tuple[str, int]]) -> Text:
    """Answers per day as a GitHub-style grid: one column per week, Monday at the top."""
    if not days:
        return Text("no activity yet")
    most = max(count for _, count in days)
    top = most or 1
    first = date.fromisoformat(days[0][0])
    offset = first.weekday()
    cells: list[tuple[str, int] | None] = [None] * offset + list(days)
    weeks = [cells[i : i + 7] for i in range(0, len(cells), 7)]
    text = Text()
    for weekday, label in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        text.append(f"{label:<4}")
        for week in weeks:
            cell = week[weekday] if weekday < len(week) else None
            if cell is None:
                text.append(" ")
                continue
            level = 0 if not cell[1] else 1 + min(int(cell[1] / top * 3.999), 3)
            text.append("■", style=SHADES[level])
        text.append("\n")
    text.append("    less ")
    for shade in SHADES:
        text.append("■", style=shade)
    text.append(f" more   (most in a day: {most})" if most else " more   (no answers yet)")
    return text


def bars(rows: Sequence[tuple[str, float, str]], width: int = 30, style: str = "cyan") -> Text:
    """Horizontal bars: (label, value in [0, 1], note)."""
    if not rows:
        return Text("nothing yet")
    label_width = min(max(len(label) for label, _, _ in rows), LABEL_WIDTH)
    text = Text()
    for label, value, note in rows:
        filled = round(max(min(value, 1.0), 0.0) * width)
        text.append(f"{label[:label_width]:<{label_width}} ")
        text.append("█" * filled, style=style)
        text.append("░" * (width - filled), style="grey30")
        text.append(f" {note}\n")
    text.rstrip()
    return text


def columns(values: Sequence[float], height: int = 6, style: str = "magenta") -> Text:
    """A column chart of values, scaled to the tallest."""
    if not values:
        return Text("nothing yet")
    top = max(values) or 1.0
    levels = [value / top * height for value in values]
    text = Text()
    for row in range(height, 0, -1):
        for level in levels:
            part = level - (row - 1)
            index = 0 if part <= 0 else min(int(part * 8), 8)
            text.append(COLUMNS[index] if part < 1 else "█", style=style)
        text.append("\n")
    return text


class Chart(Static):
    """A titled chart box."""

    def __init__(self, title: str, body: RenderableType = "", *, id: str | None = None) -> None:
        super().__init__(body, id=id, classes="chart")
        self.border_title = title
