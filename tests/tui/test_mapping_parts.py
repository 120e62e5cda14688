"""A mapping's parts (field mappings, error rules, key cross-references, bundle components),
edited with keystrokes; the store is asserted."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from textual.widgets import DataTable, Input, Select, TextArea

from tests.tui.conftest import run_from_palette, wait_open
from tests.tui.test_workbench import _stored
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.confirm import ConfirmScreen
from workbench.tui.screens.form import FormScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.rows import RowsScreen
from workbench.tui.selection import Kind, Selection

BUNDLE = "bundle-package-explosion"


def _detail_text(rows: RowsScreen) -> str:
    """What the detail under a list shows, as one line of words."""
    from textual.widgets import Static

    detail = rows.query_one("#rows-detail", Static)
    text = " ".join(
        "".join(segment.text for segment in strip)
        for strip in detail.render_lines(detail.region.reset_offset)
    )
    return " ".join(text.split())


async def _parts_list(pilot, mapping_id: str, key: str) -> RowsScreen:  # type: ignore[no-untyped-def]
    """The list of a mapping's parts (``f`` field mappings, ``E`` error rules), opened from the
    main screen with the mapping selected."""
    screen = await wait_open(pilot)
    assert isinstance(screen, MainScreen)
    screen.reveal(Selection(Kind.MAPPING, mapping_id))
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    rows = pilot.app.screen
    assert isinstance(rows, RowsScreen)
    return rows


async def test_bundle_components_from_the_palette_with_inline_errors(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        before = _stored(reference).mapping(BUNDLE)
        assert before is not None and before.bundle is not None
        count = len(before.bundle.components)
        screen.reveal(Selection(Kind.MAPPING, BUNDLE))
        await pilot.pause()
        await run_from_palette(pilot, "bundle components")
        rows = app.screen
        assert isinstance(rows, RowsScreen)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-product", Input).value = "EDGE-CABLE-5M"
        form.query_one("#field-quantity", Input).value = "0"
        form.query_one("#field-share", Input).value = "1.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "an invalid component is not saved"
        assert "give more than 0" in str(form.query_one("#error-quantity").render())
        bundle = _stored(reference).mapping(BUNDLE).bundle  # type: ignore[union-attr]
        assert bundle is not None and len(bundle.components) == count
        form.query_one("#field-quantity", Input).value = "4"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "the share is checked too"
        assert "give at most 1" in str(form.query_one("#error-share").render())
        form.query_one("#field-share", Input).value = "0.05"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is rows
        # The row just added is the highlighted one: the next key acts on it.
        table = rows.query_one(DataTable)
        assert table.row_count == count + 1
        assert str(table.get_row_at(table.cursor_row)[0]) == "EDGE-CABLE-5M"
        bundle = _stored(reference).mapping(BUNDLE).bundle  # type: ignore[union-attr]
        assert bundle is not None
        added = bundle.components[-1]
        assert (added.product, added.quantity, added.share, added.optional) == (
            "EDGE-CABLE-5M",
            Decimal(4),
            Decimal("0.05"),
            False,
        )
        # A product listed twice is refused in the form, not saved.
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-product", Input).value = "EDGE-CABLE-5M"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        # Beside the product it is about (it was said at the bottom of the form).
        assert "component already" in str(form.query_one("#error-product").render())
        await pilot.press("escape")  # what is typed is not dropped by one key: it warns
        await pilot.pause()
        assert app.screen is form
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is rows
        # Delete the first component (it asks first), then undo it from the main screen.
        table.move_cursor(row=0)
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(_stored(reference).mapping(BUNDLE).bundle.components) == count + 1  # type: ignore[union-attr]
        await pilot.press("x", "y")
        await pilot.pause()
        bundle = _stored(reference).mapping(BUNDLE).bundle  # type: ignore[union-attr]
        assert bundle is not None and len(bundle.components) == count
        assert bundle.components[0].product != before.bundle.components[0].product
        await pilot.press("escape", "ctrl+z")
        await pilot.pause()
        bundle = _stored(reference).mapping(BUNDLE).bundle  # type: ignore[union-attr]
        assert bundle is not None
        assert bundle.components[0] == before.bundle.components[0]
        assert len(bundle.components) == count + 1


async def test_key_cross_references_pick_fields_of_both_entities(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    mapping_id = "account-customer"
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.MAPPING, mapping_id))
        await pilot.pause()
        await run_from_palette(pilot, "key cross")
        rows = app.screen
        assert isinstance(rows, RowsScreen)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        source = form.query_one("#field-source_field", Select)
        target = form.query_one("#field-target_field", Select)
        workspace = _stored(reference)
        account = workspace.entity("salesforce:Account")
        customer = workspace.entity("s4hana:A_Customer")
        assert account is not None and customer is not None
        # The lists offer exactly the fields of the two entities.
        assert [value for _, value in source._options if value != Select.NULL] == [
            f.name for f in account.fields
        ]
        assert [value for _, value in target._options if value != Select.NULL] == [
            f.name for f in customer.fields
        ]
        # The pair the mapping has already is refused inline.
        source.value = "ERP_Business_Partner__c"
        target.value = "Customer"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        # Beside the first field of the pair, not under the whole form.
        assert "is a key already" in str(form.query_one("#error-source_field").render())
        assert len(_stored(reference).mapping(mapping_id).keys) == 1  # type: ignore[union-attr]
        source.value = "Id"
        await pilot.pause()
        # The form's own message was about the old values: it goes once a field changes.
        assert not form.query_one("#error-").display
        target.value = "Customer"
        form.query_one("#field-description", TextArea).text = "the account id, kept on the customer"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is rows
        keys = _stored(reference).mapping(mapping_id).keys  # type: ignore[union-attr]
        assert (keys[-1].source_field, keys[-1].target_field, keys[-1].description) == (
            "Id",
            "Customer",
            "the account id, kept on the customer",
        )
        # Edit the first key (Enter on its row): change its target field.
        await pilot.press("up", "up", "up", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        first = _stored(reference).mapping(mapping_id).keys[0]  # type: ignore[union-attr]
        assert form.query_one("#field-source_field", Select).value == first.source_field
        form.query_one("#field-target_field", Select).value = "CustomerName"
        await pilot.press("ctrl+s")
        await pilot.pause()
        keys = _stored(reference).mapping(mapping_id).keys  # type: ignore[union-attr]
        assert (keys[0].source_field, keys[0].target_field) == (first.source_field, "CustomerName")
        assert len(keys) == 2


async def test_field_mappings_and_error_rules_are_listed_edited_and_deleted(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        before = _stored(reference).mapping("account-customer")
        assert before is not None and before.field_mappings and before.error_policy
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()

        await pilot.press("f")
        await pilot.pause()
        rows = app.screen
        assert isinstance(rows, RowsScreen)
        table = rows.query_one(DataTable)
        assert table.row_count == len(before.field_mappings)
        await pilot.press("enter")  # the first row's form
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x", "y")
        await pilot.pause()
        after = _stored(reference).mapping("account-customer")
        assert after is not None
        assert after.field_mappings == before.field_mappings[1:]
        assert table.row_count == len(before.field_mappings) - 1
        # Undo and redo work inside the list, as the delete's question says.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _stored(reference).mapping("account-customer") == before
        assert table.row_count == len(before.field_mappings)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert table.row_count == len(before.field_mappings) - 1
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("E")
        await pilot.pause()
        rules = app.screen
        assert isinstance(rules, RowsScreen)
        assert rules.query_one(DataTable).row_count == len(before.error_policy)
        await pilot.press("x", "y")
        await pilot.pause()
        after = _stored(reference).mapping("account-customer")
        assert after is not None and after.error_policy == before.error_policy[1:]
        await pilot.press("escape", "ctrl+z", "ctrl+z")
        await pilot.pause()
        assert _stored(reference).mapping("account-customer") == before


async def test_a_second_rule_for_a_code_and_a_taken_target_are_refused_beside_the_field(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        before = _stored(reference).mapping(BUNDLE)
        assert before is not None and any(r.failure == "*" for r in before.error_policy)
        screen.reveal(Selection(Kind.MAPPING, BUNDLE))
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        failure = form.query_one("#field-failure", Input)
        assert failure.value == ""  # the policy has its catch-all already
        # Saved blank, the rule would route no failure at all: refused, with the route missing
        # too, both at once.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "give the code as the process raises it" in str(
            form.query_one("#error-failure").render()
        )
        assert "where a failed record goes" in str(form.query_one("#error-route").render())
        failure.value = "credit block"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "credit block is not a code" in str(form.query_one("#error-failure").render())
        assert _stored(reference).mapping(BUNDLE) == before
        failure.value = "*"
        form.query_one("#field-route", Input).value = "Order management queue"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "has a rule already" in str(form.query_one("#error-failure").render())
        # The cursor was in the field already: typed keys replace the refused value (they were
        # added to it, and "*BUNDLE_PRICE_MISSING" saved).
        failure.focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        for key in "BUNDLE_X":
            await pilot.press(key)
        assert failure.value == "BUNDLE_X"
        failure.value = "BUNDLE_PRICE_MISSING"
        form.query_one("#field-notify", Input).value = "Ops, ,Ops, IT"
        assert form._read()["notify"] == ("Ops", "IT")  # typed twice means once
        form.query_one("#field-route", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "a rule that routes nowhere is refused"
        assert "where a failed record goes" in str(form.query_one("#error-route").render())
        assert _stored(reference).mapping(BUNDLE) == before
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()

        screen.reveal(Selection(Kind.MAPPING, "order-sales-order"))
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        order = _stored(reference).mapping("order-sales-order")
        assert order is not None
        mapped = {fm.target for fm in order.field_mappings}
        target = form.query_one("#field-target", Select)
        assert target.value not in mapped  # the first field not mapped yet
        taken = sorted(mapped)[0]
        target.value = taken
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "mapped already" in str(form.query_one("#error-target").render())


def test_a_field_mapping_forms_labels_wrap_between_words() -> None:
    from workbench.tui.forms.mapping_lists import _spaced

    assert _spaced("salesforce:CurrencyType") == "CurrencyType (salesforce)"
    assert _spaced("") == ""


async def test_undo_inside_a_list_that_takes_its_mapping_away_closes_the_list(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.domain import edits
    from workbench.domain.mappings import Cardinality, Mapping

    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        model = screen.controller.workspace.mapping("account-customer")
        assert model is not None
        new = Mapping(
            id="zz-test",
            source=model.source,
            target=model.target,
            cardinality=Cardinality.ONE_TO_ONE,
        )
        assert screen.controller.apply("map zz", lambda w: edits.put_mapping(w, new)).ok
        screen.reveal(Selection(Kind.MAPPING, "zz-test"))
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, RowsScreen)
        await pilot.press("ctrl+z")  # takes the mapping away
        await pilot.pause()
        assert app.screen is screen, "the list closed instead of failing on a mapping gone"
        assert _stored(reference).mapping("zz-test") is None


async def test_the_highlighted_row_is_shown_whole_under_the_list_at_80x24(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """At 80 columns the table cut a long transform at its edge and hid the columns after it."""

    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        rows = await _parts_list(
            pilot, "account-customer", "f"
        )  # opened first: it makes the database
        mapping = _stored(reference).mapping("account-customer")
        assert mapping is not None
        longest = max(mapping.field_mappings, key=lambda fm: len(fm.transform))
        rows.query_one(DataTable).move_cursor(row=mapping.field_mappings.index(longest))
        await pilot.pause()
        shown = _detail_text(rows)
        assert " ".join(longest.transform.split()) in shown
        assert longest.target in shown


async def test_the_detail_under_a_list_shows_what_its_columns_leave_out(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A field mapping's default and notes, and an error rule's description, were in no
    column, and so nowhere on the screen."""
    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        rows = await _parts_list(
            pilot, "account-business-partner", "f"
        )  # opened first: it makes the database
        mapping = _stored(reference).mapping("account-business-partner")
        assert mapping is not None
        defaulted = next(fm for fm in mapping.field_mappings if fm.default is not None)
        rows.query_one(DataTable).move_cursor(row=mapping.field_mappings.index(defaulted))
        await pilot.pause()
        assert f"default {defaulted.default}" in _detail_text(rows), _detail_text(rows)
        noted = next(fm for fm in mapping.field_mappings if fm.notes)
        rows.query_one(DataTable).move_cursor(row=mapping.field_mappings.index(noted))
        await pilot.pause()
        assert " ".join(noted.notes.split())[:40] in _detail_text(rows), _detail_text(rows)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        rules = app.screen
        assert isinstance(rules, RowsScreen)
        described = next(r for r in mapping.error_policy if r.description)
        rules.query_one(DataTable).move_cursor(row=mapping.error_policy.index(described))
        await pilot.pause()
        assert " ".join(described.description.split())[:30] in _detail_text(rules), _detail_text(
            rules
        )
