"""The graph drawing: relationships as one bus per parent, columns ordered to keep buses short."""

from __future__ import annotations

import pytest

from tests.checks.conftest import load_reference
from tests.factories import sample_workspace
from workbench.domain import Relationship, edits
from workbench.domain.base import Side
from workbench.graph import WorkspaceGraph
from workbench.tui.graph_layout import NARROW_NODE_WIDTH, Layout, layout


def _with_account_children() -> WorkspaceGraph:
    """Account gets two more children (Opportunity, OrderItem) besides Order."""
    ws = sample_workspace()
    salesforce = ws.system("salesforce")
    assert salesforce is not None
    for name, child in (("Account_Opportunities", "Opportunity"), ("Account_Lines", "OrderItem")):
        ws = edits.put_relationship(
            ws, "salesforce", Relationship(name=name, parent="Account", child=child), None
        )
    return WorkspaceGraph(ws)


def test_a_parent_with_several_children_takes_one_lane() -> None:
    drawing = layout(_with_account_children())
    # Account's three children share one bus; Order -> OrderItem overlaps it and takes another.
    assert drawing.relationship_lanes == 2
    crm_x = drawing.nodes["salesforce:Account"].x
    arrows = {
        ref: drawing.chars[node.row + offset][crm_x - 1]
        for ref, node in drawing.nodes.items()
        if node.side is Side.CRM
        for offset in range(node.height)
        if drawing.chars[node.row + offset][crm_x - 1] == "▶"
    }
    # Every child has an arrow into it; a root (Account) has none.
    assert set(arrows) == {
        "salesforce:Order",
        "salesforce:OrderItem",
        "salesforce:Opportunity",
    }


def test_children_follow_their_parent_in_the_column() -> None:
    drawing = layout(_with_account_children())
    column = drawing.columns[Side.CRM]
    assert column.index("salesforce:Account") < column.index("salesforce:Order")
    assert column.index("salesforce:Order") < column.index("salesforce:OrderItem")


def test_without_relationships_no_lanes_are_reserved() -> None:
    graph = _with_account_children()
    shown, hidden = layout(graph), layout(graph, relationships_shown=False)
    assert hidden.relationship_lanes == 0
    assert hidden.nodes["salesforce:Account"].x == 0
    assert hidden.width < shown.width

    def drawn(d):  # type: ignore[no-untyped-def]
        return any(style.startswith("relationship") for row in d.styles for style in row)

    assert drawn(shown) and not drawn(hidden)


LIGHT = dict(zip("━┃┏┓┗┛┣┫┳┻╋", "─│┌┐└┘├┤┬┴┼", strict=True))


def test_a_run_path_is_drawn_heavy_with_a_marked_label_and_moves_nothing() -> None:
    graph = WorkspaceGraph(sample_workspace())
    plain = layout(graph)
    drawing = layout(graph, path=frozenset({"order-sales-order"}))
    path_cells = [
        (y, x)
        for y, row in enumerate(drawing.styles)
        for x, style in enumerate(row)
        if style == "edge-path"
    ]
    assert path_cells, "the path mapping is drawn in the path style"
    assert {drawing.chars[y][x] for y, x in path_cells} <= set(LIGHT) | {"▶"}
    # The other mappings keep their plain style: only the path stands out.
    assert any(style == "edge" for row in drawing.styles for style in row)
    labels = [
        "".join(c for c, s in zip(row, styles, strict=True) if s == "label-path")
        for row, styles in zip(drawing.chars, drawing.styles, strict=True)
    ]
    [label] = [label.strip() for label in labels if label]  # one path mapping, one label
    assert label.startswith("▶")
    # The two entities it joins are marked too, and nothing else is.
    ends = {ref for ref, node in drawing.nodes.items() if node.style == "node-path"}
    assert ends == {"salesforce:Order", "s4hana:A_SalesOrder"}
    assert all(plain.nodes[ref].style != "node-path" for ref in ends)
    # Highlighting changes how lines look, never where they are.
    assert (drawing.width, drawing.height) == (plain.width, plain.height)
    assert {ref: (n.row, n.x, n.height, n.width) for ref, n in drawing.nodes.items()} == {
        ref: (n.row, n.x, n.height, n.width) for ref, n in plain.nodes.items()
    }
    light = [[LIGHT.get(c, c) for c in row] for row in drawing.chars]
    differs = [
        (y, x)
        for y, row in enumerate(light)
        for x, char in enumerate(row)
        if char != plain.chars[y][x]
    ]
    assert all(drawing.styles[y][x] in ("label-path", "node-path") for y, x in differs)


