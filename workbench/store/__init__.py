"""The system of record: SQLModel tables, row-level diffs, optimistic concurrency, migrations."""

from .errors import ConflictError, StoreError
from .store import Snapshot, Store, describe_url, normalise_url, sqlite_url

__all__ = [
    "ConflictError",
    "Snapshot",
    "Store",
    "StoreError",
    "describe_url",
    "normalise_url",
    "sqlite_url",
]
