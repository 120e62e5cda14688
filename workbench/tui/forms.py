"""The forms of the workbench: which fields each element has, and how a submitted form becomes an
edit. Every edit goes through the controller, so validation, the store and undo apply alike."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from ..domain import edits
from ..domain.base import split_entity_ref
from ..domain.mappings import (
    AggregationRule,
    AmendmentRule,
    AmendmentStrategy,
    Area,
    BundleComponent,
    BundleRule,
    Cardinality,
    ErrorRule,
    FieldMapping,
    KeyXref,
    ManyMatches,
    Mapping,
    MappingStatus,
    NoMatch,
    PriceAllocation,
    Proration,
    ResolutionRule,
    SplitRule,
    Sync,
    SyncDirection,
    SyncTrigger,
)
from ..domain.reference import ValueMap
from ..domain.revenue import BillingFrequency
from ..domain.scenarios import Channel, Order, OrderLine, Scenario
from ..domain.systems import (
    Entity,
    EntityKind,
    Field,
    FieldType,
    Relationship,
    RelationshipCardinality,
    RelationshipKind,
    System,
    SystemRole,
)
from ..domain.workspace import Workspace
from .controller import Controller
from .screens.form import Errors, FormField, FormScreen, errors_from


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(member.value, member.value) for member in enum]


def submitter(
    controller: Controller,
    label: str,
    build: Callable[[dict[str, Any]], Any],
    change: Callable[[Workspace, Any], Workspace],
    names: list[str],
) -> Callable[[dict[str, Any]], Errors | None]:
    """Build the model from the form (errors per field: pydantic's, or a ``FieldError`` the
    builder raises), then apply the edit (errors for the form)."""

    def submit(values: dict[str, Any]) -> Errors | None:
        try:
            model = build(values)
        except FieldError as exc:
            return {exc.name: exc.message}
        except ValidationError as exc:
            return errors_from(exc, names)
        except edits.EditError as exc:
            return {"": str(exc)}
        outcome = controller.apply(label, lambda ws: change(ws, model))
        return None if outcome.ok else {"": outcome.message}

    return submit


def _merge(model: BaseModel | None, values: dict[str, Any]) -> dict[str, Any]:
    base = {name: getattr(model, name) for name in type(model).model_fields} if model else {}
    base.update(values)
    return base


# -- systems, entities, fields, relationships ---------------------------------------------------


def system_form(controller: Controller, system: System | None) -> FormScreen:
    fields = [
        FormField("name", "Id (lowercase, used in references)", optional=False),
        FormField("label", "Label", optional=False),
        FormField("role", "Role", "select", _choices(SystemRole), optional=False),
        FormField(
            "side", "Side (blank: from the role)", "select", [("CRM", "crm"), ("ERP", "erp")]
        ),
        FormField("vendor", "Vendor", optional=False),
        FormField("version", "Version", optional=False),
        FormField("description", "Description", "area", optional=False),
    ]
    values = (
        _merge(system, {})
        if system
        else {"role": "erp", "label": "", "vendor": "", "version": "", "description": ""}
    )
    names = [f.name for f in fields]
    replacing = system.name if system else None
    return FormScreen(
        f"System {system.name}" if system else "New system",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if system else 'add'} system",
            lambda v: System.model_validate(_merge(system, v)),
            lambda ws, new: edits.put_system(ws, new, replacing),
            names,
        ),
    )


def entity_form(controller: Controller, system_name: str, entity: Entity | None) -> FormScreen:
    fields = [
        FormField("name", "API name", optional=False),
        FormField("label", "Label", optional=False),
        FormField("kind", "Kind", "select", _choices(EntityKind), optional=False),
        FormField("description", "Description", "area", optional=False),
    ]
    values = (
        _merge(entity, {}) if entity else {"kind": "transaction", "label": "", "description": ""}
    )
    replacing = entity.name if entity else None
    return FormScreen(
        f"Entity {system_name}:{entity.name}" if entity else f"New entity in {system_name}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if entity else 'add'} entity {system_name}",
            lambda v: Entity.model_validate(_merge(entity, v)),
            lambda ws, new: edits.put_entity(ws, system_name, new, replacing),
            [f.name for f in fields],
        ),
    )


def field_form(controller: Controller, ref: str, field: Field | None) -> FormScreen:
    fields = [
        FormField("name", "API name", optional=False),
        FormField("label", "Label", optional=False),
        FormField("type", "Type", "select", _choices(FieldType), optional=False),
        FormField("native_type", "Native type (the system's own type name)", optional=False),
        FormField("length", "Length"),
        FormField("precision", "Precision"),
        FormField("scale", "Scale"),
        FormField("required", "Required", "check"),
        FormField("key", "Part of the key", "check"),
        FormField("external_id", "External id (holds the other system's key)", "check"),
        FormField("picklist", "Picklist values", "list"),
        FormField("reference_to", "Refers to entity (same system)"),
        FormField("description", "Description", "area", optional=False),
    ]
    values = (
        _merge(field, {})
        if field
        else {"type": "string", "label": "", "native_type": "", "description": ""}
    )
    replacing = field.name if field else None
    return FormScreen(
        f"Field {ref}.{field.name}" if field else f"New field of {ref}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if field else 'add'} field of {ref}",
            lambda v: Field.model_validate(_merge(field, v)),
            lambda ws, new: edits.put_field(ws, ref, new, replacing),
            [f.name for f in fields],
        ),
    )


def relationship_form(
    controller: Controller, system: System, rel: Relationship | None
) -> FormScreen:
    entities = [(e.name, e.name) for e in system.entities]
    fields = [
        FormField("name", "Name", optional=False),
        FormField("parent", "Parent", "select", entities, optional=False),
        FormField("child", "Child", "select", entities, optional=False),
        FormField(
            "cardinality",
            "Cardinality",
            "select",
            _choices(RelationshipCardinality),
            optional=False,
        ),
        FormField("kind", "Kind", "select", _choices(RelationshipKind), optional=False),
        FormField("via_field", "Field on the child holding the parent's key"),
        FormField("description", "Description", "area", optional=False),
    ]
    values = _merge(rel, {}) if rel else {"cardinality": "1:N", "kind": "lookup", "description": ""}
    replacing = rel.name if rel else None
    return FormScreen(
        f"Relationship {rel.name}" if rel else f"New relationship in {system.name}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if rel else 'add'} relationship",
            lambda v: Relationship.model_validate(_merge(rel, v)),
            lambda ws, new: edits.put_relationship(ws, system.name, new, replacing),
            [f.name for f in fields],
        ),
    )


# -- mappings -------------------------------------------------------------------------------------


def mapping_form(controller: Controller, mapping: Mapping) -> FormScreen:
    ws = controller.workspace
    systems = {split_entity_ref(mapping.source)[0]}
    if mapping.target:
        systems.add(split_entity_ref(mapping.target)[0])
    owners = []
    for name in sorted(systems):
        system = ws.system(name)
        if system is not None:
            owners.append((f"{name} ({system.effective_side.value.upper()} side)", name))
    sync, res, split, agg, amend, bundle = (
        mapping.sync,
        mapping.resolution,
        mapping.split,
        mapping.aggregation,
        mapping.amendment,
        mapping.bundle,
    )
    fields = [
        FormField("id", "Id", optional=False),
        FormField("title", "Title", optional=False),
        FormField("area", "Area", "select", _choices(Area)),
        FormField("status", "Status", "select", _choices(MappingStatus), optional=False),
        FormField("cardinality", "Cardinality", "select", _choices(Cardinality), optional=False),
        FormField("target", "Target entity (system:Entity; empty for no counterpart)"),
        FormField("reason", "Why there is no counterpart", "area", optional=False),
        FormField("system_of_record", "System of record", "select", owners),
        FormField(
            "sync_trigger", "Sync trigger (blank: not decided)", "select", _choices(SyncTrigger)
        ),
        FormField(
            "sync_direction", "Sync direction", "select", _choices(SyncDirection), optional=False
        ),
        FormField("sync_event", "Event that triggers it", optional=False),
        FormField("sync_schedule", "Schedule (cron or words)", optional=False),
        FormField("res_match_on", "Resolution: attributes that pick the target record", "list"),
        FormField(
            "res_when_none",
            "Resolution: when nothing matches",
            "select",
            _choices(NoMatch),
            optional=False,
        ),
        FormField(
            "res_when_many",
            "Resolution: when several match",
            "select",
            _choices(ManyMatches),
            optional=False,
        ),
        FormField("res_description", "Resolution rule in words", "area", optional=False),
        FormField("split_group_by", "Split: one target document per distinct…", "list"),
        FormField("split_description", "Split rule in words", "area", optional=False),
        FormField("agg_group_by", "Aggregation (N:1): group by", "list"),
        FormField("agg_description", "Aggregation rule in words", "area", optional=False),
        FormField(
            "amend_strategy", "Amendments (blank: no rule)", "select", _choices(AmendmentStrategy)
        ),
        FormField(
            "amend_proration", "Amendment proration", "select", _choices(Proration), optional=False
        ),
        FormField("amend_co_term", "Amended lines co-term with the contract", "check"),
        FormField("amend_preserve", "Never alter issued billing lines", "check"),
        FormField("amend_description", "Amendment flow in words", "area", optional=False),
        FormField(
            "bundle_allocation",
            "Bundle price allocation (blank: not a bundle)",
            "select",
            _choices(PriceAllocation),
        ),
        FormField("bundle_components_from", "Bundle components come from (entity)"),
        FormField("bundle_explode", "One target line per component", "check"),
        FormField("bundle_description", "Bundle rule in words", "area", optional=False),
        FormField("notes", "Notes", "area", optional=False),
    ]
    values: dict[str, Any] = {
        **_merge(mapping, {}),
        "sync_trigger": sync.trigger if sync else None,
        "sync_direction": sync.direction if sync else "source-to-target",
        "sync_event": sync.event if sync else "",
        "sync_schedule": sync.schedule if sync else "",
        "res_match_on": res.match_on if res else (),
        "res_when_none": res.when_none if res else "error",
        "res_when_many": res.when_many if res else "error",
        "res_description": res.description if res else "",
        "split_group_by": split.group_by if split else (),
        "split_description": split.description if split else "",
        "agg_group_by": agg.group_by if agg else (),
        "agg_description": agg.description if agg else "",
        "amend_strategy": amend.strategy if amend else None,
        "amend_proration": amend.proration if amend else "daily",
        "amend_co_term": amend.co_term if amend else True,
        "amend_preserve": amend.preserve_billing_history if amend else True,
        "amend_description": amend.description if amend else "",
        "bundle_allocation": bundle.price_allocation if bundle else None,
        "bundle_components_from": bundle.components_from if bundle else None,
        "bundle_explode": bundle.explode_to_lines if bundle else True,
        "bundle_description": bundle.description if bundle else "",
    }
    names = [f.name for f in fields]

    def build(v: dict[str, Any]) -> Mapping:
        def part(prefix: str, make: Callable[[], BaseModel | None]) -> Any:
            try:
                return make()
            except ValidationError as exc:
                # Re-raise with the form's field names, so the error shows beside the input.
                raise _Renamed(prefix, exc) from None

        sync_value = part(
            "sync_",
            lambda: (
                Sync(
                    direction=v["sync_direction"],
                    trigger=v["sync_trigger"],
                    event=v["sync_event"],
                    schedule=v["sync_schedule"],
                )
                if v["sync_trigger"]
                else None
            ),
        )
        resolution = part(
            "res_",
            lambda: (
                ResolutionRule(
                    match_on=v["res_match_on"],
                    when_none=v["res_when_none"],
                    when_many=v["res_when_many"],
                    description=v["res_description"],
                )
                if v["res_match_on"] or v["res_description"]
                else None
            ),
        )
        split_value = part(
            "split_",
            lambda: (
                SplitRule(group_by=v["split_group_by"], description=v["split_description"])
                if v["split_group_by"]
                else None
            ),
        )
        aggregation = part(
            "agg_",
            lambda: (
                AggregationRule(group_by=v["agg_group_by"], description=v["agg_description"])
                if v["agg_group_by"]
                else None
            ),
        )
        amendment = part(
            "amend_",
            lambda: (
                AmendmentRule(
                    strategy=v["amend_strategy"],
                    proration=v["amend_proration"],
                    co_term=v["amend_co_term"],
                    preserve_billing_history=v["amend_preserve"],
                    description=v["amend_description"],
                )
                if v["amend_strategy"]
                else None
            ),
        )
        bundle_value = part(
            "bundle_",
            lambda: (
                BundleRule(
                    components_from=v["bundle_components_from"],
                    price_allocation=v["bundle_allocation"],
                    explode_to_lines=v["bundle_explode"],
                    components=mapping.bundle.components if mapping.bundle else (),
                    description=v["bundle_description"],
                )
                if v["bundle_allocation"]
                else None
            ),
        )
        plain = {
            k: v[k]
            for k in (
                "id",
                "title",
                "area",
                "status",
                "cardinality",
                "target",
                "reason",
                "system_of_record",
                "notes",
            )
        }
        return Mapping.model_validate(
            _merge(
                mapping,
                {
                    **plain,
                    "sync": sync_value,
                    "resolution": resolution,
                    "split": split_value,
                    "aggregation": aggregation,
                    "amendment": amendment,
                    "bundle": bundle_value,
                },
            )
        )

    def submit(v: dict[str, Any]) -> Errors | None:
        try:
            new = build(v)
        except _Renamed as renamed:
            return renamed.errors(names)
        except ValidationError as exc:
            return errors_from(exc, names)
        outcome = controller.apply(
            f"edit mapping {mapping.id}", lambda ws: edits.put_mapping(ws, new, mapping.id)
        )
        return None if outcome.ok else {"": outcome.message}

    return FormScreen(f"Mapping {mapping.id}", fields, values, submit)


class _Renamed(Exception):
    def __init__(self, prefix: str, exc: ValidationError) -> None:
        super().__init__(str(exc))
        self.prefix = prefix
        self.exc = exc

    def errors(self, names: list[str]) -> Errors:
        found: Errors = {}
        aliases = {
            "preserve_billing_history": "preserve",
            "price_allocation": "allocation",
            "explode_to_lines": "explode",
        }
        for error in self.exc.errors(include_url=False):
            attr = str(error["loc"][0]) if error["loc"] else ""
            name = f"{self.prefix}{aliases.get(attr, attr)}"
            found.setdefault(name if name in names else "", error["msg"])
        return found


def field_mapping_form(
    controller: Controller, mapping: Mapping, fm: FieldMapping | None
) -> FormScreen:
    ws = controller.workspace
    source = ws.entity(mapping.source)
    target = ws.entity(mapping.target) if mapping.target else None
    systems = sorted(
        {split_entity_ref(mapping.source)[0], split_entity_ref(mapping.target or mapping.source)[0]}
    )
    fields = [
        FormField(
            "target",
            f"Target field of {mapping.target}",
            "select",
            [(f.name, f.name) for f in (target.fields if target else ())],
            optional=False,
        ),
        FormField(
            "source",
            f"Source field of {mapping.source} (blank: a default or computed)",
            "select",
            [(f.name, f.name) for f in (source.fields if source else ())],
        ),
        FormField("transform", "Transform (words or an expression)", "area", optional=False),
        FormField(
            "value_map", "Value map", "select", [(v.title or v.id, v.id) for v in ws.value_maps]
        ),
        FormField("default", "Default when the source is empty"),
        FormField("required", "Required", "check"),
        FormField(
            "owner", "Owner when it differs from the mapping's", "select", [(s, s) for s in systems]
        ),
        FormField("notes", "Notes", "area", optional=False),
    ]
    values = _merge(fm, {}) if fm else {"transform": "", "notes": ""}
    replacing = fm.target if fm else None
    return FormScreen(
        f"Field mapping of {mapping.id}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if fm else 'add'} field mapping in {mapping.id}",
            lambda v: FieldMapping.model_validate(_merge(fm, v)),
            lambda ws2, new: edits.put_field_mapping(ws2, mapping.id, new, replacing),
            [f.name for f in fields],
        ),
    )


def error_rule_form(controller: Controller, mapping: Mapping, index: int | None) -> FormScreen:
    rule = mapping.error_policy[index] if index is not None else None
    fields = [
        FormField("failure", "Failure code (or * for any)", optional=False),
        FormField("description", "What fails", "area", optional=False),
        FormField("route", "Route (queue, error table, ticket type)", optional=False),
        FormField("notify", "Notify (roles)", "list"),
        FormField("resolution", "How it is resolved", "area", optional=False),
        FormField("correction", "How the correction flows back", "area", optional=False),
    ]
    values = (
        _merge(rule, {})
        if rule
        else {"failure": "*", "description": "", "route": "", "resolution": "", "correction": ""}
    )

    def change(ws: Workspace, new: ErrorRule) -> Workspace:
        current = ws.mapping(mapping.id)
        if current is None:
            raise edits.EditError(f"mapping {mapping.id} no longer exists")
        policy = list(current.error_policy)
        if index is None:
            policy.append(new)
        else:
            policy[index] = new
        return edits.put_mapping(ws, edits.revise(current, error_policy=tuple(policy)), mapping.id)

    return FormScreen(
        f"Error rule of {mapping.id}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if rule else 'add'} error rule in {mapping.id}",
            lambda v: ErrorRule.model_validate(_merge(rule, v)),
            change,
            [f.name for f in fields],
        ),
    )


def key_form(controller: Controller, mapping: Mapping, index: int | None) -> FormScreen:
    """A key cross-reference: the field on each side that identifies the same record."""
    ws = controller.workspace
    source = ws.entity(mapping.source)
    target = ws.entity(mapping.target) if mapping.target else None
    key = mapping.keys[index] if index is not None else None
    fields = [
        FormField(
            "source_field",
            f"Field of {mapping.source}",
            "select",
            [(f.name, f.name) for f in (source.fields if source else ())],
            optional=False,
        ),
        FormField(
            "target_field",
            f"Field of {mapping.target}",
            "select",
            [(f.name, f.name) for f in (target.fields if target else ())],
            optional=False,
        ),
        FormField("description", "How the two identify the same record", "area", optional=False),
    ]
    values = _merge(key, {}) if key else {"description": ""}
    return FormScreen(
        f"Key cross-reference of {mapping.id}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if key else 'add'} key in {mapping.id}",
            lambda v: KeyXref.model_validate(_merge(key, v)),
            lambda ws2, new: edits.put_key(ws2, mapping.id, new, index),
            [f.name for f in fields],
        ),
    )


def bundle_component_form(
    controller: Controller, mapping: Mapping, index: int | None
) -> FormScreen:
    """One component of a bundle defined here: product, quantity per bundle, price share."""
    components = mapping.bundle.components if mapping.bundle else ()
    component = components[index] if index is not None else None
    fields = [
        FormField("product", "Product code", optional=False),
        FormField("quantity", "Quantity per bundle (blank: 1)"),
        FormField("share", "Share of the bundle price, 0 to 1 (for fixed-share allocation)"),
        FormField("optional", "Optional (the buyer may leave it out)", "check"),
    ]
    values = _merge(component, {}) if component else {"quantity": "1", "optional": False}

    def build(v: dict[str, Any]) -> BundleComponent:
        data = _merge(component, v)
        if data.get("quantity") is None:
            data["quantity"] = 1
        return BundleComponent.model_validate(data)

    return FormScreen(
        f"Bundle component of {mapping.id}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if component else 'add'} bundle component in {mapping.id}",
            build,
            lambda ws, new: edits.put_bundle_component(ws, mapping.id, new, index),
            [f.name for f in fields],
        ),
    )


# -- scenarios ----------------------------------------------------------------------------------


def scenario_form(controller: Controller, scenario: Scenario) -> FormScreen:
    """A scenario's title and description and its order header (the lines have their own list)."""
    fields = [
        FormField("title", "Title"),
        FormField("description", "What the scenario tests", "area"),
        FormField("account", "Account (as the CRM knows it)", optional=False),
        FormField("currency", "Currency (ISO code)", optional=False),
        FormField("date", "Order date (YYYY-MM-DD)", optional=False),
        FormField("legal_entity", "Legal entity"),
        FormField("bill_to", "Bill-to account (blank: the account)"),
    ]
    order = scenario.order
    values = {
        "title": scenario.title,
        "description": scenario.description,
        "account": order.account,
        "currency": order.currency,
        "date": order.date.isoformat(),
        "legal_entity": order.legal_entity,
        "bill_to": order.bill_to,
    }
    header = ("account", "currency", "date", "legal_entity", "bill_to")

    def build(v: dict[str, Any]) -> Scenario:
        data = {name: "" if v[name] is None else v[name] for name in header}
        new_order = Order.model_validate(_merge(order, data))
        texts = {name: v[name] or "" for name in ("title", "description")}
        return Scenario.model_validate(_merge(scenario, {**texts, "order": new_order}))

    save = submitter(
        controller,
        f"edit scenario {scenario.id}",
        build,
        lambda ws, new: edits.put_scenario(ws, new, scenario.id),
        [f.name for f in fields],
    )

    def submit(v: dict[str, Any]) -> Errors | None:
        errors = save(v)
        if errors and "currency" in errors:  # the generic pattern message speaks of identifiers
            errors["currency"] = "three capital letters, the ISO 4217 code (EUR, USD)"
        return errors

    return FormScreen(f"Scenario {scenario.id}", fields, values, submit)


