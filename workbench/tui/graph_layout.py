"""Lay the two-sided graph out on a character grid: CRM entities in the left column, ERP entities
in the right one, mappings as orthogonal connectors between them, relationships on the outer
sides. Pure: it returns characters and style names; the graph screen paints them.

Each node is as tall as the number of connectors it has on its busier side, so every connector
gets its own row and labels never collide. Connectors share a vertical lane when their row spans
do not overlap (interval colouring), which keeps the drawing narrow.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..domain.base import Side, split_entity_ref
from ..domain.mappings import SyncDirection
from ..graph import Edge, EdgeKind, WorkspaceGraph
from .name_cuts import NameCutter

# Connection bits of a cell: which neighbours a line reaches.
UP, DOWN, LEFT, RIGHT = 1, 2, 4, 8
_BOX = {
    LEFT | RIGHT: "─",
    UP | DOWN: "│",
    DOWN | RIGHT: "┌",
    DOWN | LEFT: "┐",
    UP | RIGHT: "└",
    UP | LEFT: "┘",
    UP | DOWN | RIGHT: "├",
    UP | DOWN | LEFT: "┤",
    LEFT | RIGHT | DOWN: "┬",
    LEFT | RIGHT | UP: "┴",
    UP | DOWN | LEFT | RIGHT: "┼",
    LEFT: "─",
    RIGHT: "─",
    UP: "│",
    DOWN: "│",
}
_HEAVY = {
    LEFT | RIGHT: "━",
    UP | DOWN: "┃",
    DOWN | RIGHT: "┏",
    DOWN | LEFT: "┓",
    UP | RIGHT: "┗",
    UP | LEFT: "┛",
    UP | DOWN | RIGHT: "┣",
    UP | DOWN | LEFT: "┫",
    LEFT | RIGHT | DOWN: "┳",
    LEFT | RIGHT | UP: "┻",
    UP | DOWN | LEFT | RIGHT: "╋",
    LEFT: "━",
    RIGHT: "━",
    UP: "┃",
    DOWN: "┃",
}
"""Heavy lines for the path a scenario run took: it stands out without colour too."""
PATH_STYLE = "edge-path"

NODE_WIDTH = 34
LABEL_WIDTH = 12
REL_GAP = 2
ROOMY_NODE_WIDTH = 20
"""A drawing wider than its window first narrows its nodes to this (names of 17 cells stay
whole), then draws its lanes side by side, then narrows the nodes further, down to
``NARROW_NODE_WIDTH``; what is still too wide is panned."""
NARROW_NODE_WIDTH = 12
READABLE_RELATIONSHIP_LANES = 12
"""Up to this many relationship buses beside a column, every line can still be followed by eye
(the reference workspace needs 6 on its busier side); beyond it the whole-model view leaves them out
unless asked (key r)."""


@dataclass
class Node:
    ref: str
    side: Side
    row: int
    height: int
    x: int
    width: int
    ports_in: int = 0
    ports_out: int = 0
    style: str = "node"


@dataclass
class Layout:
    width: int
    height: int
    chars: list[list[str]]
    styles: list[list[str]]
    nodes: dict[str, Node] = field(default_factory=dict)
    columns: dict[Side, list[str]] = field(default_factory=dict)
    """Node refs per column, top to bottom (for keyboard navigation)."""
    relationship_lanes: int = 0
    """Relationship buses side by side on the busier side (0: none drawn)."""

    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.chars)


class _Grid:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.bits = [[0] * width for _ in range(height)]
        self.bit_style: list[list[str]] = [[""] * width for _ in range(height)]
        self.chars: list[list[str]] = [[" "] * width for _ in range(height)]
        self.styles: list[list[str]] = [[""] * width for _ in range(height)]

    def line_h(self, y: int, x1: int, x2: int, style: str) -> None:
        if x1 > x2:
            x1, x2 = x2, x1
        for x in range(x1, x2 + 1):
            if x > x1:
                self._bit(y, x, LEFT, style)
            if x < x2:
                self._bit(y, x, RIGHT, style)

    def line_v(self, x: int, y1: int, y2: int, style: str) -> None:
        if y1 > y2:
            y1, y2 = y2, y1
        for y in range(y1, y2 + 1):
            if y > y1:
                self._bit(y, x, UP, style)
            if y < y2:
                self._bit(y, x, DOWN, style)

    def _bit(self, y: int, x: int, bit: int, style: str) -> None:
        if 0 <= y < self.height and 0 <= x < self.width:
            self.bits[y][x] |= bit
            self.bit_style[y][x] = style

    def put(self, y: int, x: int, text: str, style: str) -> None:
        for offset, char in enumerate(text):
            if 0 <= x + offset < self.width and 0 <= y < self.height:
                self.chars[y][x + offset] = char
                self.styles[y][x + offset] = style
                self.bits[y][x + offset] = 0

    def finish(self) -> tuple[list[list[str]], list[list[str]]]:
        for y in range(self.height):
            for x in range(self.width):
                bits = self.bits[y][x]
                if bits and self.chars[y][x] == " ":
                    box = _HEAVY if self.bit_style[y][x] == PATH_STYLE else _BOX
                    self.chars[y][x] = box.get(bits, "┼")
                    self.styles[y][x] = self.bit_style[y][x]
        return self.chars, self.styles


def _lanes(spans: list[tuple[int, int]], before: Sequence[tuple[int, int]] = ()) -> list[int]:
    """Give each (top, bottom) span a lane so that spans in one lane never overlap (they may
    not even share a row), and for each ``(a, b)`` in ``before`` span ``a`` a lower lane than
    span ``b``. Each span comes at most once first and once second in ``before``, so the
    constraints form chains, laid in order, each span in the first free lane beyond its
    predecessor's; a cycle (rare) has one of its constraints dropped."""
    previous = {b: a for a, b in before}
    settled: set[int] = set()
    for span in list(previous):
        # Walking back from a span ends at a chain's head, at a span walked before, or comes
        # round to a span of this walk: a cycle, broken there. Each span is walked once.
        walk: set[int] = set()
        at: int | None = span
        while at is not None and at not in settled and at not in walk:
            walk.add(at)
            at = previous.get(at)
        if at is not None and at in walk:
            del previous[at]
        settled |= walk
    depth: dict[int, int] = {}
    for index in range(len(spans)):
        # Walk back to a span whose depth is known (or a chain's head), then fill in the walk:
        # each span is walked once, however long its chain.
        trail, back = [], index
        while back not in depth and back in previous:
            trail.append(back)
            back = previous[back]
        known = depth.setdefault(back, 0)
        for offset, step in enumerate(reversed(trail), start=1):
            depth[step] = known + offset
    order = sorted(range(len(spans)), key=lambda i: (depth[i], spans[i]))
    occupied: list[list[tuple[int, int]]] = []
    """Per lane, its spans by top (they never overlap, so a new span need only be checked
    against the one before and the one after where it would go)."""

    def free(lane: list[tuple[int, int]], top: int, bottom: int) -> bool:
        at = bisect_left(lane, (top, bottom))
        return (at == 0 or lane[at - 1][1] < top) and (at == len(lane) or lane[at][0] > bottom)

    result = [0] * len(spans)
    for index in order:
        top, bottom = spans[index]
        lane = result[previous[index]] + 1 if index in previous else 0
        while lane < len(occupied) and not free(occupied[lane], top, bottom):
            lane += 1
        if lane == len(occupied):
            occupied.append([])
        insort(occupied[lane], (top, bottom))
        result[index] = lane
    return result


