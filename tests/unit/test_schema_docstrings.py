"""Attribute docstrings become JSON Schema descriptions without pydantic reading them at import."""

from __future__ import annotations

from workbench.domain.base import Model
from workbench.domain.systems import Entity, Field
from workbench.mirror.docstrings import DocumentedSchema, attribute_docstrings


class Parent(Model):
    code: str
    """The parent's code."""
    note: str = ""
    """Said by the parent."""
    plain: int = 0


class Child(Parent):
    note: str = ""
    """Said by the child."""
    extra: bool = False
    """Only the child has this."""


def test_each_annotated_attribute_takes_the_string_under_it() -> None:
    assert attribute_docstrings(Parent) == {
        "code": "The parent's code.",
        "note": "Said by the parent.",
    }


def test_a_subclass_keeps_inherited_docstrings_and_its_own_win() -> None:
    assert attribute_docstrings(Child) == {
        "code": "The parent's code.",
        "note": "Said by the child.",
        "extra": "Only the child has this.",
    }


def test_the_schema_describes_documented_properties_only() -> None:
    properties = Child.model_json_schema(schema_generator=DocumentedSchema)["properties"]
    assert properties["note"]["description"] == "Said by the child."
    assert "description" not in properties["plain"]
    assert list(properties["extra"]) == sorted(properties["extra"])


def test_domain_models_no_longer_carry_the_text_at_runtime() -> None:
    # Reading docstrings at class creation is what this replaces: it cost every start.
    assert Entity.model_fields["name"].description is None
    schema = Entity.model_json_schema(schema_generator=DocumentedSchema)
    assert schema["properties"]["name"]["description"].startswith("API name")
    field_schema = schema["$defs"]["Field"]["properties"]["label"]
    assert field_schema["description"] == "Human label shown in the system's UI."
    assert Field.model_fields["label"].description is None
