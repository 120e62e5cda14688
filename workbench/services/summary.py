"""Counts that describe a workspace at a glance (``validate``, the status line)."""

from __future__ import annotations

from typing import Any

from ..domain.mappings import Cardinality
from ..domain.workspace import Workspace
from ..mirror.codec import MirrorIssue

CARDINALITIES = ("1:1", "1:N", "N:1", "N:M")


def summarise(workspace: Workspace | None) -> dict[str, Any]:
    """Systems with their entity and field counts, and the element counts, as plain data."""
    counts = dict.fromkeys(CARDINALITIES, 0)
    if workspace is None:
        return {
            "workspace": None,
            "systems": [],
            "mappings": 0,
            "cardinalities": counts,
            "no_counterpart": 0,
            "value_maps": 0,
            "stakeholders": 0,
            "decisions": 0,
            "scenarios": 0,
            "product_classes": 0,
            "reconciliation_metrics": 0,
            "master_data": 0,
        }
    no_counterpart = 0
    for mapping in workspace.mappings:
        if mapping.cardinality is Cardinality.NONE:
            no_counterpart += 1
        else:
            counts[mapping.cardinality.value] += 1
    return {
        "workspace": workspace.name,
        "systems": [
            {
                "name": system.name,
                "role": system.role.value,
                "side": system.effective_side.value,
                "entities": len(system.entities),
                "fields": sum(len(entity.fields) for entity in system.entities),
            }
            for system in workspace.systems
        ],
        "mappings": len(workspace.mappings),
        "cardinalities": counts,
        "no_counterpart": no_counterpart,
        "value_maps": len(workspace.value_maps),
        "stakeholders": len(workspace.stakeholders),
        "decisions": len(workspace.decisions),
        "scenarios": len(workspace.scenarios),
        "product_classes": len(workspace.product_classes),
        "reconciliation_metrics": len(workspace.reconciliation),
        "master_data": len(workspace.master_data),
    }


def issue_record(issue: MirrorIssue) -> dict[str, Any]:
    return {
        "element": issue.element,
        "message": issue.message,
        "file": issue.file,
        "line": issue.line or None,
    }
