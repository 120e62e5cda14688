"""Editing a scenario from the simulation screen with keystrokes: the header form, the order
lines list, the inline errors, and the run that follows the edit; the store is asserted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, Static

from tests.tui.conftest import wait_open
from tests.tui.test_simulation_screen import _simulation_screen, _wait_result
from tests.tui.test_workbench import _stored
from workbench.domain.scenarios import Channel, Scenario
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.form import FormScreen
from workbench.tui.screens.rows import RowsScreen
from workbench.tui.screens.simulation import SimulationScreen

BASELINE = "01-baseline-single-line"


def _scenario(root: Path) -> Scenario:
    return next(s for s in _stored(root).scenarios if s.id == BASELINE)


def _error(form: FormScreen, name: str) -> str:
    return str(form.query_one(f"#error-{name}").render())


async def _save_in_header_form(pilot: Pilot[None], field: str, value: str) -> None:
    """``e`` on the highlighted scenario, one field of its header form changed, ``ctrl+s``."""
    await pilot.press("e")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    form.query_one(f"#field-{field}", Input).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_edit_a_scenario_header_and_its_lines_then_run_it_again(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await _simulation_screen(pilot)
        before = _scenario(reference)

        # The header: a bad currency is shown on its field and nothing is saved.
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-account", Input).value == "ACME"
        form.query_one("#field-currency", Input).value = "US dollar"
        form.query_one("#field-title", Input).value = "Baseline, billed to head office"
        form.query_one("#field-bill_to", Input).value = "Acme Manufacturing HQ"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "ISO 4217" in _error(form, "currency")
        assert _scenario(reference) == before
        form.query_one("#field-currency", Input).value = "usd"  # typed small: saved as USD
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        await _wait_result(pilot, screen, BASELINE)  # saving runs the scenario again
        assert screen.result is not None
        assert [f.code for f in screen.result.failures] == ["CUSTOMER_NOT_FOUND"]
        stored = _scenario(reference)
        assert stored.order.currency == "USD"
        assert stored.title == "Baseline, billed to head office"
        assert stored.order.bill_to == "Acme Manufacturing HQ"
        assert stored.order.lines == before.order.lines
        mirrored = (reference / "models" / "scenarios" / f"{BASELINE}.yaml").read_text()
        assert "bill_to: Acme Manufacturing HQ" in mirrored

        # The lines: the domain's validation names the bad line inline.
        await pilot.press("l")
        await pilot.pause()
        rows = app.screen
        assert isinstance(rows, RowsScreen)
        assert rows.query_one(DataTable).row_count == 1
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-id", Input).value == "20"
        form.query_one("#field-product", Input).value = "NO-SUCH-PART"
        form.query_one("#field-quantity", Input).value = "-2"
        form.query_one("#field-price", Input).value = "150"
        form.query_one("#field-start", Input).value = "2026-04-01"
        form.query_one("#field-end", Input).value = "2026-03-01"
        form.query_one("#field-channel", Select).value = Channel.PARTNER.value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        # All at once, each beside its field: the model's refusal of the term too.
        assert "give more than 0" in _error(form, "quantity")
        assert _error(form, "product").startswith("NO-SUCH-PART is not a product of master data")
        assert "line 20 ends (2026-03-01) before it starts (2026-04-01)" in _error(form, "end")
        form.query_one("#field-quantity", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert _error(form, "product").startswith("NO-SUCH-PART is not a product")
        form.query_one("#field-product", Input).value = before.order.lines[0].product
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        # The model's refusal (the term ends before it starts) sits beside the end date.
        assert "line 20 ends" in _error(form, "end")
        assert _error(form, "") == ""
        assert len(_scenario(reference).order.lines) == 1
        form.query_one("#field-end", Input).value = "2027-03-31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is rows
        assert rows.query_one(DataTable).row_count == 2
        added = _scenario(reference).order.lines[1]
        assert (added.id, added.quantity, added.price, added.channel) == (
            "20",
            Decimal(2),
            Decimal(150),
            Channel.PARTNER,
        )
        assert (added.start, added.end) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))

        # Edit the first line's quantity, delete the second; the last line cannot go.
        await pilot.press("up", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-quantity", Input).value = "6"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _scenario(reference).order.lines[0].quantity == Decimal(6)
        await pilot.press("down", "x", "y")
        await pilot.pause()
        assert [line.id for line in _scenario(reference).order.lines] == ["10"]
        await pilot.press("x", "y")
        await pilot.pause()
        assert [line.id for line in _scenario(reference).order.lines] == ["10"]

        # Closing the list runs the scenario again; so does restoring the bill-to, and the run
        # now bills the six controllers of the edited line.
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-bill_to", Input).value = before.order.bill_to
        screen.result = None
        await pilot.press("ctrl+s")
        await pilot.pause()
        await _wait_result(pilot, screen, BASELINE)
        assert screen.result is not None and not screen.result.failures
        assert screen.result.schedules.billed_total == Decimal(6 * 2400)
        assert not screen.result.passed  # the scenario still expects four: the edit shows
        assert _scenario(reference).order.bill_to == before.order.bill_to

        # Each save is one edit in the history: undo on the main screen takes the last one back.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _scenario(reference).order.bill_to == "Acme Manufacturing HQ"
        assert _scenario(reference).order.lines[0].quantity == Decimal(6)


async def test_edit_what_a_scenario_expects_and_add_an_amendment(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from textual.widgets import TextArea

    from workbench.domain.scenarios import ChangeAction

    app = make_app(reference)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await _simulation_screen(pilot)
        before = _scenario(reference)
        assert before.amendments == ()

        # Expectations: a line of the documents that is not understood is named, nothing saved.
        await pilot.press("X")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        documents = form.query_one("#field-documents", TextArea)
        assert documents.text.startswith("A_SalesOrder 1")
        documents.text = "A_SalesOrder 1\ninvoice several"
        form.query_one("#field-billed", Input).value = "1,200"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        # Both refusals of one save together, each beside its entry.
        assert "line 2" in _error(form, "documents")
        assert "a number" in _error(form, "billed")
        assert _scenario(reference) == before
        # A type this design never makes could never be counted: refused, with the one meant.
        documents.text = "A_SalesOrder 1\ninvoise 1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _error(form, "documents").startswith(
            "line 2: this design never makes invoise documents (did you mean invoice?); it "
            "makes A_Customer, A_SalesOrder, cancel:A_SalesOrder, change:A_SalesOrder, "
            "credit-memo, invoice"
        )
        assert _scenario(reference) == before
        documents.text = "A_SalesOrder 1\ninvoice 1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "a number" in _error(form, "billed")
        form.query_one("#field-billed", Input).value = "1200"
        # A code no run raises could never be met: refused, with the code it likely meant.
        form.query_one("#field-failures", Input).value = "CUSTOMER_NOT_FUOND"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert _error(form, "failures").startswith(
            "no run raises CUSTOMER_NOT_FUOND (did you mean CUSTOMER_NOT_FOUND?)"
        )
        assert _scenario(reference) == before
        # Every code no run raises is named, and words meant as one code are told so.
        form.query_one("#field-failures", Input).value = "credit block"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _error(form, "failures").startswith(
            "no run raises credit, block (codes are separated by spaces: did you mean "
            "CREDIT_BLOCK?)"
        )
        form.query_one("#field-failures", Input).value = "CUSTOMER_NOT_FOUND"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        await _wait_result(pilot, screen, BASELINE)  # saving runs the scenario again
        expect = _scenario(reference).expect
        assert [(d.type, d.count) for d in expect.documents] == [
            ("A_SalesOrder", 1),
            ("invoice", 1),
        ]
        assert (expect.billed, expect.failures) == (Decimal(1200), ("CUSTOMER_NOT_FOUND",))
        assert screen.marks()[BASELINE] is False  # no such failure: the run says so at once
        mirrored = (reference / "models" / "scenarios" / f"{BASELINE}.yaml").read_text()
        assert "CUSTOMER_NOT_FOUND" in mirrored

        # Amendments: add one that changes the quantity mid-term.
        await pilot.press("a")
        await pilot.pause()
        rows = app.screen
        assert isinstance(rows, RowsScreen)
        assert rows.query_one(DataTable).row_count == 0
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        line = before.order.lines[0].id
        form.query_one("#field-effective", Input).value = "2026-13-45"
        form.query_one("#field-description", TextArea).text = "Five more controllers"
        form.query_one("#field-changes", TextArea).text = f"change-qty {line} quantity=10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "change-qty is not an action" in _error(form, "changes")
        assert _error(form, "effective") == "2026-13-45 is not a day of the calendar"
        form.query_one("#field-changes", TextArea).text = f"change-quantity {line} quantity=10"
        # A date before the order's is the model's refusal: said beside the date, too.
        ordered = before.order.date
        early = (ordered - dt.timedelta(days=1)).isoformat()
        form.query_one("#field-effective", Input).value = early
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert _error(form, "effective") == (
            f"amendment 1 takes effect on {early}, before the order ({ordered.isoformat()})"
        )
        assert _error(form, "") == ""
        form.query_one("#field-effective", Input).value = "2026-09-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is rows
        assert rows.query_one(DataTable).row_count == 1
        # The list says what the change sets, as the form writes it.
        shown = [str(cell) for cell in rows.query_one(DataTable).get_row_at(0)]
        assert shown[-1] == f"change-quantity {line} quantity=10", shown
        [amendment] = _scenario(reference).amendments
        assert amendment.effective == dt.date(2026, 9, 1)
        assert amendment.changes[0].action is ChangeAction.CHANGE_QUANTITY
        assert amendment.changes[0].quantity == Decimal(10)

        # Each save was one edit: undo on the main screen takes the amendment back.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _scenario(reference).amendments == ()
        assert _scenario(reference).expect == expect


async def test_back_from_an_edit_in_the_simulation_the_checks_see_it(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.screens.main import MainScreen

    app = make_app(reference)
    async with app.run_test(size=(140, 44)) as pilot:
        main = await wait_open(pilot)
        assert isinstance(main, MainScreen)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, SimulationScreen)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-title", Input).value = "Baseline, retitled in the room"
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = app.controller.workspace  # type: ignore[union-attr]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is main
        for _ in range(100):
            findings = app.controller.findings  # type: ignore[union-attr]
            if findings is not None and findings[0] is edited:
                break
            await pilot.pause(0.05)
        assert findings is not None and findings[0] is edited, "the checks ran on the edit"


async def test_a_new_scenario_starts_as_a_copy_named_in_its_form_and_can_be_deleted(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """n copies the highlighted scenario under a free id and opens its form, where the copy
    gets its own id; saving runs it. delete removes one after asking; ctrl+z brings it back."""
    from workbench.tui.screens.confirm import ConfirmScreen

    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _simulation_screen(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        copy_id = f"{BASELINE}-copy"
        assert {s.id for s in _stored(reference).scenarios} >= {BASELINE, copy_id}
        field = form.query_one("#field-id", Input)
        assert field.value == copy_id
        field.value = "20-baseline-in-pounds"
        form.query_one("#field-currency", Input).value = "GBP"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        await _wait_result(pilot, screen, "20-baseline-in-pounds")
        stored = {s.id: s for s in _stored(reference).scenarios}
        assert copy_id not in stored
        made = stored["20-baseline-in-pounds"]
        assert made.order.currency == "GBP" and made.title.startswith("Copy of ")
        assert made.order.lines == stored[BASELINE].order.lines
        assert (reference / "models" / "scenarios" / "20-baseline-in-pounds.yaml").is_file()
        # The copy is highlighted; delete asks, y deletes it, ctrl+z undoes the delete.
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert "20-baseline-in-pounds" not in {s.id for s in _stored(reference).scenarios}
        assert not (reference / "models" / "scenarios" / "20-baseline-in-pounds.yaml").exists()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "20-baseline-in-pounds" in {s.id for s in _stored(reference).scenarios}


async def test_a_scenario_renamed_in_its_form_stays_highlighted_and_runs(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The list is sorted by id: renamed, the scenario moves, and the cursor (by index) ran
    the one that took its place."""
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _simulation_screen(pilot)
        await pilot.press("enter")
        await _wait_result(pilot, screen, BASELINE)
        await _save_in_header_form(pilot, "id", "99-baseline-renamed")
        await _wait_result(pilot, screen, "99-baseline-renamed")
        listing = screen.query_one("#sim-scenarios", OptionList)
        assert listing.highlighted is not None
        assert listing.get_option_at_index(listing.highlighted).id == "99-baseline-renamed"
        assert screen.marks().get("99-baseline-renamed") is True
        assert BASELINE not in screen.marks()


