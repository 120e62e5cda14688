"""The graph's arrow keys move from entity to entity at any terminal size (the drawing's own
scroll keys used to take them whenever it could scroll)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tui.conftest import until, wait_open
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


async def _drawn(pilot, graph: GraphScreen, not_this: object = None) -> None:  # type: ignore[no-untyped-def]
    for _ in range(60):
        await pilot.pause(0.05)
        if graph.drawing is not None and graph.drawing is not not_this:
            return
    raise AssertionError("the graph was not laid out")


async def test_the_drawing_fits_the_window_and_follows_a_resize(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_open(pilot)
        await pilot.press("g")
        graph = app.screen
        assert isinstance(graph, GraphScreen)
        await _drawn(pilot, graph)
        narrow = graph.drawing
        assert narrow is not None and narrow.width <= 78  # beside the canvas's scroll bar
        await pilot.resize_terminal(160, 45)
        await _drawn(pilot, graph, not_this=narrow)
        wide = graph.drawing
        assert wide is not None and wide.width > narrow.width
        assert max(n.width for n in wide.nodes.values()) > max(
            n.width for n in narrow.nodes.values()
        )
        # The selection survives the new layout.
        assert graph.selected in wide.nodes


async def test_a_resize_while_laying_out_or_in_a_burst_ends_in_one_layout_for_the_new_width(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_open(pilot)
        await pilot.press("g")
        graph = app.screen
        assert isinstance(graph, GraphScreen)
        # Dragged wider in steps before the first drawing is on screen.
        for width in range(90, 170, 10):
            await pilot.resize_terminal(width, 45)
        for _ in range(400):  # a busy host (the whole suite on two cores) lays out slowly
            await pilot.pause(0.05)
            # Asked for the new width is not yet drawn for it: wait for the drawing itself.
            drawn = graph.drawing
            if drawn is not None and drawn.width > 78 and graph._laid_out_for == graph._room():
                break
        drawing = graph.drawing
        assert drawing is not None and drawing.width > 78, "laid out for the old width"
        assert graph._laid_out_for == graph._room()
        # The first layout and one for the width the drag ended at, not one per step (nine);
        # a slow host may let the timer run out once between two steps.
        assert graph._layouts <= 4, graph._layouts


async def test_the_hop_keys_share_one_entry_and_say_when_they_reach_the_end(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """At 80 columns "- Narrower" fell off the bar, and - at one hop did nothing at all."""
    from workbench.tui.widgets.key_bar import KeyBar

    app = make_app(reference)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_open(pilot)
        await pilot.press("g")
        await until(pilot, lambda: getattr(app.screen, "drawing", None) is not None)
        graph = app.screen
        assert isinstance(graph, GraphScreen)
        drawn = str(graph.query_one(KeyBar).render())
        assert "+  - Hops" in drawn and "Narrower" not in drawn, drawn
        await pilot.press("f")
        await pilot.pause()
        assert graph.focus_mode and graph.hops == 1
        await pilot.press("minus")
        await pilot.pause()
        assert graph.hops == 1
        said = [n.message for n in app._notifications]
        assert any("1 hop, the narrowest" in message for message in said), said


async def test_undo_and_redo_work_on_the_graph_and_the_lists_follow(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.screens.main import MainScreen
    from workbench.tui.selection import Kind, Selection

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        main = await wait_open(pilot)
        assert isinstance(main, MainScreen) and app.controller is not None
        main.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        before = app.controller.workspace.mapping("account-customer")
        assert before is not None and before.cardinality != "N:M"
        await pilot.press("4")  # N:M
        await pilot.pause()
        assert app.controller.workspace.mapping("account-customer").cardinality == "N:M"  # type: ignore[union-attr]
        await pilot.press("g")
        await until(
            pilot, lambda: isinstance(app.screen, GraphScreen) and app.screen.drawing is not None
        )
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.controller.workspace.mapping("account-customer") == before
        await pilot.press("ctrl+y")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await until(pilot, lambda: app.screen.drawing is not None)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is main
        assert app.controller.workspace.mapping("account-customer") == before
        assert main._shown is app.controller.workspace  # the lists show the undone model
