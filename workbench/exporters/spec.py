"""The mapping spec for implementers as plain data: what the XLSX, CSV, JSON and YAML files hold.

Built once from the workspace, in a fixed order (systems by side then name, mappings by id, value
maps by id; field mappings in the order the design lists them), so every format shows the same
rows and the same model always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from ..domain.base import split_entity_ref
from ..domain.decisions import Decision, DecisionStatus
from ..domain.mappings import Mapping, Sync, describe_sync
from ..domain.signoffs import SignOffState, governing_decisions, is_accepted, signoff_states
from ..domain.systems import Entity, Field
from ..domain.workspace import Workspace
from .diagram import model_issues
from .memo import last_result

SPEC_FORMAT = "q2c-mapping-spec"
SPEC_VERSION = 3
"""Raised when the document changes shape: 2 added each mapping's ``open_issues``, 3 the
decisions that govern it (``decisions``) and their sign-off gaps among its open issues."""


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class SpecRelationship(_Row):
    """A parent/child link between two entities of one system (a header and its items, a
    lookup): what decides which records travel together."""

    name: str
    parent: str
    child: str
    cardinality: str
    kind: str
    """``lookup`` (the link can dangle or be cleared) or ``composition`` (the child lives and dies
    with the parent)."""
    via_field: str
    """The child's field that holds the parent's key; empty when not recorded."""
    description: str


class SpecSystem(_Row):
    name: str
    label: str
    role: str
    side: str
    vendor: str
    version: str
    relationships: list[SpecRelationship]
    """By name."""


class EntityRefSpec(_Row):
    system: str
    entity: str
    label: str
    """The entity's label, empty when the entity is not in the model."""


class FieldDetail(_Row):
    """What the model knows of a field, as data (``FieldSide.type`` says it in words)."""

    label: str
    type: str
    """The neutral type: string, decimal, picklist, reference..."""
    length: int | None
    precision: int | None
    scale: int | None
    native_type: str
    """The vendor's type name (``Picklist``, ``Edm.String``)."""
    required: bool
    key: bool
    external_id: bool
    picklist: list[str]
    """The allowed values of a picklist."""
    reference_to: str
    """The entity a reference field points at."""
    description: str


class FieldSide(_Row):
    field: str
    """API name; empty when the value does not come from a field."""
    type: str
    """Neutral type with length or precision, and the vendor's type in brackets."""
    detail: FieldDetail | None = None
    """The field as the model holds it; absent when there is no field or it is not modelled."""


class SyncSpec(_Row):
    direction: str
    """source-to-target, target-to-source or both."""
    trigger: str
    """event, schedule or manual."""
    event: str
    schedule: str


class FieldMappingSpec(_Row):
    source: FieldSide
    target: FieldSide
    transform: str
    value_map: str
    default: str
    required: bool
    owner: str
    """System of record of the field when it differs from the mapping's."""
    notes: str


class KeySpec(_Row):
    source_field: str
    target_field: str
    description: str


class ErrorRuleSpec(_Row):
    failure: str
    description: str
    route: str
    notify: list[str]
    resolution: str
    correction: str


class DecisionRefSpec(_Row):
    """A decision that governs a mapping (it links to the mapping or one of its rules), and
    where its sign-offs stand for the design as it is now."""

    number: int
    title: str
    status: str
    """proposed or accepted (closed decisions govern nothing and are not listed)."""
    approvals: dict[str, str]
    """Function -> ``approved``, ``rejected``, ``stale`` (given on content that changed since)
    or ``missing``: every required function, and any other that signed."""
    stands: bool
    """Accepted, with every required approval current and no rejection: settled to build on."""


class MappingSpec(_Row):
    id: str
    title: str
    area: str
    status: str
    source: EntityRefSpec
    target: EntityRefSpec | None
    cardinality: str
    reason: str
    system_of_record: str
    sync: str
    """Direction, trigger and event or schedule in words."""
    sync_detail: SyncSpec | None = None
    """The same as data, for code generators; absent when the sync is not designed yet."""
    rules: dict[str, Any]
    """Resolution, split, aggregation, bundle and amendment rules, as the model states them."""
    keys: list[KeySpec]
    field_mappings: list[FieldMappingSpec]
    error_policy: list[ErrorRuleSpec]
    notes: str
    decisions: list[DecisionRefSpec] = []
    """By number."""
    open_issues: list[str] = []
    """What the design still lacks here (a rule its cardinality needs, a system of record, a
    governing decision not signed off as it stands, ...), as the workbench words it: a mapping
    with any is not ready to build."""


