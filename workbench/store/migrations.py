"""Schema migrations: each step brings a database from version N to N+1 inside the opening
transaction, so an interrupted migration leaves the old schema intact.

A release that changes the schema bumps ``tables.SCHEMA_VERSION`` and registers a step here.
Steps create new tables from their current definitions (``create_all`` on just those tables) or
alter existing ones with plain DDL that SQLite and PostgreSQL both understand.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Connection, inspect, text
from sqlmodel import SQLModel

from .tables import MasterDataRow, ProductClassRow, ReconciliationMetricRow, ScenarioRow, table_of

Step = Callable[[Connection], None]


def _create_tables(*models: type[SQLModel]) -> Step:
    def step(conn: Connection) -> None:
        SQLModel.metadata.create_all(conn, tables=[table_of(model) for model in models])

    return step


def _add_columns(model: type[SQLModel], *names: str) -> Step:
    """ALTER TABLE ... ADD COLUMN for columns added to an existing table (nullable, no default:
    rows written before the step read back as the domain default)."""

    def step(conn: Connection) -> None:
        table = table_of(model)
        present = {column["name"] for column in inspect(conn).get_columns(table.name)}
        for name in names:
            if name in present:
                continue  # a database created after the columns existed
            column: Column[object] = table.c[name]
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))

    return step


def _master_data_step(conn: Connection) -> None:
    _create_tables(MasterDataRow)(conn)
    _add_columns(ScenarioRow, "master_data", "overrides")(conn)


def _no_change(conn: Connection) -> None:
    """A version whose tables this release does not define (nothing to create)."""


STEPS: dict[int, Step] = {
    1: _create_tables(ProductClassRow, ReconciliationMetricRow),
    2: _no_change,
    3: _master_data_step,
}
"""``STEPS[n]`` migrates a database at schema version ``n`` to ``n + 1``."""


def upgrade(
    conn: Connection, found: int, current: int, steps: dict[int, Step] | None = None
) -> int:
    """Run every step from ``found`` up to ``current``; returns the version reached."""
    registry = STEPS if steps is None else steps
    version = found
    while version < current:
        step = registry.get(version)
        if step is None:
            raise LookupError(f"no migration from schema version {version} to {version + 1}")
        step(conn)
        version += 1
    return version
