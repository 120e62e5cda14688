"""Field level: a value must fit where it goes, required fields must be filled, and codes need
a value map. Checked in the direction each value travels (both, for two-way syncs)."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.base import split_entity_ref
from ..domain.mappings import AmendmentStrategy, FieldMapping, Mapping
from ..domain.systems import Field, FieldType
from .context import Context, at_mapping, field_link
from .flows import Flow, directions
from .model import CheckArea, Hit, Severity
from .registry import mapping_rule

T = FieldType
_TEXT = frozenset({T.STRING, T.TEXT, T.PICKLIST, T.MULTIPICKLIST, T.ID, T.GUID, T.REFERENCE})
_CODES = frozenset({T.PICKLIST, T.MULTIPICKLIST})
_ACCEPTS: dict[FieldType, frozenset[FieldType]] = {
    T.INTEGER: frozenset({T.INTEGER, T.BOOLEAN}),
    T.DECIMAL: frozenset({T.INTEGER, T.DECIMAL}),
    T.DATE: frozenset({T.DATE, T.DATETIME}),
    T.DATETIME: frozenset({T.DATE, T.DATETIME}),
    T.TIME: frozenset({T.TIME, T.DATETIME}),
    T.BOOLEAN: frozenset({T.BOOLEAN}),
    T.BINARY: frozenset({T.BINARY}),
}
"""What each non-text type takes without a transform; text takes anything but binary."""


def type_fits(source: FieldType, target: FieldType) -> bool:
    if T.OTHER in (source, target):
        return True
    if target in _TEXT:
        return source is not T.BINARY
    return source in _ACCEPTS[target]


def _hit(flow: Flow, message: str, attribute: str) -> Hit:
    return Hit(
        flow.link,
        f"{flow.words}: {message}",
        at_mapping(flow.mapping, "field_mappings", flow.position, attribute),
    )


@mapping_rule(
    "Q2C-FIELD-001",
    Severity.ERROR,
    CheckArea.FIELDS,
    "A mapped value's type fits the field it lands in",
    "Write the transform that converts the value (parse, format, round), or map a field of a "
    "compatible type.",
)
def type_cannot_fit(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    for flow in ctx.flows_of(mapping):
        if flow.fm.transform or flow.fm.value_map:
            continue
        if not type_fits(flow.origin.type, flow.dest.type):
            yield _hit(
                flow,
                f"a {flow.origin.type} value cannot land in a {flow.dest.type} field",
                "source",
            )


def _longest(field: Field) -> int | None:
    if field.picklist:
        return max(len(value) for value in field.picklist)
    return field.length


@mapping_rule(
    "Q2C-FIELD-002",
    Severity.ERROR,
    CheckArea.FIELDS,
    "A mapped value's length fits the field it lands in",
    "Shorten the value in a transform (and say how: truncate, abbreviate, reject), translate it "
    "through a value map, or map it into a field that is long enough.",
)
def length_cannot_fit(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    for flow in ctx.flows_of(mapping):
        fm, origin, dest = flow.fm, flow.origin, flow.dest
        if fm.transform or dest.length is None or dest.type not in _TEXT:
            continue
        if fm.value_map:
            value_map = ctx.ws.value_map(fm.value_map)
            if value_map is None:
                continue
            values = [e.target if flow.forward else e.source for e in value_map.entries]
            too_long = sorted(v for v in values if len(v) > dest.length)
            if too_long:
                yield _hit(
                    flow,
                    f"value map {fm.value_map} yields {too_long[0]!r}, longer than the "
                    f"{dest.length} characters of {dest.name}",
                    "value_map",
                )
        elif origin.type in _TEXT:
            longest = _longest(origin)
            if longest is not None and longest > dest.length:
                yield _hit(flow, f"up to {longest} characters into {dest.length}", "source")


def _creates_records(mapping: Mapping) -> bool:
    # A change order updates a record that already has its required fields.
    amendment = mapping.amendment
    return amendment is None or amendment.strategy is not AmendmentStrategy.CHANGE_ORDER


def _filled(fm: FieldMapping) -> bool:
    return bool(fm.source or fm.default is not None or fm.transform)


@mapping_rule(
    "Q2C-FIELD-003",
    Severity.ERROR,
    CheckArea.FIELDS,
    "Every required field of a record the mapping creates gets a value",
    "Map the field from the source, give it a default, or describe the transform that derives it.",
)
def required_field_unmapped(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    assert mapping.target is not None
    dest = ctx.entity(mapping.target)
    if dest is None or not _creates_records(mapping) or True not in directions(mapping):
        return
    filled = {fm.target for fm in mapping.field_mappings if _filled(fm)}
    name = split_entity_ref(mapping.target)[1]
    # The receiving system fills a child's reference to the parent it is created with.
    assigned = {
        rel.via_field
        for rel in ctx.relationships(mapping.target)
        if rel.child == name and rel.via_field
    }
    for f in dest.fields:
        if f.required and not f.key and f.name not in filled and f.name not in assigned:
            yield Hit(
                field_link(mapping.target, f.name),
                f"{mapping.id}: required field {mapping.target}.{f.name} gets no value",
                at_mapping(mapping, "field_mappings"),
            )


def _untranslated_codes(origin: Field, dest: Field) -> bool:
    """Picklist values going into a field with its own code list they are not all part of."""
    if origin.type not in _CODES:
        return False
    if not (dest.type in _CODES or dest.picklist):
        return False
    return not (origin.picklist and dest.picklist and set(origin.picklist) <= set(dest.picklist))


def _code_flows(ctx: Context, mapping: Mapping) -> Iterator[Flow]:
    for flow in ctx.flows_of(mapping):
        if not flow.fm.value_map and _untranslated_codes(flow.origin, flow.dest):
            yield flow


@mapping_rule(
    "Q2C-FIELD-004",
    Severity.ERROR,
    CheckArea.FIELDS,
    "A picklist value landing in a code field goes through a value map",
    "Add a value map that translates each picklist value to the target code, and name it on the "
    "field mapping.",
)
def picklist_without_value_map(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    for flow in _code_flows(ctx, mapping):
        if not flow.fm.transform:
            yield _hit(flow, "picklist values reach a code field untranslated", "source")


@mapping_rule(
    "Q2C-FIELD-005",
    Severity.WARNING,
    CheckArea.FIELDS,
    "Code translations are value maps, not words",
    "Turn the translation written in the transform into a value map, so implementers get a "
    "table and the simulator can test it.",
)
def picklist_translated_in_words(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    for flow in _code_flows(ctx, mapping):
        if flow.fm.transform:
            yield _hit(
                flow, "codes are translated only by a transform written in words", "transform"
            )


@mapping_rule(
    "Q2C-FIELD-006",
    Severity.ERROR,
    CheckArea.FIELDS,
    "A value map covers every picklist value it receives",
    "Add an entry for each missing value, or give the value map a default.",
)
def value_map_gap(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    for flow in ctx.flows_of(mapping):
        if not flow.forward or not flow.fm.value_map or not flow.origin.picklist:
            continue
        value_map = ctx.ws.value_map(flow.fm.value_map)
        if value_map is None or value_map.default is not None:
            continue
        covered = {e.source for e in value_map.entries}
        missing = [value for value in flow.origin.picklist if value not in covered]
        if missing:
            yield _hit(
                flow,
                f"value map {value_map.id} has no entry for {', '.join(map(repr, missing))}",
                "value_map",
            )


@mapping_rule(
    "Q2C-FIELD-007",
    Severity.WARNING,
    CheckArea.FIELDS,
    "A value map read backwards gives one value for each it receives",
    "Mark the entry each shared target value comes back as (`source <=> target` in the form, "
    "`reverse: true` in the file), or give the field an owner so its value travels one way.",
)
def value_map_ambiguous_backwards(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    for flow in ctx.flows_of(mapping):
        if flow.forward or not flow.fm.value_map:
            continue
        value_map = ctx.ws.value_map(flow.fm.value_map)
        if value_map is None:
            continue
        ambiguous = value_map.ambiguous_backwards()
        if ambiguous:
            target, sources = next(iter(ambiguous.items()))
            more = f" (and {len(ambiguous) - 1} more)" if len(ambiguous) > 1 else ""
            yield _hit(
                flow,
                f"value map {value_map.id} is read backwards here, and {target!r} could come "
                f"back as {_either(sources)}{more}",
                "value_map",
            )


def _either(values: tuple[str, ...]) -> str:
    quoted = [repr(value) for value in values]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