def order_line_form(controller: Controller, scenario: Scenario, index: int | None) -> FormScreen:
    """One line of a scenario's order: product, quantity, price, fulfilment and term."""
    line = scenario.order.lines[index] if index is not None else None
    fields = [
        FormField("id", "Line id", optional=False),
        FormField("product", "Product code (as the CRM knows it)", optional=False),
        FormField("quantity", "Quantity", optional=False),
        FormField("unit", "Unit of measure (blank: Each)"),
        FormField("price", "Unit price in the order currency (blank: 0)"),
        FormField("plant", "Plant"),
        FormField("channel", "Fulfilled by", "select", _choices(Channel), optional=False),
        FormField("start", "Term start (YYYY-MM-DD)"),
        FormField("end", "Term end (YYYY-MM-DD)"),
        FormField("billing_frequency", "Billing frequency", "select", _choices(BillingFrequency)),
    ]
    values: dict[str, Any] = (
        _merge(line, {}) if line else {"id": _next_line_id(scenario), "channel": "direct"}
    )
    for name in ("quantity", "price"):
        if isinstance(values.get(name), Decimal):
            values[name] = format(values[name].normalize(), "f")

    def build(v: dict[str, Any]) -> OrderLine:
        data = _merge(line, v)
        data["unit"] = data.get("unit") or "Each"
        data["price"] = data.get("price") or 0
        data["plant"] = data.get("plant") or ""
        return OrderLine.model_validate(data)

    return FormScreen(
        f"Order line of {scenario.id}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if line else 'add'} order line in {scenario.id}",
            build,
            lambda ws, new: edits.put_order_line(ws, scenario.id, new, index),
            [f.name for f in fields],
        ),
    )


