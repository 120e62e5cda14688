"""The side trees follow edits: an entity's mark changes when it is mapped and back on undo, and
nodes whose look did not change are left alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets.tree import TreeNode

from tests.tui.conftest import wait_open
from workbench.domain import Cardinality, Mapping, edits
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.main import MainScreen
from workbench.tui.selection import Kind, Selection
from workbench.tui.widgets.side_tree import MAPPED, UNMAPPED, SideTree

ENTITY = "salesforce:CurrencyType"


def _node(tree: SideTree, ref: str) -> TreeNode[Selection]:
    return next(n for n in tree._walk(tree.root) if n.data == Selection(Kind.ENTITY, ref))


async def test_a_mapped_entity_changes_its_mark_and_undo_changes_it_back(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        crm = screen.query_one("#crm", SideTree)
        assert str(_node(crm, ENTITY).label).startswith(UNMAPPED)
        untouched = _node(crm, "salesforce:Account")
        label_before = untouched.label

        mapping = Mapping(
            id="currency-partner",
            source=ENTITY,
            target="s4hana:A_BusinessPartnerContact",
            cardinality=Cardinality.ONE_TO_ONE,
        )
        assert screen.controller.apply("map it", lambda w: edits.put_mapping(w, mapping)).ok
        screen.refresh_model()
        await pilot.pause()
        assert str(_node(crm, ENTITY).label).startswith(MAPPED)
        assert _node(crm, "salesforce:Account").label is label_before  # not relabelled

        assert screen.controller.undo().ok
        screen.refresh_model()
        await pilot.pause()
        assert str(_node(crm, ENTITY).label).startswith(UNMAPPED)


async def test_a_theme_change_relabels_every_entity(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        crm = screen.query_one("#crm", SideTree)
        before = _node(crm, "salesforce:Account").label
        await pilot.press("ctrl+t")  # high contrast: other colours for the marks
        await pilot.pause(0.3)
        after = _node(crm, "salesforce:Account").label
        assert after is not before
        assert str(after) == str(before)


async def test_at_80_columns_names_that_start_alike_stay_apart(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        erp = screen.query_one("#erp", SideTree)
        await pilot.pause()
        shown = [erp.render_line(y).text for y in range(erp.size.height)]
        partners = [line for line in shown if "A_" in line and "…" in line]
        assert len(partners) >= 4
        names = [line.split("● ")[-1].split("⊘ ")[-1].strip() for line in partners]
        assert len(set(names)) == len(names), names  # cropped at the edge they read the same
        assert any(name.startswith("A_") and name.endswith("Address") for name in names)


def _group(tree: SideTree) -> TreeNode[Selection]:
    return next(n for n in tree._walk(tree.root) if str(n.label).startswith("relationships"))


async def test_the_relationships_group_is_not_its_system(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """On the group node, x must not offer to delete the whole system, n adds a relationship,
    and an edit elsewhere leaves the group's label alone."""
    from workbench.tui.screens.confirm import ConfirmScreen

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        crm = screen.query_one("#crm", SideTree)
        crm.focus()
        await pilot.press("end")  # the group is the last line of the CRM side
        await pilot.pause()
        group = _group(crm)
        assert crm.cursor_node is group and screen.selection == group.data
        label = str(group.label)
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.controller is not None
        assert app.controller.workspace.system("salesforce") is not None

        await pilot.press("n")
        await pilot.pause()
        assert "relationship" in str(getattr(app.screen, "title_text", "")).lower()
        await pilot.press("escape")
        await pilot.pause()

        mapping = Mapping(
            id="currency-partner",
            source=ENTITY,
            target="s4hana:A_BusinessPartnerContact",
            cardinality=Cardinality.ONE_TO_ONE,
        )
        assert screen.controller.apply("map it", lambda w: edits.put_mapping(w, mapping)).ok
        screen.refresh_model()
        await pilot.pause()
        assert str(_group(crm).label) == label


