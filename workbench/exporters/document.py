"""A small document model: the design document's content written once, rendered to Markdown
and to HTML. Blocks hold plain user text; each renderer escapes it for its format."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Code:
    """An identifier or expression, shown in a code font."""

    text: str


@dataclass(frozen=True)
class Strong:
    text: str


class Tone(StrEnum):
    GOOD = "good"
    WARN = "warn"
    BAD = "bad"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Tag:
    """A status word (agreed, stale, missing, not run) that HTML shows as a coloured badge."""

    text: str
    tone: Tone = Tone.NEUTRAL


Inline = str | Code | Strong | Tag
Cell = Inline | tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Facts:
    """Name/value pairs: a definition list in HTML, a bullet list in Markdown."""

    pairs: tuple[tuple[str, tuple[Inline, ...]], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""

    def __post_init__(self) -> None:
        # A cell without a column is dropped by Markdown renderers, silently.
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"a row of {len(row)} cells under {len(self.header)} columns")


@dataclass(frozen=True)
class Figure:
    """A diagram by key; the renderer puts in Mermaid source or an SVG drawing."""

    key: str
    caption: str


@dataclass(frozen=True)
class Note:
    """A remark that stands out: a slot waiting for another feature's output, a gap."""

    parts: tuple[Inline, ...]
    tone: Tone = Tone.NEUTRAL


Block = Heading | Paragraph | Bullets | Facts | Table | Figure | Note


@dataclass
class Document:
    title: str
    subtitle: str
    blocks: list[Block] = field(default_factory=list)
    _anchors: set[str] = field(default_factory=set)

    def heading(self, level: int, text: str, anchor: str) -> None:
        # Anchors stay unique whatever the user called things.
        base, number = anchor, 1
        while anchor in self._anchors:
            number += 1
            anchor = f"{base}-{number}"
        self._anchors.add(anchor)
        self.blocks.append(Heading(level, text, anchor))

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def para(self, *parts: Inline) -> None:
        self.blocks.append(Paragraph(tuple(parts)))

    def note(self, *parts: Inline, tone: Tone = Tone.NEUTRAL) -> None:
        self.blocks.append(Note(tuple(parts), tone))

    def toc(self, max_level: int = 3) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and 2 <= b.level <= max_level]
