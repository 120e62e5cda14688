"""Schema migrations: each step brings a database from version N to N+1 inside the opening
transaction, so an interrupted migration leaves the old schema intact.

There is one schema version so far. A later release that changes the schema bumps
``tables.SCHEMA_VERSION`` and registers a step here, e.g.::

    def _add_mapping_priority(conn: Connection) -> None:
        conn.execute(text("ALTER TABLE wb_mapping ADD COLUMN priority INTEGER"))

    STEPS[1] = _add_mapping_priority
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

Step = Callable[[Connection], None]

STEPS: dict[int, Step] = {}
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
