"""Aligned columns as plain Rich text: what the detail pane shows tables with.

A Rich ``Table`` measures and renders every cell several times per repaint, which made moving the
cursor on a large model slow; padded text renders once. Cells longer than their column are cut
with an ellipsis (the forms show the full values).
"""

from __future__ import annotations

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
) -> Text:
    widths = []
    for index, col in enumerate(cols):
        longest = max(
            [cell_len(row[index]) for row in rows] + [cell_len(col.header) if header else 0]
        )
        widths.append(min(col.max_width, longest))
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
