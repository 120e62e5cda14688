"""The forms of systems, entities, fields and relationships."""

from __future__ import annotations

from ...domain import edits
from ...domain.systems import (
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
from ..controller import Controller
from ..screens.form import FormField, FormScreen
from .common import enum_choices, merge_values, submitter


def system_form(controller: Controller, system: System | None) -> FormScreen:
    fields = [
        FormField("name", "Id (lowercase, used in references)", optional=False),
        FormField("label", "Label", optional=False),
        FormField("role", "Role", "select", enum_choices(SystemRole), optional=False),
        FormField(
            "side", "Side (blank: from the role)", "select", [("CRM", "crm"), ("ERP", "erp")]
        ),
        FormField("vendor", "Vendor", optional=False),
        FormField("version", "Version", optional=False),
        FormField("description", "Description", "area", optional=False),
    ]
    values = (
        merge_values(system, {})
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
            lambda new: f"{'edit' if system else 'add'} system {new.name}",
            lambda v: System.model_validate(merge_values(system, v)),
            lambda ws, new: edits.put_system(ws, new, replacing),
            names,
            shown=values,
        ),
    )


def entity_form(controller: Controller, system_name: str, entity: Entity | None) -> FormScreen:
    fields = [
        FormField("name", "API name", optional=False),
        FormField("label", "Label", optional=False),
        FormField("kind", "Kind", "select", enum_choices(EntityKind), optional=False),
        FormField("description", "Description", "area", optional=False),
    ]
    values = (
        merge_values(entity, {})
        if entity
        else {"kind": "transaction", "label": "", "description": ""}
    )
    replacing = entity.name if entity else None
    return FormScreen(
        f"Entity {system_name}:{entity.name}" if entity else f"New entity in {system_name}",
        fields,
        values,
        submitter(
            controller,
            lambda new: f"{'edit' if entity else 'add'} entity {system_name}:{new.name}",
            lambda v: Entity.model_validate(merge_values(entity, v)),
            lambda ws, new: edits.put_entity(ws, system_name, new, replacing),
            [f.name for f in fields],
            shown=values,
        ),
    )


def field_form(controller: Controller, ref: str, field: Field | None) -> FormScreen:
    fields = [
        FormField("name", "API name", optional=False),
        FormField("label", "Label", optional=False),
        FormField("type", "Type", "select", enum_choices(FieldType), optional=False),
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
        merge_values(field, {})
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
            lambda new: f"{'edit' if field else 'add'} field {ref}.{new.name}",
            lambda v: Field.model_validate(merge_values(field, v)),
            lambda ws, new: edits.put_field(ws, ref, new, replacing),
            [f.name for f in fields],
            shown=values,
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
            enum_choices(RelationshipCardinality),
            optional=False,
        ),
        FormField("kind", "Kind", "select", enum_choices(RelationshipKind), optional=False),
        FormField("via_field", "Field on the child holding the parent's key"),
        FormField("description", "Description", "area", optional=False),
    ]
    values = (
        merge_values(rel, {})
        if rel
        else {"cardinality": "1:N", "kind": "lookup", "description": ""}
    )
    replacing = rel.name if rel else None
    return FormScreen(
        f"Relationship {rel.name}" if rel else f"New relationship in {system.name}",
        fields,
        values,
        submitter(
            controller,
            lambda new: f"{'edit' if rel else 'add'} relationship {new.name} in {system.name}",
            lambda v: Relationship.model_validate(merge_values(rel, v)),
            lambda ws, new: edits.put_relationship(ws, system.name, new, replacing),
            [f.name for f in fields],
            shown=values,
        ),
    )
