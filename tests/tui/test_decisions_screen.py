"""The decision screens driven by keys: filters, the editor, the palette, and the decisions that
govern the element selected on the main screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from tests.tui.conftest import run_from_palette, wait_open
from tests.tui.test_decisions_snapshots import signed_reference
from workbench.domain.signoffs import signoff_states
from workbench.services.folder import WorkspaceFolder, database_url
from workbench.store import Store
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.decisions import DecisionsScreen
from workbench.tui.screens.form import FormScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.matrix import SignOffMatrixScreen
from workbench.tui.screens.pick import PickScreen
from workbench.tui.selection import Kind, Selection
from workbench.tui.widgets.detail import DetailPane


@pytest.fixture
def signed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_OPERATOR", "facilitator")
    return signed_reference(tmp_path / "q2c")


async def _log(pilot) -> DecisionsScreen:  # type: ignore[no-untyped-def]
    await wait_open(pilot)
    await pilot.press("D")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DecisionsScreen)
    return screen


def _shown(screen: DecisionsScreen) -> list[int]:
    return [d.number for d in screen.shown_decisions()]


async def test_the_filters(signed: Path, make_app: Callable[..., WorkbenchApp]) -> None:
    app = make_app(signed)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _log(pilot)
        assert _shown(screen) == list(range(1, 10))
        # The owner change made 0009's approvals stale, and those of the reference decisions on
        # the same mapping (0001, 0007); Sales rejected 0001 and Finance 0006; 0004 is unsigned.
        await pilot.press("t")
        assert _shown(screen) == [1, 7, 9]
        await pilot.press("r")
        assert _shown(screen) == [1, 6]
        await pilot.press("u")
        assert _shown(screen) == [4]
        await pilot.press("w")  # the operator is no stakeholder: which function?
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("I", "T", "enter")
        await pilot.pause()
        assert _shown(screen) == [1, 4, 6, 7, 9]
        await pilot.press("a")
        assert len(_shown(screen)) == 9


async def test_awaiting_my_function_when_the_operator_is_a_stakeholder(
    signed: Path, make_app: Callable[..., WorkbenchApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_OPERATOR", "Grace Adeyemi")
    app = make_app(signed)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _log(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert app.screen is screen
        assert _shown(screen) == [4, 6, 7, 9]


async def test_a_new_decision_from_the_editor(
    signed: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(signed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _log(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-title", Input).value = "Bill subscriptions annually in advance"
        app.screen.query_one("#field-required_functions", Input).value = "Finance, Sales"
        app.screen.query_one("#field-links", Input).value = "mapping:nowhere"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # a dangling link: refused inline
        app.screen.query_one("#field-links", Input).value = "mapping:order-sales-order"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.highlighted_number() == 10
    store = Store.open(database_url(WorkspaceFolder.at(signed)))
    try:
        decision = store.load().workspace.decision(10)
    finally:
        store.close()
    assert decision is not None
    assert decision.required_functions == ("Finance", "Sales")
    assert decision.links == ("mapping:order-sales-order",) and decision.status == "proposed"


async def test_the_palette_opens_the_matrix(
    signed: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(signed)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_open(pilot)
        await run_from_palette(pilot, "sign-off matrix")
        assert isinstance(app.screen, SignOffMatrixScreen)
        # The decision's number stays in view when the function columns are scrolled to.
        from textual.widgets import DataTable

        assert app.screen.query_one(DataTable).fixed_columns == 1


async def test_the_detail_pane_shows_the_governing_decisions(
    signed: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(signed)
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        text = screen.query_one(DetailPane).plain
        assert "Decisions" in text
        # 0001 holds a current rejection (Sales) beside its stale records: it reads rejected.
        assert "✘ rejected  0001 SAP S/4HANA owns the customer master" in text
        assert "⚠ stale  0009 SAP S/4HANA is the customer master" in text
        screen.reveal(Selection(Kind.FIELD, "salesforce:Account.ERP_Customer_Status__c"))
        await pilot.pause()
        assert "0001 SAP S/4HANA owns the customer master" in screen.query_one(DetailPane).plain


async def test_editing_an_accepted_decision_makes_its_approvals_stale(
    signed: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(signed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _log(pilot)
        screen.query_one("#decision-table").move_cursor(row=4, animate=False)
        await pilot.pause()
        assert screen.highlighted_number() == 5
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        area = app.screen.query_one("#field-outcome", TextArea)
        area.text = area.text + "\n\nInvoices are printed in the customer's language."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and screen.highlighted_number() == 5
    store = Store.open(database_url(WorkspaceFolder.at(signed)))
    try:
        ws = store.load().workspace
    finally:
        store.close()
    decision = ws.decision(5)
    assert decision is not None and decision.status == "proposed"
    assert decision.outcome.endswith("customer's language.")
    assert set(signoff_states(ws, decision).values()) == {"stale"}


async def test_the_signoff_dialog_jumps_to_a_name_by_its_first_letter(
    signed: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from textual.widgets import OptionList

    from workbench.tui.screens.signoff import SignOffScreen

    app = make_app(signed)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _log(pilot)
        rows = _shown(screen)
        screen.query_one("#decision-table").move_cursor(row=rows.index(9), animate=False)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SignOffScreen)
        signers = dialog.query_one("#signers", OptionList)

        def current() -> str:
            assert signers.highlighted is not None
            return signers.get_option_at_index(signers.highlighted).id or ""

        await pilot.press("t")
        assert current() == "tomasz-wojcik"
        await pilot.press("s")
        assert current() == "samira-haddad"
        await pilot.press("enter", *"Fine", "enter")
        await pilot.pause()
        assert app.screen is screen
    store = Store.open(database_url(WorkspaceFolder.at(signed)))
    try:
        decision = store.load().workspace.decision(9)
    finally:
        store.close()
    assert decision is not None
    assert (decision.signoffs[-1].stakeholder, decision.signoffs[-1].comment) == (
        "samira-haddad",
        "Fine",
    )


async def test_the_status_line_counts_decisions_with_stale_signoffs(
    signed: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.widgets.status_line import StatusLine

    app = make_app(signed)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        assert screen.controller.stale_decisions == (1, 7, 9)
        assert "⚠ 3 decisions with stale sign-offs (D)" in str(
            screen.query_one(StatusLine).render()
        )


async def test_the_stale_count_follows_a_sign_off_before_any_revalidation(
    signed: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(signed)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await wait_open(pilot)
        controller = screen.controller
        assert controller.shown_stale_decisions == (1, 7, 9)
        for who in ("grace-adeyemi", "tomasz-wojcik"):  # who approved 0009 before it went stale
            assert controller.sign(9, who, "approved", "Signed again").ok
        # Not validated since: what the status line shows must still be this version's count.
        assert controller.shown_stale_decisions == (1, 7)


@pytest.mark.parametrize(("width", "expected"), [(80, "✔4"), (200, "✔ Sales")])
async def test_the_functions_column_fits_its_room_without_cutting_a_name(
    reference: Path, make_app: Callable[..., WorkbenchApp], width: int, expected: str
) -> None:
    """At 80 columns four function names cannot fit beside a title: the marks are counted
    (it showed "✔ Operations  ✔ Fin", cut mid-word); a wide terminal names them."""
    from textual.widgets import DataTable

    app = make_app(reference)
    async with app.run_test(size=(width, 30)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        await pilot.press("D")
        await pilot.pause()
        log = app.screen
        assert isinstance(log, DecisionsScreen)
        table = log.query_one(DataTable)
        cells = [str(table.get_cell(str(d.number), "functions")) for d in log.shown_decisions()]
        first = cells[0]
        assert first.startswith(expected), cells
        assert all(len(cell) <= log._functions_room for cell in cells), cells
        # Every row names the functions in one order, so the marks line up down the column.
        order = ["Sales", "IT", "Finance", "Operations", "Executive"]
        for cell in cells:
            named = [word for word in cell.split() if word in order]
            assert named == sorted(named, key=order.index), cells


async def test_the_matrix_at_80_columns_shows_every_function_as_marks_under_short_names(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A column per function with its state in words ran off an 80-column screen (Operations
    read "Opera", Executive was out of view)."""
    from textual.widgets import DataTable

    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        matrix = app.screen
        assert isinstance(matrix, SignOffMatrixScreen)
        table = matrix.query_one(DataTable)
        headers = [str(column.label) for column in table.columns.values()]
        assert headers[3:] == ["Sales", "IT", "Fin", "Ops", "Exec"], headers
        widest = sum(column.get_render_width(table) for column in table.columns.values())
        assert widest <= 80, widest
        assert str(table.get_cell("1", "Finance")) == "✔"


