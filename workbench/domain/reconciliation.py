"""Reconciliation metrics: the numbers that prove CRM, integration layer and ERP agree.

Open orders, billed amounts and recognised revenue are counted in each layer and compared on keys
that join the records across systems; a metric says how each layer measures it, how the records
are joined, how often it runs and who hears about a break.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import StringConstraints

from .base import FIELD_REF_PATTERN, EntityRef, Label, Model, Slug, Text

FieldRef = Annotated[str, StringConstraints(pattern=FIELD_REF_PATTERN)]
"""A field of an entity, written ``system:Entity.Field`` (``s4hana:A_SalesOrder.SalesOrder``)."""


class MetricKind(StrEnum):
    OPEN_ORDERS = "open-orders"
    BILLED_AMOUNT = "billed-amount"
    RECOGNISED_REVENUE = "recognised-revenue"
    OTHER = "other"


class Layer(StrEnum):
    """Where a figure is counted: the CRM, the integration layer between, or the ERP."""

    CRM = "crm"
    INTEGRATION = "integration"
    ERP = "erp"


class Measure(Model):
    """How one layer counts the metric."""

    layer: Layer
    entity: EntityRef | None = None
    """The entity counted (empty for the integration layer's own log)."""
    expression: Text
    """What is counted or summed, and with which filter."""


class JoinKey(Model):
    """Fields that identify the same business record in each layer."""

    crm: FieldRef | None = None
    integration: Label = ""
    """The integration layer's key (a correlation id, a message id)."""
    erp: FieldRef | None = None
    description: Text = ""


class ReconciliationMetric(Model):
    """One figure compared across CRM, integration layer and ERP."""

    id: Slug
    title: Label = ""
    kind: MetricKind
    description: Text = ""
    measures: tuple[Measure, ...] = ()
    join_keys: tuple[JoinKey, ...] = ()
    frequency: Label = ""
    """How often the comparison runs (``daily at 06:00``)."""
    tolerance: Label = ""
    """The difference that counts as a break (``0``, ``0.5 % of amount``)."""
    notify: tuple[Label, ...] = ()
    """Roles told about a break."""

    def layers(self) -> set[Layer]:
        return {measure.layer for measure in self.measures}
