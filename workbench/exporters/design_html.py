"""The design document as one self-contained HTML file: inline CSS, diagrams embedded as SVG
(drawn by Graphviz when it is installed), a table of contents, print-friendly layout, no scripts
and no external resources."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..domain.workspace import Workspace
from . import escape
from .design import build_document
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

HTML_FILE = "design.html"

STYLE = """
:root { --ink: #1d2430; --muted: #5b6575; --rule: #d5dbe3; --band: #f4f6f9; --accent: #1f4e99; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
header.doc { padding: 2.2rem 3rem 1.2rem; border-bottom: 4px solid var(--accent); background: var(--band); }
header.doc h1 { margin: 0 0 .3rem; font-size: 1.9rem; }
header.doc p { margin: 0; color: var(--muted); }
.layout { display: flex; align-items: flex-start; }
nav.toc { position: sticky; top: 0; flex: 0 0 17rem; max-height: 100vh; overflow-y: auto;
  padding: 1.2rem 1rem 2rem 1.6rem; border-right: 1px solid var(--rule); font-size: .88rem; }
nav.toc h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 0 0 .6rem; }
nav.toc ol { list-style: none; margin: 0; padding: 0; }
nav.toc ol ol { padding-left: 1rem; margin: .15rem 0 .4rem; font-size: .82rem; }
nav.toc li { margin: .12rem 0; }
nav.toc a { color: var(--ink); text-decoration: none; }
nav.toc a:hover { color: var(--accent); text-decoration: underline; }
main { flex: 1 1 auto; min-width: 0; padding: 1rem 3rem 4rem; max-width: 78rem; }
h2 { margin: 2.6rem 0 .6rem; padding-top: .6rem; border-top: 2px solid var(--rule); font-size: 1.45rem; }
h3 { margin: 1.8rem 0 .4rem; font-size: 1.15rem; }
h4 { margin: 1.5rem 0 .3rem; font-size: 1rem; color: var(--accent); }
p { margin: .5rem 0; max-width: 60rem; }
code { font: .86em/1.3 "SFMono-Regular", Consolas, "Liberation Mono", monospace; background: var(--band);
  padding: .05em .3em; border-radius: 3px; word-break: normal; overflow-wrap: break-word; }
