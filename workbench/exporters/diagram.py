"""The two-sided entity graph as a neutral drawing: clusters per system, nodes, edges and the
problems a reviewer should see. DOT and Mermaid render the same drawing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from ..domain.base import entity_ref
from ..domain.mappings import Mapping, SyncDirection
from ..domain.validation import Issue, Severity, validate_workspace
from ..domain.workspace import Workspace
from .memo import last_result


class Problem(StrEnum):
    UNMAPPED = "unmapped"
    """An entity with no mapping and no no-counterpart record."""
    NO_OWNER = "no owner"
    """A mapping without a system of record."""
    INCOMPLETE = "incomplete"
    """A mapping whose rules the validation calls incomplete."""


@dataclass(frozen=True)
class Node:
    ref: str
    name: str
    label: str
    no_counterpart: bool
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Cluster:
    system: str
    title: str
    side: str
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class DiagramEdge:
    mapping: str
    source: str
    target: str
    label: str
    """Cardinality and owner: ``1:N · owner s4hana``."""
    problems: tuple[Problem, ...]
    flow: SyncDirection = SyncDirection.SOURCE_TO_TARGET
    """Which way the data moves: the arrowheads follow it (a mapping is always drawn from its
    source to its target, so the layout does not change with it)."""


@dataclass(frozen=True)
class Drawing:
    clusters: tuple[Cluster, ...]
    edges: tuple[DiagramEdge, ...]


@last_result
def model_issues(workspace: Workspace) -> list[Issue]:
    """The validation issues of the workspace, worked out once per export."""
    return validate_workspace(workspace)


@last_result
def incomplete_mappings(workspace: Workspace) -> frozenset[str]:
    """Mappings with a validation warning: rules missing for their cardinality or area."""
    return frozenset(
        issue.location.key[0]
        for issue in model_issues(workspace)
        if issue.location.kind == "mapping" and issue.severity is Severity.WARNING
    )


def edge_label(mapping: Mapping) -> str:
    owner = mapping.system_of_record or "?"
    return f"{mapping.cardinality.value} · owner {owner}"


def build_drawing(
    workspace: Workspace,
    mappings: Iterable[Mapping] | None = None,
    incomplete: frozenset[str] | None = None,
) -> Drawing:
    """The whole design, or only the entities the given mappings touch."""
    chosen = sorted(workspace.mappings if mappings is None else mappings, key=lambda m: m.id)
    incomplete = incomplete_mappings(workspace) if incomplete is None else incomplete
    whole = mappings is None
    touched = {m.source for m in chosen} | {m.target for m in chosen if m.target}
    no_counterpart = {m.source for m in workspace.mappings if m.is_no_counterpart}
    clusters: list[Cluster] = []
    systems = sorted(workspace.systems, key=lambda s: (s.effective_side.value, s.name))
    for system in systems:
        nodes = []
        for entity in sorted(system.entities, key=lambda e: e.name):
            ref = entity_ref(system.name, entity.name)
            if not whole and ref not in touched:
                continue
            unmapped = not workspace.mappings_of(ref)
            nodes.append(
                Node(
                    ref=ref,
                    name=entity.name,
                    label=entity.label,
                    no_counterpart=ref in no_counterpart,
                    problems=(Problem.UNMAPPED,) if unmapped else (),
                )
            )
        if nodes:
            clusters.append(
                Cluster(
                    system=system.name,
                    title=system.display_name,
                    side=system.effective_side.value,
                    nodes=tuple(nodes),
                )
            )
    present = {n.ref for c in clusters for n in c.nodes}
    edges = []
    for mapping in chosen:
        if mapping.target is None or mapping.source not in present or mapping.target not in present:
            continue
        problems = []
        if mapping.system_of_record is None:
            problems.append(Problem.NO_OWNER)
        if mapping.id in incomplete:
            problems.append(Problem.INCOMPLETE)
        edges.append(
            DiagramEdge(
                mapping=mapping.id,
                source=mapping.source,
                target=mapping.target,
                label=edge_label(mapping),
                problems=tuple(problems),
                flow=mapping.sync.direction if mapping.sync else SyncDirection.SOURCE_TO_TARGET,
            )
        )
    return Drawing(clusters=tuple(clusters), edges=tuple(edges))