def _ports(
    inner: dict[str, list[tuple[Edge, str]]], nodes: dict[str, Node]
) -> dict[tuple[str, str], int]:
    """The row of each mapping's stub at each of its ends: a node's stubs in the order of the
    rows of the entities they go to, so connectors cross little."""
    ports: dict[tuple[str, str], int] = {}
    for ref, items in inner.items():
        partners = sorted(items, key=lambda item: nodes[item[1]].row if item[1] in nodes else 0)
        for offset, (edge, _) in enumerate(partners):
            ports[(ref, edge.element)] = nodes[ref].row + offset
    return ports


def _mapping_lanes(
    oriented: list[tuple[Edge, tuple[str, str]]],
    inner: dict[str, list[tuple[Edge, str]]],
    nodes: dict[str, Node],
) -> tuple[list[int], Side | None]:
    """A lane for each mapping, and the column (if any) to start one row lower.

    A row can hold one mapping's stub out of a CRM entity and another's stub into an ERP
    entity: the first must turn down its lane before the second's lane begins, or the two stubs
    overlap and read as one line into the wrong entity. Where mappings step down the columns
    alike (each from a CRM entity beside the ERP entity the one above went to), those orders
    chain into a staircase one lane wider per step; starting one column a row lower takes the
    stubs off each other's rows. The layout takes whichever of the three needs fewest lanes."""
    ports = _ports(inner, nodes)
    best: tuple[list[int], Side | None] | None = None
    for shifted in (None, Side.ERP, Side.CRM):
        crm_shift = 1 if shifted is Side.CRM else 0
        erp_shift = 1 if shifted is Side.ERP else 0
        spans = []
        crm_rows: dict[int, int] = {}
        """The mapping (by index) whose stub leaves a CRM entity on each row."""
        erp_rows: list[int] = []
        for index, (edge, (crm_end, erp_end)) in enumerate(oriented):
            a = ports[(crm_end, edge.element)] + crm_shift
            b = ports[(erp_end, edge.element)] + erp_shift
            spans.append((min(a, b), max(a, b)))
            crm_rows[a] = index
            erp_rows.append(b)
        before = [
            (crm_rows[row], index)
            for index, row in enumerate(erp_rows)
            if row in crm_rows and crm_rows[row] != index
        ]
        lanes = _lanes(spans, before)
        if best is None or max(lanes, default=-1) < max(best[0], default=-1):
            best = (lanes, shifted)
    assert best is not None
    return best


