"""Salesforce REST describe JSON: what ``/sobjects/<Object>/describe`` returns and ``sf sobject
describe --json`` prints. One object, a list of them, or either inside the CLI's
``{"status": 0, "result": ...}`` envelope.

A field is required when the API refuses a record without it: not nillable, createable, and not
filled in by Salesforce itself (``defaultedOnCreate``).
"""

from __future__ import annotations

import json
from typing import Any

from ..domain.systems import Field, Relationship, RelationshipCardinality, RelationshipKind
from .model import Catalogue, Collector, ImportFailure, check_size, merge
from .salesforce_types import DESCRIBE_TYPES


def parse_describe(source: str, data: bytes) -> Catalogue:
    check_size(source, data)
    try:
        document = json.loads(data)
    except UnicodeDecodeError:
        raise ImportFailure(source, "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ImportFailure(
            source, f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise ImportFailure(source, "JSON nested too deeply") from None
    objects = _objects(source, document)
    if not objects:
        raise ImportFailure(source, "no sObject descriptions (objects with name and fields)")
    return merge(_describe_object(source, index, obj) for index, obj in enumerate(objects))


def _objects(source: str, document: Any) -> list[dict[str, Any]]:
    if isinstance(document, dict) and "result" in document and "fields" not in document:
        if document.get("status") not in (0, None):
            message = document.get("message") or document.get("name") or "an error"
            raise ImportFailure(source, f"the sf command reported {message}")
        document = document["result"]
    items = document if isinstance(document, list) else [document]
    for position, item in enumerate(items):
        where = f"[{position}]" if isinstance(document, list) else "the top level"
        if not isinstance(item, dict):
            raise ImportFailure(
                source, f"{where}: expected an sObject description, got {_kind(item)}"
            )
        if not isinstance(item.get("name"), str):
            raise ImportFailure(source, f"{where}: 'name' must be a string")
        if not isinstance(item.get("fields"), list):
            raise ImportFailure(
                source, f"{where} ({item['name']}): 'fields' must be a list of fields"
            )
    return items


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )


def _describe_object(source: str, index: int, obj: dict[str, Any]) -> Catalogue:
    collect = Collector(source)
    name = obj["name"]
    fields: list[Field] = []
    relationships: list[Relationship] = []
    for position, raw in enumerate(obj["fields"]):
        element = f"{name}.fields[{position}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            collect.problem(element, "expected a field object with a name; left out")
            continue
        built = _field(collect, name, raw)
        if built is None:
            continue
        fields.append(built)
        relationships.extend(_lookups(collect, name, raw))
    children = obj.get("childRelationships") or []
    if not isinstance(children, list):
        collect.problem(f"{name}.childRelationships", "expected a list; ignored")
        children = []
    for raw in children:
        rel = _child_relationship(collect, name, raw)
        if rel is not None:
            relationships.append(rel)
    label = obj.get("label") if isinstance(obj.get("label"), str) else ""
    entity = collect.entity(name, label or "", "", fields)
    return collect.catalogue([entity] if entity else [], relationships, "Salesforce")


def _typed(collect: Collector, element: str, raw: dict[str, Any], key: str, kind: type) -> Any:
    value = raw.get(key)
    if value is None:
        return None
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        collect.problem(element, f"'{key}' should be a whole number, got {value!r}; ignored")
        return None
    if not isinstance(value, kind):
        collect.problem(element, f"'{key}' should be {kind.__name__}, got {value!r}; ignored")
        return None
    return value