def _next_line_id(scenario: Scenario) -> str:
    taken = {line.id for line in scenario.order.lines}
    number = len(taken) + 1
    while f"{number * 10}" in taken:
        number += 1
    return f"{number * 10}"


# -- value maps ---------------------------------------------------------------------------------

ENTRY_HINT = "one per line: source => target | factor | note   (factor and note optional)"


def format_entries(value_map: ValueMap | None) -> str:
    if value_map is None:
        return ""
    lines = []
    for entry in value_map.entries:
        parts = [f"{entry.source} => {entry.target}"]
        if entry.factor is not None or entry.note:
            parts.append(format(entry.factor.normalize(), "f") if entry.factor is not None else "")
        if entry.note:
            parts.append(entry.note)
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def parse_entries(text: str) -> list[dict[str, Any]]:
    """Entries from the form's text; raises EditError naming the line that is not understood."""
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        mapping, _, rest = line.partition("|")
        source, arrow, target = mapping.partition("=>")
        if not arrow:
            raise edits.EditError(f"entries, line {number}: write 'source => target'")
        factor, _, note = rest.partition("|")
        entry: dict[str, Any] = {"source": source.strip(), "target": target.strip()}
        if factor.strip():
            entry["factor"] = factor.strip()
        if note.strip():
            entry["note"] = note.strip()
        entries.append(entry)
    return entries