_READ_BACKWARDS = {"1:N": "N:1", "N:1": "1:N"}
"""A cardinality read from the other end."""


def layout(
    graph: WorkspaceGraph,
    only: set[str] | None = None,
    incomplete: frozenset[str] = frozenset(),
    owner_side: dict[str, str] | None = None,
    relationships_shown: bool = True,
    path: frozenset[str] = frozenset(),
    fit_width: int | None = None,
    flows: dict[str, SyncDirection] | None = None,
) -> Layout:
    """Lay out the whole graph, or only the entities in ``only`` (a focus neighbourhood).
    ``incomplete`` holds mapping ids to highlight; ``owner_side`` maps a mapping id to
    ``CRM``/``ERP`` for its label; relationships inside a side are drawn when
    ``relationships_shown``; the mapping ids in ``path`` (those a scenario run went through) are
    drawn in heavy lines with a marked label, and the entities they join are marked too. A
    drawing wider than ``fit_width`` cells is drawn narrower where it can (see
    ``ROOMY_NODE_WIDTH``). ``flows`` maps a mapping id to the way its data moves when that is
    not from source to target: the arrowheads follow the data, as in the exported diagrams."""
    owner_side = owner_side or {}
    flows = flows or {}
    refs = [r for r in graph.entities() if only is None or r in only]
    columns = {
        Side.CRM: [r for r in refs if graph.side(r) is Side.CRM],
        Side.ERP: [r for r in refs if graph.side(r) is Side.ERP],
    }
    shown = set(refs)
    mappings = [e for e in graph.edges(EdgeKind.MAPPING) if e.source in shown and e.target in shown]
    relationships = [
        e
        for e in graph.edges(EdgeKind.RELATIONSHIP)
        if relationships_shown and e.source in shown and e.target in shown and e.source != e.target
    ]
    # A mapping edge is drawn from its CRM end to its ERP end, whatever its declared direction.
    oriented = [
        (e, (e.source, e.target) if graph.side(e.source) is Side.CRM else (e.target, e.source))
        for e in mappings
        if graph.side(e.source) is not graph.side(e.target)
    ]
    columns = _order(columns, oriented, relationships)

    # Ports: the middle-facing side holds mappings, the outer side relationships. Relationships
    # are drawn as one bus per parent (a vertical line with a stub into each child), so a parent
    # with ten children costs one lane, not ten.
    inner: dict[str, list[tuple[Edge, str]]] = {r: [] for r in refs}
    for edge, (crm_end, erp_end) in oriented:
        inner[crm_end].append((edge, erp_end))
        inner[erp_end].append((edge, crm_end))
    buses = _buses(relationships)
    outer: dict[str, list[str]] = {r: [] for r in refs}
    """The buses (named by their parent) each node joins on its outer side."""
    for parent, children in buses.items():
        outer[parent].append(parent)
        for child in children:
            outer[child].append(parent)

    widths = {
        side: min(NODE_WIDTH, max([len(split_entity_ref(r)[1]) + 4 for r in columns[side]] + [12]))
        for side in columns
    }
    nodes: dict[str, Node] = {}
    row = 1
    heights: dict[Side, int] = {}
    for side in (Side.CRM, Side.ERP):
        row = 1
        for ref in columns[side]:
            height = max(1, len(inner[ref]), len(outer[ref]))
            nodes[ref] = Node(ref, side, row, height, 0, widths[side])
            row += height + 1
        heights[side] = row
    # Mapping lanes, and which column starts a row lower: see ``_mapping_lanes``.
    lanes, shifted = _mapping_lanes(oriented, inner, nodes)
    if shifted is not None:
        for ref in columns[shifted]:
            nodes[ref].row += 1
        heights[shifted] += 1
    height = max(heights.values()) + 1

    # Bus ports: each node's buses in the order of their parents, so stubs cross little.
    rel_ports: dict[tuple[str, str], int] = {}
    for ref in refs:
        for offset, parent in enumerate(sorted(outer[ref], key=lambda p: nodes[p].row)):
            rel_ports[(ref, parent)] = nodes[ref].row + offset
    bus_lanes: dict[str, int] = {}
    rel_lanes: dict[Side, int] = {}
    for side in (Side.CRM, Side.ERP):
        on_side = [p for p in buses if nodes[p].side is side]
        spans = []
        for parent in on_side:
            rows = [rel_ports[(parent, parent)]]
            rows.extend(rel_ports[(child, parent)] for child in buses[parent])
            spans.append((min(rows), max(rows)))
        lanes_of = _lanes(spans)
        bus_lanes.update(zip(on_side, lanes_of, strict=True))
        rel_lanes[side] = max(lanes_of, default=-1) + 1

    ports = _ports(inner, nodes)
    lane_count = max(lanes, default=-1) + 1
    widths, gap = _fit(widths, rel_lanes, lane_count, fit_width)
    left_rel_width = rel_lanes[Side.CRM] * gap + 1 if rel_lanes[Side.CRM] else 0
    crm_x = left_rel_width
    channel = LABEL_WIDTH + lane_count * gap + 3
    erp_x = crm_x + widths[Side.CRM] + channel
    right_rel_width = rel_lanes[Side.ERP] * gap + 1 if rel_lanes[Side.ERP] else 0
    width = erp_x + widths[Side.ERP] + right_rel_width + 1
    for node in nodes.values():
        node.x = crm_x if node.side is Side.CRM else erp_x
        node.width = widths[node.side]

    grid = _Grid(width, height)
    # Mappings.
    for (edge, (crm_end, erp_end)), lane in zip(oriented, lanes, strict=True):
        mapping_id = edge.element.partition(":")[2]
        on_path = mapping_id in path
        style = PATH_STYLE if on_path else "edge-incomplete" if mapping_id in incomplete else "edge"
        y1, y2 = ports[(crm_end, edge.element)], ports[(erp_end, edge.element)]
        start = crm_x + widths[Side.CRM]
        lane_x = start + LABEL_WIDTH + 1 + lane * gap
        grid.line_h(y1, start, lane_x, style)
        grid.line_v(lane_x, y1, y2, style)
        grid.line_h(y2, lane_x, erp_x - 1, style)
        cardinality = edge.label.split()[0]
        # Drawn CRM on the left, the edge reads left to right: a mapping from the ERP side has
        # its cardinality read from the CRM end (1:N is N:1). Arrowheads point where the data
        # goes: into the target, into the source when synced from the target, or both.
        from_erp = crm_end != edge.source
        if from_erp:
            cardinality = _READ_BACKWARDS.get(cardinality, cardinality)
        flow = flows.get(mapping_id, SyncDirection.SOURCE_TO_TARGET)
        into_source = flow is not SyncDirection.SOURCE_TO_TARGET
        into_target = flow is not SyncDirection.TARGET_TO_SOURCE
        into_crm, into_erp = (into_target, into_source) if from_erp else (into_source, into_target)
        owner = owner_side.get(mapping_id, "")
        marks = f"{'▶' if on_path else ''}{'!' if mapping_id in incomplete else ''}"
        label = f"{marks}{cardinality}{' ' + owner if owner else ''}"
        label_style = (
            "label-path" if on_path else "label-incomplete" if mapping_id in incomplete else "label"
        )
        grid.put(y1, start + 1, f" {label[: LABEL_WIDTH - 2]} ", label_style)
        if into_crm:
            grid.put(y1, start, "◀", style)
        if into_erp:
            grid.put(y2, erp_x - 1, "▶", style)
    # Relationships, on the outer sides: the bus, a stub from the parent, an arrow into each child.
    kinds: dict[tuple[str, str], bool] = {}
    for edge in relationships:
        pair = (edge.source, edge.target)
        kinds[pair] = kinds.get(pair, False) or "composition" in edge.label
    for parent, children in buses.items():
        side = nodes[parent].side
        lane = bus_lanes[parent]
        composition = all(kinds.get((parent, child), False) for child in children)
        bus_style = "relationship-composition" if composition else "relationship"
        rows = [rel_ports[(parent, parent)], *(rel_ports[(c, parent)] for c in children)]
        edge_x = crm_x - 1 if side is Side.CRM else erp_x + widths[Side.ERP]
        x = crm_x - 2 - lane * gap if side is Side.CRM else edge_x + 1 + lane * gap
        grid.line_v(x, min(rows), max(rows), bus_style)
        grid.line_h(rows[0], x, edge_x, bus_style)
        for child, y in zip(children, rows[1:], strict=True):
            style = "relationship-composition" if kinds[(parent, child)] else "relationship"
            grid.line_h(y, x, edge_x, style)
            grid.put(y, edge_x, "▶" if side is Side.CRM else "◀", style)
    # Nodes last, over everything. The entities a scenario run went through take the path's
    # colour and mark, like the mappings between them.
    no_counterpart = set(graph.no_counterpart_entities())
    path_ends = {
        end for edge, ends in oriented if edge.element.partition(":")[2] in path for end in ends
    }
    # Names too long for a node are cut so that they still differ (A_…Plant beside A_…Sales;
    # cut at the end, five S/4HANA products all read A_Produc).
    cutter = NameCutter(split_entity_ref(ref)[1] for ref in nodes)
    for ref, node in nodes.items():
        name = split_entity_ref(ref)[1]
        none = ref in no_counterpart
        unmapped = not none and not graph.mapping_edges(ref)
        mark = "▶ " if ref in path_ends else "⊘ " if none else "○ " if unmapped else ""
        node.style = (
            "node-path"
            if ref in path_ends
            else "node-none"
            if none
            else "node-unmapped"
            if unmapped
            else "node"
        )
        # A space on each side, so a name cut to fit never runs into the label beside it.
        label = f" {mark}{cutter.cut(name, node.width - 2 - len(mark))}"
        grid.put(node.row, node.x, label.ljust(node.width), node.style)
        for offset in range(1, node.height):
            # Further rows only carry connectors: a light frame instead of a filled block.
            grid.put(node.row + offset, node.x, "▏", f"{node.style}-frame")
            grid.put(node.row + offset, node.x + node.width - 1, "▕", f"{node.style}-frame")
    chars, styles = grid.finish()
    result = Layout(width, height, chars, styles, nodes, columns, max(rel_lanes.values()))
    # Column headers.
    for side, x in ((Side.CRM, crm_x), (Side.ERP, erp_x)):
        title = f" {side.value.upper()} side "
        for offset, char in enumerate(title[: widths[side]]):
            result.chars[0][x + offset] = char
            result.styles[0][x + offset] = "header"
    return result