async def test_every_tree_key_moves_the_selection_with_the_cursor(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        crm = screen.query_one("#crm", SideTree)
        crm.focus()
        for key in ("down", "down", "shift+down", "shift+down", "shift+up", "shift+left"):
            await pilot.press(key)
            await pilot.pause()
            node = crm.cursor_node
            assert node is not None and screen.selection == node.data, key


async def test_the_first_field_of_an_entity_can_be_seen(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.domain.systems import Entity, Field

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        crm = screen.query_one("#crm", SideTree)
        ref = "salesforce:Bare__c"
        entity = Entity(name="Bare__c")
        assert screen.controller.apply(
            "add", lambda w: edits.put_entity(w, "salesforce", entity)
        ).ok
        screen.refresh_model()
        await pilot.pause()
        assert not _node(crm, ref).allow_expand
        field = Field(name="Code__c")
        assert screen.controller.apply("field", lambda w: edits.put_field(w, ref, field)).ok
        screen.refresh_model()
        await pilot.pause()
        node = _node(crm, ref)
        assert node.allow_expand
        node.expand()
        await pilot.pause()
        assert [str(child.label).split()[0] for child in node.children] == ["Code__c"]


async def test_the_selection_follows_a_rename_and_its_undo(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from textual.widgets import Input

    from workbench.tui.screens.form import FormScreen

    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        screen.reveal(Selection(Kind.ENTITY, "salesforce:Asset"))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-name", Input).value = "Installed_Asset__c"
        await pilot.press("ctrl+s")
        await pilot.pause()
        renamed = Selection(Kind.ENTITY, "salesforce:Installed_Asset__c")
        assert screen.selection == renamed
        crm = screen.query_one("#crm", SideTree)
        await pilot.pause()
        assert crm.cursor_node is not None and crm.cursor_node.data == renamed
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.pause()
        assert screen.selection == Selection(Kind.ENTITY, "salesforce:Asset")
        assert crm.cursor_node is not None and crm.cursor_node.data == screen.selection


async def test_a_click_on_the_node_under_the_cursor_selects_it_again(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        crm = screen.query_one("#crm", SideTree)
        account = Selection(Kind.ENTITY, "salesforce:Account")
        screen.reveal(account)
        await pilot.pause()
        await pilot.pause()
        assert crm.cursor_node is not None and crm.cursor_node.data == account
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))  # chosen in the middle list
        await pilot.pause()
        line = crm.cursor_node.line - crm.scroll_offset.y
        await pilot.click(crm, offset=(8, line))
        await pilot.pause()
        await pilot.pause()
        assert screen.selection == account


async def test_right_opens_an_entity_and_left_closes_it(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_open(pilot)
        screen.reveal(Selection(Kind.ENTITY, ENTITY))
        await pilot.pause()
        await pilot.pause()
        crm = screen.query_one("#crm", SideTree)
        node = _node(crm, ENTITY)
        assert app.focused is crm and crm.cursor_node is node and not node.is_expanded
        await pilot.press("right")
        await pilot.pause()
        assert node.is_expanded and node.children
        await pilot.press("right")  # open already: to its first field
        await pilot.pause()
        assert crm.cursor_node is node.children[0]
        first = node.children[0].data
        assert first is not None and screen.selection == first
        await pilot.press("left")  # on a field: up to the entity
        await pilot.pause()
        assert crm.cursor_node is node and screen.selection == Selection(Kind.ENTITY, ENTITY)
        await pilot.press("left")  # on an open entity: closes it
        await pilot.pause()
        assert not node.is_expanded and crm.cursor_node is node


async def test_a_field_line_too_long_for_the_pane_is_cut_with_an_ellipsis(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from rich.style import Style

    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        screen.reveal(Selection(Kind.ENTITY, "salesforce:Account"))
        await pilot.pause()
        await pilot.pause()
        crm = screen.query_one("#crm", SideTree)
        await pilot.press("right")
        await pilot.pause()
        node = _node(crm, "salesforce:Account")
        room = crm.scrollable_content_region.width - crm._indent(node.children[0])
        cut = 0
        for child in node.children:
            full = child.label.plain if hasattr(child.label, "plain") else str(child.label)
            shown = crm.render_label(child, Style(), Style())
            assert shown.cell_len <= room, shown.plain
            if len(full) > room:
                cut += 1
                assert shown.plain.endswith("…"), shown.plain
        assert cut, "at 80 columns some of Account's field lines do not fit"


async def test_a_new_entity_takes_its_place_by_name_at_once(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """An import (or a new entity) is added at the end of the model's list: the tree showed it
    above the rest until the workspace was opened again, in name order."""
    from workbench.domain import Entity
    from workbench.tui.screens.main import MainScreen

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen) and app.controller is not None
        outcome = app.controller.apply(
            "new entity",
            lambda ws: edits.put_entity(ws, "s4hana", Entity(name="A_AaaFirst"), None),
        )
        assert outcome.ok, outcome.message
        screen.refresh_model()
        await pilot.pause()
        tree = screen.query_one("#erp", SideTree)
        names = [
            node.data.key.partition(":")[2]
            for system in tree.root.children
            for node in system.children
            if node.data is not None and node.data.kind is Kind.ENTITY
        ]
        assert names == sorted(names) and "A_AaaFirst" in names


async def test_on_a_wide_screen_the_erp_side_takes_the_room_its_longer_names_need(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """An even split cut SAP's long names beside a CRM pane with room to spare."""
    from workbench.tui.screens.main import _TREE_CHROME, MainScreen

    app = make_app(reference)
    async with app.run_test(size=(170, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen) and app.controller is not None
        await pilot.pause()
        ws = app.controller.workspace
        crm = max(len(e.name) for s in ws.systems if s.effective_side == "crm" for e in s.entities)
        erp = max(len(e.name) for s in ws.systems if s.effective_side == "erp" for e in s.entities)
        assert crm < erp
        crm_pane, erp_pane = screen.query_one("#crm-pane"), screen.query_one("#erp-pane")
        assert crm_pane.outer_size.width == crm + _TREE_CHROME
        assert erp_pane.outer_size.width > crm_pane.outer_size.width
        assert erp_pane.outer_size.width >= erp + _TREE_CHROME  # the longest SAP name whole


async def test_the_cursor_stays_in_view_when_the_pane_gets_smaller(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Presenter mode at 100x30, then 80x24: the selected entity was below the fold while
    the detail pane showed it, until an arrow key was pressed."""
    app = make_app(reference)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        await pilot.press("p")
        tree = screen.query_one("#crm", SideTree)
        tree.focus()
        last = tree.root.children[0].children[-1].data
        assert last is not None
        screen.reveal(last)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        for _ in range(5):
            await pilot.pause()
        top = tree.scroll_offset.y
        assert top <= tree.cursor_line < top + tree.scrollable_content_region.height, (
            top,
            tree.cursor_line,
            tree.scrollable_content_region.height,
        )
