"""Amendments as first-class transactions: every contract or order that crosses to the ERP has
an amendment flow, and the flow leaves billing history alone."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.base import Side
from ..domain.mappings import AmendmentStrategy, Area, Mapping
from .context import Context, at_mapping, mapping_link
from .model import CheckArea, Hit, Severity
from .registry import mapping_rule, rule

_AMENDED_AREAS = (Area.ORDER, Area.CONTRACT)


@rule(
    "Q2C-AMND-001",
    Severity.ERROR,
    CheckArea.AMENDMENT,
    "Contracts and orders that reach the ERP have an amendment flow",
    "Add a mapping with an amendment rule for the entity (change order, new order or cancel and "
    "replace; proration; co-terming; billing history kept), or add the rule to this mapping.",
)
def no_amendment_flow(ctx: Context) -> Iterator[Hit]:
    amended = {m.source for m in ctx.linked_mappings if m.amendment is not None}
    reported: set[str] = set()
    for mapping in ctx.linked_mappings:
        if (
            mapping.area in _AMENDED_AREAS
            and ctx.side(mapping.source) is Side.CRM
            and ctx.side(mapping.target) is Side.ERP
            and mapping.source not in amended
            and mapping.source not in reported
        ):
            reported.add(mapping.source)
            yield Hit(
                mapping_link(mapping),
                f"no mapping says how an amendment of {mapping.source} reaches the ERP or what "
                "happens to its billing history",
                at_mapping(mapping, "area"),
            )


@mapping_rule(
    "Q2C-AMND-002",
    Severity.ERROR,
    CheckArea.AMENDMENT,
    "An amendment never rewrites billing history",
    "Set preserve_billing_history: billed periods stay as they are and differences are billed or "
    "credited.",
)
def billing_history_not_preserved(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    if mapping.amendment is not None and not mapping.amendment.preserve_billing_history:
        yield Hit(
            mapping_link(mapping),
            "the amendment may alter invoices already issued",
            at_mapping(mapping, "amendment", "preserve_billing_history"),
        )


@mapping_rule(
    "Q2C-AMND-003",
    Severity.WARNING,
    CheckArea.AMENDMENT,
    "An amendment that opens a new ERP order says how it joins the original",
    "Add an aggregation or resolution rule (or keys) tying the new order to the contract, or use "
    "the change-order strategy, so reporting and billing see one contract.",
)
def new_order_amendment_unjoined(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    amendment = mapping.amendment
    if (
        amendment is not None
        and amendment.strategy is AmendmentStrategy.NEW_ORDER
        and mapping.aggregation is None
        and mapping.resolution is None
        and not mapping.keys
    ):
        yield Hit(
            mapping_link(mapping),
            "each amendment becomes a separate ERP order with nothing that joins it to the "
            "original",
            at_mapping(mapping, "amendment", "strategy"),
        )
