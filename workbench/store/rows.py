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
from sqlalchemy import JSON
from sqlmodel import SQLModel

from ..domain.decisions import Decision, SignOff
from ..domain.mappings import FieldMapping, Mapping
from ..domain.masterdata import MasterData
from ..domain.reconciliation import ReconciliationMetric
from ..domain.reference import Stakeholder, ValueMap
from ..domain.revenue import ProductClass
from ..domain.scenarios import Scenario
from ..domain.suppressions import Suppression
from ..domain.systems import Entity, Field, Relationship, System
from ..domain.workspace import Workspace
from .tables import (
    UNDATED,
    DecisionRow,
    EntityRow,
    FieldMappingRow,
    FieldRow,
    MappingRow,
    MasterDataRow,
    ProductClassRow,
    ReconciliationMetricRow,
    RelationshipRow,
    ScenarioRow,
    SignOffRow,
    StakeholderRow,
    SuppressionRow,
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
    key_column: str
    """The column holding the element's own part of its natural key."""
    parent_fk: str | None = None
    positional: bool = False
    native_columns: tuple[str, ...] = ()
    """Columns whose Python value goes to the driver as is (dates), not as JSON-mode text."""
    stand_ins: tuple[tuple[str, Any], ...] = ()
    """``(column, value)``: the value a NOT NULL column holds for an attribute that is None."""
    name: str = field(init=False)
    columns: tuple[str, ...] = field(init=False)
    """Domain attribute columns, in table order."""
    json_columns: tuple[str, ...] = field(init=False)
    read_columns: tuple[str, ...] = field(init=False)
    """What ``load`` selects: pk, parent pk (or pk again), row_version, position (or pk), then the
    domain columns, so every row tuple has the same layout."""
    _include: set[str] = field(init=False)

    def __post_init__(self) -> None:
        columns = self.table.__table__.columns  # type: ignore[attr-defined]
        skip = _BOOKKEEPING | ({self.parent_fk} if self.parent_fk else set())
        names = tuple(c.name for c in columns if c.name not in skip)
        setattr_ = object.__setattr__
        setattr_(self, "name", str(self.table.__tablename__))
        setattr_(self, "columns", names)
        setattr_(self, "_include", set(names))
        setattr_(
            self,
            "json_columns",
            tuple(c.name for c in columns if c.name in names and isinstance(c.type, JSON)),
        )
        bookkeeping = (
            "pk",
            self.parent_fk or "pk",
            "row_version",
            "position" if self.positional else "pk",
        )
        setattr_(self, "read_columns", (*bookkeeping, *names))

    @property
    def key_index(self) -> int:
        return HEAD + self.columns.index(self.key_column)

    def values(self, obj: BaseModel, position: int | None) -> dict[str, Any]:
        data: dict[str, Any] = obj.model_dump(mode="json", include=self._include)
        for column in self.json_columns:
            if not data[column]:
                data[column] = None  # empty lists and dicts are stored as NULL
        for column in self.native_columns:
            data[column] = getattr(obj, column)
        for column, stand_in in self.stand_ins:
            if data[column] is None:
                data[column] = stand_in
        if self.positional:
            data["position"] = position
        return data

    def attributes(self, row: Sequence[Any], **children: Any) -> dict[str, Any]:
        """The domain attributes of a row read with ``read_columns`` (NULL: the default),
        plus its children."""
        data = {
            name: value
            for name, value in zip(self.columns, row[HEAD:], strict=True)
            if value is not None
        }
        for column, stand_in in self.stand_ins:
            if data.get(column) == stand_in:
                del data[column]
        data.update(children)
        return data


PK, PARENT_PK, ROW_VERSION, POSITION, HEAD = 0, 1, 2, 3, 4
"""Positions in a row tuple read with ``Spec.read_columns``."""


SYSTEM = Spec(SystemRow, System, "name")
ENTITY = Spec(EntityRow, Entity, "name", parent_fk="system_pk")
FIELD = Spec(FieldRow, Field, "name", parent_fk="entity_pk", positional=True)
RELATIONSHIP = Spec(RelationshipRow, Relationship, "name", parent_fk="system_pk", positional=True)
MAPPING = Spec(MappingRow, Mapping, "id")
FIELD_MAPPING = Spec(
    FieldMappingRow, FieldMapping, "target", parent_fk="mapping_pk", positional=True
)
VALUE_MAP = Spec(ValueMapRow, ValueMap, "id")
STAKEHOLDER = Spec(StakeholderRow, Stakeholder, "id", positional=True)
DECISION = Spec(
    DecisionRow, Decision, "number", native_columns=("date",), stand_ins=(("date", UNDATED),)
)
SIGNOFF = Spec(
    SignOffRow,
    SignOff,
    "hash",
    parent_fk="decision_pk",
    positional=True,
    native_columns=("recorded_at",),
)
SCENARIO = Spec(ScenarioRow, Scenario, "id")
PRODUCT_CLASS = Spec(ProductClassRow, ProductClass, "id")
METRIC = Spec(ReconciliationMetricRow, ReconciliationMetric, "id")
SUPPRESSION = Spec(SuppressionRow, Suppression, "element", positional=True)
MASTER_DATA = Spec(MasterDataRow, MasterData, "id")

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
    PRODUCT_CLASS,
    METRIC,
    SUPPRESSION,
    MASTER_DATA,
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
    c.items(PRODUCT_CLASS, (), *collection("product_classes"), lambda p: p.id)
    c.items(METRIC, (), *collection("reconciliation"), lambda r: r.id)
    c.items(SUPPRESSION, (), *collection("suppressions"), lambda s: s.element)
    c.items(MASTER_DATA, (), *collection("master_data"), lambda d: d.id)
    return c.changes


def _name(item: Any) -> str:
    return str(item.name)


Rows = dict[str, list[Sequence[Any]]]
"""Every row of every element table, read with ``Spec.read_columns``, by table name."""


def assemble(header: dict[str, Any], rows: Rows) -> Workspace:
    """Build the workspace from all rows of all element tables.

    The rows become one nested document validated in a single call: the store is trusted no
    more than a file, and one call is much faster than one per row.
    """

    def grouped(spec: Spec) -> dict[int, list[Sequence[Any]]]:
        groups: dict[int, list[Sequence[Any]]] = {}
        for row in rows[spec.name]:
            groups.setdefault(row[PARENT_PK], []).append(row)
        if spec.positional:
            for group in groups.values():
                group.sort(key=lambda r: r[POSITION])
        return groups

    def ordered(spec: Spec, by_position: bool = False) -> list[Sequence[Any]]:
        index = POSITION if by_position else spec.key_index
        return sorted(rows[spec.name], key=lambda r: r[index])

    def plain(spec: Spec, found: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
        return [spec.attributes(row) for row in found]

    fields = grouped(FIELD)
    entities = grouped(ENTITY)
    relationships = grouped(RELATIONSHIP)
    field_mappings = grouped(FIELD_MAPPING)
    signoffs = grouped(SIGNOFF)
    name = ENTITY.key_index
    document = {
        **header,
        "systems": [
            SYSTEM.attributes(
                row,
                entities=[
                    ENTITY.attributes(e, fields=plain(FIELD, fields.get(e[PK], ())))
                    for e in sorted(entities.get(row[PK], ()), key=lambda r: r[name])
                ],
                relationships=plain(RELATIONSHIP, relationships.get(row[PK], ())),
            )
            for row in ordered(SYSTEM)
        ],
        "mappings": [
            MAPPING.attributes(
                row, field_mappings=plain(FIELD_MAPPING, field_mappings.get(row[PK], ()))
            )
            for row in ordered(MAPPING)
        ],
        "value_maps": plain(VALUE_MAP, ordered(VALUE_MAP)),
        "stakeholders": plain(STAKEHOLDER, ordered(STAKEHOLDER, by_position=True)),
        "decisions": [
            DECISION.attributes(row, signoffs=plain(SIGNOFF, signoffs.get(row[PK], ())))
            for row in ordered(DECISION)
        ],
        "scenarios": plain(SCENARIO, ordered(SCENARIO)),
        "product_classes": plain(PRODUCT_CLASS, ordered(PRODUCT_CLASS)),
        "reconciliation": plain(METRIC, ordered(METRIC)),
        "suppressions": plain(SUPPRESSION, ordered(SUPPRESSION, by_position=True)),
        "master_data": plain(MASTER_DATA, ordered(MASTER_DATA)),
    }
    return Workspace.model_validate(document)


def natural_keys(rows: Rows) -> dict[str, dict[int, NaturalKey]]:
    """The natural key of every row, by table and pk (children prefix their parent's key)."""
    keys: dict[str, dict[int, NaturalKey]] = {}
    for spec in SPECS:  # parents come first
        own = spec.key_index
        parent = PARENT.get(spec.name)
        if parent is None:
            keys[spec.name] = {row[PK]: (str(row[own]),) for row in rows[spec.name]}
        else:
            above = keys[parent.name]
            keys[spec.name] = {
                row[PK]: above[row[PARENT_PK]] + (str(row[own]),) for row in rows[spec.name]
            }
    return keys
