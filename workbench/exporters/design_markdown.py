"""The design document as CommonMark with GitHub-style pipe tables and Mermaid fenced diagrams."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..domain.workspace import Workspace
from . import escape
from .design import build_document, figure_mappings
from .diagram import build_drawing, incomplete_mappings
from .diagram_mermaid import render_mermaid
from .document import (
    Block,
    Bullets,
    Cell,
    Code,
    Document,
    Facts,
    Figure,
    Heading,
    Inline,
    Note,
    Paragraph,
    Strong,
    Table,
    Tag,
)
from .extras import DocumentExtras

MARKDOWN_FILE = "design.md"


def _inline(part: Inline, indent: str | None = None) -> str:
    """``part`` in Markdown; ``indent`` (what a continuation line of its block starts with)
    keeps the line breaks of user text (``None``: one line)."""
    if isinstance(part, Code):
        return escape.markdown_code(part.text)
    if isinstance(part, Strong):
        return f"**{escape.markdown(part.text)}**" if part.text.strip() else ""
    if isinstance(part, Tag):
        return f"*{escape.markdown(part.text)}*" if part.text.strip() else ""
    return escape.markdown(part) if indent is None else escape.markdown_lines(part, indent)


def _parts(parts: Iterable[Inline], indent: str | None = None) -> str:
    text = "".join(_inline(p, indent) for p in parts)
    return text.strip()


def _cell(cell: Cell) -> str:
    parts = cell if isinstance(cell, tuple) else (cell,)
    return "".join(
        escape.markdown_cell(part) if isinstance(part, str) else _inline(part) for part in parts
    ).strip()


def _table(table: Table) -> list[str]:
    lines = [f"*{escape.markdown(table.caption)}*", ""] if table.caption else []
    lines.append("| " + " | ".join(escape.markdown(h) for h in table.header) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.header) + "|")
    if not table.rows:
        lines.append("| " + " | ".join(["(none)", *[""] * (len(table.header) - 1)]) + " |")
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return lines


def _block(block: Block, figures: Callable[[str], str]) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * block.level + " " + escape.markdown_heading(block.text)]
    if isinstance(block, Paragraph):
        return [_parts(block.parts, "")]
    if isinstance(block, Note):
        return ["> " + _parts(block.parts, "> ")]
    if isinstance(block, Bullets):
        return [f"- {_parts(item, '  ')}" for item in block.items]
    if isinstance(block, Facts):
        return [
            f"- **{escape.markdown(name)}:** {_parts(value, '  ')}" for name, value in block.pairs
        ]
    if isinstance(block, Table):
        return _table(block)
    assert isinstance(block, Figure)
    return [
        "```mermaid",
        figures(block.key).rstrip("\n"),
        "```",
        "",
        f"*{escape.markdown(block.caption)}*",
    ]


def render_document_markdown(
    document: Document, figures: Callable[[str], str], stamp: str | None = None
) -> str:
    subtitle = document.subtitle + (f" (generated {stamp})" if stamp else "")
    out = [f"# {escape.markdown(document.title)}", "", f"*{escape.markdown(subtitle)}*", ""]
    out.append("## Contents")
    out.append("")
    for heading in document.toc(max_level=3):  # as deep as the HTML's navigation
        indent = "  " * (heading.level - 2)
        out.append(f"{indent}- [{escape.markdown(heading.text)}](#{heading.anchor})")
    out.append("")
    for block in document.blocks:
        if isinstance(block, Heading):
            # An explicit anchor: code hosts derive their own ids from the text, which user text
            # could make collide; the table of contents links to these.
            out.append(f'<a id="{escape.html(block.anchor)}"></a>')
            out.append("")
        out.extend(_block(block, figures))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_markdown(
    workspace: Workspace, extras: DocumentExtras | None = None, stamp: str | None = None
) -> dict[str, bytes]:
    document = build_document(workspace, extras)
    drawings = figure_mappings(workspace)
    incomplete = incomplete_mappings(workspace)

    def figure(key: str) -> str:
        return render_mermaid(build_drawing(workspace, drawings[key], incomplete))

    return {MARKDOWN_FILE: render_document_markdown(document, figure, stamp).encode("utf-8")}
