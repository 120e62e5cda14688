"""Whatever bytes arrive, a parser either returns a catalogue or raises ImportFailure: never
another exception, never a crash."""

from __future__ import annotations

import contextlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.importers import ImportFailure, parse_csv, parse_describe, parse_edmx, parse_sfdx

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
field_like = st.fixed_dictionaries(
    {"name": st.text(max_size=12) | st.integers()},
    optional={
        "type": st.sampled_from(["string", "reference", "picklist", "id", "double"]) | json_values,
        "length": json_values,
        "referenceTo": json_values,
        "picklistValues": json_values,
        "nillable": json_values,
    },
)
describe_like = st.fixed_dictionaries(
    {
        "name": st.text(max_size=12) | json_values,
        "fields": st.lists(field_like, max_size=5) | json_values,
    },
    optional={"childRelationships": json_values, "label": json_values},
)


def _survives(call, *args):  # type: ignore[no-untyped-def]
    with contextlib.suppress(ImportFailure):
        call(*args)


@settings(max_examples=150, deadline=None)
@given(describe_like | json_values)
def test_describe_json_of_any_shape(document: object) -> None:
    _survives(parse_describe, "fuzz.json", json.dumps(document).encode())


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes(data: bytes) -> None:
    _survives(parse_edmx, "fuzz.edmx", data)
    _survives(parse_describe, "fuzz.json", data)
    _survives(parse_csv, "fuzz.csv", data)
    _survives(parse_sfdx, {"objects/A__c/A__c.object-meta.xml": data})


element = st.sampled_from(
    [
        "EntityType",
        "Property",
        "Key",
        "PropertyRef",
        "NavigationProperty",
        "Association",
        "End",
        "EntitySet",
        "EntityContainer",
    ]
)
attribute_value = st.text(alphabet="AB_.*10()", max_size=6)


@st.composite
def edmx_documents(draw: st.DrawFn) -> bytes:
    def node(depth: int) -> str:
        tag = draw(element)
        attrs = " ".join(
            f'{name}="{draw(attribute_value)}"'
            for name in draw(
                st.lists(
                    st.sampled_from(
                        [
                            "Name",
                            "Type",
                            "Multiplicity",
                            "Role",
                            "Relationship",
                            "FromRole",
                            "ToRole",
                            "EntityType",
                            "MaxLength",
                            "Nullable",
                        ]
                    ),
                    max_size=4,
                    unique=True,
                )
            )
        )
        inner = "".join(node(depth + 1) for _ in range(draw(st.integers(0, 2 if depth < 3 else 0))))
        return f"<{tag} {attrs}>{inner}</{tag}>"

    body = "".join(node(0) for _ in range(draw(st.integers(0, 4))))
    return (
        '<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx">'
        f'<edmx:DataServices><Schema Namespace="N" Alias="A">{body}</Schema></edmx:DataServices></edmx:Edmx>'
    ).encode()


@settings(max_examples=150, deadline=None)
@given(edmx_documents())
def test_metadata_of_any_structure(data: bytes) -> None:
    _survives(parse_edmx, "fuzz.edmx", data)
