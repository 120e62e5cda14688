"""Schema migrations: each step brings a database from version N to N+1 inside the opening
transaction, so an interrupted migration leaves the old schema intact.

A release that changes the schema bumps ``tables.SCHEMA_VERSION`` and registers one step here.
Steps create new tables from their current definitions (``create_all`` on just those tables) and
alter existing ones with plain DDL that SQLite and PostgreSQL both understand.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text
from sqlmodel import SQLModel

from .tables import (
    MasterDataRow,
    ProductClassRow,
    ReconciliationMetricRow,
    SuppressionRow,
    table_of,
)

Step = Callable[[Connection], None]


def _version_2(conn: Connection) -> None:
    """Version 2: product classes, reconciliation metrics, check suppressions and master data
    sets; the workspace remembers the mapping suggestions it turned down; decisions keep the
    sections and front-matter keys of other ADR tools; scenarios name their master data and
    its overrides."""
    new_tables = (ProductClassRow, ReconciliationMetricRow, SuppressionRow, MasterDataRow)
    SQLModel.metadata.create_all(conn, tables=[table_of(model) for model in new_tables])
    conn.execute(text("ALTER TABLE wb_workspace ADD COLUMN rejected_suggestions JSON"))
    conn.execute(text("ALTER TABLE wb_decision ADD COLUMN extra_sections TEXT NOT NULL DEFAULT ''"))
    conn.execute(text("ALTER TABLE wb_decision ADD COLUMN extra_front_matter JSON"))
    conn.execute(text("ALTER TABLE wb_scenario ADD COLUMN master_data VARCHAR(80)"))
    conn.execute(text("ALTER TABLE wb_scenario ADD COLUMN overrides JSON"))


STEPS: dict[int, Step] = {1: _version_2}
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
