"""The workbench driven by keystrokes; each test asserts what the store and the mirror hold."""

from __future__ import annotations

import hashlib
import importlib
import io
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Input, Select, Static

from tests.tui.conftest import edit_mapping, run_from_palette, until, wait_open
from workbench.domain import Cardinality, MappingStatus
from workbench.mirror import render
from workbench.services.folder import WorkspaceFolder, open_database
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.confirm import ConfirmScreen
from workbench.tui.screens.form import FormScreen
from workbench.tui.screens.graph import GraphScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.message import MessageScreen
from workbench.tui.selection import Kind, Selection
from workbench.tui.widgets.status_line import StatusLine

NEW_MAPPING = "currencytype-a-businesspartnercontact"
DRAFT_MAPPING = "product-units-of-measure"  # a 1:N mapping the reference leaves in draft


def _stored(root: Path):  # type: ignore[no-untyped-def]
    store = open_database(WorkspaceFolder.at(root))
    try:
        return store.load().workspace
    finally:
        store.close()


def _mirror(root: Path) -> dict[str, str]:
    return {
        path: hashlib.sha256(data).hexdigest()
        for path, data in WorkspaceFolder.at(root).read_mirror().items()
    }


async def test_map_an_unmapped_entity_undo_redo_quit_and_reopen(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    before = _mirror(reference)
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        # Find the unmapped entities with the search bar's filter.
        await pilot.press("slash", "tab", "enter", "down", "enter")
        await pilot.pause()
        assert screen.filter.show == "unmapped"
        await pilot.press("enter")  # to the results
        await pilot.pause()
        assert screen.selection == Selection(Kind.ENTITY, "salesforce:CurrencyType")
        # Map it to its ERP counterpart.
        await pilot.press("m")
        await pilot.pause()
        for char in "A_BusinessPartnerContact":
            await pilot.press(char)
        await pilot.press("enter")
        await pilot.pause()
        mapping = _stored(reference).mapping(NEW_MAPPING)
        assert mapping is not None
        assert (mapping.source, mapping.target, mapping.cardinality) == (
            "salesforce:CurrencyType",
            "s4hana:A_BusinessPartnerContact",
            Cardinality.ONE_TO_ONE,
        )
        # 1:N, owned by the ERP side: one key each.
        await pilot.press("2", "greater_than_sign")
        await pilot.pause()
        mapping = _stored(reference).mapping(NEW_MAPPING)
        assert mapping is not None
        assert (mapping.cardinality, mapping.system_of_record) == (
            Cardinality.ONE_TO_MANY,
            "s4hana",
        )
        # It is in the graph view.
        await pilot.press("g")
        await until(pilot, lambda: getattr(app.screen, "drawing", None) is not None)
        graph_screen = app.screen
        assert isinstance(graph_screen, GraphScreen)
        assert graph_screen.drawing is not None
        assert "salesforce:CurrencyType" in graph_screen.drawing.nodes
        assert "1:N ERP" in graph_screen.drawing.text()
        await pilot.press("escape")
        await pilot.pause()
        # Undo the owner, then redo it.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _stored(reference).mapping(NEW_MAPPING).system_of_record is None  # type: ignore[union-attr]
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert _stored(reference).mapping(NEW_MAPPING).system_of_record == "s4hana"  # type: ignore[union-attr]
        # Undo back past the mapping's making, then redo it: it is selected again, so the next
        # key acts on it (after the redo nothing was selected, and e did nothing).
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        await pilot.pause()
        assert _stored(reference).mapping(NEW_MAPPING) is None
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert _stored(reference).mapping(NEW_MAPPING) is not None
        assert screen.selection == Selection(Kind.MAPPING, NEW_MAPPING)
        await pilot.press("ctrl+y", "ctrl+y")
        await pilot.pause()
        assert _stored(reference).mapping(NEW_MAPPING).system_of_record == "s4hana"  # type: ignore[union-attr]
        await pilot.press("escape", "q")
    # Reopen: everything is as it was left.
    again = make_app(reference)
    async with again.run_test(size=(120, 36)) as pilot:
        await wait_open(pilot)
        assert again.controller is not None
        mapping = again.controller.workspace.mapping(NEW_MAPPING)
        assert mapping is not None
        assert (mapping.cardinality, mapping.system_of_record) == (
            Cardinality.ONE_TO_MANY,
            "s4hana",
        )
    # The mirror shows exactly that change: one new mapping file.
    after = _mirror(reference)
    assert set(after) - set(before) == {f"models/mappings/{NEW_MAPPING}.yaml"}
    assert {p for p in before if before[p] != after.get(p)} == set()
    text = (reference / f"models/mappings/{NEW_MAPPING}.yaml").read_text()
    assert text == (
        "source: salesforce:CurrencyType\n"
        "target: s4hana:A_BusinessPartnerContact\n"
        "cardinality: 1:N\n"
        "system_of_record: s4hana\n"
        "status: draft\n"
    )


async def test_a_form_refuses_invalid_input_inline_and_saves_valid_input(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.ENTITY, "salesforce:Account"))
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        name = form.query_one("#field-name", Input)
        name.value = "Not valid"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "an invalid form stays open"
        assert "letters, digits" in str(form.query_one("#error-name").render())
        assert _stored(reference).entity("salesforce:Account") is not None
        name.value = "Account"
        form.query_one("#field-label", Input).value = "Customer account"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert _stored(reference).entity("salesforce:Account").label == "Customer account"  # type: ignore[union-attr]


