"""The system of record: SQLModel tables, row-level diffs, optimistic concurrency, migrations.

The store itself (SQLAlchemy, SQLModel) is imported on first use of ``Store`` or the URL helpers:
the errors and ``Snapshot`` come without it, so opening the workbench need not wait for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ConflictError, StoreError
from .snapshot import Snapshot

if TYPE_CHECKING:
    from .store import Store, describe_url, normalise_url, sqlite_url

_FROM_STORE = frozenset({"Store", "describe_url", "normalise_url", "sqlite_url"})


def __getattr__(name: str) -> Any:
    if name in _FROM_STORE:
        from . import store  # noqa: PLC0415 - SQLAlchemy only when the store is used

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ConflictError",
    "Snapshot",
    "Store",
    "StoreError",
    "describe_url",
    "normalise_url",
    "sqlite_url",
]
