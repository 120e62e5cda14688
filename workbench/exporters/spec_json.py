"""The mapping spec as JSON and YAML, and the JSON Schema both follow."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..domain.workspace import Workspace
from ..mirror import yamlio
from .spec import SPEC_FORMAT, SPEC_VERSION, MappingSpecDocument, build_spec

JSON_FILE = "mapping-spec.json"
YAML_FILE = "mapping-spec.yaml"
SCHEMA_FILE = "mapping-spec.schema.json"
SCHEMA_ID = "https://q2c-workbench.example/schema/exports/mapping-spec.schema.json"


def spec_data(workspace: Workspace, generated: str | None = None) -> dict[str, Any]:
    data = build_spec(workspace, generated).model_dump(mode="json")
    if data["generated"] is None:
        del data["generated"]
    return data


def render_json(workspace: Workspace, generated: str | None = None) -> dict[str, bytes]:
    text = json.dumps(spec_data(workspace, generated), indent=2, ensure_ascii=False)
    return {JSON_FILE: (text + "\n").encode("utf-8")}


def render_yaml(workspace: Workspace, generated: str | None = None) -> dict[str, bytes]:
    header = f"# yaml-language-server: $schema={SCHEMA_FILE}\n"
    return {YAML_FILE: (header + yamlio.dump(spec_data(workspace, generated))).encode("utf-8")}


def spec_schema() -> dict[str, Any]:
    schema = MappingSpecDocument.model_json_schema()
    # What every document carries is required, though the models give it a default: the format
    # and version a consumer checks first (each a constant), and each mapping's open issues.
    properties = schema["properties"]
    properties["format"]["const"] = SPEC_FORMAT
    properties["version"]["const"] = SPEC_VERSION
    schema["required"] = sorted({*schema["required"], "format", "version"})
    mapping = schema["$defs"]["MappingSpec"]
    mapping["required"] = sorted({*mapping["required"], "open_issues"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "Q2C mapping spec",
    }


def render_schema() -> bytes:
    return (json.dumps(spec_schema(), indent=2, sort_keys=True) + "\n").encode("utf-8")


if __name__ == "__main__":  # pragma: no cover - `python -m workbench.exporters.spec_json DIR`
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schema/exports")
    out.mkdir(parents=True, exist_ok=True)
    (out / SCHEMA_FILE).write_bytes(render_schema())