def test_the_path_styles_differ_from_the_plain_ones() -> None:
    from workbench.tui.widgets.colors import PLAIN
    from workbench.tui.widgets.graph_canvas import styles_for

    styles = styles_for(PLAIN)
    assert styles["edge-path"] != styles["edge"]
    assert styles["label-path"].bgcolor is not None and styles["label"].bgcolor is None


def test_a_mapping_from_the_erp_side_points_into_the_crm_entity() -> None:
    """The CRM side is drawn on the left: a mapping whose source is on the ERP side gets its
    arrow at the CRM end and its cardinality read from there (1:N from the ERP reads N:1)."""
    from workbench.domain import Cardinality, Mapping

    ws = sample_workspace()
    ws = edits.put_mapping(
        ws,
        Mapping(
            id="bp-contact-back",
            source="s4hana:A_Customer",
            target="salesforce:Order",
            cardinality=Cardinality.ONE_TO_MANY,
        ),
    )
    drawing = layout(WorkspaceGraph(ws), only={"s4hana:A_Customer", "salesforce:Order"})
    rows = ["".join(row) for row in drawing.chars]
    order = drawing.nodes["salesforce:Order"]
    line = rows[order.row]
    assert "N:1" in line and "1:N" not in line, line
    arrow = line.index("◀")
    assert arrow == order.x + order.width, line  # right beside the CRM entity
    assert "▶" not in "".join(rows), rows


@pytest.mark.parametrize(
    ("flow", "into_crm", "into_erp"),
    [("source-to-target", False, True), ("target-to-source", True, False), ("both", True, True)],
)
def test_arrowheads_point_where_the_data_goes(flow: str, into_crm: bool, into_erp: bool) -> None:
    """As in the exported diagrams: into the target, into the source for a mapping synced from
    its target, at both ends for one synced both ways."""
    from workbench.domain.mappings import SyncDirection

    ws = sample_workspace()
    shown = {"salesforce:Account", "s4hana:A_Customer"}
    flows = {"account-customer": SyncDirection(flow)}
    drawing = layout(WorkspaceGraph(ws), only=shown, flows=flows)
    account, customer = drawing.nodes["salesforce:Account"], drawing.nodes["s4hana:A_Customer"]
    rows = ["".join(row) for row in drawing.chars]
    assert (rows[account.row][account.x + account.width] == "◀") is into_crm, rows
    assert (rows[customer.row][customer.x - 1] == "▶") is into_erp, rows


def test_names_too_long_for_a_node_are_cut_so_that_they_differ() -> None:
    from workbench.domain import Entity

    ws = sample_workspace()
    for ending in ("Procurement", "Sales", "Storage"):  # alike far past a node's width
        ws = edits.put_entity(
            ws, "s4hana", Entity(name=f"A_ProductPlant{'Location' * 4}{ending}"), None
        )
    drawing = layout(WorkspaceGraph(ws))
    labels = [
        "".join(drawing.chars[node.row][node.x : node.x + node.width]).strip()
        for ref, node in drawing.nodes.items()
        if ref.startswith("s4hana:A_ProductPlant")
    ]
    assert len(labels) == 3 and all("…" in label for label in labels), labels
    assert len(set(labels)) == 3, labels


def _node_labels(drawing: Layout) -> dict[str, str]:
    return {
        ref: "".join(drawing.chars[node.row][node.x : node.x + node.width])
        for ref, node in drawing.nodes.items()
    }


def test_a_drawing_wider_than_its_window_is_drawn_narrower_and_keeps_names_apart() -> None:
    reference = load_reference()
    natural = layout(WorkspaceGraph(reference))
    assert natural.width > 78  # the reference workspace does not fit 80 columns as drawn
    fitted = layout(WorkspaceGraph(reference), fit_width=78)
    assert fitted.width <= 78
    # Same entities, rows and connectors; only narrower.
    assert fitted.columns == natural.columns
    assert fitted.height == natural.height
    assert fitted.relationship_lanes == natural.relationship_lanes
    labels = _node_labels(fitted)
    assert len(set(labels.values())) == len(labels), labels
    for label in labels.values():
        # A space either side of the name: a cut name never runs into the label next to it.
        assert label.startswith(" ") and label.endswith(" "), label
    # Every mapping keeps its cardinality label.
    text = fitted.text()
    assert text.count("1:N") + text.count("N:1") == natural.text().count(
        "1:N"
    ) + natural.text().count("N:1")


def test_a_drawing_that_fits_is_drawn_as_it_is() -> None:
    reference = load_reference()
    natural = layout(WorkspaceGraph(reference))
    assert layout(WorkspaceGraph(reference), fit_width=natural.width).chars == natural.chars
    assert layout(WorkspaceGraph(reference), fit_width=500).chars == natural.chars


