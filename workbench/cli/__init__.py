"""The ``workbench`` command.

Exit codes: 0 success; 1 the model has errors (or a sync left conflicts); 2 the command could not
run (bad arguments, unreadable files, an unusable database).

One module per command group; importing them registers their commands on ``main``.
"""

from __future__ import annotations

from . import checking, decisions, exporting, importing, simulating, workspace
from .root import main

__all__ = ["checking", "decisions", "exporting", "importing", "main", "simulating", "workspace"]
