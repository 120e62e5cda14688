"""A worker that fails on a screen says so in a dialog and leaves the app running and the screen
in a state that says what happened; a slow result that is no longer wanted is dropped."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import until, wait_open
from workbench.store import StoreError
from workbench.tui.app import WorkbenchApp
from workbench.tui.controller import Controller
from workbench.tui.screens.graph import GraphScreen
from workbench.tui.screens.message import MessageScreen
from workbench.tui.screens.simulation import SimulationScreen
from workbench.tui.widgets.status_line import StatusLine


def _fail(message: str, error: type[Exception] = RuntimeError) -> Callable[..., Any]:
    def fail(*_: object, **__: object) -> Any:
        raise error(message)

    return fail


async def _dialog(pilot: Any) -> MessageScreen:
    for _ in range(40):
        await pilot.pause(0.05)
        if isinstance(pilot.app.screen, MessageScreen):
            return pilot.app.screen
    raise AssertionError(f"no dialog; the screen is {pilot.app.screen}")


async def test_a_failed_sync_says_so_and_stops_saying_syncing(
    reference: Path, make_app: Callable[..., WorkbenchApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Controller, "sync", _fail("the database went away", StoreError))
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        main = await wait_open(pilot)
        await pilot.press("ctrl+r")
        dialog = await _dialog(pilot)
        assert dialog.body == "the database went away"
        assert app.is_running
        status = str(main.query_one(StatusLine).render())
        assert "sync failed" in status and "syncing" not in status


async def test_a_failed_layout_leaves_the_graph_screen_open(
    reference: Path, make_app: Callable[..., WorkbenchApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("workbench.tui.screens.graph.layout", _fail("no room"))
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_open(pilot)
        await pilot.press("g")
        dialog = await _dialog(pilot)
        assert dialog.body == "RuntimeError: no room"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GraphScreen) and app.is_running
        info = str(app.screen.query_one("#graph-info").render())
        assert "could not be laid out" in info


async def test_a_failed_run_is_reported_on_the_simulation_screen(
    reference: Path, make_app: Callable[..., WorkbenchApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Controller, "simulate", _fail("no master data"))
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_open(pilot)
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, SimulationScreen))
        await pilot.press("r")
        for _ in range(40):
            await pilot.pause(0.05)
            if "Could not run" in str(app.screen.query_one("#sim-status").render()):
                break
        assert app.is_running
        assert "Could not run: no master data" in str(app.screen.query_one("#sim-status").render())


async def test_a_failed_run_leaves_nothing_of_the_run_before_on_screen(
    reference: Path, make_app: Callable[..., WorkbenchApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documents, schedules and verdict mark of the last good run were about the scenario
    as it was: after a run that failed they would read as its result."""
    from textual.widgets import OptionList, Static

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_open(pilot)
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, SimulationScreen))
        screen = app.screen
        assert isinstance(screen, SimulationScreen)
        await pilot.press("r")
        for _ in range(60):
            await pilot.pause(0.05)
            if screen.result is not None:
                break
        shown = screen.result
        assert shown is not None and screen.marks().get(shown.scenario) is not None
        monkeypatch.setattr(Controller, "simulate", _fail("an amount is too large to compute"))
        await pilot.press("r")
        for _ in range(60):
            await pilot.pause(0.05)
            if "Could not run" in str(screen.query_one("#sim-status").render()):
                break
        assert screen.result is None and shown.scenario not in screen.marks()
        documents = str(screen.query_one("#sim-documents", Static).render())
        assert documents == "Not run: see the status line."
        assert screen.query_one("#sim-trace", OptionList).option_count == 0


async def test_a_layout_asked_for_before_the_last_one_is_not_drawn(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_open(pilot)
        await pilot.press("g")
        await until(pilot, lambda: getattr(app.screen, "drawing", None) is not None)
        graph = app.screen
        assert isinstance(graph, GraphScreen) and graph.drawing is not None
        drawn = graph.drawing
        graph.redraw()  # a newer layout is asked for; an old one finishes late:
        graph._laid_out(graph._layouts - 1, object())  # type: ignore[arg-type]
        assert graph.drawing is drawn
