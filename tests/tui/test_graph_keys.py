"""The graph's arrow keys move from entity to entity at any terminal size (the drawing's own
scroll keys used to take them whenever it could scroll)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tui.conftest import wait_open
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.graph import GraphScreen


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_arrows_move_between_entities(
    reference: Path, make_app: Callable[..., WorkbenchApp], size: tuple[int, int]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=size) as pilot:
        await wait_open(pilot)
        await pilot.press("g")
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, GraphScreen) and app.screen.drawing is not None:
                break
        graph = app.screen
        assert isinstance(graph, GraphScreen) and graph.drawing is not None
        visited = [graph.selected]
        for key in ("down", "down", "up", "right", "left"):
            await pilot.press(key)
            await pilot.pause()
            visited.append(graph.selected)
        assert visited[1] != visited[0] and visited[2] != visited[1], visited
        assert visited[3] == visited[1], visited  # up goes back
        assert visited[4] is not None and visited[4].startswith("s4hana:"), visited
        assert visited[5] is not None and visited[5].startswith("salesforce:"), visited


async def test_the_palette_offers_the_graph_screens_own_keys(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A screen without palette commands of its own offers the keys its key bar shows."""
    from tests.tui.conftest import run_from_palette
    from workbench.tui.screens.graph import GraphScreen

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_open(pilot)
        await pilot.press("g")
        await pilot.pause()
        graph = app.screen
        assert isinstance(graph, GraphScreen)
        before = graph.focus_mode
        await run_from_palette(pilot, "Graph: Focus")
        await pilot.pause()
        assert app.screen is graph and graph.focus_mode is not before