def _field(collect: Collector, entity: str, raw: dict[str, Any]) -> Field | None:
    name: str = raw["name"]
    element = f"{entity}.{name}"
    native = _typed(collect, element, raw, "type", str) or ""
    field_type = DESCRIBE_TYPES.get(native)
    if field_type is None:
        collect.problem(element, f"type {native!r} is unknown; imported as other")
    flags = {
        key: _typed(collect, element, raw, key, bool)
        for key in ("nillable", "createable", "defaultedOnCreate", "externalId", "calculated")
    }
    numbers = {
        key: _typed(collect, element, raw, key, int)
        for key in ("length", "precision", "scale", "digits")
    }
    picklist: list[str] = []
    values = raw.get("picklistValues") or []
    if not isinstance(values, list):
        collect.problem(element, "'picklistValues' should be a list; ignored")
    else:
        for value in values:
            if isinstance(value, dict) and isinstance(value.get("value"), str):
                if value.get("active", True) is not False and value["value"] not in picklist:
                    picklist.append(value["value"])
            else:
                collect.problem(element, f"picklist value {value!r} is not an object; ignored")
    references = _references(raw)
    length = numbers["length"] or None
    precision = numbers["precision"] or numbers["digits"] or None
    scale = numbers["scale"] if precision else None
    native_type = f"{native} (formula)" if flags["calculated"] and native else native
    help_text = raw.get("inlineHelpText")
    return collect.field(
        entity,
        {
            "name": name,
            "label": raw["label"] if isinstance(raw.get("label"), str) else "",
            "type": field_type or "other",
            "native_type": native_type,
            "length": length if field_type not in (None, *_NO_LENGTH) else None,
            "precision": precision,
            "scale": scale,
            "required": flags["nillable"] is False
            and flags["createable"] is True
            and not flags["defaultedOnCreate"],
            "key": native == "id",
            "external_id": bool(flags["externalId"]),
            "picklist": tuple(picklist),
            "reference_to": references[0] if references else None,
            "description": help_text if isinstance(help_text, str) else "",
        },
    )


_NO_LENGTH = ("boolean", "integer", "decimal", "date", "datetime", "time", "reference")


def _lookups(collect: Collector, entity: str, raw: dict[str, Any]) -> list[Relationship]:
    if raw.get("type") != "reference":
        return []
    references = _references(raw)
    found: list[Relationship] = []
    for target in references:
        suffix = f"_{target}" if len(references) > 1 else ""
        rel = collect.relationship(
            {
                "name": f"{entity}_{raw['name']}{suffix}",
                "parent": target,
                "child": entity,
                "cardinality": RelationshipCardinality.ONE_TO_MANY,
                "kind": RelationshipKind.COMPOSITION
                if raw.get("cascadeDelete") is True
                else RelationshipKind.LOOKUP,
                "via_field": raw["name"],
                # A field's relationshipName names the parent (``Account``), not the related
                # list; the parent's childRelationships entry supplies that.
            }
        )
        if rel is not None:
            found.append(rel)
    return found


def _child_relationship(collect: Collector, parent: str, raw: Any) -> Relationship | None:
    """The parent's view of a lookup. It yields the same relationship as the child's field, so a
    describe of both objects records it once."""
    if not isinstance(raw, dict):
        collect.problem(f"{parent}.childRelationships", f"{raw!r} is not an object; ignored")
        return None
    child, field = raw.get("childSObject"), raw.get("field")
    if not isinstance(child, str) or not isinstance(field, str):
        collect.problem(
            f"{parent}.childRelationships",
            "an entry without childSObject and field names; ignored",
        )
        return None
    return collect.relationship(
        {
            "name": f"{child}_{field}",
            "parent": parent,
            "child": child,
            "cardinality": RelationshipCardinality.ONE_TO_MANY,
            "kind": RelationshipKind.COMPOSITION
            if raw.get("cascadeDelete") is True
            else RelationshipKind.LOOKUP,
            "via_field": field,
            "description": _related_list(raw.get("relationshipName")),
        }
    )


def _references(raw: dict[str, Any]) -> list[str]:
    """``referenceTo`` is a list of object names; anything else names nothing."""
    value = raw.get("referenceTo")
    return [r for r in value if isinstance(r, str)] if isinstance(value, list) else []


def _related_list(name: Any) -> str:
    return f"Related list {name}" if isinstance(name, str) and name else ""


__all__ = ["ImportFailure", "parse_describe"]
