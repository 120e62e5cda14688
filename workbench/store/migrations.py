"""Schema migrations: each step brings a database from version N to N+1 inside the opening
transaction, so an interrupted migration leaves the old schema intact.

A release that changes the schema bumps ``tables.SCHEMA_VERSION`` and registers a step here.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text

Step = Callable[[Connection], None]


def _keep_other_tools_decision_parts(conn: Connection) -> None:
    """Schema 2: decisions keep the sections and front-matter keys of other ADR tools."""
    conn.execute(text("ALTER TABLE wb_decision ADD COLUMN extra_sections TEXT NOT NULL DEFAULT ''"))
    conn.execute(text("ALTER TABLE wb_decision ADD COLUMN extra_front_matter JSON"))


STEPS: dict[int, Step] = {1: _keep_other_tools_decision_parts}
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
