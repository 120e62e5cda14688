"""Reading a workspace straight from its SQLite file with the standard library, to open fast.

Opening the workbench on a database that is in step with the mirror only needs to read. This module
does that with ``sqlite3`` alone, so the first screen does not wait for SQLAlchemy and SQLModel to
import (about a second on a small machine); the full ``Store`` is opened later, for the first edit.

It reads exactly what ``Store.load`` reads and builds the same document, and it declines (returns
None) whenever it is not sure it can: another schema version, a table it does not know, a file it
cannot open read-only. The caller then takes the full path. A test compares both readers.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.workspace import Workspace
from ..perf import no_gc_pauses

SCHEMA_VERSION = 2
"""The schema this reader understands; equal to ``tables.SCHEMA_VERSION`` (a test checks)."""

_BOOKKEEPING = ("pk", "row_version", "position")


@dataclass(frozen=True)
class _Table:
    name: str
    key: str
    """The column holding the element's own part of its natural key."""
    parent: str | None = None
    parent_fk: str | None = None
    positional: bool = False
    stand_ins: tuple[tuple[str, str], ...] = ()
    """Column values that stand for "no value" in a NOT NULL column (as ``rows.Spec`` has)."""


SYSTEM = _Table("wb_system", "name")
ENTITY = _Table("wb_entity", "name", "wb_system", "system_pk")
FIELD = _Table("wb_field", "name", "wb_entity", "entity_pk", positional=True)
RELATIONSHIP = _Table("wb_relationship", "name", "wb_system", "system_pk", positional=True)
MAPPING = _Table("wb_mapping", "id")
FIELD_MAPPING = _Table("wb_field_mapping", "target", "wb_mapping", "mapping_pk", positional=True)
VALUE_MAP = _Table("wb_value_map", "id")
STAKEHOLDER = _Table("wb_stakeholder", "id", positional=True)
DECISION = _Table("wb_decision", "number", stand_ins=(("date", "0001-01-01"),))
SIGNOFF = _Table("wb_signoff", "hash", "wb_decision", "decision_pk", positional=True)
SCENARIO = _Table("wb_scenario", "id")
PRODUCT_CLASS = _Table("wb_product_class", "id")
METRIC = _Table("wb_reconciliation_metric", "id")
SUPPRESSION = _Table("wb_check_suppression", "element", positional=True)
MASTER_DATA = _Table("wb_master_data", "id")

TABLES = (
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
"""Parents before children, like ``rows.SPECS`` (a test checks both name the same tables)."""
KNOWN_TABLES = frozenset({"wb_meta", "wb_workspace", *(t.name for t in TABLES)})


@dataclass
class _Rows:
    """One table's rows as dicts of domain attributes (NULL left out), with their bookkeeping."""

    attributes: list[dict[str, Any]]
    pk: list[int]
    parent_pk: list[int]
    version: list[int]
    position: list[int]


@dataclass(frozen=True)
class QuickRead:
    workspace: Workspace
    revision: int
    workspace_version: int
    database_id: str
    _rows: dict[str, _Rows]

    def versions(self) -> dict[tuple[str, tuple[str, ...]], tuple[int, int]]:
        """``(pk, row_version)`` by table and natural key, as ``Snapshot.versions`` holds them;
        worked out when asked (the first commit), like the store's own."""
        with no_gc_pauses():
            return _versions(self._rows)


def read_header(path: Path) -> tuple[str, int] | None:
    """The database id and revision, or None when this reader cannot read the file."""
    connection = _connect(path)
    if connection is None:
        return None
    try:
        return _header(connection)
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def quick_load(path: Path) -> QuickRead | None:
    """The workspace in the SQLite file at ``path``, or None when only the full store can say."""
    connection = _connect(path)
    if connection is None:
        return None
    try:
        header = _header(connection)
        if header is None:
            return None
        database_id, _ = header
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if name.startswith("wb_")
        }
        if tables != KNOWN_TABLES:
            return None
        head = _read(connection, _Table("wb_workspace", "name"))
        if len(head.pk) != 1:
            return None
        revision = connection.execute("SELECT revision FROM wb_workspace").fetchone()[0]
        with no_gc_pauses():
            rows = {table.name: _read(connection, table) for table in TABLES}
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    document_header = {k: v for k, v in head.attributes[0].items() if k != "revision"}
    row_version = head.version[0]
    try:
        with no_gc_pauses():
            document = _document(document_header, rows)
            workspace = Workspace.model_validate(document)
    except ValueError:
        return None  # the full store reports what is wrong
    return QuickRead(workspace, int(revision), int(row_version), database_id, rows)


def _connect(path: Path) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    try:
        # Read-only: this reader never creates, migrates or locks anything for writing.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        # One read transaction for every table read (the driver begins one only before a
        # write): a commit in between would mix two revisions. Closing ends it.
        connection.execute("BEGIN")
    except sqlite3.Error:
        connection.close()
        return None
    return connection


