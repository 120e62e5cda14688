"""Mermaid flowchart of the two-sided graph, for Markdown on code hosts.

Subgraphs per system, CRM first; edge labels carry cardinality and owner (a mapping synced both
ways has a two-headed arrow, one synced from its target says so in its label); problem nodes and
edges get classes (red for unmapped, orange for no owner, dashed red for incomplete rules).
"""

from __future__ import annotations

from ..domain.mappings import SyncDirection
from . import escape
from .diagram import Drawing, Problem


def render_mermaid(drawing: Drawing) -> str:
    ids = {
        node.ref: escape.mermaid_id(number)
        for number, node in enumerate(n for c in drawing.clusters for n in c.nodes)
    }
    lines = ["flowchart LR"]
    unmapped: list[str] = []
    no_counterpart: list[str] = []
    for number, cluster in enumerate(drawing.clusters):
        title = escape.mermaid_label(f"{cluster.title} ({cluster.side.upper()})")
        lines.append(f"  subgraph s{number} [{title}]")
        for node in cluster.nodes:
            text = (
                node.name
                if not node.label or node.label == node.name
                else (f"{node.name} · {node.label}")
            )
            lines.append(f"    {ids[node.ref]}[{escape.mermaid_label(text)}]")
            if Problem.UNMAPPED in node.problems:
                unmapped.append(ids[node.ref])
            elif node.no_counterpart:
                no_counterpart.append(ids[node.ref])
        lines.append("  end")
    for index, edge in enumerate(drawing.edges):
        # Mermaid has a two-headed arrow but no reversed one; a mapping whose data flows from
        # its target says so in its label (drawing it the other way round would move the
        # systems' columns).
        arrow = "<-->" if edge.flow is SyncDirection.BOTH else "-->"
        label = edge.label
        if edge.flow is SyncDirection.TARGET_TO_SOURCE:
            label += " · synced from the target"
        lines.append(
            f"  {ids[edge.source]} {arrow}|{escape.mermaid_label(label)}| {ids[edge.target]}"
        )
        if Problem.INCOMPLETE in edge.problems:
            lines.append(
                f"  linkStyle {index} stroke:#C62828,stroke-width:2px,stroke-dasharray:5 4"
            )
        elif Problem.NO_OWNER in edge.problems:
            lines.append(f"  linkStyle {index} stroke:#E65100,stroke-width:2px")
    lines.append("  classDef unmapped fill:#FDECEA,stroke:#C62828,stroke-width:2px")
    lines.append("  classDef nocounterpart fill:#F3F3F3,stroke:#9E9E9E,stroke-dasharray:4 3")
    if unmapped:
        lines.append(f"  class {','.join(unmapped)} unmapped")
    if no_counterpart:
        lines.append(f"  class {','.join(no_counterpart)} nocounterpart")
    return "\n".join(lines) + "\n"
