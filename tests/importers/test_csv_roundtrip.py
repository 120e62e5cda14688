"""A CSV inventory written from entities reads back as the same entities."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.systems import Entity, Field, FieldType
from workbench.importers import parse_csv

names = st.from_regex(r"\A[A-Za-z][A-Za-z0-9_]{0,12}\Z")
text = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=20).map(
    lambda t: " ".join(t.split())
)
types = st.sampled_from([t for t in FieldType if t is not FieldType.OTHER])


@st.composite
def inventories(draw: st.DrawFn) -> list[Entity]:
    entity_names = draw(st.lists(names, min_size=1, max_size=4, unique_by=str.casefold))
    return [
        Entity(
            name=name,
            fields=tuple(
                Field(
                    name=field,
                    type=draw(types),
                    length=draw(st.none() | st.integers(1, 500)),
                    required=draw(st.booleans()),
                    key=draw(st.booleans()),
                    label=draw(text),
                    description=draw(text),
                )
                for field in draw(st.lists(names, min_size=1, max_size=5, unique=True))
            ),
        )
        for name in entity_names
    ]


@settings(max_examples=80, deadline=None)
@given(inventories())
def test_csv_round_trip(entities: list[Entity]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["entity", "field", "label", "type", "length", "required", "key", "description"]
    )
    for entity in entities:
        for f in entity.fields:
            writer.writerow(
                [
                    entity.name,
                    f.name,
                    f.label,
                    f.type.value,
                    f.length or "",
                    f.required,
                    f.key,
                    f.description,
                ]
            )
    catalogue = parse_csv("inventory.csv", out.getvalue().encode())
    assert catalogue.problems == ()
    read = {e.name: e for e in catalogue.entities}
    for entity in entities:
        assert read[entity.name].fields == entity.fields
