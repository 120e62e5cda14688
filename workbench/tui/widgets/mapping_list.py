"""The mappings between the two sides, one line each: ``Account ─1:N─▶ A_Customer  SoR ERP``.

Every mapping is exactly one line, cut to the list's width, so the list draws only the lines on
screen: showing a model's mappings costs a filter and a sort, and painting costs the visible rows.
A model with a thousand mappings opens and scrolls like one with ten.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...domain.base import Side
from ...domain.mappings import Mapping
from ...domain.workspace import Workspace
from ..controller import Controller
from ..filters import Filter
from ..name_cuts import NameCutter
from .colors import Colors
from .labels import mapping_line, mapping_line_length


class MappingList(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False, id="mappings.up", tooltip="The mapping above"),
        Binding(
            "down",
            "cursor_down",
            "Down",
            show=False,
            id="mappings.down",
            tooltip="The mapping below",
        ),
        Binding(
            "home", "first", "First", show=False, id="mappings.first", tooltip="The first mapping"
        ),
        Binding("end", "last", "Last", show=False, id="mappings.last", tooltip="The last mapping"),
        Binding(
            "pageup",
            "page_up",
            "Page up",
            show=False,
            id="mappings.page-up",
            tooltip="A screenful of mappings up",
        ),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            show=False,
            id="mappings.page-down",
            tooltip="A screenful of mappings down",
        ),
        Binding(
            "enter",
            "choose",
            "Open",
            show=False,
            id="mappings.open",
            tooltip="Open the highlighted mapping's form",
        ),
    ]
    COMPONENT_CLASSES = {"mapping-list--highlight"}
    DEFAULT_CSS = """
    MappingList {
        background: $surface;
        overflow-x: hidden;
        & > .mapping-list--highlight {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus {
            background-tint: $foreground 5%;
        }
        &:focus > .mapping-list--highlight {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    help_name = "mapping list"
    """What the help screen calls this pane."""

    class Chosen(Message):
        """Enter on a mapping, or a click on the highlighted one: open it."""

        def __init__(self, mapping_id: str) -> None:
            super().__init__()
            self.mapping_id = mapping_id

    highlighted: var[int | None] = var(None, init=False)
    """The row of the highlighted mapping (None: nothing highlighted yet)."""

    on_cursor: Callable[[str], None] | None = None
    """Called when the user moves the highlight (see SideTree.on_cursor)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[Mapping] = []
        self._filtered = False
        """The rows are a search's results (an empty list then says nothing matches)."""
        self._row_of: dict[str, int] = {}
        self._incomplete: frozenset[str] = frozenset()
        self._workspace: Workspace | None = None
        self._cutter: NameCutter | None = None
        self._asides: dict[str, str] = {}
        self.widest = 0
        """Cells of the longest mapping line uncut: the pane needs no more."""
        self._widest_of: Workspace | None = None
        self._shown: tuple[object, ...] = ()
        self._strips: dict[tuple[int, bool], Strip] = {}
        """Drawn lines by row and highlight, until the content, width or styles change."""

    # -- content --------------------------------------------------------------------------------

    def show(self, controller: Controller, filter_: Filter) -> None:
        """Show the controller's mappings through ``filter_``, keeping the highlighted one."""
        workspace = controller.workspace
        incomplete = controller.shown_incomplete
        visible = [m for m in workspace.mappings if filter_.mapping_visible(controller, m)]
        visible.sort(key=lambda m: _reading_order(workspace, m))
        # Lines show the owner's side, so the systems belong to what is on screen too.
        signature = (tuple(visible), incomplete & {m.id for m in visible}, workspace.systems)
        if signature == self._shown:
            return
        self._shown = signature
        keep = self.highlighted_id
        self._rows = visible
        self._filtered = filter_.active
        self._row_of = {m.id: row for row, m in enumerate(visible)}
        self._incomplete = incomplete
        self._workspace = workspace
        self._cutter = controller.name_cutter
        self._asides = _asides(visible)
        if self._widest_of is not workspace:
            # Of every mapping, not only those a search leaves: the panes keep their widths
            # while the search is typed.
            every = _asides(list(workspace.mappings))
            self.widest = max(
                (
                    mapping_line_length(workspace, m, every.get(m.id, ""))
                    for m in workspace.mappings
                ),
                default=0,
            )
            self._widest_of = workspace
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(visible))
        row = self._row_of.get(keep) if keep is not None else None
        self.set_reactive(MappingList.highlighted, row)
        if row is not None:
            self._scroll_to_row(row)
        self.refresh()

    @property
    def count(self) -> int:
        return len(self._rows)

    @property
    def mapping_ids(self) -> list[str]:
        """The ids of the listed mappings, top to bottom."""
        return [m.id for m in self._rows]

    @property
    def highlighted_id(self) -> str | None:
        row = self.highlighted
        return self._rows[row].id if row is not None and row < len(self._rows) else None

    def select_mapping(self, mapping_id: str) -> bool:
        """Highlight ``mapping_id`` (without calling ``on_cursor``); False when it is not listed."""
        row = self._row_of.get(mapping_id)
        if row is None:
            return False
        self.highlighted = row
        return True

    # -- painting -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not self._rows and self._workspace is not None and y == 0:
            # An empty list says why, rather than look like nothing loaded.
            empty = "No mapping matches the search." if self._filtered else "No mappings yet."
            text = Text(f" {empty}", style="italic")
            segments = Segment.apply_style(text.render(self.app.console), self.rich_style)
            return Strip(list(segments), text.cell_len).extend_cell_length(width, self.rich_style)
        if row >= len(self._rows) or self._workspace is None:
            return Strip.blank(width, self.rich_style)
        lit = row == self.highlighted
        strip = self._strips.get((row, lit))
        if strip is None:
            mapping = self._rows[row]
            text = mapping_line(
                self._workspace,
                mapping,
                mapping.id in self._incomplete,
                Colors.of(self.app),
                width,
                self._cutter,
                self._asides.get(mapping.id, ""),
            )
            base = (
                self.get_component_rich_style("mapping-list--highlight") if lit else self.rich_style
            )
            segments = list(text.render(self.app.console))
            if lit:  # the cursor's own colours, so no part of the line vanishes into it
                segments = [
                    Segment(seg.text, seg.style.without_color if seg.style else None)
                    for seg in segments
                ]
            strip = (
                Strip(segments)
                .apply_style(base)
                .crop_extend(0, width, base)
                .apply_meta({"row": row})
            )
            self._strips[(row, lit)] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme or focus: the highlight's colours change

    def _on_resize(self, event: events.Resize) -> None:
        self._strips.clear()  # lines are cut to the width
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows))
        if self.highlighted is not None:  # keep it in view in the new size
            self.call_after_refresh(self._scroll_to_row, self.highlighted)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for row in (old, new):
            if row is not None:
                self.refresh_line(row)
        if new is not None:
            self._scroll_to_row(new)

    def _scroll_to_row(self, row: int) -> None:
        self.scroll_to_region(
            Region(0, row, self.scrollable_content_region.width, 1), animate=False, force=True
        )

    def _on_focus(self, event: events.Focus) -> None:
        self._strips.clear()

    def _on_blur(self, event: events.Blur) -> None:
        self._strips.clear()

    # -- moving ---------------------------------------------------------------------------------

    def _move_to(self, row: int) -> None:
        if not self._rows:
            return
        self.highlighted = max(0, min(row, len(self._rows) - 1))
        mapping_id = self.highlighted_id
        if self.on_cursor is not None and mapping_id is not None:
            self.on_cursor(mapping_id)

    def action_cursor_up(self) -> None:
        self._move_to(0 if self.highlighted is None else self.highlighted - 1)

    def action_cursor_down(self) -> None:
        self._move_to(0 if self.highlighted is None else self.highlighted + 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._rows) - 1)

    def action_page_up(self) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self._move_to(0 if self.highlighted is None else self.highlighted - page)

    def action_page_down(self) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self._move_to(len(self._rows) - 1 if self.highlighted is None else self.highlighted + page)

    def action_choose(self) -> None:
        mapping_id = self.highlighted_id
        if mapping_id is not None:
            self.post_message(self.Chosen(mapping_id))

    async def _on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if not isinstance(row, int):
            return
        if row == self.highlighted:
            self.action_choose()
        else:
            self._move_to(row)


