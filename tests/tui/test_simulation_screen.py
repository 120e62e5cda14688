"""The simulation screen driven by keys: run a scenario, step through the trace, read the
failures and jump to the mapping that raised one; and its snapshot."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import OptionList, TabbedContent

from tests.tui.conftest import steady, wait_open
from workbench.services.example import init_workspace
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.graph import GraphScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.simulation import SimulationScreen
from workbench.tui.selection import Kind, Selection
from workbench.tui.widgets.graph_canvas import GraphCanvas


@pytest.fixture
def stable_reference(tmp_path: Path) -> Path:
    """The reference workspace at a fixed path, so the screen shows the same text every run."""
    root = tmp_path / "q2c"
    init_workspace(root, example=True)
    return root


async def _wait_result(pilot: Pilot[None], screen: SimulationScreen, scenario: str) -> None:
    for _ in range(200):
        if screen.result is not None and screen.result.scenario == scenario:
            break
        await pilot.pause(0.05)
    assert screen.result is not None and screen.result.scenario == scenario
    await pilot.pause()


async def _simulation_screen(pilot: Pilot[None], *keys: str) -> SimulationScreen:
    """The simulation screen opened with ``keys`` (``R``, or the palette's ``simulate …``) from
    the opened main screen, once it is on top."""
    await wait_open(pilot)
    await pilot.press(*(keys or ("R",)))
    for _ in range(100):
        if isinstance(pilot.app.screen, SimulationScreen):
            break
        await pilot.pause(0.05)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SimulationScreen)
    return screen


async def _open_on(pilot: Pilot[None], scenario: str) -> SimulationScreen:
    screen = await _simulation_screen(pilot)
    listing = screen.query_one("#sim-scenarios", OptionList)
    ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
    for _ in range(ids.index(scenario)):
        await pilot.press("down")
    await pilot.press("enter")
    await _wait_result(pilot, screen, scenario)
    return screen


async def test_run_a_scenario_and_jump_from_a_failure_to_its_mapping(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open_on(pilot, "05-bundle-optional-component-missing")
        assert screen.result is not None and screen.result.passed
        trace = screen.query_one("#sim-trace", OptionList)
        assert trace.option_count == len(screen.result.trace) > 5
        await pilot.press("t", "down", "down")
        assert trace.highlighted == 2
        await pilot.press("f")
        assert screen.query_one("#sim-tabs", TabbedContent).active == "failures"
        failures = screen.query_one("#sim-failures", OptionList)
        assert failures.option_count == 1
        await pilot.press("m")
        await pilot.pause()
        main = pilot.app.screen
        assert isinstance(main, MainScreen)
        assert main.selection == Selection(Kind.MAPPING, "bundle-package-explosion")


async def test_every_tab_key_works_from_every_tab(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Each tab key leaves any tab for its own, the failures tab too (its list and detail once
    kept the focus there, so the tab came back), and the focus moves into the tab shown."""
    app = make_app(reference)
    app.animation_level = "none"  # the pilot waits out the tab underline's slide at each press
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_on(pilot, "01-baseline-single-line")
        tabs = screen.query_one("#sim-tabs", TabbedContent)
        keys = {"t": "trace", "d": "documents", "s": "schedules", "f": "failures"}
        keys["x"] = "expectations"
        for first, second in itertools.permutations(keys, 2):
            await pilot.press(first)
            await pilot.pause()
            await pilot.press(second)
            await pilot.pause()
            assert tabs.active == keys[second], (first, second)
            focused = pilot.app.focused
            assert focused is not None and keys[second] in {n.id for n in focused.ancestors}


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_every_tab_fits_the_terminal(
    size: tuple[int, int], reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Nothing is drawn past the right edge (the tabs once took the terminal's whole width
    beside the scenario list, cutting the step detail and the expected values)."""
    app = make_app(reference)
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        screen = await _open_on(pilot, "05-bundle-optional-component-missing")
        for key in "tdsfx":
            await pilot.press(key)
            await pilot.pause()
            outside = [
                f"{widget!r} ends at {widget.region.right}"
                for widget in screen.query("*")
                if widget.display and widget.region.width and widget.region.right > size[0]
            ]
            assert outside == [], key
        # Scenario names are cut to the list (an option too long for it wraps mid-word).
        listing = screen.query_one("#sim-scenarios", OptionList)
        room = listing.scrollable_content_region.width
        prompts = [listing.get_option_at_index(i).prompt for i in range(listing.option_count)]
        assert all(isinstance(p, Text) and p.cell_len <= room for p in prompts), room


async def test_trace_steps_open_their_mapping_and_schedules_show(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open_on(pilot, "12-subscription-annual-billing-monthly-revenue")
        await pilot.press("s")
        assert screen.query_one("#sim-tabs", TabbedContent).active == "schedules"
        await pilot.press("t")  # the first step resolves the customer
        assert screen.selected_mapping() == "account-customer"
        await pilot.press("g")
        await pilot.pause()
        graph = pilot.app.screen
        assert isinstance(graph, GraphScreen) and graph.selected == "salesforce:Account"
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)


def test_simulation_schedules_snapshot(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        screen = await _open_on(pilot, "12-subscription-annual-billing-monthly-revenue")
        await pilot.press("s")
        await steady(pilot)
        assert screen.result is not None

    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(app, terminal_size=(140, 40), run_before=run_before)


def test_simulation_trace_snapshot(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_on(pilot, "04-bundle-explosion")
        await pilot.press("t", "down", "down", "down")
        await steady(pilot)

    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(app, terminal_size=(140, 40), run_before=run_before)


async def test_the_palette_runs_one_scenario(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _simulation_screen(pilot, "ctrl+p", *"simulate 18-credit", "enter")
        await _wait_result(pilot, screen, "18-credit-block")
        assert [f.code for f in screen.result.failures] == ["CREDIT_BLOCK"]  # type: ignore[union-attr]


async def test_the_graph_highlights_the_path_the_run_took(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open_on(pilot, "04-bundle-explosion")
        assert screen.result is not None
        used = set(screen.result.mappings_used)
        await pilot.press("t", "g")
        graph = pilot.app.screen
        assert isinstance(graph, GraphScreen)
        for _ in range(100):
            if graph.drawing is not None:
                break
            await pilot.pause(0.05)
        drawing = graph.drawing
        assert drawing is not None and graph.path == used
        canvas = graph.query_one(GraphCanvas)
        # Every mapping the run used between drawn entities is painted in the path style, on
        # heavy lines, and nothing else is.
        on_path = {
            m.id
            for m in graph.controller.workspace.mappings
            if m.source in drawing.nodes and m.target in drawing.nodes
        } & used
        assert on_path
        painted = [
            (y, x)
            for y, row in enumerate(drawing.styles)
            for x, style in enumerate(row)
            if style == "edge-path"
        ]
        assert {drawing.chars[y][x] for y, x in painted} <= set("━┃┏┓┗┛┣┫┳┻╋▶◀")
        labels = sum("label-path" in row for row in drawing.styles)
        assert labels == len(on_path)
        y = painted[0][0]
        canvas.scroll_to(0, y, animate=False)
        await pilot.pause()
        line = canvas.render_line(0)
        assert any(seg.style and seg.style.bold for seg in line), "the path is painted bold"
        assert "run path" in str(graph.query_one("#graph-info").render())
        # The entities on the path are marked too, and focus mode keeps the whole path in view.
        ends = {
            ref
            for m in graph.controller.workspace.mappings
            if m.id in used
            for ref in (m.source, m.target)
            if ref
        }
        marked = {ref for ref, node in drawing.nodes.items() if node.style == "node-path"}
        assert marked and marked <= ends
        await pilot.press("f")  # focus mode on, around the selected entity
        for _ in range(100):
            if graph.focus_mode and graph.drawing is not drawing:
                break
            await pilot.pause(0.05)
        assert graph.focus_mode and graph.drawing is not None
        assert ends <= set(graph.drawing.nodes)


def test_graph_run_path_high_contrast_snapshot(
    snap_compare, stable_reference: Path, make_app
) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_on(pilot, "04-bundle-explosion")
        await pilot.press("ctrl+t", "t", "g")
        graph = pilot.app.screen
        assert isinstance(graph, GraphScreen)
        for _ in range(100):
            if graph.drawing is not None:
                break
            await pilot.pause(0.05)
        await steady(pilot)

    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(app, terminal_size=(140, 40), run_before=run_before)


async def test_tab_moves_between_lists_that_show_a_cursor(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The tab bar took a focus stop that showed nothing; the tabs have keys of their own."""
    from textual.widgets import Tabs

    app = make_app(reference)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_on(pilot, "01-baseline-single-line")
        visited = []
        for _ in range(3):
            await pilot.press("tab")
            await pilot.pause()
            visited.append(app.focused)
        assert not any(isinstance(widget, Tabs) for widget in visited), visited
        assert screen.query_one("#sim-trace", OptionList) in visited
        assert screen.query_one("#sim-scenarios", OptionList) in visited


def test_scenario_names_that_start_alike_are_cut_to_differ() -> None:
    from tests.checks.conftest import load_reference
    from workbench.tui.name_cuts import NameCutter
    from workbench.tui.screens.simulation import _cut_scenario

    ids = sorted(s.id for s in load_reference().scenarios)
    words = NameCutter(i.partition("-")[2] for i in ids)
    cut = {i: _cut_scenario(i, 15, words) for i in ids}
    assert all(len(name) <= 15 for name in cut.values()), cut
    assert cut["09-several-customers-resolved"].endswith("resolved")
    assert cut["10-several-customers-ambiguous"].endswith("ambiguous")
    assert all(name[:2] == i[:2] for i, name in cut.items())  # the number stays whole
    assert _cut_scenario("my-own-scenario", 10, words) == "my-own-sc…"


async def test_opened_from_the_palette_at_80_columns_the_names_fit_and_differ(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """From the palette the screen had no resize before its narrow layout applied: the names
    were cut for a wider list and wrapped onto two lines each. The highlighted one is named in
    full on the status line."""
    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _simulation_screen(pilot, "ctrl+p", *"simulate 05", "enter")
        await _wait_result(pilot, screen, "05-bundle-optional-component-missing")
        listing = screen.query_one("#sim-scenarios", OptionList)
        width = listing.scrollable_content_region.width
        prompts = {
            option.id: str(option.prompt)
            for option in (listing.get_option_at_index(i) for i in range(listing.option_count))
        }
        assert all(len(prompt) <= width for prompt in prompts.values()), (width, prompts)
        nine, ten = (p for i, p in prompts.items() if i and i[:2] in ("09", "10"))
        assert nine[3:] != ten[3:]  # not both "several-cus…"
        listing.highlighted = 9
        await pilot.pause()
        status = str(screen.query_one("#sim-status").render())
        # First which run the tabs still show: the result is 05's, the cursor on 10.
        assert status.startswith(
            "tabs: 05-bundle-optional-component-missing · 10-several-customers-ambiguous: "
        ), status


def test_document_items_keep_their_numbers_whole_in_a_narrow_pane(reference: Path) -> None:
    from rich.console import Console

    from workbench.services.simulation import load_workspace, run_scenarios
    from workbench.tui.widgets.simulation_views import documents

    ws = load_workspace(reference)
    [result] = run_scenarios(ws, ["12-subscription-annual-billing-monthly-revenue"])
    console = Console(width=55, record=True)
    console.print(documents(result))
    item = next(line for line in console.export_text().splitlines() if line.startswith("10 "))
    assert "54000.00" in item and "ZSUB" in item, item


async def test_the_verdict_marks_stay_when_the_screen_is_opened_again(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_on(pilot, "02-two-plants-split")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SimulationScreen)
        listing = screen.query_one("#sim-scenarios", OptionList)
        marks = {
            listing.get_option_at_index(i).id: str(listing.get_option_at_index(i).prompt)[:2]
            for i in range(listing.option_count)
        }
        assert marks["02-two-plants-split"] == "✓ "
        assert marks["01-baseline-single-line"] == "  "


async def test_run_all_marks_every_scenario_and_counts_them(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _simulation_screen(pilot)
        await pilot.press("R")  # on the simulation screen: run them all
        total = len(screen.controller.workspace.scenarios)
        for _ in range(400):
            if len(screen.marks()) == total:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        assert len(screen.marks()) == total and all(screen.marks().values())
        status = str(screen.query_one("#sim-status").render())
        assert status.startswith(f"Ran {total} scenarios: {total} passed, 0 failed"), status
        listing = screen.query_one("#sim-scenarios", OptionList)
        assert all(
            str(listing.get_option_at_index(i).prompt).startswith("✓ ")
            for i in range(listing.option_count)
        )


async def test_the_arrows_stop_at_the_ends_of_the_scenario_list(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Holding down past the last scenario wrapped round to the first: a presenter looking for
    the end landed somewhere in the middle (and x would ask to delete that one)."""
    from textual.widgets import OptionList

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _simulation_screen(pilot)
        listing = screen.query_one("#sim-scenarios", OptionList)
        count = listing.option_count
        await pilot.press(*["down"] * (count + 5))
        assert listing.highlighted == count - 1
        await pilot.press(*["up"] * (count + 5))
        assert listing.highlighted == 0


async def test_marks_go_when_the_design_changes_on_another_screen(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Run all, go back, change the design (the unit map loses its case entry, which scenario
    08 needs): the marks were still ✓ on the way back, for a scenario that now fails. They go,
    and an undo runs the highlighted scenario again, as any undo there does."""
    from workbench.domain.edits import put_value_map

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _simulation_screen(pilot)
        await pilot.press("R")
        total = len(screen.controller.workspace.scenarios)
        for _ in range(400):
            if len(screen.marks()) == total:
                break
            await pilot.pause(0.05)
        assert len(screen.marks()) == total
        await pilot.press("escape")
        await pilot.pause()
        controller = screen.controller
        uom = controller.workspace.value_map("uom")
        assert uom is not None
        fewer = uom.model_copy(
            update={"entries": tuple(e for e in uom.entries if e.source != "Case")}
        )
        assert controller.apply("uom without cases", lambda ws: put_value_map(ws, fewer, "uom")).ok
        screen = await _simulation_screen(pilot, "R")
        listing = screen.query_one("#sim-scenarios", OptionList)
        assert screen.marks() == {}
        assert all(
            str(listing.get_option_at_index(i).prompt).startswith("  ")
            for i in range(listing.option_count)
        )
        await pilot.press("ctrl+z")
        for _ in range(100):
            if screen.marks():
                break
            await pilot.pause(0.05)
        assert screen.marks() == {"01-baseline-single-line": True}