def _fit(
    widths: dict[Side, int], rel_lanes: dict[Side, int], lane_count: int, fit_width: int | None
) -> tuple[dict[Side, int], int]:
    """Node widths and the spacing of lanes (cells from one to the next) for a drawing that
    should fit in ``fit_width`` cells: the nodes narrow first (the wider one first, so the two
    sides end up alike), then the lanes close up, then the nodes narrow further."""
    widths = dict(widths)

    def total(gap: int) -> int:
        buses = sum(lanes * gap + 1 for lanes in rel_lanes.values() if lanes)
        return buses + sum(widths.values()) + LABEL_WIDTH + lane_count * gap + 3 + 1

    def narrow(gap: int, floor: int) -> None:
        excess = total(gap) - (fit_width or 0)
        while excess > 0:
            side = max(widths, key=lambda s: widths[s])
            if widths[side] <= floor:
                return
            widths[side] -= 1
            excess -= 1

    if fit_width is None or total(REL_GAP) <= fit_width:
        return widths, REL_GAP
    narrow(REL_GAP, ROOMY_NODE_WIDTH)
    if total(REL_GAP) <= fit_width:
        return widths, REL_GAP
    narrow(1, NARROW_NODE_WIDTH)
    return widths, 1


def _buses(relationships: list[Edge]) -> dict[str, list[str]]:
    """The children of each parent, once each (two relationships between the same pair share
    a stub), in the order the relationships come."""
    buses: dict[str, list[str]] = {}
    for edge in relationships:
        children = buses.setdefault(edge.source, [])
        if edge.target not in children:
            children.append(edge.target)
    return buses


