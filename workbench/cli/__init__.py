"""The ``workbench`` command.

Exit codes: 0 success; 1 the model has errors (or a sync left conflicts); 2 the command could not
run (bad arguments, unreadable files, an unusable database).

One module per command group; importing one registers its commands on ``main``, which imports
each when its command is asked for (``root.COMMAND_MODULES``).
"""

from __future__ import annotations

from .root import main

__all__ = ["main"]
