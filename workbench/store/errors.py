"""What can go wrong in the store, in words a user can act on."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used: unreachable, not a workbench database, too new."""


class ConflictError(StoreError):
    """Someone else changed (or removed, or created) the same element since it was read."""

    def __init__(self, element: str, detail: str) -> None:
        super().__init__(f"{element} {detail}; reload to see their change, then edit again")
        self.element = element
