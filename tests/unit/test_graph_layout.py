"""The graph drawing: relationships as one bus per parent, columns ordered to keep buses short."""

from __future__ import annotations

from tests.factories import sample_workspace
from workbench.domain import Relationship, edits
from workbench.domain.base import Side
from workbench.graph import WorkspaceGraph
from workbench.tui.graph_layout import layout


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
