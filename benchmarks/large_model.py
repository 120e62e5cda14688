"""A large, valid, deterministic workspace for benchmarks and scale tests.

Default size: 2,000 entities (1,000 per side), 40,000 fields, 1,000 mappings, 20,000 field mappings.
"""

from __future__ import annotations

import random

from workbench.domain import (
    Entity,
    ErrorRule,
    Field,
    FieldMapping,
    KeyXref,
    Mapping,
    Relationship,
    ResolutionRule,
    Stakeholder,
    Sync,
    System,
    Workspace,
)

_TYPES = ("string", "decimal", "date", "picklist", "boolean", "integer")
_CARDINALITIES = ("1:1", "1:N", "N:1", "N:M")


def _entity(prefix: str, index: int, fields_per_entity: int, rng: random.Random) -> Entity:
    fields = [Field(name="Id", type="id", key=True, length=18, label="Record id")]
    for number in range(1, fields_per_entity):
        kind = rng.choice(_TYPES)
        fields.append(
            Field(
                name=f"{prefix}Field{number:02d}",
                label=f"{prefix} field {number}",
                type=kind,
                length=rng.choice((10, 40, 80, 255)) if kind == "string" else None,
                required=rng.random() < 0.2,
                picklist=("A", "B", "C") if kind == "picklist" else (),
                description=f"Attribute {number} of {prefix} entity {index}.",
            )
        )
    return Entity(
        name=f"{prefix}Entity{index:04d}",
        label=f"{prefix} entity {index}",
        kind=rng.choice(("master", "transaction", "reference")),
        description=f"Generated entity {index} on the {prefix} side.",
        fields=tuple(fields),
    )


def large_workspace(
    entities_per_side: int = 1000,
    fields_per_entity: int = 20,
    mappings: int = 1000,
    field_mappings_per_mapping: int = 20,
    seed: int = 7,
) -> Workspace:
    rng = random.Random(seed)
    sides = []
    for name, role, prefix in (("crm", "crm", "Crm"), ("erp", "erp", "Erp")):
        entities = tuple(
            _entity(prefix, i, fields_per_entity, rng) for i in range(entities_per_side)
        )
        relationships = tuple(
            Relationship(
                name=f"Rel{i:04d}",
                parent=entities[i].name,
                child=entities[i + 1].name,
                via_field="Id",
            )
            for i in range(0, entities_per_side - 1, 2)
        )
        sides.append(
            System(
                name=name,
                role=role,
                label=f"{prefix} system",
                entities=entities,
                relationships=relationships,
            )
        )
    crm, erp = sides
    built = []
    for i in range(mappings):
        source = crm.entities[i % entities_per_side]
        target = erp.entities[(i * 7) % entities_per_side]
        cardinality = _CARDINALITIES[i % len(_CARDINALITIES)]
        count = min(field_mappings_per_mapping, len(target.fields) - 1, len(source.fields) - 1)
        built.append(
            Mapping(
                id=f"mapping-{i:04d}",
                title=f"{source.name} to {target.name}",
                source=f"crm:{source.name}",
                target=f"erp:{target.name}",
                cardinality=cardinality,
                system_of_record=rng.choice(("crm", "erp")),
                sync=Sync(trigger="schedule", schedule="hourly"),
                resolution=ResolutionRule(match_on=("company",))
                if cardinality in ("1:N", "N:M")
                else None,
                keys=(KeyXref(source_field="Id", target_field="Id"),),
                field_mappings=tuple(
                    FieldMapping(
                        target=target.fields[n + 1].name,
                        source=source.fields[n + 1].name,
                        transform="copy" if n % 3 else "trim and upper-case",
                        required=n % 5 == 0,
                    )
                    for n in range(count)
                ),
                error_policy=(
                    ErrorRule(
                        route="integration queue", notify=("IT",), resolution="fix and resend"
                    ),
                ),
                status=rng.choice(("draft", "proposed", "agreed")),
            )
        )
    return Workspace(
        name="large",
        title="Large generated model",
        systems=(crm, erp),
        mappings=tuple(built),
        stakeholders=(Stakeholder(id="owner", name="Model Owner", function="IT"),),
    )
