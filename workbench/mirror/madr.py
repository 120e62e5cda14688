"""Decision records as MADR 4 Markdown: YAML front matter, then the familiar sections.

Front-matter keys use MADR's hyphenated spelling (``decision-makers``); this tool's own keys
(``required-functions``, ``links``, ``superseded-by``, ``sign-offs``) sit beside them; ADR tools
that read MADR folders ignore them.

Files written by other tools are read too: front-matter keys this tool does not know are kept
(in their order) and written back after its own; missing ones take their defaults; MADR's
``status: superseded by ADR-0012`` and comma-separated people lists are understood; sections
without an attribute of their own (Confirmation, Pros and Cons of the Options, a team's own)
are kept verbatim in ``extra_sections``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..domain.decisions import Decision
from . import yamlio
from .plain import plain

FRONT_MATTER_FIELDS = (
    "status",
    "date",
    "decision_makers",
    "consulted",
    "informed",
    "superseded_by",
    "required_functions",
    "links",
    "signoffs",
)
_SECTIONS = (
    ("context", "## Context and Problem Statement", False),
    ("drivers", "## Decision Drivers", True),
    ("options", "## Considered Options", True),
    ("outcome", "## Decision Outcome", False),
    ("consequences", "### Consequences", True),
    ("more_information", "## More Information", False),
)
_HEADING_TO_FIELD = {heading: (name, is_list) for name, heading, is_list in _SECTIONS}
_EXTRA = "extra_sections"
_ANY_HEADING = re.compile(r"^#{2,3} \S")
"""A section heading: a known one selects an attribute, any other starts ``extra_sections``."""
_LIST_FIELDS = ("decision_makers", "consulted", "informed", "required_functions", "links")
_SUPERSEDED = re.compile(r"^superseded\s+by\s+(?:adr[-_ ]?)?0*(\d{1,4})\b", re.IGNORECASE)


def _escape(text: str) -> str:
    """Backslash-escape lines of prose that would read as a section heading (Markdown shows
    ``\\## Heading`` as the literal text), so any text survives the round trip."""
    return "\n".join(
        "\\" + line if _ANY_HEADING.match(line.lstrip("\\")) else line for line in text.split("\n")
    )


def _escape_extra(text: str) -> str:
    """Other sections keep their own headings; only lines reading as one of ours (or already
    escaped) are escaped."""
    return "\n".join(
        "\\" + line
        if line.lstrip("\\") in _HEADING_TO_FIELD
        or (line.startswith("\\") and _ANY_HEADING.match(line.lstrip("\\")))
        else line
        for line in text.split("\n")
    )


def _unescape(line: str) -> str:
    if line.startswith("\\") and _ANY_HEADING.match(line.lstrip("\\")):
        return line[1:]
    return line


def front_matter_key(attribute: str) -> str:
    """Front-matter spelling of a decision attribute: ``decision_makers`` -> ``decision-makers``."""
    return "sign-offs" if attribute == "signoffs" else attribute.replace("_", "-")


def attribute_name(key: str) -> str:
    return "signoffs" if key == "sign-offs" else key.replace("-", "_")


def _hyphenate(value: Any) -> Any:
    if isinstance(value, dict):
        return {front_matter_key(k): _hyphenate(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_hyphenate(item) for item in value]
    return value


def _underscore(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            attribute_name(str(k)) if isinstance(k, str) else k: _underscore(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_underscore(item) for item in value]
    return value


def render(decision: Decision) -> str:
    data = plain(decision)
    ordered = _hyphenate({name: data[name] for name in FRONT_MATTER_FIELDS if name in data})
    # Other tools' keys go after ours, as they were (never re-spelt).
    ordered.update((entry.key, entry.value) for entry in decision.extra_front_matter)
    front = yamlio.dump(ordered) if ordered else ""
    parts = ["---\n", front, "---\n", f"\n# {decision.title}\n"]
    for name, heading, is_list in _SECTIONS:
        if name == "more_information" and decision.extra_sections:
            parts.append(f"\n{_escape_extra(decision.extra_sections)}\n")
        value = getattr(decision, name)
        if not value:
            continue
        body = "\n".join(f"* {item}" for item in value) if is_list else _escape(value)
        parts.append(f"\n{heading}\n\n{body}\n")
    return "".join(parts)


def _closes_front_matter(line: str) -> bool:
    """YAML ends a document only at '---' in column 0; an indented one is a line of a literal
    block (a sign-off comment, say). Trailing blanks and a CRLF file's '\\r' are allowed."""
    return line.rstrip() == "---"


class MadrError(ValueError):
    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def front_matter_text(text: str) -> str:
    """The YAML between the two '---' lines (empty when there is none); it starts on line 2."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return ""
    for end in range(1, len(lines)):
        if _closes_front_matter(lines[end]):
            return "\n".join(lines[1:end])
    return ""


def split(text: str) -> tuple[Any, int, dict[str, Any]]:
    """Front matter (parsed), the line where its YAML starts, and the body as decision attributes.

    A file without front matter (MADR makes it optional) has an empty one. Raises MadrError or
    yamlio.YamlError with 1-based line numbers of the file.
    """
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].startswith("# ") and lines[0].strip() != "---":
        return {}, 1, _parse_body(lines, first)
    if not lines or lines[0].strip() != "---":
        raise MadrError(
            "a decision file starts with '---' and YAML front matter, or with its '# ' title", 1
        )
    try:
        end = next(i for i in range(1, len(lines)) if _closes_front_matter(lines[i]))
    except StopIteration:
        raise MadrError("the front matter is not closed with '---'", 1) from None
    try:
        front = yamlio.load("\n".join(lines[1:end]))
    except yamlio.YamlError as exc:
        # Lines inside the front matter are counted from the file's first line.
        message = re.sub(r"on line (\d+)", lambda m: f"on line {int(m.group(1)) + 1}", exc.message)
        raise yamlio.YamlError(message, exc.line + 1 if exc.line else 1) from None
    if front is None:
        front = {}
    if not isinstance(front, dict):
        raise MadrError("the front matter must be a mapping of keys to values", 2)
    return _read_front(front), 2, _parse_body(lines, end + 1)


_KNOWN_KEYS = frozenset(front_matter_key(name) for name in FRONT_MATTER_FIELDS)


def _json_value(value: Any) -> Any:
    """Other tools' values are JSON values, which hold no Decimal: their numbers are floats."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return value


def _read_front(front: dict[Any, Any]) -> dict[str, Any]:
    """Front matter as decision attributes: this tool's keys underscored and normalised the way
    MADR writes them, every other key kept in ``extra_front_matter``."""
    data: dict[str, Any] = {}
    extra: list[dict[str, Any]] = []
    for key, value in front.items():
        if isinstance(key, str) and key in _KNOWN_KEYS:
            data[attribute_name(key)] = _underscore(value)
        else:
            extra.append({"key": str(key), "value": _json_value(value)})
    status = data.get("status")
    if isinstance(status, str):
        match = _SUPERSEDED.match(status.strip())
        if match:
            data["status"] = "superseded"
            data.setdefault("superseded_by", int(match.group(1)))
        else:
            data["status"] = status.strip().lower()
    for name in _LIST_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            # MADR's template writes people as one line: "Ann Lee, Bo Chen".
            data[name] = [part.strip() for part in value.split(",") if part.strip()]
    if extra:
        data["extra_front_matter"] = extra
    return data


def _parse_body(lines: list[str], start: int) -> dict[str, Any]:
    body: dict[str, Any] = {}
    current: str | None = None
    collected: dict[str, list[str]] = {}
    title_line = 0
    for number in range(start, len(lines)):
        line = lines[number]
        if current is None and "title" not in body:
            if not line.strip():
                continue
            if not line.startswith("# "):
                raise MadrError("expected the decision title as a '# ' heading", number + 1)
            body["title"] = line[2:].strip()
            title_line = number + 1
            continue
        stripped = line.rstrip()
        if stripped in _HEADING_TO_FIELD:
            current = stripped
            collected.setdefault(current, [])
            continue
        if _ANY_HEADING.match(stripped) and current != _EXTRA:
            # A section this tool has no attribute for: it and what follows, up to the next
            # known heading, are kept verbatim.
            current = _EXTRA
            collected.setdefault(current, [])
        if current is None:
            if stripped:
                raise MadrError(
                    f"text after the title belongs under a section heading such as "
                    f"'{_SECTIONS[0][1]}'",
                    number + 1,
                )
            continue
        collected[current].append(_unescape(line))
    if "title" not in body:
        raise MadrError("the decision has no '# ' title heading", title_line or start + 1)
    for heading, content in collected.items():
        name, is_list = _HEADING_TO_FIELD.get(heading, (_EXTRA, False))
        if name == _EXTRA and name in body:
            body[name] = f"{body[name]}\n\n" + "\n".join(content)
        else:
            body[name] = _bullets(content) if is_list else "\n".join(content)
    return body


def _bullets(content: list[str]) -> list[str]:
    items: list[str] = []
    for line in content:
        stripped = line.strip()
        if not stripped:
            continue
        if stripped[:2] in ("* ", "- ") or stripped in ("*", "-"):
            items.append(stripped[2:].strip())
        elif items:
            items[-1] = f"{items[-1]} {stripped}"
        else:
            items.append(stripped)
    return items
