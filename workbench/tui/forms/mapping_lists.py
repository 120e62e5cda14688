"""The forms of what a mapping lists: field mappings, error rules, key cross-references and
bundle components."""

from __future__ import annotations

from typing import Any

from ...domain import edits
from ...domain.base import split_entity_ref
from ...domain.mappings import (
    BundleComponent,
    ErrorRule,
    FieldMapping,
    KeyXref,
    Mapping,
)
from ...domain.validation import is_failure_code
from ...domain.workspace import Workspace
from ..controller import Controller
from ..screens.form import FormField, FormScreen
from .common import FieldError, FieldErrors, merge_values, submitter


def field_mapping_form(
    controller: Controller, mapping: Mapping, fm: FieldMapping | None
) -> FormScreen:
    ws = controller.workspace
    source = ws.entity(mapping.source)
    target = ws.entity(mapping.target) if mapping.target else None
    systems = sorted(
        {split_entity_ref(mapping.source)[0], split_entity_ref(mapping.target or mapping.source)[0]}
    )
    replacing = fm.target if fm else None
    mapped = {m.target for m in mapping.field_mappings if m.target != replacing}
    targets = target.fields if target else ()
    fields = [
        FormField(
            "target",
            f"Target field of {_spaced(mapping.target or '')}",
            "select",
            # Fields mapped already are marked: a target is mapped once.
            [(f"{f.name} · mapped" if f.name in mapped else f.name, f.name) for f in targets],
            optional=False,
        ),
        FormField(
            "source",
            f"Source field of {_spaced(mapping.source)} (blank: a default or computed)",
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
            "owner",
            "Owner (blank: the mapping's system of record)",
            "select",
            [(s, s) for s in systems],
        ),
        FormField("notes", "Notes", "area", optional=False),
    ]
    first_free = next((f.name for f in targets if f.name not in mapped), None)
    values = (
        merge_values(fm, {})
        if fm
        else {"transform": "", "notes": "", **({"target": first_free} if first_free else {})}
    )

    def build(v: dict[str, Any]) -> FieldMapping:
        if v.get("target") in mapped:
            raise FieldError(
                "target", f"{v['target']} is mapped already: edit that field mapping instead"
            )
        return FieldMapping.model_validate(merge_values(fm, v))

    return FormScreen(
        f"Field mapping of {mapping.id}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if fm else 'add'} field mapping in {mapping.id}",
            build,
            lambda ws2, new: edits.put_field_mapping(ws2, mapping.id, new, replacing),
            [f.name for f in fields],
            shown=values,
        ),
    )


def error_rule_form(controller: Controller, mapping: Mapping, index: int | None) -> FormScreen:
    rule = mapping.error_policy[index] if index is not None else None
    fields = [
        FormField(
            "failure",
            "Failure code (or * for any)",
            optional=False,
            hint="as the process raises it: CREDIT_BLOCK; one rule per code",
        ),
        FormField("description", "What fails", "area", optional=False),
        FormField("route", "Route (queue, error table, ticket type)", optional=False),
        FormField("notify", "Notify (roles)", "list"),
        FormField("resolution", "How it is resolved", "area", optional=False),
        FormField("correction", "How the correction flows back", "area", optional=False),
    ]
    others = [r for position, r in enumerate(mapping.error_policy) if position != index]
    handled = {r.failure for r in others}
    values = (
        merge_values(rule, {})
        if rule
        else {
            # The catch-all first, while the policy has none.
            "failure": "" if "*" in handled else "*",
            "description": "",
            "route": "",
            "resolution": "",
            "correction": "",
        }
    )

    def build(v: dict[str, Any]) -> ErrorRule:
        errors: dict[str, str] = {}  # every refusal of one save at once
        failure = str(v.get("failure") or "").strip()
        if not failure:
            errors["failure"] = (
                "give the code as the process raises it (CREDIT_BLOCK), or * for any"
            )
        elif not is_failure_code(failure):
            errors["failure"] = (
                f"{failure} is not a code: use letters, digits and _ (CREDIT_BLOCK), or * for any"
            )
        elif failure in handled:
            what = "the catch-all *" if failure == "*" else failure
            errors["failure"] = f"{what} has a rule already: one rule per code (edit that one)"
        if not str(v.get("route") or "").strip():
            errors["route"] = (
                "say where a failed record goes (a queue, an error table, a ticket type)"
            )
        if errors:
            raise FieldErrors(errors)
        return ErrorRule.model_validate({**merge_values(rule, v), "failure": failure})

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
            build,
            change,
            [f.name for f in fields],
            shown=values,
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
    values = merge_values(key, {}) if key else {"description": ""}
    return FormScreen(
        f"Key cross-reference of {mapping.id}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if key else 'add'} key in {mapping.id}",
            lambda v: KeyXref.model_validate(merge_values(key, v)),
            lambda ws2, new: edits.put_key(ws2, mapping.id, new, index),
            [f.name for f in fields],
            shown=values,
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
    values = merge_values(component, {}) if component else {"quantity": "1", "optional": False}

    def build(v: dict[str, Any]) -> BundleComponent:
        data = merge_values(component, v)
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
            shown=values,
        ),
    )


def _spaced(ref: str) -> str:
    """``CurrencyType (salesforce)`` for ``salesforce:CurrencyType``: a label wraps between
    words, and a reference written as one word was broken mid-name in a narrow form."""
    if ":" not in ref:
        return ref
    system, name = split_entity_ref(ref)
    return f"{name} ({system})"
