"""Graphviz DOT of the two-sided graph (``services/graphviz.py`` draws it as SVG and PNG).

CRM systems are clusters on the left, ERP systems on the right; mapping edges carry cardinality
and owner, and their arrowheads show which way the data moves (into the source for a mapping
synced from its target, at both ends for one synced both ways). Problems are coloured: unmapped
entities red, mappings without an owner orange, mappings with incomplete rules red and dashed; a
legend explains the colours.
"""

from __future__ import annotations

from ..domain.mappings import SyncDirection
from . import escape
from .diagram import Drawing, Node, Problem

_PROBLEM_COLOUR = {
    Problem.UNMAPPED: "#C62828",
    Problem.NO_OWNER: "#E65100",
    Problem.INCOMPLETE: "#C62828",
}
_SIDE_FILL = {"crm": "#EAF2FB", "erp": "#EEF6EC"}
_ARROWS = {SyncDirection.TARGET_TO_SOURCE: "dir=back", SyncDirection.BOTH: "dir=both"}
"""The edge is still laid out from source to target; only its arrowheads move."""


def _node_line(node_id: str, node: Node) -> str:
    name = escape.dot_html(node.name)
    label = escape.dot_html(node.label) if node.label and node.label != node.name else ""
    rows = f"<B>{name}</B>" + (f'<BR/><FONT POINT-SIZE="9">{label}</FONT>' if label else "")
    attrs = [f"label=<{rows}>", f"tooltip={escape.dot_string(node.ref)}"]
    if Problem.UNMAPPED in node.problems:
        attrs += ['color="#C62828"', 'fillcolor="#FDECEA"', "penwidth=2"]
    elif node.no_counterpart:
        attrs += ['style="rounded,filled,dashed"', 'fillcolor="#F3F3F3"']
    return f"    {node_id} [{', '.join(attrs)}];"


def render_dot(drawing: Drawing, title: str = "") -> str:
    """The DOT source. Node ids are numbered (n0, n1, ...) so no user text is ever an id."""
    ids = {
        node.ref: f"n{number}"
        for number, node in enumerate(n for c in drawing.clusters for n in c.nodes)
    }
    lines = [
        "digraph workspace {",
        "  graph [rankdir=LR, fontname=Helvetica, fontsize=11, nodesep=0.25, ranksep=3,"
        " newrank=true, pad=0.2, label=" + escape.dot_string(title) + ", labelloc=t];",
        '  node [shape=box, style="rounded,filled", fillcolor=white, fontname=Helvetica,'
        ' fontsize=10, margin="0.12,0.04"];',
        '  edge [fontname=Helvetica, fontsize=8, color="#4A4A4A", arrowsize=0.7];',
    ]
    for number, cluster in enumerate(drawing.clusters):
        side = cluster.side.upper()
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(
            f"    label={escape.dot_string(f'{cluster.title} ({side})')}; style=filled;"
            f' color="#B0BEC5"; fillcolor="{_SIDE_FILL.get(cluster.side, "#F5F5F5")}";'
        )
        lines.extend(_node_line(ids[node.ref], node) for node in cluster.nodes)
        lines.append("  }")
    # One column per side: every CRM entity on the first rank, every ERP entity on the second, so
    # the picture reads left to right like the design (newrank lets ranks cross clusters).
    for side in ("crm", "erp"):
        members = [ids[n.ref] for c in drawing.clusters if c.side == side for n in c.nodes]
        if members:
            lines.append(f"  {{rank=same; {'; '.join(members)};}}")
    for edge in drawing.edges:
        attrs = [
            f"label={escape.dot_string(edge.label)}",
            f"tooltip={escape.dot_string(edge.mapping)}",
        ]
        if edge.flow is not SyncDirection.SOURCE_TO_TARGET:
            attrs.append(_ARROWS[edge.flow])
        if Problem.INCOMPLETE in edge.problems:
            attrs += [
                f'color="{_PROBLEM_COLOUR[Problem.INCOMPLETE]}"',
                "style=dashed",
                "penwidth=1.6",
            ]
        elif Problem.NO_OWNER in edge.problems:
            attrs += [f'color="{_PROBLEM_COLOUR[Problem.NO_OWNER]}"', "penwidth=1.6"]
        lines.append(f"  {ids[edge.source]} -> {ids[edge.target]} [{', '.join(attrs)}];")
    lines.extend(_legend(drawing))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _legend(drawing: Drawing) -> list[str]:
    """What the drawing's colours and dashes mean: only those it uses (a key listing a style
    no element has sends the reader looking for it), none when it uses none."""
    nodes = [node for cluster in drawing.clusters for node in cluster.nodes]
    problems = {problem for edge in drawing.edges for problem in edge.problems}
    entries: list[str] = []
    if any(Problem.UNMAPPED in node.problems for node in nodes):
        entries.append(
            '    legend_unmapped [label="unmapped entity", color="#C62828", fillcolor="#FDECEA",'
            " penwidth=2, fontsize=8];"
        )
    if any(node.no_counterpart and Problem.UNMAPPED not in node.problems for node in nodes):
        entries.append(
            '    legend_none [label="no counterpart (decided)", style="rounded,filled,dashed",'
            ' fillcolor="#F3F3F3", fontsize=8];'
        )
    for key, problem, label, style in (
        ("owner", Problem.NO_OWNER, "no owner", 'color="#E65100", penwidth=1.6'),
        (
            "rules",
            Problem.INCOMPLETE,
            "incomplete rules",
            'color="#C62828", style=dashed, penwidth=1.6',
        ),
    ):
        if problem in problems:
            entries.append(
                f"    legend_{key}_a [shape=point, width=0.05];"
                f" legend_{key}_b [shape=point, width=0.05];"
            )
            entries.append(f'    legend_{key}_a -> legend_{key}_b [label="{label}", {style}];')
    if not entries:
        return []
    return [
        "  subgraph cluster_legend {",
        '    label="Key"; style=dashed; color="#9E9E9E"; fontsize=9;',
        *entries,
        "  }",
    ]