def test_nodes_narrow_before_lanes_close_up() -> None:
    reference = load_reference()
    natural = layout(WorkspaceGraph(reference))
    # Just a little too wide: the nodes give the room, the lanes keep their spacing.
    slightly = layout(WorkspaceGraph(reference), fit_width=natural.width - 4)
    assert slightly.width <= natural.width - 4

    def first_crm_x(drawing: Layout) -> int:
        return next(n.x for n in drawing.nodes.values() if n.side is Side.CRM)

    assert first_crm_x(slightly) == first_crm_x(natural)  # the buses beside it kept their room
    # Far too narrow for any of it: drawn as narrow as it goes, and panned.
    tiny = layout(WorkspaceGraph(reference), fit_width=20)
    assert min(node.width for node in tiny.nodes.values()) == NARROW_NODE_WIDTH
    assert tiny.width > 20


def _trace(drawing: Layout, y: int, start: int, end: int) -> int | None:
    """Follow the connector leaving the CRM column on row ``y`` (past its label) to the ERP
    column; its row there, or None when it runs into a junction (two lines merged into one)."""
    chars = drawing.chars
    x = start + 1
    while chars[y][x] not in "─┐┘┤┬┴┼":  # the label
        x += 1
    dx, dy = 1, 0
    turns = {("┐", 1, 0): (0, 1), ("┘", 1, 0): (0, -1), ("└", 0, 1): (1, 0), ("┌", 0, -1): (1, 0)}
    while x < end:
        char = chars[y][x]
        if char in "┬┴├┤":
            return None
        if (char, dx, dy) in turns:
            dx, dy = turns[(char, dx, dy)]
        elif char not in ("─┼▶" if dy == 0 else "│┼"):
            return None
        x, y = x + dx, y + dy
    return y


@pytest.mark.parametrize("fit", [None, 78])
@pytest.mark.parametrize("focus", [None, "salesforce:Product2", "salesforce:OrderItem"])
def test_every_connector_leads_to_one_entity_only(focus: str | None, fit: int | None) -> None:
    """A stub out of one CRM entity and a stub into an ERP entity on the same row used to be
    drawn as one line (joined with ┴), so a 1:1 read as going to the wrong entity."""
    reference = load_reference()
    graph = WorkspaceGraph(reference)
    only = graph.neighbours(focus, 1) if focus else None
    drawing = layout(graph, only, relationships_shown=False, fit_width=fit)
    crm = next(n for n in drawing.nodes.values() if n.side is Side.CRM)
    erp = next(n for n in drawing.nodes.values() if n.side is Side.ERP)
    start, end = crm.x + crm.width, erp.x - 1
    stubs = [y for y in range(drawing.height) if drawing.chars[y][start] in "─◀"]
    assert stubs
    arrived = [_trace(drawing, y, start, end) for y in stubs]
    assert None not in arrived, [y for y, a in zip(stubs, arrived, strict=True) if a is None]
    assert len(set(arrived)) == len(arrived)  # one connector into each port


def test_mappings_stepping_down_the_columns_do_not_stair_across_the_drawing() -> None:
    """Each CRM entity maps to the ERP entity beside the next one down: every row holds one
    mapping's stub out and the one above's stub in. Ordering the lanes alone needs a lane per
    step; starting one column a row lower takes the stubs off each other's rows."""
    from workbench.graph import Edge, EdgeKind
    from workbench.tui.graph_layout import Node, _mapping_lanes

    steps = 12
    nodes = {f"c:C{i}": Node(f"c:C{i}", Side.CRM, 1 + 2 * i, 1, 0, 20) for i in range(steps)}
    nodes |= {f"e:E{i}": Node(f"e:E{i}", Side.ERP, 1 + 2 * i, 1, 0, 20) for i in range(steps)}
    oriented = []
    inner: dict[str, list[tuple[Edge, str]]] = {ref: [] for ref in nodes}
    for i in range(steps - 1):
        crm, erp = f"c:C{i}", f"e:E{i + 1}"
        edge = Edge(crm, erp, EdgeKind.MAPPING, f"mapping:m{i}", "1:1")
        oriented.append((edge, (crm, erp)))
        inner[crm].append((edge, erp))
        inner[erp].append((edge, crm))
    lanes, shifted = _mapping_lanes(oriented, inner, nodes)
    assert shifted is not None  # either column a row lower will do
    assert max(lanes) + 1 <= 2  # not one lane per step (11 here)