.table-wrap { overflow-x: auto; margin: .6rem 0 1.2rem; }
table { border-collapse: collapse; width: 100%; font-size: .86rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; color: var(--muted); }
th, td { border: 1px solid var(--rule); padding: .35rem .5rem; text-align: left; vertical-align: top; }
td:first-child code { white-space: nowrap; }
th { background: var(--band); font-weight: 600; }
tbody tr:nth-child(even) td { background: #fafbfc; }
dl.facts { display: grid; grid-template-columns: 11rem 1fr; gap: .25rem 1rem; margin: .4rem 0 .8rem; font-size: .92rem; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
.tag { display: inline-block; padding: 0 .45em; border-radius: .7em; font-size: .78em; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.tag.good { color: #1b6e2d; background: #e7f4ea; }
.tag.warn { color: #8a5300; background: #fff3e0; }
.tag.bad { color: #b3261e; background: #fdecea; }
.tag.neutral { color: #505a68; background: #f0f2f5; }
.note { border-left: 4px solid #9aa5b4; background: var(--band); padding: .5rem .8rem; margin: .6rem 0; }
.note.warn { border-color: #e69500; }
.note.bad { border-color: #c62828; }
figure { margin: 1rem 0 1.6rem; padding: .8rem; border: 1px solid var(--rule); background: #fff; overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { color: var(--muted); font-size: .85rem; margin-top: .4rem; text-align: center; }
@media (max-width: 60rem) { .layout { display: block; } nav.toc { position: static; max-height: none; border-right: 0; } main { padding: 1rem; } }
@media print {
  body { font-size: 10.5pt; }
  header.doc { background: none; padding: 0 0 .6rem; }
  .layout { display: block; }
  nav.toc { position: static; max-height: none; border: 0; padding: 0; break-after: page; font-size: 10pt; }
  main { padding: 0; max-width: none; }
  h2 { break-before: page; border-top: 0; }
  h2, h3, h4 { break-after: avoid; }
  tr, figure, dl.facts { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  figure { border: 0; overflow: visible; }
  a { color: inherit; text-decoration: none; }
  tbody tr:nth-child(even) td { background: none; }
}
"""

_XML_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


_ID = re.compile(r'\bid="([^"]*)"')


def inline_svg(svg: bytes, prefix: str = "") -> str:
    """Graphviz SVG made fit to sit inside HTML: no XML prologue, doctype or comments, and,
    with ``prefix``, its ids (and what refers to them) prefixed: every drawing numbers its
    nodes ``node1``, ``node2``…, and one page may not hold an id twice."""
    text = svg.decode("utf-8")
    text = _COMMENT.sub("", _XML_PROLOGUE.sub("", text, count=1)).strip()
    if not prefix:
        return text
    ids = set(_ID.findall(text))
    if not ids:
        return text

    def renamed(match: re.Match[str]) -> str:
        name = match.group(2)
        return f"{match.group(1)}{prefix}-{name}" if name in ids else match.group(0)

    text = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', text)
    return re.sub(r'(url\(#|href="#)([^")]*)', renamed, text)


def _inline(part: Inline) -> str:
    if isinstance(part, Code):
        return f"<code>{escape.html(part.text)}</code>"
    if isinstance(part, Strong):
        return f"<strong>{escape.html(part.text)}</strong>"
    if isinstance(part, Tag):
        return f'<span class="tag {part.tone.value}">{escape.html(part.text)}</span>'
    return escape.html_lines(part)


def _parts(parts: Iterable[Inline]) -> str:
    return "".join(_inline(p) for p in parts)


def _cell(cell: Cell) -> str:
    return _parts(cell) if isinstance(cell, tuple) else _parts((cell,))


def _table(table: Table) -> str:
    # In a box of its own that scrolls sideways: a wide table never widens the page.
    out = ['<div class="table-wrap"><table>']
    if table.caption:
        out.append(f"<caption>{escape.html(table.caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(f"<th>{escape.html(h)}</th>" for h in table.header)
        + "</tr></thead>"
    )
    out.append("<tbody>")
    if not table.rows:
        out.append(f'<tr><td colspan="{len(table.header)}">(none)</td></tr>')
    for row in table.rows:
        out.append("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


def _figure(block: Figure, svgs: Mapping[str, str], missing: str) -> str:
    anchor = escape.html_id(f"figure-{block.key}")
    svg = svgs.get(block.key)
    if svg is None:
        body = f'<p class="note warn">Diagram not drawn: {escape.html(missing)}</p>'
    else:
        body = svg
    caption = f"<figcaption>{escape.html(block.caption)}</figcaption>"
    return f'<figure id="{anchor}">\n{body}\n{caption}\n</figure>'


def _block(block: Block, svgs: Mapping[str, str], missing: str) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 2), 6)
        return f'<h{level} id="{escape.html(block.anchor)}">{escape.html(block.text)}</h{level}>'
    if isinstance(block, Paragraph):
        return f"<p>{_parts(block.parts)}</p>"
    if isinstance(block, Note):
        return f'<p class="note {block.tone.value}">{_parts(block.parts)}</p>'
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_parts(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Facts):
        items = "".join(
            f"<dt>{escape.html(name)}</dt><dd>{_parts(value)}</dd>" for name, value in block.pairs
        )
        return f'<dl class="facts">{items}</dl>'
    if isinstance(block, Table):
        return _table(block)
    assert isinstance(block, Figure)
    return _figure(block, svgs, missing)


def _toc(document: Document) -> str:
    out = ['<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>']
    open_sub = False
    first = True
    for heading in document.toc(max_level=3):
        link = f'<a href="#{escape.html(heading.anchor)}">{escape.html(heading.text)}</a>'
        if heading.level == 2:
            if open_sub:
                out.append("</ol>")
                open_sub = False
            if not first:
                out.append("</li>")
            out.append(f"<li>{link}")
            first = False
        else:
            if not open_sub:
                out.append("<ol>")
                open_sub = True
            out.append(f"<li>{link}</li>")
    if open_sub:
        out.append("</ol>")
    if not first:
        out.append("</li>")
    out.append("</ol></nav>")
    return "\n".join(out)


def render_document_html(
    document: Document, svgs: Mapping[str, str], missing: str = "", stamp: str | None = None
) -> str:
    body = "\n".join(_block(b, svgs, missing) for b in document.blocks)
    generated = f"<p>Generated {escape.html(stamp)}</p>" if stamp else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{escape.html(document.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header class="doc"><h1>{escape.html(document.title)}</h1>'
        f"<p>{escape.html(document.subtitle)}</p>{generated}</header>\n"
        f'<div class="layout">\n{_toc(document)}\n<main>\n{body}\n</main>\n</div>\n'
        "</body>\n</html>\n"
    )


def render_html(
    workspace: Workspace,
    extras: DocumentExtras | None = None,
    svgs: Mapping[str, bytes] | None = None,
    missing: str = "",
    stamp: str | None = None,
) -> dict[str, bytes]:
    """``svgs``: figure key -> SVG drawn by Graphviz (see ``design.figure_mappings``); a figure
    without one shows ``missing`` (why it could not be drawn)."""
    document = build_document(workspace, extras)
    inlined = {
        key: inline_svg(data, escape.html_id(f"figure-{key}")) for key, data in (svgs or {}).items()
    }
    return {HTML_FILE: render_document_html(document, inlined, missing, stamp).encode("utf-8")}
