"""A workspace as read from the database. Kept apart from the store so that code which only
holds snapshots (an open session, the fast reader) does not import SQLAlchemy."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..domain.workspace import Workspace

RowKey = tuple[str, tuple[str, ...]]
"""A row's identity across reloads: table name and natural key."""


@dataclass(frozen=True)
class Snapshot:
    """A workspace as read from the database, with the row versions it was read at."""

    workspace: Workspace
    revision: int
    known_versions: dict[RowKey, tuple[int, int]] | None = field(default=None, repr=False)
    workspace_version: int = 1
    rows: Mapping[str, Sequence[Sequence[Any]]] | None = field(
        default=None, repr=False, compare=False
    )
    """The rows as read, from which ``versions`` is worked out when first needed."""
    versions_from: Callable[[], dict[RowKey, tuple[int, int]]] | None = field(
        default=None, repr=False, compare=False
    )
    """Or a function that works them out (the fast reader's), also called when first needed."""

    @cached_property
    def versions(self) -> dict[RowKey, tuple[int, int]]:
        """``(pk, row_version)`` of every element row, by table and natural key. Worked out on
        the first commit: reading for display or export never pays for it."""
        if self.known_versions is not None:
            return self.known_versions
        if self.versions_from is not None:
            return self.versions_from()
        from .rows import PK, ROW_VERSION, natural_keys  # noqa: PLC0415 - on the first commit

        found: dict[RowKey, tuple[int, int]] = {}
        rows = self.rows or {}
        for table_name, keys in natural_keys(rows).items():  # type: ignore[arg-type]
            for row in rows[table_name]:
                found[(table_name, keys[row[PK]])] = (row[PK], row[ROW_VERSION])
        return found