class ValueMapEntrySpec(_Row):
    source: str
    target: str
    factor: str
    note: str
    reverse: bool = False
    """The entry its target value translates back by, where several entries share it."""


class ValueMapSpec(_Row):
    id: str
    title: str
    description: str
    source_system: str
    target_system: str
    default: str
    entries: list[ValueMapEntrySpec]


class MappingSpecDocument(_Row):
    """The implementers' mapping spec of one workspace."""

    format: str = SPEC_FORMAT
    version: int = SPEC_VERSION
    workspace: str
    title: str
    generated: str | None = None
    """When the file was written; only with ``--stamp`` (otherwise the bytes would change)."""
    systems: list[SpecSystem]
    mappings: list[MappingSpec]
    value_maps: list[ValueMapSpec]


def field_type(field: Field | None) -> str:
    """``string(80) [Text]``: the neutral type, its size and the vendor's type name."""
    if field is None:
        return ""
    text = field.type.value
    if field.length is not None:
        text += f"({field.length})"
    elif field.precision is not None:
        text += f"({field.precision},{field.scale or 0})"
    if field.native_type:
        text += f" [{field.native_type}]"
    return text


def _entity_ref(workspace: Workspace, ref: str) -> EntityRefSpec:
    system, name = split_entity_ref(ref)
    entity = workspace.entity(ref)
    return EntityRefSpec.model_construct(
        system=system, entity=name, label=entity.label if entity else ""
    )


def _field_side(entity: Entity | None, name: str | None) -> FieldSide:
    if not name:
        return FieldSide.model_construct(field="", type="", detail=None)
    field = entity.field(name) if entity else None
    return FieldSide.model_construct(
        field=name, type=field_type(field), detail=_field_detail(field) if field else None
    )


def _field_detail(field: Field) -> FieldDetail:
    return FieldDetail.model_construct(
        label=field.label,
        type=field.type.value,
        length=field.length,
        precision=field.precision,
        scale=field.scale,
        native_type=field.native_type,
        required=field.required,
        key=field.key,
        external_id=field.external_id,
        picklist=list(field.picklist),
        reference_to=field.reference_to or "",
        description=field.description,
    )


def _sync_detail(sync: Sync | None) -> SyncSpec | None:
    if sync is None:
        return None
    return SyncSpec.model_construct(
        direction=sync.direction.value,
        trigger=sync.trigger.value,
        event=sync.event,
        schedule=sync.schedule,
    )


