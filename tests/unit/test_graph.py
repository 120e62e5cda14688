"""The graph view: sides, mapped and unmapped entities, neighbourhoods, lineage, components."""

from __future__ import annotations

import pytest

from tests.factories import sample_workspace
from workbench.domain import Mapping, Relationship, Side
from workbench.graph import EdgeKind, WorkspaceGraph


def _graph() -> WorkspaceGraph:
    return WorkspaceGraph(sample_workspace())


def test_entities_per_side() -> None:
    graph = _graph()
    assert graph.entities(Side.CRM) == [
        "salesforce:Account",
        "salesforce:Order",
        "salesforce:OrderItem",
        "salesforce:Opportunity",
    ]
    assert len(graph.entities(Side.ERP)) == 4
    assert graph.side("s4hana:A_Customer") is Side.ERP


def test_mapped_unmapped_and_no_counterpart() -> None:
    graph = _graph()
    assert graph.mapped_entities(Side.CRM) == [
        "salesforce:Account",
        "salesforce:Order",
        "salesforce:OrderItem",
    ]
    assert graph.no_counterpart_entities(Side.CRM) == ["salesforce:Opportunity"]
    assert graph.unmapped_entities(Side.CRM) == []
    assert graph.unmapped_entities(Side.ERP) == ["s4hana:A_BillingDocument"]


def test_edges_carry_cardinality_and_owner() -> None:
    graph = _graph()
    [edge] = [e for e in graph.edges(EdgeKind.MAPPING) if e.element == "mapping:account-customer"]
    assert (edge.source, edge.target, edge.label) == (
        "salesforce:Account",
        "s4hana:A_Customer",
        "1:N SoR s4hana",
    )
    assert len(graph.edges(EdgeKind.RELATIONSHIP)) == 3


def test_neighbours_within_hops() -> None:
    graph = _graph()
    assert graph.neighbours("salesforce:Account") == {
        "salesforce:Account",
        "salesforce:Order",
        "s4hana:A_Customer",
    }
    assert "s4hana:A_SalesOrder" in graph.neighbours("salesforce:Account", hops=2)
    with pytest.raises(KeyError):
        graph.neighbours("salesforce:Nope")


def test_lineage_from_quote_side_to_billing() -> None:
    ws = sample_workspace()
    s4 = ws.systems[1]
    s4 = s4.model_copy(
        update={
            "relationships": (
                *s4.relationships,
                Relationship(name="Billed", parent="A_SalesOrder", child="A_BillingDocument"),
            )
        }
    )
    ws = ws.model_copy(update={"systems": (ws.systems[0], s4)})
    path = WorkspaceGraph(ws).lineage("salesforce:Account", "s4hana:A_BillingDocument")
    assert path is not None
    assert [(s.start, s.end) for s in path] == [
        ("salesforce:Account", "salesforce:Order"),
        ("salesforce:Order", "s4hana:A_SalesOrder"),
        ("s4hana:A_SalesOrder", "s4hana:A_BillingDocument"),
    ]
    assert all(step.forward for step in path)
    # Walking backwards is allowed but reported.
    back = WorkspaceGraph(ws).lineage("s4hana:A_BillingDocument", "salesforce:Order")
    assert back is not None and not back[0].forward


def test_no_lineage_between_disconnected_entities() -> None:
    assert _graph().lineage("salesforce:Opportunity", "s4hana:A_Customer") is None
    assert _graph().quote_to_billing() is None


def test_components() -> None:
    components = _graph().components()
    assert components[0] == {
        "salesforce:Account",
        "salesforce:Order",
        "salesforce:OrderItem",
        "s4hana:A_Customer",
        "s4hana:A_SalesOrder",
        "s4hana:A_SalesOrderItem",
    }
    assert {"salesforce:Opportunity"} in components


def test_mappings_to_missing_entities_are_left_out() -> None:
    ws = sample_workspace()
    ws = ws.model_copy(
        update={
            "mappings": (
                *ws.mappings,
                Mapping(id="ghost", source="salesforce:Ghost", cardinality="1:1"),
            )
        }
    )
    assert "salesforce:Ghost" not in WorkspaceGraph(ws).entities()
