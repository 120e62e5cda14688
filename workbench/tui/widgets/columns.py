"""Aligned columns as plain Rich text: what the detail pane shows tables with.

A Rich ``Table`` measures and renders every cell several times per repaint, which made moving the
cursor on a large model slow; padded text renders once. Cells longer than their column are cut
with an ellipsis (the forms show the full values).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text


@dataclass(frozen=True)
class Column:
    header: str
    style: str = ""
    max_width: int = 36


def columns(
    cols: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    header: bool = True,
    row_styles: Sequence[str] = (),
    width: int | None = None,
) -> Text:
    """``rows`` in aligned columns, each as wide as its longest cell up to its ``max_width``;
    within ``width`` cells when given (a line wider than its pane wraps, and a column's cell
    lands on a line of its own): the widest columns give way first, the first one (what the
    row is about) last, cut cells ending in …."""
    widths = []
    for index, col in enumerate(cols):
        longest = max(
            [cell_len(row[index]) for row in rows] + [cell_len(col.header) if header else 0]
        )
        widths.append(min(col.max_width, longest))
    if width is not None:
        _fit(widths, [cell_len(c.header) if header else 0 for c in cols], width)
    out = Text()
    lines: list[tuple[Sequence[str], str, bool]] = []
    if header:
        lines.append(([c.header for c in cols], "bold underline", True))
    lines.extend(
        (row, row_styles[i] if i < len(row_styles) else "", False) for i, row in enumerate(rows)
    )
    for number, (cells, line_style, is_header) in enumerate(lines):
        if number:
            out.append("\n")
        line = Text(style=line_style)
        for index, (col, cell) in enumerate(zip(cols, cells, strict=True)):
            piece = Text(cell, style="" if is_header else col.style)
            piece.truncate(widths[index], overflow="ellipsis", pad=index < len(cols) - 1)
            line.append_text(piece)
            if index < len(cols) - 1:
                line.append("  ")
        out.append_text(line)
    return out


def prose(rows: Sequence[tuple[str, str]], *, width: int | None = None) -> Text:
    """Label and text rows whose text is never cut: it wraps under itself, within ``width``
    cells when given (a rule in words is read whole, whatever its length)."""
    label_width = min(12, max((cell_len(label) for label, _ in rows), default=0))
    out = Text()
    room = max((width or 0) - label_width - 2, 20) if width else None
    for number, (label, value) in enumerate(rows):
        if number:
            out.append("\n")
        lines = textwrap.wrap(value, room, break_on_hyphens=False) or [""] if room else [value]
        out.append(label[:label_width].ljust(label_width), style="bold")
        out.append("  " + lines[0])
        for line in lines[1:]:
            out.append("\n" + " " * (label_width + 2) + line)
    return out


NARROWEST = 6
"""A column is not cut below this (or its header) while another can give way."""


def _fit(widths: list[int], headers: list[int], room: int) -> None:
    """Narrow ``widths`` (in place) until the columns and the gaps between them fit ``room``."""
    excess = sum(widths) + 2 * (len(widths) - 1) - room
    floors = [min(w, max(NARROWEST, h)) for w, h in zip(widths, headers, strict=True)]
    while excess > 0:
        others = [i for i in range(1, len(widths)) if widths[i] > floors[i]]
        candidates = others or ([0] if widths[0] > floors[0] else [])
        if not candidates:
            return
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