def _header(connection: sqlite3.Connection) -> tuple[str, int] | None:
    try:
        meta = dict(connection.execute("SELECT key, value FROM wb_meta").fetchall())
        revision = connection.execute("SELECT revision FROM wb_workspace").fetchone()
    except sqlite3.Error:
        return None
    if meta.get("schema_version") != str(SCHEMA_VERSION) or revision is None:
        return None
    return str(meta.get("database_id", "")), int(revision[0] or 0)


def _read(connection: sqlite3.Connection, table: _Table) -> _Rows:
    info = connection.execute(f"PRAGMA table_info({table.name})").fetchall()
    skip = {*_BOOKKEEPING, table.parent_fk}
    columns = [(str(col[1]), str(col[2]).upper() == "JSON") for col in info if col[1] not in skip]
    selected = [
        "pk",
        table.parent_fk or "pk",
        "row_version",
        "position" if table.positional else "pk",
        *(name for name, _ in columns),
    ]
    quoted = ", ".join(f'"{name}"' for name in selected)
    # The names come from this module and from the file's own schema, never from user input.
    query = f"SELECT {quoted} FROM {table.name} ORDER BY pk"  # noqa: S608
    found = connection.execute(query).fetchall()
    names = [name for name, _ in columns]
    json_names = [name for name, is_json in columns if is_json]
    attributes = [
        {name: value for name, value in zip(names, row[4:], strict=True) if value is not None}
        for row in found
    ]
    for data in attributes:
        for name in json_names:
            if name in data:
                data[name] = json.loads(data[name])
        for name, stand_in in table.stand_ins:
            if data.get(name) == stand_in:
                del data[name]
    return _Rows(
        attributes,
        [row[0] for row in found],
        [row[1] for row in found],
        [row[2] for row in found],
        [row[3] for row in found],
    )


def _document(header: dict[str, Any], rows: dict[str, _Rows]) -> dict[str, Any]:
    """The nested document ``rows.assemble`` builds, in the same order."""

    def indices(table: _Table, by: str) -> list[int]:
        found = rows[table.name]
        if by == "position":
            return sorted(range(len(found.pk)), key=lambda i: found.position[i])
        return sorted(range(len(found.pk)), key=lambda i: found.attributes[i][table.key])

    def children(table: _Table) -> dict[int, list[dict[str, Any]]]:
        found = rows[table.name]
        order = (
            sorted(range(len(found.pk)), key=lambda i: found.position[i])
            if table.positional
            else range(len(found.pk))
        )
        groups: dict[int, list[dict[str, Any]]] = {}
        for i in order:
            groups.setdefault(found.parent_pk[i], []).append(found.attributes[i])
        return groups

    fields, relationships = children(FIELD), children(RELATIONSHIP)
    field_mappings, signoffs = children(FIELD_MAPPING), children(SIGNOFF)
    entities: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    entity_rows = rows[ENTITY.name]
    for i in range(len(entity_rows.pk)):
        entities.setdefault(entity_rows.parent_pk[i], []).append(
            (entity_rows.pk[i], entity_rows.attributes[i])
        )

    def system(i: int) -> dict[str, Any]:
        found = rows[SYSTEM.name]
        pk = found.pk[i]
        own = sorted(entities.get(pk, ()), key=lambda item: item[1][ENTITY.key])
        return {
            **found.attributes[i],
            "entities": [{**e, "fields": fields.get(e_pk, [])} for e_pk, e in own],
            "relationships": relationships.get(pk, []),
        }

    def with_children(
        table: _Table, name: str, groups: dict[int, list[dict[str, Any]]], by: str = "key"
    ) -> list[dict[str, Any]]:
        found = rows[table.name]
        return [
            {**found.attributes[i], name: groups.get(found.pk[i], [])} for i in indices(table, by)
        ]

    def plain(table: _Table, by: str = "key") -> list[dict[str, Any]]:
        found = rows[table.name]
        return [found.attributes[i] for i in indices(table, by)]

    return {
        **header,
        "systems": [system(i) for i in indices(SYSTEM, "key")],
        "mappings": with_children(MAPPING, "field_mappings", field_mappings),
        "value_maps": plain(VALUE_MAP),
        "stakeholders": plain(STAKEHOLDER, "position"),
        "decisions": with_children(DECISION, "signoffs", signoffs),
        "scenarios": plain(SCENARIO),
        "product_classes": plain(PRODUCT_CLASS),
        "reconciliation": plain(METRIC),
        "suppressions": plain(SUPPRESSION, "position"),
        "master_data": plain(MASTER_DATA),
    }


def _versions(rows: dict[str, _Rows]) -> dict[tuple[str, tuple[str, ...]], tuple[int, int]]:
    keys: dict[str, dict[int, tuple[str, ...]]] = {}
    versions: dict[tuple[str, tuple[str, ...]], tuple[int, int]] = {}
    for table in TABLES:  # parents first
        found = rows[table.name]
        above = keys.get(table.parent) if table.parent else None
        own: dict[int, tuple[str, ...]] = {}
        for i, pk in enumerate(found.pk):
            key: tuple[str, ...] = (str(found.attributes[i].get(table.key)),)
            if above is not None:
                key = above[found.parent_pk[i]] + key
            own[pk] = key
            versions[(table.name, key)] = (pk, found.version[i])
        keys[table.name] = own
    return versions
