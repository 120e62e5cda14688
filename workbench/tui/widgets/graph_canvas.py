"""A scrollable character canvas for the graph layout (Textual's line API: only the visible
lines are painted, so a large drawing scrolls as fast as a small one)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..graph_layout import Layout
from .colors import Colors

PATH_COLOUR = "#FF5FFF"
"""Magenta: readable on the dark and the high-contrast backgrounds, apart from every signal colour."""


def styles_for(colors: Colors) -> dict[str, Style]:
    return {
        "": Style(),
        "header": Style(bold=True, underline=True),
        "node": Style(bold=True, color="black", bgcolor=colors.good),
        "node-unmapped": Style(bold=True, color="black", bgcolor=colors.warn),
        "node-none": Style(color="black", bgcolor="grey50"),
        "node-frame": Style(color=colors.good),
        "node-unmapped-frame": Style(color=colors.warn),
        "node-none-frame": Style(color="grey50"),
        "node-selected": Style(bold=True, reverse=True, underline=True),
        "edge": Style(color=colors.accent),
        "edge-incomplete": Style(color=colors.bad, bold=True),
        "label": Style(color=colors.owner, bold=True),
        "label-incomplete": Style(color=colors.bad, bold=True),
        # A scenario run's path, in a colour no theme colour here uses (the high-contrast theme
        # spends its white on compositions), bold on heavy lines, its label in a filled badge.
        "edge-path": Style(color=PATH_COLOUR, bold=True),
        "label-path": Style(color="black", bgcolor=PATH_COLOUR, bold=True),
        "node-path": Style(color="black", bgcolor=PATH_COLOUR, bold=True),
        "node-path-frame": Style(color=PATH_COLOUR, bold=True),
        "relationship": Style(color="grey62"),
        "relationship-composition": Style(color=colors.text, bold=True),
    }


class GraphCanvas(ScrollView, can_focus=True, inherit_bindings=False):
    """The drawing. Its keys are the graph screen's: the arrows move from entity to entity and
    shift+arrows pan, so it takes none of ScrollView's scroll keys (which took the arrows
    whenever the drawing could scroll that way)."""

    help_name = "drawing"
    """What the help screen calls this pane."""

    DEFAULT_CSS = """
    GraphCanvas { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.layout_data: Layout | None = None
        self.selected: str | None = None
        self._styles: dict[str, Style] = {}
        self._cache: dict[int, Strip] = {}

    def show(self, layout: Layout, styles: dict[str, Style], selected: str | None) -> None:
        self.layout_data = layout
        self._styles = styles
        self.selected = selected
        self._cache.clear()
        self.virtual_size = Size(layout.width, layout.height)
        self.refresh()

    def select(self, ref: str | None) -> None:
        self.selected = ref
        self._cache.clear()
        self.refresh()
        node = self.layout_data.nodes.get(ref) if self.layout_data and ref else None
        if node is not None:
            # Keep the node's name row in view, with a little context around it.
            self.scroll_to_region(
                Region(
                    max(0, node.x - 2),
                    max(0, node.row - 1),
                    node.width + 4,
                    min(node.height + 2, 6),
                ),
                animate=False,
            )

    def _strip(self, row: int) -> Strip:
        cached = self._cache.get(row)
        if cached is not None:
            return cached
        assert self.layout_data is not None
        chars, names = self.layout_data.chars[row], self.layout_data.styles[row]
        node = self.layout_data.nodes.get(self.selected) if self.selected else None
        selected_span = (
            (node.x, node.x + node.width)
            if node is not None and node.row <= row < node.row + node.height
            else (-1, -1)
        )
        segments: list[Segment] = []
        start = 0
        for x in range(1, len(chars) + 1):
            boundary = (
                x == len(chars)
                or names[x] != names[start]
                or (x == selected_span[0])
                or (x == selected_span[1])
            )
            if boundary:
                style = self._styles.get(names[start], Style())
                if (
                    selected_span[0] <= start < selected_span[1]
                    and node is not None
                    and row == node.row
                ):
                    style = style + self._styles["node-selected"]
                segments.append(Segment("".join(chars[start:x]), style))
                start = x
        strip = Strip(segments, len(chars))
        self._cache[row] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = y + scroll_y
        width = self.size.width
        if self.layout_data is None or row >= self.layout_data.height:
            return Strip.blank(width, self.rich_style)
        return self._strip(row).crop_extend(scroll_x, scroll_x + width, self.rich_style)
