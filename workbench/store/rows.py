"""Between domain values and table rows: flattening, assembling and diffing.

A commit writes only what changed. ``diff`` walks the old and new workspace side by side, skips
every sub-tree the edit left untouched (frozen values are shared, so ``is`` says "unchanged" in
constant time) and returns row-level inserts, updates and deletes keyed by natural keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlmodel import SQLModel

from ..domain.decisions import Decision, SignOff
from ..domain.mappings import FieldMapping, Mapping
from ..domain.reference import Stakeholder, ValueMap
from ..domain.scenarios import Scenario
from ..domain.systems import Entity, Field, Relationship, System
from ..domain.workspace import Workspace
from .tables import (
    DecisionRow,
    EntityRow,
    FieldMappingRow,
    FieldRow,
    MappingRow,
    RelationshipRow,
    ScenarioRow,
    SignOffRow,
    StakeholderRow,
    SystemRow,
    ValueMapRow,
)

NaturalKey = tuple[str, ...]
_BOOKKEEPING = {"pk", "row_version", "position"}


@dataclass(frozen=True)
class Spec:
    """How one domain type is stored in one table."""

    table: type[SQLModel]
    model: type[BaseModel]
    parent_fk: str | None = None
    positional: bool = False
    native_columns: tuple[str, ...] = ()
    """Columns whose Python value goes to the driver as is (dates), not as JSON-mode text."""
    columns: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = [c.name for c in self.table.__table__.columns]  # type: ignore[attr-defined]
        skip = _BOOKKEEPING | ({self.parent_fk} if self.parent_fk else set())
        object.__setattr__(self, "columns", tuple(n for n in names if n not in skip))

    @property
    def name(self) -> str:
        return str(self.table.__tablename__)

    def values(self, obj: BaseModel, position: int | None) -> dict[str, Any]:
        data: dict[str, Any] = obj.model_dump(mode="json", include=set(self.columns))
        for column in self.native_columns:
            data[column] = getattr(obj, column)
        if self.positional:
            data["position"] = position
        return data

    def build(self, row: dict[str, Any], **children: Any) -> Any:
        data = {k: v for k, v in row.items() if k not in _BOOKKEEPING and k != self.parent_fk}
        data = {k: v for k, v in data.items() if v is not None or k in _NULLABLE_KEEP}
        data.update(children)
        return self.model.model_validate(data)


# Columns where a stored NULL means "no value" rather than "use the default".
_NULLABLE_KEEP: set[str] = set()

SYSTEM = Spec(SystemRow, System)
ENTITY = Spec(EntityRow, Entity, parent_fk="system_pk")
FIELD = Spec(FieldRow, Field, parent_fk="entity_pk", positional=True)
RELATIONSHIP = Spec(RelationshipRow, Relationship, parent_fk="system_pk", positional=True)
MAPPING = Spec(MappingRow, Mapping)
FIELD_MAPPING = Spec(FieldMappingRow, FieldMapping, parent_fk="mapping_pk", positional=True)
VALUE_MAP = Spec(ValueMapRow, ValueMap)
STAKEHOLDER = Spec(StakeholderRow, Stakeholder, positional=True)
DECISION = Spec(DecisionRow, Decision, native_columns=("date",))
SIGNOFF = Spec(
    SignOffRow, SignOff, parent_fk="decision_pk", positional=True, native_columns=("recorded_at",)
)
SCENARIO = Spec(ScenarioRow, Scenario)

SPECS: tuple[Spec, ...] = (
    SYSTEM,
    ENTITY,
    FIELD,
    RELATIONSHIP,
    MAPPING,
    FIELD_MAPPING,
    VALUE_MAP,
    STAKEHOLDER,
    DECISION,
    SIGNOFF,
    SCENARIO,
)
"""Parents before children: the order of inserts; deletes go the other way."""
PARENT: dict[str, Spec] = {
    ENTITY.name: SYSTEM,
    FIELD.name: ENTITY,
    RELATIONSHIP.name: SYSTEM,
    FIELD_MAPPING.name: MAPPING,
    SIGNOFF.name: DECISION,
}


class Op(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class RowChange:
    spec: Spec
    key: NaturalKey
    op: Op
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def parent_key(self) -> NaturalKey:
        return self.key[:-1]


@dataclass
class _Collector:
    changes: list[RowChange] = field(default_factory=list)

    def items(
        self,
        spec: Spec,
        prefix: NaturalKey,
        old: Sequence[Any],
        new: Sequence[Any],
        key: Callable[[Any], str],
        children: Callable[[NaturalKey, Any, Any], None] | None = None,
    ) -> None:
        """Diff one collection. ``children(key, old, new)`` recurses into an element's children;
        it receives None for the side where the element does not exist."""
        old_by_key = {key(item): (position, item) for position, item in enumerate(old)}
        new_keys = set()
        for position, item in enumerate(new):
            name = key(item)
            new_keys.add(name)
            natural = (*prefix, name)
            before = old_by_key.get(name)
            if before is None:
                self.changes.append(
                    RowChange(spec, natural, Op.INSERT, spec.values(item, position))
                )
                if children:
                    children(natural, None, item)
                continue
            old_position, old_item = before
            if old_item is item and old_position == position:
                continue
            values = spec.values(item, position)
            if values != spec.values(old_item, old_position):
                self.changes.append(RowChange(spec, natural, Op.UPDATE, values))
            if children and old_item is not item:
                children(natural, old_item, item)
        for name, (_, item) in old_by_key.items():
            if name not in new_keys:
                natural = (*prefix, name)
                if children:
                    children(natural, item, None)
                self.changes.append(RowChange(spec, natural, Op.DELETE))


def diff(old: Workspace | None, new: Workspace) -> list[RowChange]:
    """Row changes that turn ``old`` (None: an empty database) into ``new``.

    Deletes of children come before deletes of their parents (the collector emits them that way),
    inserts of parents before inserts of their children.
    """
    c = _Collector()

    def entity_children(key: NaturalKey, before: Entity | None, after: Entity | None) -> None:
        c.items(FIELD, key, before.fields if before else (), after.fields if after else (), _name)

    def system_children(key: NaturalKey, before: System | None, after: System | None) -> None:
        c.items(
            ENTITY,
            key,
            before.entities if before else (),
            after.entities if after else (),
            _name,
            entity_children,
        )
        c.items(
            RELATIONSHIP,
            key,
            before.relationships if before else (),
            after.relationships if after else (),
            _name,
        )

    def mapping_children(key: NaturalKey, before: Mapping | None, after: Mapping | None) -> None:
        c.items(
            FIELD_MAPPING,
            key,
            before.field_mappings if before else (),
            after.field_mappings if after else (),
            lambda fm: fm.target,
        )

    def decision_children(key: NaturalKey, before: Decision | None, after: Decision | None) -> None:
        c.items(
            SIGNOFF,
            key,
            before.signoffs if before else (),
            after.signoffs if after else (),
            lambda s: s.hash,
        )

    def collection(name: str) -> tuple[Sequence[Any], Sequence[Any]]:
        return (getattr(old, name) if old else (), getattr(new, name))

    c.items(SYSTEM, (), *collection("systems"), _name, system_children)
    c.items(MAPPING, (), *collection("mappings"), lambda m: m.id, mapping_children)
    c.items(VALUE_MAP, (), *collection("value_maps"), lambda v: v.id)
    c.items(STAKEHOLDER, (), *collection("stakeholders"), lambda s: s.id)
    c.items(DECISION, (), *collection("decisions"), lambda d: str(d.number), decision_children)
    c.items(SCENARIO, (), *collection("scenarios"), lambda s: s.id)
    return c.changes


def _name(item: Any) -> str:
    return str(item.name)


def assemble(header: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> Workspace:
    """Build the workspace from all rows of all element tables (each list in ``pk`` order)."""

    def grouped(spec: Spec) -> dict[int, list[dict[str, Any]]]:
        groups: dict[int, list[dict[str, Any]]] = {}
        for row in rows[spec.name]:
            groups.setdefault(row[spec.parent_fk], []).append(row)  # type: ignore[index]
        if spec.positional:
            for group in groups.values():
                group.sort(key=lambda r: r["position"])
        return groups

    def ordered(spec: Spec, key: str) -> list[dict[str, Any]]:
        return sorted(rows[spec.name], key=lambda r: r[key])

    fields = grouped(FIELD)
    entities = grouped(ENTITY)
    relationships = grouped(RELATIONSHIP)
    field_mappings = grouped(FIELD_MAPPING)
    signoffs = grouped(SIGNOFF)

    def build_all(spec: Spec, found: Iterable[dict[str, Any]]) -> tuple[Any, ...]:
        return tuple(spec.build(row) for row in found)

    systems = tuple(
        SYSTEM.build(
            row,
            entities=tuple(
                ENTITY.build(e, fields=build_all(FIELD, fields.get(e["pk"], ())))
                for e in sorted(entities.get(row["pk"], ()), key=lambda r: r["name"])
            ),
            relationships=build_all(RELATIONSHIP, relationships.get(row["pk"], ())),
        )
        for row in ordered(SYSTEM, "name")
    )
    return Workspace.model_validate(
        {
            **header,
            "systems": systems,
            "mappings": tuple(
                MAPPING.build(
                    row, field_mappings=build_all(FIELD_MAPPING, field_mappings.get(row["pk"], ()))
                )
                for row in ordered(MAPPING, "id")
            ),
            "value_maps": build_all(VALUE_MAP, ordered(VALUE_MAP, "id")),
            "stakeholders": build_all(STAKEHOLDER, ordered(STAKEHOLDER, "position")),
            "decisions": tuple(
                DECISION.build(row, signoffs=build_all(SIGNOFF, signoffs.get(row["pk"], ())))
                for row in ordered(DECISION, "number")
            ),
            "scenarios": build_all(SCENARIO, ordered(SCENARIO, "id")),
        }
    )