async def test_a_linked_scenario_renamed_keeps_its_decision_link_and_deleted_takes_it(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A decision's link follows the scenario's new id, in the store and the decision file; the
    delete question names the decision whose link goes with it."""
    from workbench.tui.screens.confirm import ConfirmScreen

    [path] = (reference / "decisions").glob("0004-*.md")
    text = path.read_text("utf-8")
    path.write_text(text.replace("links:\n", f"links:\n- scenario:{BASELINE}\n", 1), "utf-8")
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _simulation_screen(pilot)
        await _save_in_header_form(pilot, "id", "99-baseline-renamed")
        await _wait_result(pilot, screen, "99-baseline-renamed")
        decision = next(d for d in _stored(reference).decisions if d.number == 4)
        assert "scenario:99-baseline-renamed" in decision.links
        assert f"scenario:{BASELINE}" not in decision.links
        assert "- scenario:99-baseline-renamed\n" in path.read_text("utf-8")
        await pilot.press("delete")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert any(line.startswith("links from 1 decision: 0004") for line in confirm.consequences)
        await pilot.press("y")
        await pilot.pause()
        stored = _stored(reference)
        assert "99-baseline-renamed" not in {s.id for s in stored.scenarios}
        decision = next(d for d in stored.decisions if d.number == 4)
        assert not any(link.startswith("scenario:") for link in decision.links)


async def test_an_undo_on_the_simulation_screen_runs_the_scenario_again(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The undone edit's failing result is not left on screen, nor any mark it set."""
    app = make_app(reference)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await _simulation_screen(pilot)
        await _save_in_header_form(pilot, "bill_to", "Acme Manufacturing HQ")
        await _wait_result(pilot, screen, BASELINE)
        assert screen.result is not None and not screen.result.passed
        assert screen.marks().get(BASELINE) is False
        status = str(screen.query_one("#sim-status", Static).render())
        assert f"{BASELINE} FAILED: 5 expectations not met; 1 failure; " in status, status
        screen.result = None
        await pilot.press("ctrl+z")
        await _wait_result(pilot, screen, BASELINE)
        assert screen.result is not None and screen.result.passed
        assert screen.marks().get(BASELINE) is True


async def test_a_new_line_is_not_offered_an_id_an_amendment_adds_later(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Scenario 14's amendment adds line 20: the form proposed 20 for a new line, and saving
    it was refused under the whole form as the amendment's problem."""
    app = make_app(reference)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await _simulation_screen(pilot)
        screen._highlight("14-co-termed-amendment-adds-product")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        line_id = form.query_one("#field-id", Input)
        assert line_id.value == "30"
        line_id.value = "20"
        form.query_one("#field-product", Input).value = "IOT-ANALYTICS"
        form.query_one("#field-quantity", Input).value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert _error(form, "id") == "an amendment adds line 20 later: give another id"


async def test_an_id_taken_by_another_scenario_is_refused_beside_the_id(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """ "a scenario called … exists already" sat at the foot of the form, under no field."""
    app = make_app(reference)
    async with app.run_test(size=(140, 44)) as pilot:
        await _simulation_screen(pilot)
        await _save_in_header_form(pilot, "id", "02-two-plants-split")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert _error(form, "id") == "a scenario called 02-two-plants-split exists already"
        assert _error(form, "") == ""


async def test_an_edited_line_shows_a_taken_id_and_a_bad_quantity_at_one_save(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The line id the order has already was refused only once the quantity read."""
    app = make_app(reference)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await _simulation_screen(pilot)
        screen._highlight("02-two-plants-split")
        await pilot.pause()
        before = next(s for s in _stored(reference).scenarios if s.id == "02-two-plants-split")
        await pilot.press("l")
        await pilot.pause()
        rows = app.screen
        assert isinstance(rows, RowsScreen)
        rows.query_one(DataTable).move_cursor(row=1)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-id", Input).value == "20"
        form.query_one("#field-id", Input).value = "10"
        form.query_one("#field-quantity", Input).value = "two"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert _error(form, "id") == "the order has a line 10 already"
        assert _error(form, "quantity") != ""
        assert next(s for s in _stored(reference).scenarios if s.id == before.id) == before
