"""Schema migrations: each step brings a database from version N to N+1 inside the opening
transaction, so an interrupted migration leaves the old schema intact.

Version 2 added the workspace's rejected mapping suggestions. A release that changes the schema
bumps ``tables.SCHEMA_VERSION`` and registers a step here, e.g.::

    def _add_mapping_priority(conn: Connection) -> None:
        conn.execute(text("ALTER TABLE wb_mapping ADD COLUMN priority INTEGER"))

    STEPS[2] = _add_mapping_priority
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text

Step = Callable[[Connection], None]


def _add_rejected_suggestions(conn: Connection) -> None:
    """Version 2: the workspace remembers the mapping suggestions it turned down."""
    conn.execute(text("ALTER TABLE wb_workspace ADD COLUMN rejected_suggestions JSON"))


STEPS: dict[int, Step] = {1: _add_rejected_suggestions}
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
