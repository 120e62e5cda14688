"""JSON Schemas for the mirror files, generated from the domain models.

Editors with a YAML language server use them for completion and checking while a model file is
edited by hand; ``docs/schema/`` ships the generated files and a test keeps them current.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ..domain.decisions import Decision
from ..domain.mappings import Mapping
from ..domain.masterdata import MasterData
from ..domain.reconciliation import ReconciliationMetric
from ..domain.reference import Stakeholder, ValueMap
from ..domain.revenue import ProductClass
from ..domain.scenarios import Scenario
from ..domain.suppressions import Suppression
from ..domain.systems import Entity, System
from ..domain.workspace import Workspace
from . import madr
from .codec import FORMAT_VERSION
from .docstrings import DocumentedSchema

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _object_schema(
    model: type[BaseModel], drop: set[str], keep: set[str] | None = None
) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation", schema_generator=DocumentedSchema)
    properties: dict[str, Any] = schema["properties"]
    for name in list(properties):
        if name in drop or (keep is not None and name not in keep):
            del properties[name]
    if "required" in schema:
        schema["required"] = [n for n in schema["required"] if n in properties]
        if not schema["required"]:
            del schema["required"]
    return schema


def _finish(title: str, schema: dict[str, Any]) -> dict[str, Any]:
    definitions = schema.pop("$defs", {})
    used: set[str] = set()
    pending = [schema]
    while pending:  # keep only the definitions the remaining properties still reach
        for ref in _refs(pending.pop()):
            name = ref.rsplit("/", 1)[-1]
            if name not in used and name in definitions:
                used.add(name)
                pending.append(definitions[name])
    kept = {name: definitions[name] for name in sorted(used)}
    return {
        "$schema": SCHEMA_DIALECT,
        **schema,
        "title": title,
        **({"$defs": kept} if kept else {}),
    }


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def _hyphenate_properties(schema: Any) -> Any:
    """Rename object properties to their front-matter spelling, everywhere in the schema."""
    if isinstance(schema, list):
        return [_hyphenate_properties(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties" and isinstance(value, dict):
            result[key] = {
                madr.front_matter_key(k): _hyphenate_properties(v) for k, v in value.items()
            }
        elif key == "required" and isinstance(value, list):
            result[key] = [madr.front_matter_key(k) for k in value]
        else:
            result[key] = _hyphenate_properties(value)
    return result


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for every kind of mirror file."""
    header = _object_schema(
        Workspace, set(), {"name", "title", "description", "rejected_suggestions"}
    )
    header["properties"] = {
        "format": {"const": FORMAT_VERSION, "description": "Version of the file format."},
        **header["properties"],
    }
    header["required"] = ["format", *header.get("required", [])]
    stakeholder = Stakeholder.model_json_schema(
        mode="validation", schema_generator=DocumentedSchema
    )
    suppression = Suppression.model_json_schema(
        mode="validation", schema_generator=DocumentedSchema
    )
    front = _hyphenate_properties(
        _object_schema(Decision, {"number", "title"}, set(madr.FRONT_MATTER_FIELDS))
    )
    front["additionalProperties"] = True  # other ADR tools' keys are kept, not refused
    return {
        "workspace.schema.json": _finish("models/workspace.yaml", header),
        "stakeholders.schema.json": _finish(
            "models/stakeholders.yaml",
            {
                "type": "array",
                "items": {"$ref": "#/$defs/Stakeholder"},
                "$defs": {**stakeholder.pop("$defs", {}), "Stakeholder": stakeholder},
            },
        ),
        "checks.schema.json": _finish(
            "models/checks.yaml",
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "suppressions": {
                        "type": "array",
                        "description": "Design-check rules silenced for named elements.",
                        "items": {"$ref": "#/$defs/Suppression"},
                    }
                },
                "$defs": {**suppression.pop("$defs", {}), "Suppression": suppression},
            },
        ),
        "system.schema.json": _finish(
            "models/systems/<system>/system.yaml",
            _object_schema(System, {"name", "entities"}),
        ),
        "entity.schema.json": _finish(
            "models/systems/<system>/entities/<Entity>.yaml",
            _object_schema(Entity, {"name"}),
        ),
        "mapping.schema.json": _finish(
            "models/mappings/<id>.yaml", _object_schema(Mapping, {"id"})
        ),
        "value-map.schema.json": _finish(
            "models/value-maps/<id>.yaml", _object_schema(ValueMap, {"id"})
        ),
        "scenario.schema.json": _finish(
            "models/scenarios/<id>.yaml", _object_schema(Scenario, {"id"})
        ),
        "product-class.schema.json": _finish(
            "models/product-classes/<id>.yaml", _object_schema(ProductClass, {"id"})
        ),
        "reconciliation.schema.json": _finish(
            "models/reconciliation/<id>.yaml", _object_schema(ReconciliationMetric, {"id"})
        ),
        "master-data.schema.json": _finish(
            "models/master-data/<id>.yaml", _object_schema(MasterData, {"id"})
        ),
        "decision-front-matter.schema.json": _finish(
            "decisions/NNNN-<title>.md (front matter)", front
        ),
    }


def render_schemas() -> dict[str, bytes]:
    return {
        name: (json.dumps(schema, indent=2, sort_keys=False) + "\n").encode()
        for name, schema in schemas().items()
    }
