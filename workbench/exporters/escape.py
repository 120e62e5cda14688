"""Escaping for every output format: user text is data, never markup, formula or syntax.

One function per format and context. Every exporter passes each user-supplied string through the
function for the place it lands in; nothing is written raw.
"""

from __future__ import annotations

import re
import unicodedata

# -- HTML ------------------------------------------------------------------------------------------

_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def html(text: str) -> str:
    """Text for an HTML element body or a quoted attribute value."""
    return text.translate(_HTML)


_ID_STRIP = re.compile(r"[^a-z0-9]+")


def html_id(text: str) -> str:
    """A fragment id made of lowercase letters, digits and hyphens (safe in href="#...")."""
    return _ID_STRIP.sub("-", text.lower()).strip("-") or "x"


# -- Markdown (CommonMark) -------------------------------------------------------------------------

# Characters that start or end inline syntax anywhere in a line (emphasis, code, links, raw HTML,
# entities, table pipes, strikethrough); CommonMark lets any ASCII punctuation be backslash-escaped.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]<>|&~!$])")
# Characters that only mean something at the start of a line: headings, lists, quotes, rules.
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
_WHITESPACE = re.compile(r"\s+")


def _markdown_inline(text: str) -> str:
    """One line with every inline syntax character escaped (whitespace runs become one space)."""
    return _MD_INLINE.sub(r"\\\1", _WHITESPACE.sub(" ", text))


def markdown(text: str) -> str:
    """Inline Markdown text: one line (whitespace runs become one space, spaces at the ends are
    kept so pieces can be joined), every character that could become syntax escaped."""
    escaped = _markdown_inline(text)
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], escaped
    )


_LINE_BREAK = re.compile(r"[ \t]*\n\s*")
_PARAGRAPH_BREAK = re.compile(r"[ \t]*\n(?:[ \t]*\n)+\s*")


def markdown_lines(text: str, indent: str) -> str:
    """Inline Markdown text that keeps its line breaks (a note of several paragraphs, a list
    typed as lines): each line escaped as ``markdown`` does, the lines joined by hard breaks,
    and each continuation indented by ``indent`` so it stays in its block (``"  "`` in a list
    item, ``"> "`` in a quote)."""
    if "\n" not in text:
        return markdown(text)
    lines = _LINE_BREAK.split(text.strip())
    lead, trail = _ends(text)
    return lead + ("\\\n" + indent).join(markdown(line) for line in lines) + trail


def html_lines(text: str) -> str:
    """Text for an HTML element body that keeps its line breaks: a blank line between
    paragraphs becomes two ``<br>``, a single line break one."""
    if "\n" not in text:
        return html(text)
    body = _PARAGRAPH_BREAK.sub("<br><br>", html(text.strip()))
    lead, trail = _ends(text)
    return lead + _LINE_BREAK.sub("<br>", body) + trail


def _ends(text: str) -> tuple[str, str]:
    """A space for each end of ``text`` that has blanks: pieces are joined (`` (description)``
    after a field's name), and the space between them is the piece's own."""
    return (" " if text[:1].isspace() else "", " " if text[-1:].isspace() else "")


_CLOSING_HASHES = re.compile(r"(?<=\s)(#+)\s*$")


def markdown_heading(text: str) -> str:
    """Heading text: ``markdown``, and a run of ``#`` at the end escaped, which CommonMark would
    take for the optional closing sequence and drop (``Contacts ends with ##``)."""
    return _CLOSING_HASHES.sub(lambda m: "\\#" * len(m.group(1)), markdown(text).rstrip())


def markdown_cell(text: str) -> str:
    """Text for a cell of a pipe table, which must stay on one source line: each line's inline
    syntax escaped (pipes included; a cell holds no blocks, so ``0.00`` and ``-901.09`` need no
    backslash) and the lines joined by ``<br>``, the one piece of HTML GitHub, GitLab and pandoc
    all render inside a cell (two between paragraphs)."""
    if "\n" not in text:
        return _markdown_inline(text)
    return "<br><br>".join(
        "<br>".join(_markdown_inline(line) for line in _LINE_BREAK.split(paragraph))
        for paragraph in _PARAGRAPH_BREAK.split(text.strip())
    )


