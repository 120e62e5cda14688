"""The database schema: one SQLModel table per kind of element.

Each table has a surrogate primary key ``pk``, the element's natural key as a unique constraint, its
attributes as columns (named like the domain attributes) and ``row_version`` for optimistic
concurrency. Value objects that are always edited as a whole (a mapping's sync settings, a value
map's entries) are JSON columns. Children reference their parent's ``pk`` and go with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

SCHEMA_VERSION = 2
"""Version of this schema; ``migrations`` brings older databases up to it."""

TABLE_PREFIX = "wb_"


UNDATED = dt.date(1, 1, 1)
"""What the ``date`` column of ``wb_decision`` holds for a decision without a date."""


def _json() -> Any:
    # SQL NULL (not JSON 'null') for "nothing": cheaper to read back than an empty list.
    return Field(default=None, sa_column=Column(JSON(none_as_null=True)))


def _text() -> Any:
    return Field(default="", sa_column=Column(Text, nullable=False, default=""))


def _parent(table: str) -> Any:
    return Field(
        sa_column=Column(
            Integer, ForeignKey(f"{table}.pk", ondelete="CASCADE"), nullable=False, index=True
        )
    )


class MetaRow(SQLModel, table=True):
    __tablename__ = "wb_meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=200)


class WorkspaceRow(SQLModel, table=True):
    __tablename__ = "wb_workspace"
    pk: int = Field(default=1, primary_key=True)
    name: str = Field(max_length=80)
    title: str = ""
    description: str = _text()
    rejected_suggestions: list[str] | None = _json()
    """Mapping suggestions turned down (schema version 2)."""
    revision: int = 0
    """Incremented by every commit: tells a reader that someone else wrote."""
    row_version: int = 1


class SystemRow(SQLModel, table=True):
    __tablename__ = "wb_system"
    pk: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40, unique=True)
    label: str = ""
    role: str
    side: str | None = None
    vendor: str = ""
    version: str = ""
    description: str = _text()
    row_version: int = 1


class EntityRow(SQLModel, table=True):
    __tablename__ = "wb_entity"
    __table_args__ = (UniqueConstraint("system_pk", "name"),)
    pk: int | None = Field(default=None, primary_key=True)
    system_pk: int = _parent("wb_system")
    name: str = Field(max_length=128)
    label: str = ""
    kind: str
    description: str = _text()
    row_version: int = 1


class FieldRow(SQLModel, table=True):
    __tablename__ = "wb_field"
    __table_args__ = (UniqueConstraint("entity_pk", "name"),)
    pk: int | None = Field(default=None, primary_key=True)
    entity_pk: int = _parent("wb_entity")
    position: int
    name: str = Field(max_length=128)
    label: str = ""
    type: str
    native_type: str = ""
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    required: bool = False
    key: bool = False
    external_id: bool = False
    picklist: list[str] | None = _json()
    reference_to: str | None = None
    description: str = _text()
    row_version: int = 1


class RelationshipRow(SQLModel, table=True):
    __tablename__ = "wb_relationship"
    __table_args__ = (UniqueConstraint("system_pk", "name"),)
    pk: int | None = Field(default=None, primary_key=True)
    system_pk: int = _parent("wb_system")
    position: int
    name: str = Field(max_length=128)
    parent: str
    child: str
    cardinality: str
    kind: str
    via_field: str | None = None
    description: str = _text()
    row_version: int = 1


class MappingRow(SQLModel, table=True):
    __tablename__ = "wb_mapping"
    pk: int | None = Field(default=None, primary_key=True)
    id: str = Field(max_length=80, unique=True)
    title: str = ""
    area: str | None = None
    source: str
    target: str | None = None
    cardinality: str
    reason: str = _text()
    system_of_record: str | None = None
    sync: dict[str, Any] | None = _json()
    resolution: dict[str, Any] | None = _json()
    split: dict[str, Any] | None = _json()
    aggregation: dict[str, Any] | None = _json()
    bundle: dict[str, Any] | None = _json()
    amendment: dict[str, Any] | None = _json()
    keys: list[Any] | None = _json()
    error_policy: list[Any] | None = _json()
    status: str
    notes: str = _text()
    row_version: int = 1


class FieldMappingRow(SQLModel, table=True):
    __tablename__ = "wb_field_mapping"
    __table_args__ = (UniqueConstraint("mapping_pk", "target"),)
    pk: int | None = Field(default=None, primary_key=True)
    mapping_pk: int = _parent("wb_mapping")
    position: int
    target: str = Field(max_length=128)
    source: str | None = None
    transform: str = _text()
    value_map: str | None = None
    default: str | None = None
    required: bool = False
    owner: str | None = None
    notes: str = _text()
    row_version: int = 1


class ValueMapRow(SQLModel, table=True):
    __tablename__ = "wb_value_map"
    pk: int | None = Field(default=None, primary_key=True)
    id: str = Field(max_length=80, unique=True)
    title: str = ""
    description: str = _text()
    source_system: str | None = None
    target_system: str | None = None
    entries: list[Any] | None = _json()
    default: str | None = None
    row_version: int = 1


class StakeholderRow(SQLModel, table=True):
    __tablename__ = "wb_stakeholder"
    pk: int | None = Field(default=None, primary_key=True)
    id: str = Field(max_length=80, unique=True)
    position: int
    name: str
    function: str
    title: str = ""
    email: str = ""
    row_version: int = 1


class DecisionRow(SQLModel, table=True):
    __tablename__ = "wb_decision"
    pk: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)
    title: str
    status: str
    date: dt.date
    """NOT NULL since schema 1: an undated decision is stored as ``UNDATED``."""
    superseded_by: int | None = None
    decision_makers: list[str] | None = _json()
    consulted: list[str] | None = _json()
    informed: list[str] | None = _json()
    required_functions: list[str] | None = _json()
    links: list[str] | None = _json()
    context: str = _text()
    drivers: list[str] | None = _json()
    options: list[str] | None = _json()
    outcome: str = _text()
    consequences: list[str] | None = _json()
    more_information: str = _text()
    extra_sections: str = _text()
    extra_front_matter: list[Any] | None = _json()
    row_version: int = 1


class SignOffRow(SQLModel, table=True):
    """Sign-offs are appended, never updated: the log is evidence."""

    __tablename__ = "wb_signoff"
    __table_args__ = (UniqueConstraint("decision_pk", "position"),)
    pk: int | None = Field(default=None, primary_key=True)
    decision_pk: int = _parent("wb_decision")
    position: int
    stakeholder: str
    function: str
    verdict: str
    comment: str = _text()
    recorded_by: str
    recorded_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    content_hash: str = Field(max_length=64)
    previous_hash: str = Field(default="", max_length=64)
    hash: str = Field(max_length=64)
    row_version: int = 1


class ScenarioRow(SQLModel, table=True):
    __tablename__ = "wb_scenario"
    pk: int | None = Field(default=None, primary_key=True)
    id: str = Field(max_length=80, unique=True)
    title: str = ""
    description: str = _text()
    order: dict[str, Any] | None = _json()
    amendments: list[Any] | None = _json()
    expect: dict[str, Any] | None = _json()
    master_data: str | None = Field(default=None, max_length=80)
    overrides: dict[str, Any] | None = _json()
    row_version: int = 1


class ProductClassRow(SQLModel, table=True):
    __tablename__ = "wb_product_class"
    pk: int | None = Field(default=None, primary_key=True)
    id: str = Field(max_length=80, unique=True)
    title: str = ""
    description: str = _text()
    applies_to: str = _text()
    billing: dict[str, Any] | None = _json()
    recognition: dict[str, Any] | None = _json()
    row_version: int = 1


class ReconciliationMetricRow(SQLModel, table=True):
    __tablename__ = "wb_reconciliation_metric"
    pk: int | None = Field(default=None, primary_key=True)
    id: str = Field(max_length=80, unique=True)
    title: str = ""
    kind: str
    description: str = _text()
    measures: list[Any] | None = _json()
    join_keys: list[Any] | None = _json()
    frequency: str = ""
    tolerance: str = ""
    notify: list[str] | None = _json()
    row_version: int = 1


class SuppressionRow(SQLModel, table=True):
    __tablename__ = "wb_check_suppression"
    pk: int | None = Field(default=None, primary_key=True)
    element: str = Field(max_length=300, unique=True)
    position: int
    rules: list[str] | None = _json()
    reason: str = _text()
    row_version: int = 1


class MasterDataRow(SQLModel, table=True):
    __tablename__ = "wb_master_data"
    pk: int | None = Field(default=None, primary_key=True)
    id: str = Field(max_length=80, unique=True)
    title: str = ""
    description: str = _text()
    accounts: list[Any] | None = _json()
    products: list[Any] | None = _json()
    customers: list[Any] | None = _json()
    items: list[Any] | None = _json()
    sales_organizations: list[Any] | None = _json()
    bundles: list[Any] | None = _json()
    flow: dict[str, Any] | None = _json()
    row_version: int = 1


ELEMENT_TABLES: tuple[type[SQLModel], ...] = (
    SystemRow,
    EntityRow,
    FieldRow,
    RelationshipRow,
    MappingRow,
    FieldMappingRow,
    ValueMapRow,
    StakeholderRow,
    DecisionRow,
    SignOffRow,
    ScenarioRow,
    ProductClassRow,
    ReconciliationMetricRow,
    SuppressionRow,
    MasterDataRow,
)
"""Tables holding model elements, parents before children."""


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a SQLModel class (typed, for queries built with SQLAlchemy Core)."""
    found: Table = model.__table__  # type: ignore[attr-defined]
    return found


META = table_of(MetaRow)
WORKSPACE = table_of(WorkspaceRow)
