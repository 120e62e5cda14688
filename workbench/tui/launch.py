"""Starting the terminal workbench: what ``workbench [WORKSPACE]`` runs, and its start-up probe.

Collection of cyclic garbage is paused while the program starts. Importing Textual, pydantic and
the domain and reading a workspace make millions of objects and next to no garbage, yet the
collector walks them all a few hundred times: measured, a tenth of a second of the reference
workspace's start and a third of a second on a 2,000-entity model. The app freezes what it built
and resumes collection once its first screen is painted (``WorkbenchApp._first_frame``).

This module imports nothing heavy itself, so the pause covers every import that follows.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StartupMarks:
    """Wall-clock times (``time.time()``) of one start, for the start-up benchmark."""

    imported: float
    """The program was imported and the app made."""
    opened: float
    """The workspace was read and the first screen handed to Textual."""
    ready: float
    """The first screen was painted and the app handled its next callback."""


class NotAWorkspace(Exception):
    """The folder is not a workspace (the message says why); nothing was started."""


def run(workspace: Path, db_url: str | None = None, prefer: str | None = None) -> None:
    """Open ``workspace`` in the terminal workbench and return when the user quits; ``prefer``
    ("database" or "mirror") resolves sync conflicts found on opening."""
    _start(workspace)
    from ..services.sync import Choice
    from .app import create_app

    try:
        create_app(workspace, db_url, Choice(prefer) if prefer else None).run()
    finally:
        gc.enable()  # quitting before the first screen leaves it paused otherwise


def time_startup(workspace: Path, db_url: str | None = None) -> StartupMarks:
    """Start the workbench as ``run`` does, without a terminal, and quit as soon as its first
    screen is interactive."""
    _start(workspace)
    from .app import create_app

    app = create_app(workspace, db_url, exit_when_ready=True)
    imported = time.time()
    try:
        app.run(headless=True)
    finally:
        gc.enable()
    opened, ready = app.startup_marks
    if not ready:
        raise RuntimeError(
            f"{workspace}: the workspace could not be opened (run `workbench` to see why)"
        )
    return StartupMarks(imported, opened, ready)


def _start(workspace: Path) -> None:
    gc.disable()
    from ..services.folder import FolderError, WorkspaceFolder

    try:
        WorkspaceFolder.at(workspace).require_workspace()
    except FolderError as exc:
        gc.enable()
        raise NotAWorkspace(str(exc)) from exc
