from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from workbench.services.example import init_workspace
from workbench.tui.app import WorkbenchApp, create_app
from workbench.tui.screens.form import FormScreen
from workbench.tui.screens.main import MainScreen


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    """A private copy of the reference workspace (its database lives inside it)."""
    root = tmp_path / "reference"
    init_workspace(root, example=True)
    return root


@pytest.fixture
def make_app() -> Callable[..., WorkbenchApp]:
    os.environ.pop("WORKBENCH_DB", None)

    def make(root: Path, db_url: str | None = None) -> WorkbenchApp:
        return create_app(root, db_url)

    return make


async def wait_open(pilot: Pilot[None], timeout: float = 30.0) -> MainScreen:
    """Wait for the worker that opens the workspace, then for the main screen."""
    app = pilot.app
    waited = 0.0
    while not isinstance(app.screen, MainScreen) or app.controller is None:  # type: ignore[attr-defined]
        if app.screen.__class__.__name__ == "MessageScreen":
            return app.screen  # type: ignore[return-value]
        await pilot.pause(0.05)
        waited += 0.05
        assert waited < timeout, "the workspace did not open"
    # The design checks run in a worker once the screen is up; wait for their badge.
    while app.controller.findings is None:  # type: ignore[attr-defined]
        await pilot.pause(0.05)
        waited += 0.05
        assert waited < timeout, "the design checks did not finish"
    await pilot.pause()
    await pilot.pause()
    return app.screen


async def steady(pilot: Pilot[None]) -> None:
    """Stop cursors blinking so that screenshots are stable."""
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


async def until(pilot: Pilot[None], condition: Callable[[], object], timeout: float = 10) -> None:
    """Let the app run until ``condition`` holds (a worker finished, a screen opened); fails
    after ``timeout`` seconds. Waiting for what is awaited, not for a fixed time, keeps a slow
    machine from failing the test and a fast one from waiting."""
    waited = 0.0
    while not condition():
        assert waited < timeout, "timed out waiting"
        await pilot.pause(0.02)
        waited += 0.02


async def run_from_palette(pilot: Pilot[None], text: str) -> None:
    """Open the command palette, type ``text`` and run the first command it offers."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    for char in text:
        await pilot.press("space" if char == " " else char)
    from textual.command import CommandList

    palette = pilot.app.screen
    await until(pilot, lambda: palette.query_one(CommandList).highlighted is not None)
    await pilot.press("enter")
    await pilot.pause()


async def edit_mapping(pilot: Pilot[None], screen: MainScreen, mapping_id: str) -> FormScreen:
    """Select the mapping on the main screen and open its form with `e`."""
    from workbench.tui.selection import Kind, Selection

    screen.reveal(Selection(Kind.MAPPING, mapping_id))
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form