def _order(
    columns: dict[Side, list[str]],
    oriented: list[tuple[Edge, tuple[str, str]]],
    relationships: list[Edge],
) -> dict[Side, list[str]]:
    """Order each column so related entities sit close: the CRM side walks its relationships
    from the roots down; the ERP side follows the average position of its CRM partners
    (the barycentre heuristic), and the CRM side is then refined once the same way. After each
    barycentre pass the column is walked again (roots in their new order, each parent followed
    by its children), so a parent's bus stays short: on the reference workspace that halves
    the relationship lanes beside each column (10 to 6) at the cost of a few mapping lanes."""
    children: dict[str, list[str]] = {}
    has_parent: set[str] = set()
    for edge in relationships:
        children.setdefault(edge.source, []).append(edge.target)
        has_parent.add(edge.target)

    def walk(column: list[str]) -> list[str]:
        seen: set[str] = set()
        result: list[str] = []
        members = set(column)
        rank = {ref: i for i, ref in enumerate(column)}

        def visit(ref: str) -> None:
            if ref in seen or ref not in members:
                return
            seen.add(ref)
            result.append(ref)
            for child in sorted(children.get(ref, []), key=lambda c: rank.get(c, 0)):
                visit(child)

        for ref in column:
            if ref not in has_parent:
                visit(ref)
        for ref in column:
            visit(ref)
        return result

    crm = walk(columns[Side.CRM])
    partners: dict[str, list[str]] = {}
    for _, (crm_end, erp_end) in oriented:
        partners.setdefault(erp_end, []).append(crm_end)
        partners.setdefault(crm_end, []).append(erp_end)

    def by_barycentre(column: list[str], other: list[str]) -> list[str]:
        position = {ref: i for i, ref in enumerate(other)}
        fallback = {ref: i for i, ref in enumerate(column)}

        def key(ref: str) -> tuple[float, int]:
            found = [position[p] for p in partners.get(ref, []) if p in position]
            return (sum(found) / len(found) if found else len(other) + fallback[ref], fallback[ref])

        return sorted(column, key=key)

    erp = walk(by_barycentre(walk(columns[Side.ERP]), crm))
    crm = walk(by_barycentre(crm, erp))
    return {Side.CRM: crm, Side.ERP: erp}
