"""The graph view: the two-sided model drawn with box-drawing characters, with a focus mode."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Static
from textual.worker import Worker

from ...domain.base import Side, split_entity_ref
from ...domain.workspace import Workspace
from ..controller import Controller
from ..graph_layout import READABLE_RELATIONSHIP_LANES, Layout, layout
from ..selection import Kind, Selection
from ..widgets.colors import Colors
from ..widgets.graph_canvas import GraphCanvas, styles_for
from ..widgets.key_bar import KeyBar
from ..widgets.labels import owner_label
from .message import report_failed_worker, tell

FOCUS_BY_DEFAULT_ABOVE = 150
RESIZE_SETTLES = 0.2
"""Seconds without a resize before the drawing is laid out again for the new width."""
"""Models with more entities than this open in focus mode: the whole drawing would be huge."""


_HOPS = Binding.Group("Hops")
_MOST_HOPS = 6
"""The widest focus: six hops reach most of a model of any size."""


class GraphScreen(Screen[Selection | None]):
    BINDINGS = [
        Binding("escape,g,q", "back", "Back", id="graph.back", tooltip="Back to the lists"),
        Binding(
            "enter",
            "open",
            "Open",
            id="graph.open",
            tooltip="Open the selected entity in the lists",
        ),
        Binding(
            "up,k",
            "move(-1)",
            "Up",
            show=False,
            id="graph.up",
            tooltip="Previous entity in this column",
        ),
        Binding(
            "down,j",
            "move(1)",
            "Down",
            show=False,
            id="graph.down",
            tooltip="Next entity in this column",
        ),
        Binding(
            "left,h",
            "side('crm')",
            "CRM",
            show=False,
            id="graph.left",
            tooltip="To the CRM side (the mapped counterpart if there is one)",
        ),
        Binding(
            "right,l",
            "side('erp')",
            "ERP",
            show=False,
            id="graph.right",
            tooltip="To the ERP side (the mapped counterpart if there is one)",
        ),
        Binding(
            "f",
            "focus_mode",
            "Focus",
            id="graph.focus",
            tooltip="Only the selected entity and its neighbourhood",
        ),
        Binding(
            "r",
            "relationships",
            "Relationships",
            id="graph.relationships",
            tooltip="Show or hide the relationships inside each side",
        ),
        # One entry on the bar ("+ - Hops"): two, "+ Wider" and "- Narrower", did not both fit
        # at 80 columns, and the one cut was the way back.
        Binding(
            "plus,equals_sign",
            "hops(1)",
            "Wider",
            id="graph.more",
            tooltip="Widen the focus by one hop",
            group=_HOPS,
        ),
        Binding(
            "minus",
            "hops(-1)",
            "Narrower",
            id="graph.less",
            tooltip="Narrow the focus by one hop",
            group=_HOPS,
        ),
        Binding(
            "shift+left",
            "pan(-8, 0)",
            "Pan",
            show=False,
            id="graph.pan-left",
            tooltip="Scroll the drawing left",
        ),
        Binding(
            "shift+right",
            "pan(8, 0)",
            "Pan",
            show=False,
            id="graph.pan-right",
            tooltip="Scroll the drawing right",
        ),
        Binding(
            "shift+up",
            "pan(0, -4)",
            "Pan",
            show=False,
            id="graph.pan-up",
            tooltip="Scroll the drawing up",
        ),
        Binding(
            "shift+down",
            "pan(0, 4)",
            "Pan",
            show=False,
            id="graph.pan-down",
            tooltip="Scroll the drawing down",
        ),
        Binding(
            "ctrl+z",
            "history(False)",
            "Undo",
            show=False,
            id="graph.undo",
            tooltip="Undo the last edit and draw the graph again",
        ),
        Binding(
            "ctrl+y",
            "history(True)",
            "Redo",
            show=False,
            id="graph.redo",
            tooltip="Redo the last undone edit and draw the graph again",
        ),
    ]

    def __init__(
        self, controller: Controller, selected: str | None, path: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.controller = controller
        self.path = frozenset(path)
        """Mapping ids a scenario run went through, highlighted in the drawing."""
        graph = controller.graph
        entities = graph.entities()
        self.selected = selected if selected in entities else None
        if self.selected is None and len(entities) > FOCUS_BY_DEFAULT_ABOVE:
            self.selected = entities[0]
        self.focus_mode = len(entities) > FOCUS_BY_DEFAULT_ABOVE
        self.hops = 1
        self.relationships_shown: bool | None = None
        """None: shown in focus mode, and in the whole model when they stay readable there."""
        self.relationships_drawn = False
        self.drawing: Layout | None = None
        self._layouts = 0
        """Layouts asked for so far: a layout finished after a newer one was asked for (the
        mode toggled twice on a large model) is dropped, not drawn under the newer label."""
        self._laid_out_for = 0
        """The room across the latest layout was asked for: a resize that changes it lays the
        drawing out again."""
        self._resized: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⇄")
        yield GraphCanvas(id="graph")
        yield Static("", id="graph-info")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Graph"
        self.query_one(GraphCanvas).focus()
        self.redraw()

    def redraw(self) -> None:
        self.query_one("#graph-info", Static).update("Laying out…")
        self._layouts += 1
        self._laid_out_for = self._room()
        self._lay_out(
            self._layouts,
            self.focus_mode,
            self.hops,
            self.selected,
            self.relationships_shown,
            self._laid_out_for,
        )

    def _room(self) -> int:
        """The cells a drawing has across without panning: the canvas less its scroll bar (the
        screen's width before the canvas is laid out)."""
        canvas = self.query_one(GraphCanvas)
        width = canvas.size.width or self.app.size.width
        return max(1, width - canvas.styles.scrollbar_size_vertical)

    def on_resize(self) -> None:
        # Dragging a window's edge sends a resize per step: lay out once it comes to rest (a
        # layout of a large model takes a while, and a thread already running cannot be stopped).
        if self._resized is not None:
            self._resized.stop()
        self._resized = self.set_timer(RESIZE_SETTLES, self._fit_room)

    def _fit_room(self) -> None:
        self._resized = None
        if self.drawing is not None and self._room() != self._laid_out_for:
            self.redraw()

    @work(thread=True, exclusive=True, group="graph-layout", exit_on_error=False)
    def _lay_out(
        self,
        number: int,
        focus: bool,
        hops: int,
        selected: str | None,
        relationships: bool | None,
        room: int,
    ) -> None:
        controller = self.controller
        graph = controller.graph
        only = graph.neighbours(selected, hops) if focus and selected else None
        ws = controller.workspace
        if only is not None and self.path:
            # Focus mode keeps the whole run path in view, however far it reaches.
            only = only | _path_entities(ws, self.path)
        owners, flows = {}, {}
        for mapping in ws.mappings:
            label = owner_label(ws, mapping)
            owners[mapping.id] = label.removeprefix("SoR ") if label else ""
            if mapping.sync is not None:
                flows[mapping.id] = mapping.sync.direction
        incomplete = frozenset(controller.incomplete_mappings)
        drawing = layout(
            graph, only, incomplete, owners, relationships is not False, self.path, room, flows
        )
        if (
            relationships is None
            and not focus
            and drawing.relationship_lanes > READABLE_RELATIONSHIP_LANES
        ):
            drawing = layout(graph, only, incomplete, owners, False, self.path, room, flows)
        self.app.call_from_thread(self._laid_out, number, drawing)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if report_failed_worker(self, event):
            self.query_one("#graph-info", Static).update("The graph could not be laid out.")

    def _laid_out(self, number: int, drawing: Layout) -> None:
        if number != self._layouts:
            return
        self.drawing = drawing
        self.relationships_drawn = drawing.relationship_lanes > 0
        if self.selected not in drawing.nodes:
            column = drawing.columns[Side.CRM] or drawing.columns[Side.ERP]
            self.selected = column[0] if column else None
        canvas = self.query_one(GraphCanvas)
        canvas.show(drawing, styles_for(Colors.of(self.app)), self.selected)
        # Scroll to the selected node once the canvas has taken the drawing's new size.
        self.call_after_refresh(canvas.select, self.selected)
        self._describe()
        if self._resized is None and self._room() != self._laid_out_for:
            self.redraw()  # resized while it was laid out: the right width follows

    def _describe(self) -> None:
        info = self.query_one("#graph-info", Static)
        # The mode first: the mappings after it are cut at the end when the line is full.
        hops = f"{self.hops} hop{'s' if self.hops != 1 else ''}"
        mode = f"focus, {hops}" if self.focus_mode else "whole model"
        if self.path:
            mode += f"; ▶ run path: {len(self.path)} mapping(s)"
        if self.selected is None:
            if not any(system.entities for system in self.controller.workspace.systems):
                info.update(
                    Text(
                        f"[{mode}] Nothing to draw yet: add systems and entities (n on the "
                        "main screen), then map them (m)."
                    )
                )
                return
            info.update(Text(f"[{mode}]"))
            return
        ws = self.controller.workspace
        parts = []
        for mapping in ws.mappings_of(self.selected):
            other = mapping.target if mapping.source == self.selected else mapping.source
            other_name = split_entity_ref(other)[1] if other else "no counterpart"
            parts.append(f"{mapping.cardinality} {other_name} {owner_label(ws, mapping)}".strip())
        name = split_entity_ref(self.selected)[1]
        line = f"[{mode}]  {name}: {'; '.join(parts) or 'not mapped'}"
        info.update(Text(line))  # cut with … (app.tcss)

    def _column(self) -> tuple[Side, list[str]] | None:
        if self.drawing is None or self.selected not in self.drawing.nodes:
            return None
        side = self.drawing.nodes[self.selected].side
        return side, self.drawing.columns[side]

    def _select(self, ref: str) -> None:
        self.selected = ref
        self.query_one(GraphCanvas).select(ref)
        self._describe()

    def action_move(self, step: int) -> None:
        found = self._column()
        if found is None:
            return
        _, column = found
        index = column.index(self.selected) + step  # type: ignore[arg-type]
        if 0 <= index < len(column):
            self._select(column[index])

    def action_side(self, side: str) -> None:
        if self.drawing is None or self.selected is None:
            return
        target_side = Side(side)
        node = self.drawing.nodes.get(self.selected)
        if node is None or node.side is target_side:
            return
        column = self.drawing.columns[target_side]
        if not column:
            return
        partners = [
            (m.target if m.source == self.selected else m.source)
            for m in self.controller.workspace.mappings_of(self.selected)
        ]
        for partner in partners:
            if partner in column:
                self._select(partner)
                return
        nearest = min(column, key=lambda ref: abs(self.drawing.nodes[ref].row - node.row))  # type: ignore[union-attr]
        self._select(nearest)

    def action_focus_mode(self) -> None:
        self.focus_mode = not self.focus_mode
        self.redraw()

    def action_relationships(self) -> None:
        current = (
            self.relationships_drawn
            if self.relationships_shown is None
            else self.relationships_shown
        )
        self.relationships_shown = not current
        self.redraw()

    def action_hops(self, change: int) -> None:
        hops = max(1, min(_MOST_HOPS, self.hops + change))
        if hops == self.hops and self.focus_mode:
            # Said, where nothing changing looked like a key that does nothing.
            self.notify(
                "The focus is 1 hop, the narrowest (f shows the whole model)."
                if change < 0
                else f"The focus is {_MOST_HOPS} hops, the widest (f shows the whole model).",
                timeout=3,
            )
            return
        self.hops = hops
        if not self.focus_mode:
            self.focus_mode = True
        self.redraw()

    def action_pan(self, dx: int, dy: int) -> None:
        canvas = self.query_one(GraphCanvas)
        canvas.scroll_to(canvas.scroll_x + dx, canvas.scroll_y + dy, animate=False)

    def action_open(self) -> None:
        self.dismiss(Selection(Kind.ENTITY, self.selected) if self.selected else None)

    def action_history(self, redo: bool) -> None:
        # In front of a room the graph is where a change is looked at: undoing it there should
        # not need a trip back to the lists.
        outcome = self.controller.redo() if redo else self.controller.undo()
        tell(self, self.controller, outcome)
        if outcome.ok:
            if self.selected not in self.controller.graph.entities():
                self.selected = None
            self.redraw()

    def action_back(self) -> None:
        self.dismiss(None)


def _path_entities(workspace: Workspace, path: frozenset[str]) -> set[str]:
    """The entities the mappings of a run path join."""
    found: set[str] = set()
    for mapping_id in path:
        mapping = workspace.mapping(mapping_id)
        if mapping is not None:
            found.update(ref for ref in (mapping.source, mapping.target) if ref)
    return found
