"""Attribute docstrings as JSON Schema descriptions, read from the source when a schema is made.

The domain models document their attributes with a string under each one. Pydantic can collect
those itself (``use_attribute_docstrings``), but it does so when each class is created, by reading
and parsing the class's source: about a tenth of a second on every start of the workbench, for
text only the JSON Schemas show. This generator reads them when a schema is generated instead,
the same way, so the schemas come out as before.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema


class DocumentedSchema(GenerateJsonSchema):
    """Pydantic's JSON Schema generator, with each property described by its docstring."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        documented = attribute_docstrings(schema["cls"])
        properties = json_schema.get("properties", {})
        for name, prop in properties.items():
            if name in documented and "description" not in prop:
                # Keys in order, as pydantic leaves them (its own sort passes over a property
                # that happens to be called "default").
                properties[name] = dict(sorted({**prop, "description": documented[name]}.items()))
        return json_schema


def attribute_docstrings(cls: type[Any]) -> dict[str, str]:
    """The docstrings under the annotated attributes of ``cls`` and its bases (a subclass's
    own docstring wins), cleaned like any docstring."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if klass is object or klass.__module__.startswith(("pydantic", "builtins")):
            continue
        if klass not in _read:
            _read[klass] = _own_docstrings(klass)
        found.update(_read[klass])
    return found


_read: dict[type[Any], dict[str, str]] = {}


def _own_docstrings(klass: type[Any]) -> dict[str, str]:
    try:
        lines, _ = inspect.getsourcelines(klass)
    except (OSError, TypeError):
        return {}
    tree = ast.parse(textwrap.dedent("".join(lines)))
    definition = tree.body[0] if tree.body else None
    if not isinstance(definition, ast.ClassDef):
        return {}
    found: dict[str, str] = {}
    body = definition.body
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[statement.target.id] = inspect.cleandoc(following.value.value)
    return found
