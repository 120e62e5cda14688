"""The product master: the ERP item needs its SKU, unit, cost account and tax classification,
units need a value map, and bundles need an explosion that names real items."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from ..domain.base import Side, split_entity_ref
from ..domain.mappings import Area, BundleComponent, Mapping, PriceAllocation
from ..domain.systems import EntityKind
from ..domain.validation import ElementKind, Location
from .context import Context, at_mapping, mapping_link
from .model import CheckArea, Hit, Severity
from .registry import mapping_rule, rule

_UNIT = re.compile(r"unit|uom", re.IGNORECASE)
ATTRIBUTES: dict[str, re.Pattern[str]] = {
    "SKU / material number": re.compile(
        r"sku|material|^product$|productnumber|productcode", re.IGNORECASE
    ),
    "unit of measure": _UNIT,
    "cost account": re.compile(r"valuation|cost|glaccount|account", re.IGNORECASE),
    "tax classification": re.compile(r"tax", re.IGNORECASE),
}
"""The ERP attributes a sellable item needs, recognised by the target field names mapped."""


def product_groups(ctx: Context) -> dict[str, list[Mapping]]:
    """Product mappings from the CRM into the ERP, by CRM product entity."""
    groups: dict[str, list[Mapping]] = {}
    for mapping in ctx.linked_mappings:
        if mapping.area is not Area.PRODUCT:
            continue
        if ctx.side(mapping.source) is Side.CRM and ctx.side(mapping.target) is Side.ERP:
            groups.setdefault(mapping.source, []).append(mapping)
    return groups


def _primary(mappings: list[Mapping]) -> Mapping:
    # Findings of a group go on its 1:1 mapping (the item itself) when there is one.
    return next((m for m in mappings if m.cardinality == "1:1"), mappings[0])


def _covered(ctx: Context, mappings: list[Mapping]) -> set[str]:
    covered = set()
    for mapping in mappings:
        target = ctx.entity(mapping.target)
        names = [fm.target for fm in mapping.field_mappings]
        names += [key.target_field for key in mapping.keys]
        if target is not None:
            names += [f.name for f in target.fields if f.key and f.name in names]
        for attribute, pattern in ATTRIBUTES.items():
            if any(pattern.search(name) for name in names):
                covered.add(attribute)
    return covered


@rule(
    "Q2C-PROD-001",
    Severity.ERROR,
    CheckArea.PRODUCT,
    "The product mapping covers every ERP attribute an item needs",
    "Map the missing attribute from the CRM product (or record that the ERP owns it and maps it "
    "back): material number, unit of measure, cost account (valuation) and tax classification.",
)
def product_attribute_missing(ctx: Context) -> Iterator[Hit]:
    for source, mappings in sorted(product_groups(ctx).items()):
        covered = _covered(ctx, mappings)
        primary = _primary(mappings)
        for attribute in ATTRIBUTES:
            if attribute not in covered:
                yield Hit(
                    mapping_link(primary),
                    f"no product mapping of {source} maps the ERP {attribute}",
                    at_mapping(primary, "field_mappings"),
                )


@rule(
    "Q2C-PROD-002",
    Severity.ERROR,
    CheckArea.PRODUCT,
    "Units of measure are translated by a value map",
    "Map the unit field through a value map of units (CPQ 'Each' -> SAP 'PC', 'Case' -> 12 PC), "
    "so a unit the ERP does not know is caught before the order.",
)
def unit_without_value_map(ctx: Context) -> Iterator[Hit]:
    for source, mappings in sorted(product_groups(ctx).items()):
        units = [
            (mapping, position)
            for mapping in mappings
            for position, fm in enumerate(mapping.field_mappings)
            if _UNIT.search(fm.target) and fm.source and fm.owner is None
        ]
        if units and not any(
            mapping.field_mappings[position].value_map for mapping, position in units
        ):
            mapping, position = units[0]
            yield Hit(
                mapping_link(mapping),
                f"the units of {source} reach the ERP without a value map",
                at_mapping(mapping, "field_mappings", position, "target"),
            )
        elif not units and mappings:
            primary = _primary(mappings)
            if not any(fm.value_map and _UNIT.search(fm.target) for fm in primary.field_mappings):
                yield Hit(
                    mapping_link(primary),
                    f"no unit of measure of {source} is mapped through a value map",
                    at_mapping(primary, "field_mappings"),
                )


@mapping_rule(
    "Q2C-BNDL-001",
    Severity.ERROR,
    CheckArea.BUNDLE,
    "A bundle order line mapping has an explosion rule",
    "Add a bundle rule: where the components come from (or the explicit component list), whether "
    "they become ERP lines, and how the bundle price is allocated.",
)
def bundle_without_explosion(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    source = ctx.entity(mapping.source)
    is_line = source is not None and source.kind is EntityKind.TRANSACTION
    if mapping.area is Area.BUNDLE and is_line and mapping.bundle is None:
        yield Hit(
            mapping_link(mapping),
            "bundle mapping with no explosion rule: the ERP cannot tell which items to ship",
            at_mapping(mapping, "area"),
        )
    elif (
        mapping.bundle is not None
        and not mapping.bundle.components
        and mapping.bundle.components_from is None
    ):
        yield Hit(
            mapping_link(mapping),
            "the bundle rule names neither a component entity nor components",
            at_mapping(mapping, "bundle"),
        )


def known_products(ctx: Context) -> set[str]:
    """Product codes the model knows: the picklist of a product key field, the CRM products of
    the master data sets and the products of the scenario orders."""
    known: set[str] = set()
    for data in ctx.ws.master_data:
        known.update(product.code for product in data.products)
    for scenario in ctx.ws.scenarios:
        known.update(line.product for line in scenario.order.lines)
        for amendment in scenario.amendments:
            known.update(change.product for change in amendment.changes if change.product)
    for mappings in product_groups(ctx).values():
        for mapping in mappings:
            for entity_ref in (mapping.source, mapping.target):
                entity = ctx.entity(entity_ref)
                if entity is not None:
                    for f in entity.fields:
                        if f.picklist and ATTRIBUTES["SKU / material number"].search(f.name):
                            known.update(f.picklist)
    return known


@rule(
    "Q2C-BNDL-002",
    Severity.ERROR,
    CheckArea.BUNDLE,
    "A bundle explosion names only items the model has",
    "Correct the component: the component entity must exist in the source system and each "
    "component product must be a product the model knows (a master data set, a scenario "
    "order or the product code picklist).",
)
def explosion_names_unknown_item(ctx: Context) -> Iterator[Hit]:
    known: set[str] | None = None
    for mapping in ctx.linked_mappings:
        bundle = mapping.bundle
        if bundle is None:
            continue
        system = split_entity_ref(mapping.source)[0]
        if bundle.components_from and ctx.entity(f"{system}:{bundle.components_from}") is None:
            yield Hit(
                mapping_link(mapping),
                f"components_from {bundle.components_from} is not an entity of {system}",
                at_mapping(mapping, "bundle", "components_from"),
            )
        if not bundle.components:
            continue
        if known is None:
            known = known_products(ctx)
        if not known:
            continue  # the model has no product catalogue to check against
        for position, component in enumerate(bundle.components):
            if component.product not in known:
                yield Hit(
                    mapping_link(mapping),
                    f"component {component.product} is not a product of the model",
                    at_mapping(mapping, "bundle", "components", position, "product"),
                )


@rule(
    "Q2C-BNDL-003",
    Severity.ERROR,
    CheckArea.BUNDLE,
    "Fixed price shares of a bundle's required components add up to 100 %",
    "Correct the shares so the required components split the whole bundle price (optional "
    "components are priced on their own line and take no share).",
)
def bundle_shares_do_not_add_up(ctx: Context) -> Iterator[Hit]:
    # A workspace rule, not a per-mapping one: the shares may sit in a master data set, which
    # the per-mapping results are not kept against.
    for mapping in ctx.linked_mappings:
        bundle = mapping.bundle
        if bundle is None or bundle.price_allocation is not PriceAllocation.FIXED_SHARE:
            continue
        total = _required_shares(bundle.components)
        if total is not None and total != Decimal(1):
            yield Hit(
                mapping_link(mapping),
                f"the required components' shares add up to {total * 100:f} %, not 100 %",
                at_mapping(mapping, "bundle", "price_allocation"),
            )
        # A bundle defined in a master data set the mapping explodes: its components and
        # shares are the set's (a run takes them before the mapping's own list).
        for data in sorted(ctx.ws.master_data, key=lambda d: d.id):
            if data.flow.bundle != mapping.id:
                continue
            for position, definition in enumerate(data.bundles):
                total = _required_shares(definition.components)
                if total is not None and total != Decimal(1):
                    yield Hit(
                        f"master-data:{data.id}",
                        f"bundle {definition.product} of master data {data.id}: the required "
                        f"components' shares add up to {total * 100:f} %, not 100 % "
                        f"(exploded by {mapping.id}, fixed-share)",
                        Location(ElementKind.MASTER_DATA, (data.id,), ("bundles", position)),
                    )


def _required_shares(components: Sequence[BundleComponent]) -> Decimal | None:
    """What the required components' fixed shares add up to; None when there are none."""
    required = [c for c in components if not c.optional]
    if not required:
        return None
    return sum((c.share or Decimal(0) for c in required), Decimal(0))
