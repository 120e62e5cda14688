"""The mapping list driven by keys and the mouse: it draws only what is on screen, so these tests
check that moving, scrolling, opening and marking still behave like a list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.tui.conftest import wait_open
from workbench.domain import edits
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.form import FormScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.selection import Kind, Selection
from workbench.tui.widgets.detail import DetailPane
from workbench.tui.widgets.mapping_list import MappingList
from workbench.tui.widgets.status_line import StatusLine


def _line(listing: MappingList, mapping_id: str) -> str:
    row = listing.mapping_ids.index(mapping_id)
    return listing.render_line(row - listing.scroll_offset.y).text


async def test_keys_move_the_highlight_and_the_detail_follows(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        listing = screen.query_one(MappingList)
        ids = listing.mapping_ids
        assert listing.count == len(app.controller.workspace.mappings) == len(ids)  # type: ignore[union-attr]
        listing.focus()  # moved into, the list selects its first line
        await pilot.pause()
        assert listing.highlighted_id == ids[0]
        await pilot.press("down", "down")
        assert listing.highlighted_id == ids[2]
        assert screen.selection == Selection(Kind.MAPPING, ids[2])
        await pilot.press("end")
        assert listing.highlighted_id == ids[-1]
        # The last line is on screen: the list scrolled with the highlight.
        assert listing.scroll_offset.y + listing.scrollable_content_region.height >= len(ids)
        assert ids[-1].split("-")[0] in _line(listing, ids[-1]).lower().replace("_", "")
        await pilot.press("home", "pagedown")
        assert listing.highlighted is not None and listing.highlighted > 1
        await pilot.press("up")
        shown = screen.query_one(DetailPane).plain
        mapping = app.controller.workspace.mapping(listing.highlighted_id or "")  # type: ignore[union-attr]
        assert mapping is not None and mapping.source.split(":")[1] in shown


async def test_enter_and_a_second_click_open_the_form(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        listing = screen.query_one(MappingList)
        assert listing.highlighted_id == "account-customer"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        # One click highlights a line; a click on the highlighted line opens it.
        row = listing.mapping_ids.index("account-customer")
        other = row + 1
        await pilot.click(MappingList, offset=(3, other - listing.scroll_offset.y))
        await pilot.pause()
        assert listing.highlighted == other
        assert isinstance(app.screen, MainScreen)
        await pilot.click(MappingList, offset=(3, other - listing.scroll_offset.y))
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)


async def test_incomplete_marks_follow_an_edit_and_the_status_line_counts_them(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        controller = app.controller
        assert controller is not None and controller.validated
        listing = screen.query_one(MappingList)
        assert not _line(listing, "account-customer").startswith("⚠")
        assert "0 incomplete" in str(screen.query_one(StatusLine).render())
        # A 1:N mapping without its resolution rule is incomplete.
        mapping = controller.workspace.mapping("account-customer")
        assert mapping is not None
        outcome = controller.apply(
            "drop the resolution",
            lambda w: edits.put_mapping(
                w, mapping.model_copy(update={"resolution": None}), replacing=mapping.id
            ),
        )
        assert outcome.ok
        screen.refresh_model()
        await pilot.pause()
        assert "account-customer" in controller.incomplete_mappings
        assert _line(listing, "account-customer").startswith("⚠")
        assert "1 incomplete" in str(screen.query_one(StatusLine).render())


async def test_a_search_that_matches_no_mapping_says_so(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.filters import Filter

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        listing = screen.query_one(MappingList)
        screen.filter = Filter(text="no-such-name-anywhere")
        screen.refresh_model()
        await pilot.pause()
        assert listing.count == 0
        assert listing.render_line(0).text.strip() == "No mapping matches the search."


async def test_a_search_finds_mappings_by_their_entities_not_their_systems(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Every CRM mapping's source starts with ``salesforce:``: a search for "force" (or "sales"
    for sales orders) listed them all while both trees were empty."""
    from workbench.tui.filters import Filter

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        controller = screen.controller
        listing = screen.query_one(MappingList)
        screen.filter = Filter(text="force")
        screen.refresh_model()
        await pilot.pause()
        assert listing.count == 0
        screen.filter = Filter(text="A_SalesOrderItem")
        screen.refresh_model()
        await pilot.pause()
        found = {
            m.id
            for m in controller.workspace.mappings
            if screen.filter.mapping_visible(controller, m)
        }
        assert found and all(
            "A_SalesOrderItem" in (m.target or "") + m.source + m.title + m.id
            for m in controller.workspace.mappings
            if m.id in found
        )
        assert listing.count == len(found)


def test_mappings_between_the_same_entities_say_their_area_beside_whole_names(
    reference: Path,
) -> None:
    from workbench.services.simulation import load_workspace
    from workbench.tui.name_cuts import NameCutter
    from workbench.tui.widgets.colors import Colors
    from workbench.tui.widgets.labels import mapping_line
    from workbench.tui.widgets.mapping_list import _asides

    ws = load_workspace(reference)
    asides = _asides(list(ws.mappings))
    assert asides["order-item-sales-order-item"] == "order"
    assert asides["bundle-package-explosion"] == "bundle"
    assert asides["amendment-item-delta"] == "amendment"
    assert "account-customer" not in asides  # its line is its own
    mapping = ws.index.mappings["bundle-package-explosion"]
    cutter = NameCutter(e.name for _, e in ws.iter_entities())
    colors = Colors("blue", "green", "yellow", "red", "cyan", "white")
    wide = mapping_line(ws, mapping, False, colors, 70, cutter, "bundle").plain
    assert wide.rstrip().endswith("SoR CRM  bundle")
    narrow = mapping_line(ws, mapping, False, colors, 36, cutter, "bundle").plain
    assert "bundle" not in narrow and "SoR CRM" in narrow  # the names come first


async def test_on_a_wide_screen_the_mapping_pane_gives_its_spare_room_to_the_trees(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """At 160 columns the mapping pane took half the width with 40 columns to spare while the
    ERP names were cut: it takes what its longest line needs, the trees the rest. A search
    does not move the panes."""
    from workbench.tui.filters import Filter
    from workbench.tui.widgets.side_tree import SideTree

    app = make_app(reference)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await wait_open(pilot)
        await pilot.pause()
        listing = screen.query_one(MappingList)
        pane = screen.query_one("#maps-pane")
        erp = screen.query_one("#erp", SideTree)
        assert listing.widest < pane.size.width <= listing.widest + 8
        assert erp.size.width > 160 // 4
        lines = [listing.render_line(y).text.rstrip() for y in range(listing.count)]
        assert not any("…" in line for line in lines)  # no name in a mapping line is cut
        before = pane.size.width
        screen.filter = Filter(text="Account")
        screen.refresh_model()
        await pilot.pause()
        assert pane.size.width == before
        screen.filter = Filter()
        screen.refresh_model()
        await pilot.press("p")  # presenter mode pads the panes: the longest line still fits
        await pilot.pause()
        await pilot.pause()
        lines = [listing.render_line(y).text.rstrip() for y in range(listing.count)]
        assert not any("…" in line for line in lines)