async def test_sending_back_a_decision_its_approvals_accept_is_refused_beside_the_status(
    signed: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The form closed saying nothing, and the approvals made it accepted again at once."""
    from textual.widgets import Select

    app = make_app(signed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _log(pilot)
        row = _shown(screen).index(2)
        screen.query_one("#decision-table").move_cursor(row=row, animate=False)
        await pilot.pause()
        assert screen.highlighted_number() == 2
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-status", Select).value = "proposed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-status").render())
        assert "record a rejection from one of its functions" in error, error
    store = Store.open(database_url(WorkspaceFolder.at(signed)))
    try:
        decision = store.load().workspace.decision(2)
    finally:
        store.close()
    assert decision is not None and decision.status == "accepted"


async def test_the_signoff_dialog_does_not_open_on_a_superseded_decision(
    signed: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.services import decisions

    app = make_app(signed)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await _log(pilot)
        controller = screen.controller
        outcome = controller.decision_change(
            "Supersede",
            lambda: decisions.edit_decision(
                controller.editor, 3, status="superseded", superseded_by=2
            ),
        )
        assert outcome.ok, outcome.message
        screen.refresh_log(3)
        await pilot.pause()
        assert screen.highlighted_number() == 3
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is screen
        said = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("is superseded by 0002: it takes no more sign-offs" in t for t in said), said


async def test_the_edit_form_opens_without_its_title_selected(
    signed: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """One key typed in passing replaced the whole title (and made every approval stale)."""
    app = make_app(signed)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _log(pilot)
        title = screen.controller.workspace.decision(1).title  # type: ignore[union-attr]
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        field = form.query_one("#field-title", Input)
        assert field.has_focus
        await pilot.press("x")
        assert field.value == "x" + title
        # A field moved to has its text selected, to type over: the same whichever field it is
        # (each field's first focus kept the cursor at its start, so typing went in front).
        functions = form.query_one("#field-required_functions", Input)
        before = functions.value
        assert before
        functions.focus()
        await pilot.pause()
        await pilot.press("I", "T")
        assert functions.value == "IT"
        field.focus()
        await pilot.pause()
        await pilot.press("y")
        assert field.value == "y"