def value_map_form(controller: Controller, value_map: ValueMap | None) -> FormScreen:
    systems = [(s.name, s.name) for s in controller.workspace.systems]
    fields = [
        FormField("id", "Id", optional=False),
        FormField("title", "Title", optional=False),
        FormField("source_system", "Source system", "select", systems),
        FormField("target_system", "Target system", "select", systems),
        FormField("entries", "Entries", "area", optional=False, hint=ENTRY_HINT),
        FormField("default", "Default for values without an entry"),
        FormField("description", "Description", "area", optional=False),
    ]
    values = (
        {**_merge(value_map, {}), "entries": format_entries(value_map)}
        if value_map
        else {
            "title": "",
            "entries": "",
            "description": "",
        }
    )
    replacing = value_map.id if value_map else None

    def build(v: dict[str, Any]) -> ValueMap:
        try:
            entries = parse_entries(v["entries"] or "")
        except edits.EditError as exc:
            raise FieldError("entries", str(exc)) from None
        return ValueMap.model_validate({**_merge(value_map, v), "entries": entries})

    submit = submitter(
        controller,
        f"{'edit' if value_map else 'add'} value map",
        build,
        lambda ws, new: edits.put_value_map(ws, new, replacing),
        [f.name for f in fields],
    )

    return FormScreen(
        f"Value map {value_map.id}" if value_map else "New value map", fields, values, submit
    )


class FieldError(Exception):
    """A form value the builder refuses, shown next to the field called ``name``."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message