def _reading_order(workspace: Workspace, mapping: Mapping) -> tuple[object, ...]:
    """Mappings between the sides first, read from the CRM side (``Account`` before
    ``Order``); then the records of entities with no counterpart, CRM side first. The room reads
    the design, not the list of what is deliberately left out."""
    system = workspace.system(mapping.source.partition(":")[0])
    from_crm = system is not None and system.effective_side is Side.CRM
    return (
        mapping.is_no_counterpart,
        not from_crm,
        mapping.source,
        mapping.target or "",
        mapping.id,
    )


def _asides(mappings: list[Mapping]) -> dict[str, str]:
    """For mappings between the same two entities (an order line to sales order items as the
    order, the bundle and the amendment map it): their area, or their id where the areas are
    alike too, so the lines do not read the same."""
    pairs: dict[tuple[str, str | None], list[Mapping]] = {}
    for mapping in mappings:
        pairs.setdefault((mapping.source, mapping.target), []).append(mapping)
    asides: dict[str, str] = {}
    for twins in pairs.values():
        if len(twins) < 2:
            continue
        areas = [str(m.area) if m.area else "" for m in twins]
        distinct = all(areas) and len(set(areas)) == len(areas)
        for mapping, area in zip(twins, areas, strict=True):
            asides[mapping.id] = area if distinct else mapping.id
    return asides
