"""Salesforce objects in SFDX source format: ``objects/<Object>/<Object>.object-meta.xml`` beside
``objects/<Object>/fields/<Field>.field-meta.xml``.

The source format does not list the standard ``Id`` and ``Name`` fields every object has; they are
added (``Name`` from the object's ``nameField``) so mappings can use them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any
from xml.etree.ElementTree import Element

from ..domain.systems import (
    Field,
    FieldType,
    Relationship,
    RelationshipCardinality,
    RelationshipKind,
)
from .model import Catalogue, Collector, ImportFailure, Problem, merge
from .safexml import child, children, local, parse_xml, text_of
from .salesforce_types import RELATIONSHIP_TYPES, metadata_type

OBJECT_SUFFIX = ".object-meta.xml"
FIELD_SUFFIX = ".field-meta.xml"


def is_sfdx_path(path: str) -> bool:
    return path.endswith((OBJECT_SUFFIX, FIELD_SUFFIX))


def parse_sfdx(files: Mapping[str, bytes]) -> Catalogue:
    """Parse SFDX object and field files, given by path (relative or absolute, ``/``-separated)
    and content. Other files (field sets, validation rules, layouts) are ignored."""
    objects: dict[str, tuple[str, bytes | None, dict[str, tuple[str, bytes]]]] = {}
    for path in sorted(files):
        pure = PurePosixPath(path)
        if pure.name.endswith(OBJECT_SUFFIX):
            name = pure.name.removesuffix(OBJECT_SUFFIX)
            _, _, fields = objects.get(name, (path, None, {}))
            objects[name] = (path, files[path], fields)
        elif pure.name.endswith(FIELD_SUFFIX) and pure.parent.name == "fields":
            name = pure.parent.parent.name
            source, data, fields = objects.get(name, (path, None, {}))
            fields[pure.name.removesuffix(FIELD_SUFFIX)] = (path, files[path])
            objects[name] = (source, data, fields)
    if not objects:
        raise ImportFailure(
            "input", f"no Salesforce object files (*{OBJECT_SUFFIX} or fields/*{FIELD_SUFFIX})"
        )
    return merge(_parse_object(name, *parts) for name, parts in sorted(objects.items()))


def _parse_object(
    name: str, source: str, data: bytes | None, field_files: dict[str, tuple[str, bytes]]
) -> Catalogue:
    collect = Collector(source)
    label = description = ""
    fields: list[Field] = [_id_field(collect, name)]
    if data is not None:
        root = parse_xml(source, data)
        if local(root.tag) != "CustomObject":
            raise ImportFailure(source, f"expected a CustomObject, found <{local(root.tag)}>")
        label, description = text_of(root, "label"), text_of(root, "description")
        name_field = child(root, "nameField")
        if name_field is not None:
            built = _name_field(collect, name, name_field)
            if built is not None:
                fields.append(built)
    relationships: list[Relationship] = []
    problems: list[Problem] = []
    for field_name, (path, content) in sorted(field_files.items()):
        field_collect = Collector(path)
        root = parse_xml(path, content)
        if local(root.tag) != "CustomField":
            raise ImportFailure(path, f"expected a CustomField, found <{local(root.tag)}>")
        parsed = _custom_field(field_collect, name, field_name, root)
        if parsed is not None:
            built, rels = parsed
            fields.append(built)
            relationships.extend(rels)
        problems.extend(field_collect.problems)
    entity = collect.entity(name, label, description, fields)
    catalogue = collect.catalogue(
        [entity] if entity else [], relationships if entity else [], "Salesforce"
    )
    return Catalogue(
        catalogue.entities,
        catalogue.relationships,
        (*catalogue.problems, *problems),
        catalogue.sources,
        catalogue.vendor,
    )


def _id_field(collect: Collector, entity: str) -> Field:
    built = collect.field(
        entity,
        {
            "name": "Id",
            "label": "Record ID",
            "type": FieldType.ID,
            "native_type": "Id",
            "length": 18,
            "required": True,
            "key": True,
        },
    )
    assert built is not None
    return built


def _name_field(collect: Collector, entity: str, element: Element) -> Field | None:
    native = text_of(element, "type") or "Text"
    return collect.field(
        entity,
        {
            "name": "Name",
            "label": text_of(element, "label"),
            "type": metadata_type(native, None),
            "native_type": native,
            "length": 80 if native == "Text" else None,
            "required": native == "Text",
            "description": f"Format {text_of(element, 'displayFormat')}"
            if native == "AutoNumber" and text_of(element, "displayFormat")
            else "",
        },
    )


def _number(collect: Collector, element: str, root: Element, tag: str) -> int | None:
    raw = text_of(root, tag)
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        collect.problem(element, f"<{tag}> {raw!r} is not a whole number; ignored")
        return None
    if value < 0:
        collect.problem(element, f"<{tag}> {value} is negative; ignored")
        return None
    return value


def _custom_field(
    collect: Collector, entity: str, file_name: str, root: Element
) -> tuple[Field, list[Relationship]] | None:
    name = text_of(root, "fullName") or file_name
    element = f"{entity}.{name}"
    native = text_of(root, "type")
    scale = _number(collect, element, root, "scale")
    field_type = metadata_type(native, scale)
    formula = text_of(root, "formula")
    description = text_of(root, "description") or text_of(root, "inlineHelpText")
    picklist, value_set = _picklist(root)
    if value_set:
        description = "\n\n".join(
            p for p in (description, f"Values: global value set {value_set}.") if p
        )
    if native and native not in ("Text",) and field_type is FieldType.OTHER:
        collect.problem(element, f"type {native} has no neutral equivalent; imported as other")
    references = [
        r.text.strip() for r in children(root, "referenceTo") if r.text and r.text.strip()
    ]
    data: dict[str, Any] = {
        "name": name,
        "label": text_of(root, "label"),
        "type": field_type,
        "native_type": f"{native} (formula)" if formula else native,
        "length": _number(collect, element, root, "length"),
        "precision": _number(collect, element, root, "precision"),
        "scale": scale,
        "required": text_of(root, "required") == "true" or native == "MasterDetail",
        "external_id": text_of(root, "externalId") == "true",
        "picklist": picklist,
        "reference_to": references[0] if references else None,
        "description": description,
    }
    built = collect.field(entity, data)
    if built is None:
        return None
    relationships: list[Relationship] = []
    if native in RELATIONSHIP_TYPES:
        if native == "Hierarchy" and not references:
            references = ["User"]
        if not references:
            collect.problem(element, f"{native} without <referenceTo>; no relationship recorded")
        details = [
            part
            for part in (
                f"Related list {text_of(root, 'relationshipName')}"
                if text_of(root, "relationshipName")
                else "",
                f"on delete: {text_of(root, 'deleteConstraint')}"
                if text_of(root, "deleteConstraint")
                else "",
            )
            if part
        ]
        for target in references:
            suffix = f"_{target}" if len(references) > 1 else ""
            rel = collect.relationship(
                {
                    "name": f"{entity}_{name}{suffix}",
                    "parent": target,
                    "child": entity,
                    "cardinality": RelationshipCardinality.ONE_TO_MANY,
                    "kind": RelationshipKind.COMPOSITION
                    if native == "MasterDetail"
                    else RelationshipKind.LOOKUP,
                    "via_field": name,
                    "description": "; ".join(details),
                }
            )
            if rel is not None:
                relationships.append(rel)
    return built, relationships


def _picklist(root: Element) -> tuple[tuple[str, ...], str]:
    """Values of a local value set, or the name of the global value set the field uses."""
    value_set = child(root, "valueSet")
    if value_set is None:
        return (), ""
    definition = child(value_set, "valueSetDefinition")
    values: list[str] = []
    if definition is not None:
        for value in children(definition, "value"):
            full_name = text_of(value, "fullName")
            if full_name and full_name not in values:
                values.append(full_name)
    return tuple(values), text_of(value_set, "valueSetName")
