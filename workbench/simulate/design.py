"""The parts of the design an order passes through, looked up once per run.

The master data set's ``flow`` names the mappings; everything else (rules, value maps, error
policies, product classes) is read from those mappings and the workspace. Nothing here knows a
scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.mappings import AmendmentRule, ErrorRule, Mapping
from ..domain.masterdata import MasterData
from ..domain.reference import ValueMap
from ..domain.revenue import ProductClass
from ..domain.workspace import Workspace

ORDER_DOCUMENT = "A_SalesOrder"
"""Document type of an ERP order when the order mapping names no target entity."""
CUSTOMER_DOCUMENT = "A_Customer"
"""Document type of an ERP customer when the customer mapping names no target entity."""
INVOICE = "invoice"
"""Document type of what billing issues for a positive amount."""
CREDIT_MEMO = "credit-memo"
"""Document type of what billing issues for a negative amount (a downgrade, a cancellation)."""


class SimulationError(Exception):
    """The scenario cannot be run at all (no master data, an invalid design)."""


@dataclass(frozen=True)
class Design:
    workspace: Workspace
    data: MasterData
    customer: Mapping | None
    order: Mapping | None
    order_item: Mapping | None
    product: Mapping | None
    plant: Mapping | None
    bundle: Mapping | None
    billing_plan: Mapping | None
    amendment: Mapping | None
    amendment_item: Mapping | None
    unit_map: ValueMap | None
    category_map: ValueMap | None

    @classmethod
    def of(cls, workspace: Workspace, data: MasterData) -> Design:
        flow = data.flow

        def mapping(mapping_id: str | None) -> Mapping | None:
            return workspace.mapping(mapping_id) if mapping_id else None

        order_item = mapping(flow.order_item)
        unit_map, category_map = _item_value_maps(workspace, order_item)
        return cls(
            workspace=workspace,
            data=data,
            customer=mapping(flow.customer),
            order=mapping(flow.order),
            order_item=order_item,
            product=mapping(flow.product),
            plant=mapping(flow.plant),
            bundle=mapping(flow.bundle),
            billing_plan=mapping(flow.billing_plan),
            amendment=mapping(flow.amendment),
            amendment_item=mapping(flow.amendment_item),
            unit_map=unit_map,
            category_map=category_map,
        )

    def product_class(self, class_id: str | None) -> ProductClass | None:
        return self.workspace.product_class(class_id) if class_id else None

    @property
    def order_document(self) -> str:
        """The document type of an ERP order: the order mapping's target entity."""
        return _target_name(self.order, ORDER_DOCUMENT)

    @property
    def customer_document(self) -> str:
        """The document type of an ERP customer a run creates."""
        return _target_name(self.customer, CUSTOMER_DOCUMENT)

    @property
    def document_types(self) -> frozenset[str]:
        """Every document type a run through this design can make; a scenario expecting any
        other can never see it."""
        order = self.order_document
        return frozenset(
            {
                order,
                f"change:{order}",
                f"cancel:{order}",
                self.customer_document,
                INVOICE,
                CREDIT_MEMO,
            }
        )

    @property
    def amendment_rule(self) -> AmendmentRule | None:
        for candidate in (self.amendment, self.amendment_item):
            if candidate is not None and candidate.amendment is not None:
                return candidate.amendment
        return None


def _target_name(mapping: Mapping | None, default: str) -> str:
    return mapping.target.partition(":")[2] if mapping and mapping.target else default


def _item_value_maps(
    workspace: Workspace, item: Mapping | None
) -> tuple[ValueMap | None, ValueMap | None]:
    """The item mapping's unit map (the value map with quantity factors) and its item category
    map (a value map that translates fulfilment channels)."""
    unit_map = category_map = None
    if item is None:
        return None, None
    for field_mapping in item.field_mappings:
        if field_mapping.value_map is None:
            continue
        value_map = workspace.value_map(field_mapping.value_map)
        if value_map is None:
            continue
        if unit_map is None and any(entry.factor is not None for entry in value_map.entries):
            unit_map = value_map
        elif category_map is None and value_map.translate("direct") is not None:
            category_map = value_map
    return unit_map, category_map


def error_rule(mapping: Mapping | None, code: str) -> ErrorRule | None:
    """The rule of the mapping's error policy that handles ``code``: its own, else ``*``."""
    if mapping is None:
        return None
    fallback = None
    for rule in mapping.error_policy:
        if rule.failure == code:
            return rule
        if rule.failure == "*" and fallback is None:
            fallback = rule
    return fallback