async def test_the_mapping_form_says_what_an_entry_would_not_do(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """An id is described by what a mapping id takes; an event typed for a scheduled sync (it
    would be saved and never shown) and a rule in words without what defines it (it would be
    dropped) are refused beside the field."""
    from textual.widgets import Select, TextArea

    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        form = await edit_mapping(pilot, screen, "erp-customer-link-sales-area")
        mapping_id = form.query_one("#field-id", Input)
        mapping_id.value = "Not A Slug"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "lowercase letters, digits and -" in str(form.query_one("#error-id").render())
        mapping_id.value = "erp-customer-link-sales-area"
        assert form.query_one("#field-sync_trigger", Select).value == "schedule"
        form.query_one("#field-sync_event", Input).value = "QQ"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-sync_event").render())
        assert error.startswith("the sync runs on a schedule: clear the event"), error
        trigger = form.query_one("#field-sync_trigger", Select)
        trigger.clear()  # no trigger: the event would be dropped with the sync
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-sync_trigger").render())
        assert error.startswith("pick a trigger for the event or schedule"), error
        trigger.value = "schedule"
        form.query_one("#field-sync_event", Input).value = ""
        schedule = form.query_one("#field-sync_schedule", Input)
        kept, schedule.value = schedule.value, ""  # a schedule trigger says when
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-sync_schedule").render())
        assert error.startswith("give the schedule"), error
        schedule.value = kept
        # A rule in words alone would be dropped with the rule it describes.
        words = form.query_one("#field-split_description", TextArea)
        assert form.query_one("#field-split_group_by", Input).value == ""
        words.text = "One sales order per plant"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-split_group_by").render())
        assert error == "say what the split groups by for the rule in words (or clear the words)"
        form.query_one("#field-split_group_by", Input).value = "plant"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    split = _stored(reference).mapping("erp-customer-link-sales-area").split  # type: ignore[union-attr]
    assert split is not None and split.group_by == ("plant",)
    assert split.description == "One sales order per plant"


async def test_the_mapping_form_shows_every_error_of_one_save_together(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A bad id and target, an event typed for a scheduled sync whose schedule was cleared and a
    rule in words without its defining entry: one save says all of them,
    each beside its field, where it used to say one per save."""
    from textual.widgets import TextArea

    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        form = await edit_mapping(pilot, screen, "erp-customer-link-sales-area")
        form.query_one("#field-id", Input).value = "Not A Slug"
        form.query_one("#field-sync_event", Input).value = "QQ"
        form.query_one("#field-sync_schedule", Input).value = ""
        form.query_one("#field-split_description", TextArea).text = "One order per plant"
        form.query_one("#field-target", Input).value = "not a reference"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form

        def error(name: str) -> str:
            return str(form.query_one(f"#error-{name}").render())

        assert "lowercase letters, digits and -" in error("id")
        assert error("target") == "write system:Entity (salesforce:Account)"
        assert error("sync_event").startswith("the sync runs on a schedule: clear the event")
        assert error("sync_schedule").startswith("give the schedule")
        assert error("split_group_by").startswith("say what the split groups by")
    stored = _stored(reference).mapping("erp-customer-link-sales-area")
    assert stored is not None and stored.split is None


async def test_the_models_refusal_shows_with_the_forms_own_errors(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A rule in words without its entry (the form's check) and a target in the source's own
    system (the model's refusal): one save says both, where the target waited for the next."""
    from textual.widgets import TextArea

    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        form = await edit_mapping(pilot, screen, "account-customer")
        form.query_one("#field-split_description", TextArea).text = "One order per plant"
        form.query_one("#field-target", Input).value = "salesforce:Contact"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form

        def error(name: str) -> str:
            return str(form.query_one(f"#error-{name}").render())

        assert error("split_group_by").startswith("say what the split groups by")
        target = error("target")
        assert target.startswith("source and target are in the same system"), target
    stored = _stored(reference).mapping("account-customer")
    assert stored is not None and stored.target == "s4hana:A_Customer"


async def test_the_order_mapping_splits_only_by_what_an_order_item_carries(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A typo in the order mapping's split (or in what finds its orders again) would put every
    line in one order without a word: refused beside the entry, with the attribute meant. The
    same name on a mapping no flow runs as the order is the design's own business."""
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        form = await edit_mapping(pilot, screen, "order-sales-order")
        group_by = form.query_one("#field-split_group_by", Input)
        assert group_by.value == "plant, channel"
        group_by.value = "plant, chanel"
        form.query_one("#field-res_match_on", Input).value = "plant, Channel"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert str(form.query_one("#error-split_group_by").render()).startswith(
            "chanel is not carried by an order item (did you mean channel?): use plant, channel,"
        )
        assert str(form.query_one("#error-res_match_on").render()).startswith(
            "Channel is not carried by an order item (did you mean channel?)"
        )
        group_by.value = "plant, channel, product_class"
        form.query_one("#field-res_match_on", Input).value = "plant, channel"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        stored = _stored(reference).mapping("order-sales-order")
        assert stored is not None and stored.split is not None
        assert stored.split.group_by == ("plant", "channel", "product_class")
        form = await edit_mapping(pilot, screen, "erp-customer-link-sales-area")
        form.query_one("#field-split_group_by", Input).value = "sales_area"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    split = _stored(reference).mapping("erp-customer-link-sales-area").split  # type: ignore[union-attr]
    assert split is not None and split.group_by == ("sales_area",)


async def test_a_choice_made_inside_a_blank_rule_is_refused_not_dropped(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """What happens with no match, chosen for a mapping without a resolution rule, or a
    direction chosen with the trigger cleared, went with the rule the form did not make: the
    form closed as if it saved them. Clearing a trigger and nothing else removes the sync."""
    from textual.widgets import Select

    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        assert _stored(reference).mapping("contract-sales-contract").resolution is None  # type: ignore[union-attr]
        form = await edit_mapping(pilot, screen, "contract-sales-contract")
        when_none = form.query_one("#field-res_when_none", Select)
        shown = when_none.value
        when_none.value = "error" if shown != "error" else "hold"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-res_match_on").render())
        assert error.startswith("name what picks the target record"), error
        when_none.value = shown
        trigger = form.query_one("#field-sync_trigger", Select)
        direction = form.query_one("#field-sync_direction", Select)
        had_sync = _stored(reference).mapping("contract-sales-contract").sync is not None  # type: ignore[union-attr]
        assert had_sync
        trigger.clear()
        form.query_one("#field-sync_event", Input).value = ""
        form.query_one("#field-sync_schedule", Input).value = ""
        was = direction.value
        direction.value = "both" if was != "both" else "target-to-source"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-sync_trigger").render())
        assert error.startswith("pick a trigger: without one there is no sync"), error
        direction.value = was
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert _stored(reference).mapping("contract-sales-contract").sync is None  # type: ignore[union-attr]


async def test_a_new_sync_has_no_direction_until_one_is_chosen(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The form filled in source-to-target for a sync not there yet, and saved it as if decided,
    also for a mapping whose system of record is the target."""
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        form = await edit_mapping(pilot, screen, "account-customer")
        form.query_one("#field-sync_trigger", Select).clear()
        form.query_one("#field-sync_event", Input).value = ""
        form.query_one("#field-sync_schedule", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert _stored(reference).mapping("account-customer").sync is None  # type: ignore[union-attr]
        form = await edit_mapping(pilot, screen, "account-customer")
        direction = form.query_one("#field-sync_direction", Select)
        assert direction.value is Select.NULL
        form.query_one("#field-sync_trigger", Select).value = "event"
        form.query_one("#field-sync_event", Input).value = "Customer released in SAP"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-sync_direction").render())
        assert error == "pick which way the data moves with this trigger", error
        direction.value = "target-to-source"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    sync = _stored(reference).mapping("account-customer").sync  # type: ignore[union-attr]
    assert sync is not None and sync.direction == "target-to-source"


async def test_bundle_components_from_an_entity_the_model_lacks_is_refused_when_typed(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        before = _stored(reference).mapping("bundle-package-explosion")
        assert before is not None and before.bundle is not None
        form = await edit_mapping(pilot, screen, "bundle-package-explosion")
        source = form.query_one("#field-bundle_components_from", Input)
        source.value = "salesforce:NoSuchEntity"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-bundle_components_from").render())
        assert error.startswith("salesforce:NoSuchEntity is not an entity of the model"), error
        assert _stored(reference).mapping("bundle-package-explosion") == before


async def _ask_delete(pilot, screen: MainScreen, selection: Selection) -> ConfirmScreen:  # type: ignore[no-untyped-def]
    """Select ``selection`` and press x: the question the delete asks."""
    screen.reveal(selection)
    await pilot.pause()
    await pilot.press("x")
    await pilot.pause()
    confirm = pilot.app.screen
    assert isinstance(confirm, ConfirmScreen)
    return confirm


async def test_a_long_delete_list_scrolls_under_its_question_at_80x24(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """At 80x24 the dialog of Account (fields, relationships, mappings, decisions) scrolled to
    its buttons and hid the question, the only line that names what is deleted."""
    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        confirm = await _ask_delete(pilot, screen, Selection(Kind.ENTITY, "salesforce:Account"))
        await pilot.pause()
        dialog = confirm.query_one("#dialog").content_region
        question = confirm.query_one("#question").region
        buttons = [confirm.query_one(f"#{b}").region for b in ("yes", "no")]
        assert question.y >= dialog.y and "salesforce:Account" in confirm.question
        assert all(b.bottom <= dialog.bottom for b in buttons), (buttons, dialog)
        listing = confirm.query_one("#consequences", VerticalScroll)
        assert listing.max_scroll_y > 0  # the list is longer than its room: it scrolls
        # A bullet that wraps goes on under its own text, not under the bullet.
        console = Console(width=60, color_system=None)
        with console.capture() as captured:
            console.print(confirm._listing())
        lines = captured.get().splitlines()
        assert len(lines) > len(confirm.consequences)  # some wrap at this width
        assert all(line.startswith(("  • ", "    ")) for line in lines), lines
        await pilot.press("n")


async def test_delete_asks_says_what_goes_and_can_be_undone(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        confirm = await _ask_delete(pilot, screen, Selection(Kind.MAPPING, "account-customer"))
        assert any("field mappings" in line for line in confirm.consequences)
        assert any("decision" in line for line in confirm.consequences)
        from workbench.tui.widgets.key_bar import KeyBar

        said = [key.description for key in screen.query_one(KeyBar).keys]
        assert "Delete" in said and "Keep" in said, said  # as the buttons say, not Yes and No
        await pilot.press("n")
        await pilot.pause()
        assert _stored(reference).mapping("account-customer") is not None
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        stored = _stored(reference)
        assert stored.mapping("account-customer") is None
        assert all("mapping:account-customer" not in d.links for d in stored.decisions)
        assert not (reference / "models/mappings/account-customer.yaml").exists()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _stored(reference).mapping("account-customer") is not None
        assert (reference / "models/mappings/account-customer.yaml").exists()


async def test_after_a_delete_the_cursor_is_on_the_element_beside_it(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The cursor went back to the system's root: deleting three unmapped entities in a row
    meant finding each again."""
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        system = screen.controller.workspace.system("salesforce")
        assert system is not None
        names = [entity.name for entity in system.entities]
        doomed = names.index("CurrencyType")
        screen.reveal(Selection(Kind.ENTITY, "salesforce:CurrencyType"))
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert _stored(reference).entity("salesforce:CurrencyType") is None
        beside = names[doomed + 1] if doomed + 1 < len(names) else names[doomed - 1]
        assert screen.selection == Selection(Kind.ENTITY, f"salesforce:{beside}")
        # A field: the next field of its entity.
        entity = screen.controller.workspace.entity("salesforce:Account")
        assert entity is not None
        fields = [field.name for field in entity.fields]
        screen.reveal(Selection(Kind.FIELD, f"salesforce:Account.{fields[0]}"))
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert screen.selection == Selection(Kind.FIELD, f"salesforce:Account.{fields[1]}")


async def test_cardinality_keys_need_a_mapping(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        assert app.controller is not None
        # A system is no mapping: neither the cardinality key nor the status key changes anything.
        screen.reveal(Selection(Kind.SYSTEM, "salesforce"))
        await pilot.pause()
        before = _stored(reference)
        await pilot.press("3", "s")
        await pilot.pause()
        assert _stored(reference) == before
        # A draft 1:N mapping: 3 makes it N:1, and s cycles draft → proposed → agreed → draft.
        draft = before.mapping(DRAFT_MAPPING)
        assert draft is not None
        assert (draft.cardinality, draft.status) == (Cardinality.ONE_TO_MANY, MappingStatus.DRAFT)
        screen.reveal(Selection(Kind.MAPPING, DRAFT_MAPPING))
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        stored = _stored(reference).mapping(DRAFT_MAPPING)
        assert stored is not None
        assert (stored.cardinality, stored.status) == (Cardinality.MANY_TO_ONE, MappingStatus.DRAFT)
        for expected in (MappingStatus.PROPOSED, MappingStatus.AGREED, MappingStatus.DRAFT):
            await pilot.press("s")
            await pilot.pause()
            stored = _stored(reference).mapping(DRAFT_MAPPING)
            assert stored is not None and stored.status is expected
            assert app.controller.workspace.mapping(DRAFT_MAPPING) == stored
        # Nothing but the cardinality differs from the start (the status came round again).
        assert stored == draft.model_copy(update={"cardinality": Cardinality.MANY_TO_ONE})


async def test_opens_an_empty_workspace(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.services.example import init_workspace

    root = tmp_path / "empty"
    init_workspace(root, example=False)
    app = make_app(root)
    async with app.run_test(size=(120, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        assert app.controller is not None
        workspace = app.controller.workspace
        assert (workspace.systems, workspace.mappings, workspace.decisions) == ((), (), ())
        status = str(screen.query_one(StatusLine).render())
        assert "0 entities · 0 mappings" in status and "0 incomplete" in status
        assert "mirror in step" in status
        before, mirror = _stored(root), _mirror(root)
        # Nothing to map yet: n starts where a model starts, with a system (it offered the
        # entities to map, of which there were none, and the palette alone got one going).
        from workbench.tui.screens.form import FormScreen

        for pane in ("#crm", "#maps", "#erp"):
            screen.query_one(pane).focus()
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FormScreen) and form.title_text == "New system", pane
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
        # The graph of nothing says what to do rather than draw a blank canvas.
        await pilot.press("g")
        await until(pilot, lambda: getattr(app.screen, "drawing", None) is not None)
        info = str(app.screen.query_one("#graph-info").render())
        assert "Nothing to draw yet" in info, info
        await pilot.press("escape")
        await pilot.pause()
        assert _stored(root) == before and _mirror(root) == mirror


async def test_a_folder_that_is_not_a_workspace_shows_a_message(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MessageScreen)
        assert "not a workspace" in screen.body


async def test_a_broken_model_file_opens_the_database_version_and_says_why(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_open(pilot)
        await pilot.press("q")
    broken = reference / "models/mappings/account-customer.yaml"
    broken.write_text(broken.read_text() + "cardinality: 1:1\n")
    app = make_app(reference)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_open(pilot)
        await until(pilot, lambda: isinstance(app.screen, MessageScreen))
        message = app.screen
        assert isinstance(message, MessageScreen)
        assert "account-customer.yaml" in message.body and "duplicate key" in message.body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert (
            app.controller is not None
            and app.controller.workspace.mapping("account-customer") is not None
        )
    del screen


async def test_help_lists_the_keys(reference: Path, make_app: Callable[..., WorkbenchApp]) -> None:
    app = make_app(reference)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await wait_open(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one(VerticalScroll).query_one(Static).content
        assert isinstance(table, Table)
        console = Console(width=250, file=io.StringIO(), record=True, color_system=None)
        console.print(table)
        lines = [line.rstrip() for line in console.export_text().splitlines()]
        # Every key of the main screen, then the app's (unless the screen took the key), is a
        # row: the keys as the key bar shows them, then what the key does.
        listed: set[str] = set()
        for binding in [*MainScreen.BINDINGS, *WorkbenchApp.BINDINGS]:
            assert isinstance(binding, Binding)
            if binding.key in listed:
                continue
            listed.add(binding.key)
            keys = " / ".join(
                app.get_key_display(Binding(key, binding.action)) for key in binding.key.split(",")
            )
            row = re.compile(rf"{re.escape(keys)}\s+{re.escape(binding.tooltip)}")
            assert any(row.fullmatch(line) for line in lines), f"the help has no row {keys!r}"
        assert len(listed) > 20
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_presenter_mode_and_high_contrast(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_open(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert screen.has_class("-presenter") and screen.title == "Presenter mode"
        # The mode heads the header, so a narrow terminal cuts the workspace's title instead.
        assert screen.sub_title == screen.controller.workspace.title
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == "workbench-high-contrast"
        await pilot.press("ctrl+t", "p")
        await pilot.pause()
        assert app.theme != "workbench-high-contrast" and not screen.has_class("-presenter")
        assert screen.sub_title == "" and screen.title == screen.controller.workspace.title


def _workbench_dom_classes() -> dict[str, type[DOMNode]]:
    """Every app, screen and widget class that a module under workbench/tui defines."""
    import workbench.tui

    found: dict[str, type[DOMNode]] = {}
    for module_info in pkgutil.walk_packages(workbench.tui.__path__, prefix="workbench.tui."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == module.__name__
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    classes = _workbench_dom_classes()
    assert {WorkbenchApp, MainScreen, HelpScreen, ConfirmScreen, GraphScreen} <= set(
        classes.values()
    )
    checked = 0
    missing = []
    for name, cls in sorted(classes.items()):
        for binding in cls.__dict__.get("BINDINGS", ()):
            checked += 1
            if not isinstance(binding, Binding):
                missing.append(f"{name} {binding!r} is not a Binding")
            elif not binding.id or not binding.tooltip:
                missing.append(
                    f"{name} {binding.key}: id {binding.id!r}, tooltip {binding.tooltip!r}"
                )
    assert missing == []
    assert checked > 60


def test_dialog_keys_are_not_taken_by_the_text_field_in_focus() -> None:
    """A text field binds ctrl+a, ctrl+e, ctrl+d, ctrl+k... for editing. A screen key it also
    binds would do nothing while the field has the focus (the sign-off dialog's ctrl+a left a
    rejection selected), unless the screen's binding goes first."""
    from textual.screen import Screen
    from textual.widgets import Input

    taken = {
        key.strip()
        for cls in Input.__mro__
        for binding in cls.__dict__.get("BINDINGS", ())
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
        if key.strip().startswith("ctrl+")
    }
    assert {"ctrl+a", "ctrl+e"} <= taken
    clashes = [
        f"{name} {key}"
        for name, cls in sorted(_workbench_dom_classes().items())
        if issubclass(cls, Screen)
        for binding in cls.__dict__.get("BINDINGS", ())
        if isinstance(binding, Binding) and not binding.priority
        for key in binding.key.split(",")
        if key.strip() in taken
    ]
    assert clashes == []


async def test_opens_the_large_generated_model(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from benchmarks.large_model import large_workspace

    root = tmp_path / "large"
    workspace = large_workspace()
    folder_files = render(workspace)
    folder = WorkspaceFolder(root)
    folder.write_mirror(folder_files, {})
    store = open_database(folder)
    store.commit(None, workspace)
    folder.record_sync(store.database_id, folder_files)
    store.close()
    app = make_app(root)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot, timeout=60)
        assert isinstance(screen, MainScreen)
        assert app.controller is not None and app.controller.workspace.entity_count == 2000
        await pilot.press("down", "down", "g")
        await until(pilot, lambda: isinstance(app.screen, GraphScreen))
        assert isinstance(app.screen, GraphScreen)
        assert app.screen.focus_mode


async def test_a_value_map_is_edited_from_the_palette(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from textual.widgets import TextArea

    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.edit_value_map("uom")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        entries = form.query_one("#field-entries", TextArea)
        assert "Each <=> PC" in entries.text  # what SAP's PC comes back as
        assert "Case => PC" in entries.text
        # Two entries marked to come back for one target: the model refuses, beside the entries.
        marked = entries.text
        entries.text = marked.replace("Case => PC", "Case <=> PC")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-entries").render())
        assert error.startswith("'PC' translates back to 'Each' already"), error
        entries.text = marked + "\nPallet"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "line" in str(form.query_one("#error-entries").render())
        entries.text = entries.text.replace("\nPallet", "\n\nPallet => PAL | lots")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-entries").render())
        last = len(entries.text.splitlines())
        assert error == f"entries, line {last}, factor: lots is not a number", error
        # A line with nothing before its arrow translates nothing: refused, not saved as ''.
        entries.text = marked + "\n  =>  X"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-entries").render())
        last = len(entries.text.splitlines())
        assert error == f"entries, line {last}: give the value before =>", error
        entries.text = entries.text.replace("\n  =>  X", "\n\nPallet => PAL | lots")
        # A value translated twice is named by both its lines.
        kept = entries.text
        entries.text = "Each => PC\nBox => BX\nEach => EA"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-entries").render())
        assert error == "entries, line 3: 'Each' is translated on line 1 already", error
        # Every wrong line at one save, in order, with what else the form refuses.
        entries.text = "Pallet => PAL | abc\nEach => EA\n" + kept + "\nBox"
        form.query_one("#field-id", Input).value = "Not a slug"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        said = str(form.query_one("#error-entries").render()).splitlines()
        box = len(entries.text.splitlines())
        assert said[0] == "entries, line 1, factor: abc is not a number", said
        assert said[1].startswith("entries, line 3: 'Each' is translated on line 2"), said
        assert said[-1] == f"entries, line {box}: write 'source => target'", said
        assert str(form.query_one("#error-id").render())
        form.query_one("#field-id", Input).value = "uom"
        entries.text = kept
        entries.text = entries.text.replace(
            "\n\nPallet => PAL | lots", "\nPallet => PAL | 48 | pallet of 48 cases"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        uom = _stored(reference).value_map("uom")
        assert uom is not None
        pallet = uom.translate("Pallet")
        assert pallet is not None and (pallet.target, int(pallet.factor or 0), pallet.note) == (
            "PAL",
            48,
            "pallet of 48 cases",
        )


async def test_the_search_opens_from_the_palette_too(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.widgets.search_bar import SearchBar

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        bar = screen.query_one(SearchBar)
        assert not bar.children, "the fields are made when the search is first opened"
        await run_from_palette(pilot, "Search")
        await until(pilot, lambda: bar.has_class("-open"))
        assert isinstance(app.focused, Input) and app.focused.id == "search-text"
        await pilot.press(*"CurrencyType", "enter")
        await pilot.pause()
        assert screen.selection == Selection(Kind.ENTITY, "salesforce:CurrencyType")


async def test_the_graph_line_names_the_mode_first_so_a_narrow_terminal_keeps_it(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.ENTITY, "salesforce:Account"))
        await pilot.pause()
        await pilot.press("g")
        for _ in range(100):
            if isinstance(app.screen, GraphScreen) and app.screen.drawing is not None:
                break
            await pilot.pause(0.05)
        graph = app.screen
        assert isinstance(graph, GraphScreen)

        def info() -> str:
            return graph.query_one("#graph-info").render_line(0).text.strip()

        await pilot.press("f")
        await until(pilot, lambda: info().startswith("[focus, 1 hop]"))
        line = graph.query_one("#graph-info").render_line(0).text
        assert line.strip().startswith("[focus, 1 hop]  Account: ")
        await pilot.press("plus")
        await until(pilot, lambda: info().startswith("[focus, 2 hops]"))
        line = graph.query_one("#graph-info").render_line(0).text
        assert line.strip().startswith("[focus, 2 hops]  Account: ")
        assert line.rstrip().endswith("…")  # Account's mappings do not fit in 80 columns


async def test_presenter_mode_keeps_the_names_room_on_a_narrow_terminal(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    for width, side_padding in ((80, 0), (140, 2)):
        app = make_app(reference)
        async with app.run_test(size=(width, 30)) as pilot:
            screen = await wait_open(pilot)
            await pilot.press("p")
            await pilot.pause()
            assert screen.has_class("-presenter")
            assert screen.has_class("-narrow") is (width < 100)
            pane = screen.query_one("#crm-pane")
            assert (pane.styles.padding.top, pane.styles.padding.left) == (1, side_padding)


async def test_no_counterpart_on_a_mapped_entity_asks_before_it_drops_the_target(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        before = _stored(reference).mapping("account-customer")
        assert before is not None and before.target and before.field_mappings
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        await pilot.press("0")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.consequences[0] == (
            f"the link to the target {before.target} (the entity itself stays)"
        )
        await pilot.press("n")
        await pilot.pause()
        assert _stored(reference).mapping("account-customer") == before
        await pilot.press("0", "y")
        await pilot.pause()
        after = _stored(reference).mapping("account-customer")
        assert after is not None and after.target is None and not after.field_mappings


async def test_zero_on_an_entity_not_mapped_yet_records_that_it_has_no_counterpart(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The detail pane says "map it with cardinality 0 (no counterpart)"; 0 said "Select a
    mapping first" and did nothing."""
    from workbench.domain import Cardinality
    from workbench.tui.screens.prompt import PromptScreen

    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        assert not _stored(reference).mappings_of("salesforce:User")
        screen.reveal(Selection(Kind.ENTITY, "salesforce:User"))
        await pilot.pause()
        await pilot.press("0")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        for char in "kept in the CRM":
            await pilot.press("space" if char == " " else char)
        await pilot.press("enter")
        await pilot.pause()
        (mapping,) = _stored(reference).mappings_of("salesforce:User")
        assert (mapping.cardinality, mapping.reason) == (Cardinality.NONE, "kept in the CRM")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not _stored(reference).mappings_of("salesforce:User")


def test_id_errors_say_what_the_id_takes_and_how_long_it_may_be() -> None:
    from pydantic import ValidationError

    from workbench.domain import Mapping
    from workbench.tui.screens.form import errors_from

    def error(mapping_id: str) -> str:
        try:
            Mapping(id=mapping_id, source="a:B", cardinality="1:1")
        except ValidationError as exc:
            return errors_from(exc, ["id"])["id"]
        raise AssertionError("accepted")

    assert (
        error("Not A Slug") == "use lowercase letters, digits and - (start with a letter or digit)"
    )
    assert error("a" * 81) == "at most 80 characters"


async def test_closing_the_search_keeps_the_cursor_on_the_selection(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """After Esc the lists show everything again and the cursor is on what is selected, so the
    keys that act on the selection act on the highlighted row (the cursor used to go to the top
    while x and e still acted on the search's result)."""
    from workbench.tui.widgets.side_tree import SideTree

    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        await pilot.press("slash", *"Shipment", "enter")
        await pilot.pause()
        found = Selection(Kind.ENTITY, "salesforce:Shipment__c")
        assert screen.selection == found
        await pilot.press("escape")
        await pilot.pause()
        tree = screen.query_one("#crm", SideTree)
        assert screen.selection == found
        assert tree.cursor_node is not None and tree.cursor_node.data == found
        assert app.focused is tree


async def test_a_filter_that_hides_the_selection_moves_it_to_the_first_result(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Picking "unmapped" with no text left A_ProductPlant selected (and its detail shown)
    though no list showed it: e edited it. The selection goes to the first result."""
    from textual.widgets import Select

    from workbench.tui.filters import Show

    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.ENTITY, "s4hana:A_ProductPlant"))
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        screen.query_one("#search-show", Select).value = Show.UNMAPPED
        await pilot.pause()
        await pilot.pause()
        unmapped = set(screen.controller.unmapped_entities)
        assert screen.selection is not None and screen.selection.key in unmapped
        assert screen.selection.key == "salesforce:CurrencyType"
        # Narrowed again by text, it follows to the first result; with none, to nothing.
        await pilot.press(*"User")
        await pilot.pause()
        assert screen.selection == Selection(Kind.ENTITY, "salesforce:User")
        await pilot.press(*"zzz-nothing")
        await pilot.pause()
        assert screen.selection is None
        # With nothing selected, a search shows its first result again (the detail pane went
        # on showing nothing while the lists showed entities).
        await pilot.press(*(["backspace"] * len("zzz-nothing")))
        await pilot.pause()
        assert screen.selection == Selection(Kind.ENTITY, "salesforce:User")


async def test_a_selected_field_is_scrolled_into_the_detail_pane(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The entity's detail lists its fields with the selected one marked; one far down the
    list is scrolled into view (the pane always showed the top, the field below its fold)."""
    from workbench.tui.widgets.detail import DetailPane

    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.FIELD, "salesforce:Account.ERP_Last_Sync__c"))
        await pilot.pause()
        detail = screen.query_one(DetailPane)
        top = detail.scroll_offset.y
        shown = detail.plain.splitlines()[top : top + detail.scrollable_content_region.height]
        assert any(line.startswith("ERP_Last_Sync__c ") for line in shown), shown
        screen.reveal(Selection(Kind.ENTITY, "salesforce:Account"))
        await pilot.pause()
        assert detail.scroll_offset.y == 0  # an entity shows from its top


async def test_a_field_whose_name_the_narrow_pane_cuts_is_still_scrolled_into_view(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.widgets.detail import DetailPane

    app = make_app(reference)
    async with app.run_test(size=(44, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.FIELD, "salesforce:OrderItem.SBQQ__RevisedOrderProduct__c"))
        await pilot.pause()
        detail = screen.query_one(DetailPane)
        lines = detail.plain.splitlines()
        assert not any(line.startswith("SBQQ__RevisedOrderProduct__c ") for line in lines)
        top = detail.scroll_offset.y
        assert top > 0
        shown = lines[top : top + detail.scrollable_content_region.height]
        assert any(line.startswith("SBQQ__Revised") and "…" in line for line in shown), shown


async def test_presenter_mode_at_80x24_leaves_the_detail_room_to_say_something(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.widgets.detail import DetailPane

    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.ENTITY, "s4hana:A_BillingDocument"))
        await pilot.press("p")
        await pilot.pause()
        detail = screen.query_one(DetailPane)
        height = detail.scrollable_content_region.height
        assert height >= 6, height  # the heading, the mappings and the start of the fields
        shown = detail.plain.splitlines()[:height]
        assert any("─▶" in line for line in shown), shown


async def test_undo_and_redo_are_offered_only_with_something_to_take(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        # Just opened (the history is the session's): both dimmed in the key bar.
        assert screen.check_action("undo", ()) is None and screen.check_action("redo", ()) is None
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert screen.check_action("undo", ()) is True and screen.check_action("redo", ()) is None
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.check_action("undo", ()) is None and screen.check_action("redo", ()) is True


async def test_a_new_entity_is_selected_once_created(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.widgets.side_tree import SideTree

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.SYSTEM, "salesforce"))
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-name", Input).value = "Invoice_Header"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        made = Selection(Kind.ENTITY, "salesforce:Invoice_Header")
        assert screen.selection == made
        tree = screen.query_one("#crm", SideTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == made


async def test_keys_act_on_the_element_under_the_focused_cursor(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Tab into a pane: what its cursor is on becomes the selection (x in the ERP tree used to
    offer to delete the CRM entity selected before)."""
    from workbench.tui.widgets.mapping_list import MappingList
    from workbench.tui.widgets.side_tree import SideTree

    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        screen.reveal(Selection(Kind.ENTITY, "s4hana:A_Customer"))
        await pilot.pause()
        await pilot.pause()
        erp = screen.query_one("#erp", SideTree)
        assert app.focused is erp and screen.selection == Selection(
            Kind.ENTITY, "s4hana:A_Customer"
        )
        await pilot.press("shift+tab", "shift+tab")  # to the CRM tree
        await pilot.pause()
        crm = screen.query_one("#crm", SideTree)
        assert app.focused is crm
        # The CRM tree's cursor is selected now, and the detail shows it.
        node = crm.cursor_node
        assert node is not None and screen.selection == node.data
        await pilot.press("down")
        await pilot.pause()
        moved_to = screen.selection
        assert moved_to is not None and moved_to.system == "salesforce"
        await pilot.press("tab")  # the mapping list: its highlighted mapping
        await pilot.pause()
        listing = screen.query_one(MappingList)
        assert app.focused is listing
        assert screen.selection == Selection(Kind.MAPPING, listing.highlighted_id or "")
        await pilot.press("tab")  # back in the ERP tree, whose cursor is on A_Customer
        await pilot.pause()
        assert app.focused is erp
        assert screen.selection == Selection(Kind.ENTITY, "s4hana:A_Customer")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "A_Customer" in str(app.screen.question) and "Account" not in str(
            app.screen.question
        )


async def test_a_search_that_lists_other_fields_moves_a_selected_field_to_the_first_result(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.FIELD, "salesforce:Account.Phone"))
        await pilot.pause()
        await pilot.press("slash", *"BillingCity")
        await pilot.pause()
        # Account still shows (its BillingCity matches), Phone under it does not.
        assert screen.selection != Selection(Kind.FIELD, "salesforce:Account.Phone")


async def test_tab_into_the_mappings_at_opening_selects_the_first_and_e_edits_it(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The workspace's page stays while the first pane has the focus; a pane moved into with
    Tab selects its first line, so its keys act on what its cursor shows."""
    from workbench.tui.screens.form import FormScreen
    from workbench.tui.selection import Kind, Selection
    from workbench.tui.widgets.mapping_list import MappingList

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert screen.selection is None  # the workspace's own page
        await pilot.press("tab")
        await pilot.pause()
        listing = screen.query_one(MappingList)
        assert app.focused is listing and listing.highlighted == 0
        first = listing.highlighted_id
        assert first is not None and screen.selection == Selection(Kind.MAPPING, first)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert first in app.screen.title_text
