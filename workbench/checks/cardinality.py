"""Order-to-fulfilment and customer resolution: what a 1:N, N:M or N:1 mapping must say."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.base import split_entity_ref
from ..domain.mappings import Area, Cardinality, Mapping
from ..domain.systems import RelationshipKind
from ..simulate.failures import LINE_ATTRIBUTES, did_you_mean
from .context import Context, at_mapping, mapping_link
from .model import CheckArea, Hit, Severity
from .registry import mapping_rule, rule

_ONE_TO_MANY = (Cardinality.ONE_TO_MANY, Cardinality.MANY_TO_MANY)
_ORDER_AREAS = (Area.ORDER, Area.FULFILMENT)


@mapping_rule(
    "Q2C-CARD-001",
    Severity.ERROR,
    CheckArea.CARDINALITY,
    "A 1:N or N:M mapping has a resolution rule",
    "Add a resolution rule: the attributes that pick the target record (legal entity, bill-to), "
    "and what happens when none or several match. Never create a new record on ambiguity.",
)
def no_resolution_rule(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    if mapping.cardinality in _ONE_TO_MANY and mapping.resolution is None:
        yield Hit(
            mapping_link(mapping),
            f"{mapping.cardinality} from {mapping.source} to {mapping.target} does not say which "
            "target record a transaction lands on",
            at_mapping(mapping, "cardinality"),
        )


def _is_document(ctx: Context, ref: str) -> bool:
    """A top-level document (an order header), not a part that lives inside one."""
    name = split_entity_ref(ref)[1]
    return not any(
        rel.child == name and rel.kind is RelationshipKind.COMPOSITION
        for rel in ctx.relationships(ref)
    )


@mapping_rule(
    "Q2C-CARD-002",
    Severity.ERROR,
    CheckArea.CARDINALITY,
    "An order mapping that creates several documents has a split rule",
    "Add a split rule naming the line attributes that start a new target document (plant, "
    "fulfilment channel).",
)
def no_split_rule(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    assert mapping.target is not None
    if (
        mapping.area in _ORDER_AREAS
        and mapping.cardinality in _ONE_TO_MANY
        and mapping.split is None
        and mapping.bundle is None
        and _is_document(ctx, mapping.target)
    ):
        yield Hit(
            mapping_link(mapping),
            f"{mapping.area} mapping {mapping.cardinality} into documents does not say which "
            "lines travel together in one target document",
            at_mapping(mapping, "cardinality"),
        )


@mapping_rule(
    "Q2C-CARD-003",
    Severity.ERROR,
    CheckArea.CARDINALITY,
    "An N:1 mapping has an aggregation rule",
    "Add an aggregation rule: the attributes by which several source records are combined into "
    "one target record.",
)
def no_aggregation_rule(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    if mapping.cardinality is Cardinality.MANY_TO_ONE and mapping.aggregation is None:
        yield Hit(
            mapping_link(mapping),
            f"N:1 from {mapping.source} to {mapping.target} does not say how source records are "
            "combined",
            at_mapping(mapping, "cardinality"),
        )


@rule(
    "Q2C-CARD-004",
    Severity.WARNING,
    CheckArea.CARDINALITY,
    "The order mapping splits and finds orders by attributes an order item carries",
    "Group and match by plant, channel, category, product_class, product, material, unit or "
    "line: a name an item does not carry has the same empty value on every line, so it "
    "separates nothing.",
)
def unknown_line_attribute(ctx: Context) -> Iterator[Hit]:
    order_mappings = sorted({d.flow.order for d in ctx.ws.master_data if d.flow.order})
    for mapping_id in order_mappings:
        mapping = ctx.ws.mapping(mapping_id)
        if mapping is None:
            continue
        rules = (
            ("split", "group_by", mapping.split.group_by if mapping.split else ()),
            ("resolution", "match_on", mapping.resolution.match_on if mapping.resolution else ()),
        )
        for part, entry, names in rules:
            for position, name in enumerate(names):
                if name in LINE_ATTRIBUTES:
                    continue
                doing = "groups lines" if part == "split" else "finds its ERP orders"
                yield Hit(
                    mapping_link(mapping),
                    f"the order's {part} {doing} by {name}, which an order item does not "
                    f"carry{did_you_mean(name, LINE_ATTRIBUTES)}",
                    at_mapping(mapping, part, entry, position),
                )