def _decimal(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def open_issues(workspace: Workspace, *, decisions: bool = True) -> dict[str, list[str]]:
    """Per mapping id, what validation still finds in it, a missing system of record (a
    design check, not a validation rule, but no implementer can build without one) and, with
    ``decisions``, each governing decision not signed off as the design stands."""
    found: dict[str, list[str]] = {}
    for issue in model_issues(workspace):
        if issue.location.kind == "mapping" and issue.location.key:
            found.setdefault(str(issue.location.key[0]), []).append(issue.message)
    for mapping in workspace.mappings:
        if mapping.system_of_record is None and not mapping.is_no_counterpart:
            found.setdefault(mapping.id, []).append("no system of record")
        for decision in governing(workspace, mapping) if decisions else ():
            gap = signoff_gap(workspace, decision)
            if gap:
                found.setdefault(mapping.id, []).append(gap)
    return found


def governing(workspace: Workspace, mapping: Mapping) -> tuple[Decision, ...]:
    """The open decisions that link to the mapping or to one of its rules, by number."""
    found = governing_decisions(workspace, f"mapping:{mapping.id}", direct_only=True)
    return tuple(sorted(found, key=lambda d: d.number))


def signoff_gap(workspace: Workspace, decision: Decision) -> str:
    """Why ``decision`` is not settled to build on, in words ("" when it is): ``decision 0004
    is proposed: missing Sales, Finance``."""
    if decision.status is DecisionStatus.ACCEPTED and is_accepted(workspace, decision):
        return ""
    by_state: dict[SignOffState, list[str]] = {}
    for function, state in signoff_states(workspace, decision).items():
        by_state.setdefault(state, []).append(function.value)
    said = [
        f"{label} {', '.join(by_state[state])}"
        for state, label in (
            (SignOffState.REJECTED, "rejected by"),
            (SignOffState.STALE, "stale:"),
            (SignOffState.MISSING, "missing"),
        )
        if state in by_state
    ]
    if not said:
        said = ["not signed off" if not decision.signoffs else "awaiting its accepting sign-off"]
    return f"decision {decision.number:04d} is {decision.status.value}: {'; '.join(said)}"


def _decision_ref(workspace: Workspace, decision: Decision) -> DecisionRefSpec:
    return DecisionRefSpec.model_construct(
        number=decision.number,
        title=decision.title,
        status=decision.status.value,
        approvals={f.value: s.value for f, s in signoff_states(workspace, decision).items()},
        stands=not signoff_gap(workspace, decision),
    )


def mapping_spec(
    workspace: Workspace, mapping: Mapping, issues: list[str] | None = None
) -> MappingSpec:
    source_entity = workspace.entity(mapping.source)
    target_entity = workspace.entity(mapping.target) if mapping.target else None
    rules = {
        name: rule.model_dump(mode="json", exclude_defaults=False)
        for name, rule in (
            ("resolution", mapping.resolution),
            ("split", mapping.split),
            ("aggregation", mapping.aggregation),
            ("bundle", mapping.bundle),
            ("amendment", mapping.amendment),
        )
        if rule is not None
    }
    return MappingSpec.model_construct(
        id=mapping.id,
        title=mapping.title,
        area=mapping.area.value if mapping.area else "",
        status=mapping.status.value,
        source=_entity_ref(workspace, mapping.source),
        target=_entity_ref(workspace, mapping.target) if mapping.target else None,
        cardinality=mapping.cardinality.value,
        reason=mapping.reason,
        system_of_record=mapping.system_of_record or "",
        sync=describe_sync(mapping.sync),
        sync_detail=_sync_detail(mapping.sync),
        rules=rules,
        keys=[
            KeySpec.model_construct(
                source_field=k.source_field, target_field=k.target_field, description=k.description
            )
            for k in mapping.keys
        ],
        field_mappings=[
            FieldMappingSpec.model_construct(
                source=_field_side(source_entity, fm.source),
                target=_field_side(target_entity, fm.target),
                transform=fm.transform,
                value_map=fm.value_map or "",
                default=fm.default if fm.default is not None else "",
                required=fm.required,
                owner=fm.owner or "",
                notes=fm.notes,
            )
            for fm in mapping.field_mappings
        ],
        error_policy=[
            ErrorRuleSpec.model_construct(
                failure=rule.failure,
                description=rule.description,
                route=rule.route,
                notify=list(rule.notify),
                resolution=rule.resolution,
                correction=rule.correction,
            )
            for rule in mapping.error_policy
        ],
        notes=mapping.notes,
        decisions=[_decision_ref(workspace, d) for d in governing(workspace, mapping)],
        open_issues=list(issues or ()),
    )


@last_result
def build_spec(workspace: Workspace, generated: str | None = None) -> MappingSpecDocument:
    """The whole spec, in the fixed order every format uses. Rows are built without validating
    again (``model_construct``): every value comes from an already validated domain model."""
    systems = sorted(workspace.systems, key=lambda s: (s.effective_side.value, s.name))
    problems = open_issues(workspace)
    return MappingSpecDocument.model_construct(
        workspace=workspace.name,
        title=workspace.title,
        generated=generated,
        systems=[
            SpecSystem.model_construct(
                name=s.name,
                label=s.label,
                role=s.role.value,
                side=s.effective_side.value,
                vendor=s.vendor,
                version=s.version,
                relationships=[
                    SpecRelationship.model_construct(
                        name=r.name,
                        parent=r.parent,
                        child=r.child,
                        cardinality=r.cardinality.value,
                        kind=r.kind.value,
                        via_field=r.via_field or "",
                        description=r.description,
                    )
                    for r in sorted(s.relationships, key=lambda r: r.name)
                ],
            )
            for s in systems
        ],
        mappings=[
            mapping_spec(workspace, m, problems.get(m.id))
            for m in sorted(workspace.mappings, key=lambda m: m.id)
        ],
        value_maps=[
            ValueMapSpec.model_construct(
                id=v.id,
                title=v.title,
                description=v.description,
                source_system=v.source_system or "",
                target_system=v.target_system or "",
                default=v.default if v.default is not None else "",
                entries=[
                    ValueMapEntrySpec.model_construct(
                        source=e.source,
                        target=e.target,
                        factor=_decimal(e.factor),
                        note=e.note,
                        reverse=e.reverse,
                    )
                    for e in v.entries
                ],
            )
            for v in sorted(workspace.value_maps, key=lambda v: v.id)
        ],
    )


# -- the tabular view shared by CSV and XLSX -------------------------------------------------------

OVERVIEW_HEADER = (
    "Mapping",
    "Title",
    "Area",
    "Source system",
    "Source entity",
    "Target system",
    "Target entity",
    "Cardinality",
    "System of record",
    "Sync",
    "Status",
    "Field mappings",
    "Rules",
    "Decisions",
    "Open issues",
)

FIELD_HEADER = (
    "Source field",
    "Source type",
    "Target field",
    "Target type",
    "Transform",
    "Value map",
    "Default",
    "Required",
    "Owner",
    "Notes",
)

VALUE_MAP_HEADER = ("Source value", "Target value", "Factor", "Note", "Reverse lookup")
VALUE_MAPS_HEADER = (
    "Value map",
    "Title",
    "Source system",
    "Target system",
    "Entries",
    "Values not listed",
    "Used by",
    "Description",
)
NOT_LISTED_IS_AN_ERROR = "an error (no default)"

ERROR_HEADER = (
    "Mapping",
    "Failure",
    "Description",
    "Route",
    "Notified",
    "Resolution",
    "Correction back",
)
SYSTEM_HEADER = ("System", "Label", "Role", "Side", "Vendor", "Version")
RELATIONSHIP_HEADER = (
    "System",
    "Relationship",
    "Parent",
    "Child",
    "Cardinality",
    "Kind",
    "Via field",
    "Description",
)
RULE_HEADER = ("Mapping", "Rule", "What it says", "Description")
KEY_HEADER = ("Mapping", "Source field", "Target field", "Description")
OTHER_VALUES = "(any other)"
"""The source value of a value map's default row: what every value not listed becomes."""


def rule_rows(mapping: MappingSpec) -> list[tuple[str, ...]]:
    """The mapping's rules in words, one row each (the JSON and YAML carry them as data),
    then why it has no counterpart and its notes, so no fact of the design is left out of a
    spreadsheet."""
    rows: list[tuple[str, ...]] = [
        (mapping.id, name, _rule_in_words(name, rule), str(rule.get("description", "")))
        for name, rule in mapping.rules.items()
    ]
    if mapping.reason:
        rows.append((mapping.id, "no counterpart", "why", mapping.reason))
    if mapping.notes:
        rows.append((mapping.id, "notes", "", mapping.notes))
    return rows


def _rule_in_words(name: str, rule: dict[str, Any]) -> str:
    if name == "resolution":
        match = ", ".join(rule.get("match_on", ())) or "(nothing yet)"
        return (
            f"match on {match}; none found: {rule.get('when_none')}; "
            f"several found: {rule.get('when_many')}"
        )
    if name in ("split", "aggregation"):
        verb = "one document per" if name == "split" else "grouped by"
        return f"{verb} {', '.join(rule.get('group_by', ())) or '(nothing yet)'}"
    if name == "bundle":
        how = "one ERP line per component" if rule.get("explode_to_lines") else "one line"
        parts = [f"{how}; price allocation {rule.get('price_allocation')}"]
        if rule.get("components_from"):
            parts.append(f"components from {rule['components_from']}")
        for component in rule.get("components", ()):
            share = f", share {component['share']}" if component.get("share") is not None else ""
            optional = ", optional" if component.get("optional") else ""
            parts.append(f"{component['quantity']} x {component['product']}{share}{optional}")
        return "; ".join(parts)
    if name == "amendment":
        return describe_amendment(
            str(rule.get("strategy")),
            str(rule.get("proration")),
            co_term=bool(rule.get("co_term")),
            preserve_billing_history=bool(rule.get("preserve_billing_history")),
        )
    return ""


def describe_amendment(
    strategy: str, proration: str, *, co_term: bool, preserve_billing_history: bool
) -> str:
    """An amendment rule in one line, the same in the workbook and the design document."""
    term = "co-termed" if co_term else "own term"
    history = (
        "billing history preserved" if preserve_billing_history else "billing history may change"
    )
    return f"{strategy}, proration {proration}, {term}, {history}"


def key_rows(mapping: MappingSpec) -> list[tuple[str, ...]]:
    return [(mapping.id, k.source_field, k.target_field, k.description) for k in mapping.keys]


def value_map_rows(value_map: ValueMapSpec) -> list[tuple[str, ...]]:
    """The entries, then what a value not listed becomes as a row of its own: the default, or
    an error when there is none (the table says so rather than leave it to be guessed)."""
    rows = [value_map_row(e) for e in value_map.entries]
    if value_map.default:
        rows.append((OTHER_VALUES, value_map.default, "", "default for values not listed", ""))
    else:
        rows.append((OTHER_VALUES, "", "", f"a value not listed is {NOT_LISTED_IS_AN_ERROR}", ""))
    return rows


def not_listed(value_map: ValueMapSpec) -> str:
    """What a value the map does not list becomes, in words."""
    return f"become {value_map.default}" if value_map.default else NOT_LISTED_IS_AN_ERROR


class _UsesValueMaps(Protocol):
    """A mapping as the model or the spec holds it: an id and field mappings naming maps."""

    @property
    def id(self) -> str: ...
    @property
    def field_mappings(self) -> Sequence[_NamesValueMap]: ...


class _NamesValueMap(Protocol):
    @property
    def value_map(self) -> str | None: ...


def value_map_users(mappings: Iterable[_UsesValueMaps]) -> dict[str, list[str]]:
    """Per value map id, the mappings whose field mappings use it, in the order given."""
    users: dict[str, list[str]] = {}
    for mapping in mappings:
        for fm in mapping.field_mappings:
            if fm.value_map and mapping.id not in users.get(fm.value_map, []):
                users.setdefault(fm.value_map, []).append(mapping.id)
    return users


def value_maps_rows(spec: MappingSpecDocument) -> list[tuple[str, ...]]:
    """One row per value map: what it translates, between which systems, what a value it does
    not list becomes, and which mappings use it."""
    users = value_map_users(spec.mappings)
    return [
        (
            v.id,
            v.title,
            v.source_system,
            v.target_system,
            str(len(v.entries)),
            not_listed(v),
            ", ".join(users.get(v.id, [])),
            v.description,
        )
        for v in spec.value_maps
    ]


def overview_row(mapping: MappingSpec) -> tuple[str, ...]:
    target = mapping.target
    return (
        mapping.id,
        mapping.title,
        mapping.area,
        mapping.source.system,
        mapping.source.entity,
        target.system if target else "",
        target.entity if target else "(no counterpart)",
        mapping.cardinality,
        mapping.system_of_record,
        mapping.sync,
        mapping.status,
        str(len(mapping.field_mappings)),
        ", ".join(mapping.rules),
        decisions_in_words(mapping),
        "; ".join(mapping.open_issues),
    )


def decisions_in_words(mapping: MappingSpec) -> str:
    """``0004 (proposed), 0007 (accepted)``: the governing decisions, each with its status and,
    unless it stands, ``not signed off`` (the open issues say what is missing)."""
    return ", ".join(
        f"{d.number:04d} ({d.status}{'' if d.stands else ', not signed off'})"
        for d in mapping.decisions
    )


def field_row(fm: FieldMappingSpec) -> tuple[str, ...]:
    return (
        fm.source.field,
        fm.source.type,
        fm.target.field,
        fm.target.type,
        fm.transform,
        fm.value_map,
        fm.default,
        "yes" if fm.required else "",
        fm.owner,
        fm.notes,
    )


def value_map_row(entry: ValueMapEntrySpec) -> tuple[str, ...]:
    return (entry.source, entry.target, entry.factor, entry.note, "yes" if entry.reverse else "")


def error_rows(mapping: MappingSpec) -> list[tuple[str, ...]]:
    return [
        (
            mapping.id,
            r.failure,
            r.description,
            r.route,
            ", ".join(r.notify),
            r.resolution,
            r.correction,
        )
        for r in mapping.error_policy
    ]


def system_rows(spec: MappingSpecDocument) -> list[tuple[str, ...]]:
    return [(s.name, s.label, s.role, s.side, s.vendor, s.version) for s in spec.systems]


def relationship_rows(spec: MappingSpecDocument) -> list[tuple[str, ...]]:
    return [
        (s.name, r.name, r.parent, r.child, r.cardinality, r.kind, r.via_field, r.description)
        for s in spec.systems
        for r in s.relationships
    ]