def markdown_code(text: str) -> str:
    """An inline code span that holds any text: the fence is longer than any backtick run inside,
    and padding keeps leading or trailing backticks apart from the fence. Pipes cannot be escaped
    inside code in a table cell on every host, so a pipe ends the span and is escaped outside."""
    text = " ".join(text.split())
    if not text:
        return ""
    parts = text.split("|")
    return "\\|".join(_code_span(part) if part else "" for part in parts)


def _code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# -- Spreadsheets (CSV and XLSX) -------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A spreadsheet cell that no program evaluates: text beginning with a formula trigger gets a
    leading apostrophe (the OWASP CSV-injection advice; spreadsheets show the rest as text).
    Text that begins with an apostrophe gets one too, so a tool reading the CSV back strips
    exactly one leading apostrophe from any cell that has one and has the text as written."""
    if text.startswith((*FORMULA_START, "'")):
        return "'" + text
    return text


# -- Graphviz DOT ----------------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """A double-quoted DOT string (ids and plain labels). Backslash sequences such as \\n or \\N
    are Graphviz escapes in labels, so a backslash is doubled; newlines become spaces."""
    text = " ".join(text.split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_html(text: str) -> str:
    """Text inside a DOT HTML-like label (<...>): entities for the XML specials."""
    return html(" ".join(text.split()))


# -- Mermaid ---------------------------------------------------------------------------------------


def mermaid_label(text: str) -> str:
    """A label in double quotes in a Mermaid flowchart. Mermaid reads #name; and #code; as
    entities, so quotes and every character with syntax meaning become numeric entities."""
    out: list[str] = []
    for char in " ".join(text.split()):
        if char.isalnum() or char in " ,.:/_-":
            out.append(char)
        else:
            out.append(f"#{ord(char)};")
    return '"' + "".join(out) + '"'


def mermaid_id(number: int) -> str:
    """A node id: numbered, so no user text (and no Mermaid keyword) is ever an id."""
    return f"n{number}"


# -- File and sheet names --------------------------------------------------------------------------

_FILE_STRIP = re.compile(r"[^A-Za-z0-9._-]+")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10))}
_WINDOWS_RESERVED |= {f"lpt{i}" for i in range(1, 10)}


def file_name(text: str, max_length: int = 80) -> str:
    """A portable file name stem: ASCII letters, digits, dot, underscore and hyphen; never empty,
    never hidden, never a path or a name Windows reserves."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = _FILE_STRIP.sub("-", ascii_text).strip(".-_")[:max_length].rstrip(".-_")
    if not stem or stem.lower().split(".")[0] in _WINDOWS_RESERVED:
        stem = f"x-{stem}" if stem else "unnamed"
    return stem


_SHEET_STRIP = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LIMIT = 31


def sheet_names(wanted: list[str]) -> list[str]:
    """Valid, unique worksheet names for ``wanted``, in order: at most 31 characters, none of
    []:*?/\\, no leading or trailing apostrophe, unique without regard to case (as Excel
    compares them); clashes get a numeric suffix inside the limit."""
    taken: set[str] = set()
    result: list[str] = []
    for name in wanted:
        base = _SHEET_STRIP.sub("_", " ".join(name.split())).strip("'") or "Sheet"
        if base.casefold() == "history":  # reserved by Excel
            base = "History_"
        candidate = base[:SHEET_NAME_LIMIT]
        number = 1
        while candidate.casefold() in taken:
            number += 1
            suffix = f"~{number}"
            candidate = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        taken.add(candidate.casefold())
        result.append(candidate)
    return result
