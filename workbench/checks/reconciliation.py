"""Reconciliation: open orders, billed amounts and recognised revenue compared across CRM,
integration layer and ERP, on keys that join the three."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.reconciliation import Layer, MetricKind, ReconciliationMetric
from ..domain.validation import ElementKind, Location
from .context import WORKSPACE_LOCATION, Context
from .model import CheckArea, Hit, Severity
from .registry import rule

REQUIRED_KINDS = (MetricKind.OPEN_ORDERS, MetricKind.BILLED_AMOUNT, MetricKind.RECOGNISED_REVENUE)


def _link(metric: ReconciliationMetric) -> str:
    return f"reconciliation:{metric.id}"


def _at(metric: ReconciliationMetric, *path: str | int) -> Location:
    return Location(ElementKind.RECONCILIATION, (metric.id,), path)


@rule(
    "Q2C-RECON-001",
    Severity.ERROR,
    CheckArea.RECONCILIATION,
    "Open orders, billed amount and recognised revenue are reconciled",
    "Add a reconciliation metric of the missing kind, measured in the CRM, the integration layer "
    "and the ERP, with the keys that join them.",
)
def missing_metric(ctx: Context) -> Iterator[Hit]:
    kinds = {metric.kind for metric in ctx.ws.reconciliation}
    for kind in REQUIRED_KINDS:
        if kind not in kinds:
            yield Hit(
                "workspace",
                f"no reconciliation metric of kind {kind}",
                WORKSPACE_LOCATION,
            )


@rule(
    "Q2C-RECON-002",
    Severity.ERROR,
    CheckArea.RECONCILIATION,
    "A metric is counted in the CRM, the integration layer and the ERP",
    "Add the missing layer's measure: the entity counted and the expression (for the integration "
    "layer, its message log).",
)
def metric_missing_layer(ctx: Context) -> Iterator[Hit]:
    for metric in ctx.ws.reconciliation:
        missing = [layer.value for layer in Layer if layer not in metric.layers()]
        if missing:
            yield Hit(
                _link(metric),
                f"{metric.id} is not measured in: {', '.join(missing)}",
                _at(metric, "measures"),
            )


@rule(
    "Q2C-RECON-003",
    Severity.ERROR,
    CheckArea.RECONCILIATION,
    "A metric has join keys from CRM to ERP",
    "Add a join key naming the CRM field, the integration layer's correlation key and the ERP "
    "field that identify the same business record.",
)
def metric_without_join_keys(ctx: Context) -> Iterator[Hit]:
    for metric in ctx.ws.reconciliation:
        if not metric.join_keys:
            yield Hit(_link(metric), f"{metric.id} has no join keys", _at(metric, "kind"))
            continue
        for position, key in enumerate(metric.join_keys):
            missing = [role for role in ("crm", "integration", "erp") if not getattr(key, role)]
            if missing:
                yield Hit(
                    _link(metric),
                    f"join key {position + 1} of {metric.id} has no {' or '.join(missing)} key",
                    _at(metric, "join_keys", position),
                )


@rule(
    "Q2C-RECON-004",
    Severity.WARNING,
    CheckArea.RECONCILIATION,
    "A metric says how often it runs, what counts as a break and who hears",
    "Set the frequency, the tolerance and the roles notified of a break.",
)
def metric_incomplete(ctx: Context) -> Iterator[Hit]:
    for metric in ctx.ws.reconciliation:
        missing = [
            name for name in ("frequency", "tolerance", "notify") if not getattr(metric, name)
        ]
        if missing:
            yield Hit(
                _link(metric),
                f"{metric.id} has no {', '.join(missing)}",
                _at(metric, "kind"),
            )
