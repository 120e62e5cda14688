"""The design as a graph: a view built from the domain model for the questions a graph answers.

Nodes are entities (``system:ApiName``); edges are relationships inside a system and mappings across
systems. The graph is never stored: build it from a workspace whenever it is needed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx

from .domain.base import Side, entity_ref, split_entity_ref
from .domain.mappings import Cardinality
from .domain.workspace import Workspace


class EdgeKind(StrEnum):
    RELATIONSHIP = "relationship"
    MAPPING = "mapping"


@dataclass(frozen=True)
class Edge:
    """One edge, oriented as declared: relationship parent -> child, mapping source -> target."""

    source: str
    target: str
    kind: EdgeKind
    element: str
    """The element the edge stands for: ``mapping:<id>`` or ``relationship:<system>:<name>``."""
    label: str
    """What a diagram prints on the edge: the cardinality, and for mappings the owner."""


@dataclass(frozen=True)
class Step:
    """One hop of a lineage path; ``forward`` is False when it walks an edge against its
    declared direction (from a child up to its parent)."""

    edge: Edge
    forward: bool

    @property
    def start(self) -> str:
        return self.edge.source if self.forward else self.edge.target

    @property
    def end(self) -> str:
        return self.edge.target if self.forward else self.edge.source


QUOTE_ENTITIES = ("SBQQ__Quote__c", "Quote")
BILLING_ENTITIES = ("A_BillingDocument", "A_BillingDocumentItem", "Invoice", "blng__Invoice__c")


class WorkspaceGraph:
    """Named queries over the two-sided entity graph."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._graph: nx.MultiDiGraph = nx.MultiDiGraph()
        for system in workspace.systems:
            side = system.effective_side
            for entity in system.entities:
                self._graph.add_node(
                    entity_ref(system.name, entity.name),
                    system=system.name,
                    side=side,
                    no_counterpart=False,
                )
            for rel in system.relationships:
                parent, child = (
                    entity_ref(system.name, rel.parent),
                    entity_ref(system.name, rel.child),
                )
                if parent in self._graph and child in self._graph:
                    self._add(
                        Edge(
                            parent,
                            child,
                            EdgeKind.RELATIONSHIP,
                            f"relationship:{system.name}:{rel.name}",
                            f"{rel.cardinality} {rel.kind}",
                        )
                    )
        for mapping in workspace.mappings:
            if mapping.source not in self._graph:
                continue
            if mapping.cardinality is Cardinality.NONE:
                self._graph.nodes[mapping.source]["no_counterpart"] = True
                continue
            if mapping.target not in self._graph or mapping.target is None:
                continue
            owner = f" SoR {mapping.system_of_record}" if mapping.system_of_record else ""
            self._add(
                Edge(
                    mapping.source,
                    mapping.target,
                    EdgeKind.MAPPING,
                    f"mapping:{mapping.id}",
                    f"{mapping.cardinality}{owner}",
                )
            )

    def _add(self, edge: Edge) -> None:
        self._graph.add_edge(edge.source, edge.target, key=edge.element, edge=edge)

    # -- nodes --------------------------------------------------------------------------------

    def entities(self, side: Side | None = None) -> list[str]:
        """Entity references, optionally of one side, in model order."""
        return [
            n for n, data in self._graph.nodes(data=True) if side is None or data["side"] == side
        ]

    def side(self, ref: str) -> Side:
        side: Side = self._graph.nodes[ref]["side"]
        return side

    def mapped_entities(self, side: Side | None = None) -> list[str]:
        """Entities that take part in at least one mapping to the other side."""
        return [ref for ref in self.entities(side) if self.mapping_edges(ref)]

    def no_counterpart_entities(self, side: Side | None = None) -> list[str]:
        """Entities recorded as having deliberately no counterpart."""
        return [ref for ref in self.entities(side) if self._graph.nodes[ref]["no_counterpart"]]

    def unmapped_entities(self, side: Side | None = None) -> list[str]:
        """Entities with no mapping and no no-counterpart decision: the open questions."""
        return [
            ref
            for ref in self.entities(side)
            if not self.mapping_edges(ref) and not self._graph.nodes[ref]["no_counterpart"]
        ]

    # -- edges --------------------------------------------------------------------------------

    def edges(self, kind: EdgeKind | None = None) -> list[Edge]:
        found: Iterable[Edge] = (data["edge"] for _, _, data in self._graph.edges(data=True))
        return [edge for edge in found if kind is None or edge.kind is kind]

    def mapping_edges(self, ref: str) -> list[Edge]:
        """Mapping edges touching ``ref`` (either end)."""
        return [e for e in self._incident(ref) if e.kind is EdgeKind.MAPPING]

    def _incident(self, ref: str) -> list[Edge]:
        if ref not in self._graph:
            return []
        out = [data["edge"] for _, _, data in self._graph.out_edges(ref, data=True)]
        into = [data["edge"] for _, _, data in self._graph.in_edges(ref, data=True)]
        return sorted(set(out) | set(into), key=lambda e: e.element)

    # -- neighbourhoods and paths -------------------------------------------------------------

    def neighbours(self, ref: str, hops: int = 1) -> set[str]:
        """Entities within ``hops`` edges of ``ref`` in either direction (``ref`` included)."""
        if ref not in self._graph:
            raise KeyError(ref)
        lengths = nx.single_source_shortest_path_length(
            self._graph.to_undirected(as_view=True), ref, cutoff=hops
        )
        return set(lengths)

    def lineage(self, start: str, end: str) -> list[Step] | None:
        """The shortest chain of relationships and mappings from ``start`` to ``end``, or None.

        Among equally short chains, the one that walks fewest edges backwards wins, so a quote
        reaches the billing document through the order rather than around it.
        """
        if start not in self._graph or end not in self._graph:
            raise KeyError(start if start not in self._graph else end)
        # A directed view with per-direction costs keeps "forward" information.
        directed = nx.DiGraph()
        for edge in sorted(self.edges(), key=lambda e: e.element):
            for a, b, forward in (
                (edge.source, edge.target, True),
                (edge.target, edge.source, False),
            ):
                cost = 1.0 if forward else 1.001
                if not directed.has_edge(a, b) or cost < directed[a][b]["cost"]:
                    directed.add_edge(a, b, cost=cost, edge=edge, forward=forward)
        directed.add_nodes_from(self._graph.nodes)
        try:
            path = nx.shortest_path(directed, start, end, weight="cost")
        except nx.NetworkXNoPath:
            return None
        return [
            Step(directed[a][b]["edge"], directed[a][b]["forward"])
            for a, b in itertools.pairwise(path)
        ]

    def quote_to_billing(self) -> list[Step] | None:
        """Lineage from the CRM quote to the ERP billing document, where both exist."""
        starts = [r for r in self.entities(Side.CRM) if split_entity_ref(r)[1] in QUOTE_ENTITIES]
        ends = [r for r in self.entities(Side.ERP) if split_entity_ref(r)[1] in BILLING_ENTITIES]
        for start in starts:
            for end in ends:
                path = self.lineage(start, end)
                if path is not None:
                    return path
        return None

    def components(self) -> list[set[str]]:
        """Weakly connected groups of entities, largest first (ties by first member)."""
        found = [set(c) for c in nx.weakly_connected_components(self._graph)]
        return sorted(found, key=lambda c: (-len(c), min(c)))
