"""The decision log end to end, on a copy of the reference workspace: a decision on the customer
master recorded, approved by Finance in the workbench and by IT on the command line, accepted;
the mapping's owner changed, both approvals stale in the matrix and in the JSON list; a sign-off
line edited by hand in the mirror file, and `decisions verify` names that record."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import DataTable, Input, RadioButton

from tests.tui.conftest import wait_open
from workbench.cli import main
from workbench.domain import edits
from workbench.services.editor import Editor
from workbench.services.folder import WorkspaceFolder, database_url
from workbench.services.session import Session
from workbench.store import Store
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.decisions import DecisionsScreen
from workbench.tui.screens.form import FormScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.matrix import SignOffMatrixScreen
from workbench.tui.screens.signoff import SignOffScreen

TITLE = "SAP S/4HANA is the customer master; the CRM requests new customers"


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _stored(root: Path):  # type: ignore[no-untyped-def]
    store = Store.open(database_url(WorkspaceFolder.at(root)))
    try:
        return store.load().workspace
    finally:
        store.close()


def _listed(root: Path, number: int) -> dict:  # type: ignore[type-arg]
    code, output = _cli("decisions", "list", str(root), "--format", "json")
    assert code == 0, output
    found = [d for d in json.loads(output)["decisions"] if d["number"] == number]
    assert len(found) == 1
    return found[0]  # type: ignore[no-any-return]


async def _open_log(pilot, number: int) -> DecisionsScreen:  # type: ignore[no-untyped-def]
    screen = await wait_open(pilot)
    assert isinstance(screen, MainScreen)
    await pilot.press("D")
    await pilot.pause()
    log = pilot.app.screen
    assert isinstance(log, DecisionsScreen)
    table = log.query_one("#decision-table", DataTable)
    rows = [d.number for d in log.shown_decisions()]
    table.move_cursor(row=rows.index(number), animate=False)
    await pilot.pause()
    assert log.highlighted_number() == number
    return log


async def _decision_form(pilot, number: int) -> FormScreen:  # type: ignore[no-untyped-def]
    """The form of decision ``number``, opened with ``e`` from the decision log."""
    await _open_log(pilot, number)
    await pilot.press("e")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


async def test_customer_master_decision_signed_accepted_stale_and_tamper_evident(
    reference: Path,
    make_app: Callable[..., WorkbenchApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WORKBENCH_OPERATOR", "Workshop facilitator")
    code, output = _cli(
        "decisions",
        "new",
        TITLE,
        str(reference),
        "--link",
        "mapping:account-customer",
        "--require",
        "Finance",
        "--require",
        "IT",
        "--decision-maker",
        "grace-adeyemi",
        "--decision-maker",
        "tomasz-wojcik",
        "--context",
        "Both systems create customers today; duplicates pile up.",
    )
    assert code == 0, output
    number = max(d.number for d in _stored(reference).decisions)
    assert number == 9
    assert _listed(reference, number)["functions"] == {"Finance": "missing", "IT": "missing"}

    # Finance approves in the workbench, through the sign-off dialog.
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        log = await _open_log(pilot, number)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SignOffScreen)
        signers = [dialog.query_one("#signers").get_option_at_index(i).id for i in range(2)]
        assert signers[0] == "grace-adeyemi"  # Finance comes first: it is required first
        await pilot.press("enter")  # choose her; the cursor moves to the comment
        assert isinstance(app.screen.focused, Input)
        for char in "Agreed in the kickoff":
            await pilot.press("space" if char == " " else char)
        # The verdict keys work from the comment field too (its own ctrl+a is start of line).
        approve = dialog.query_one("#verdict-approved", RadioButton)
        reject = dialog.query_one("#verdict-rejected", RadioButton)
        await pilot.press("ctrl+r")
        assert reject.value and not approve.value
        await pilot.press("ctrl+a")
        assert approve.value and not reject.value
        assert isinstance(app.screen.focused, Input)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is log
        await pilot.press("escape", "q")

    decision = _stored(reference).decision(number)
    assert decision is not None and len(decision.signoffs) == 1
    first = decision.signoffs[0]
    assert (first.stakeholder, first.function, first.verdict) == (
        "grace-adeyemi",
        "Finance",
        "approved",
    )
    assert first.comment == "Agreed in the kickoff"
    assert first.recorded_by == "Workshop facilitator"
    assert str(decision.status) == "proposed"

    # IT approves on the command line; the decision is accepted.
    code, output = _cli(
        "decisions", "sign", str(number), "tomasz-wojcik", str(reference), "--approve"
    )
    assert code == 0, output
    listed = _listed(reference, number)
    assert listed["status"] == "accepted" and listed["accepted"] is True
    assert listed["functions"] == {"Finance": "approved", "IT": "approved"}
    mirror_file = reference / listed["file"]
    assert "status: accepted" in mirror_file.read_text(encoding="utf-8")

    # The mapping's owner changes: both approvals go stale, the decision is no longer accepted.
    session, _ = Session.open(reference)
    assert session is not None
    try:
        mapping = session.workspace.mapping("account-customer")
        assert mapping is not None and mapping.system_of_record == "s4hana"
        Editor(session).apply(
            "owner", lambda ws: edits.set_owner(ws, "account-customer", "salesforce")
        )
    finally:
        session.close()
    listed = _listed(reference, number)
    assert listed["functions"] == {"Finance": "stale", "IT": "stale"}
    assert [s["state"] for s in listed["signoffs"]] == ["stale", "stale"]
    assert listed["status"] == "proposed" and listed["accepted"] is False

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_log(pilot, number)
        await pilot.press("m")
        await pilot.pause()
        matrix = app.screen
        assert isinstance(matrix, SignOffMatrixScreen)
        table = matrix.query_one("#matrix", DataTable)
        row = table.get_row(str(number))
        columns = [str(c.label) for c in table.columns.values()]
        cells = dict(zip(columns, (str(cell) for cell in row), strict=True))
        assert cells["Finance"] == "⚠ stale" and cells["IT"] == "⚠ stale"
        await pilot.press("escape", "escape", "q")

    code, output = _cli("decisions", "verify", str(reference))
    assert code == 0, output
    assert "intact" in output and "stale" in output

    # A hand edit of a sign-off line in the mirror file: verify fails naming that record.
    text = mirror_file.read_text(encoding="utf-8")
    edited = text.replace("comment: Agreed in the kickoff", "comment: Agreed, with conditions")
    assert edited != text
    mirror_file.write_text(edited, encoding="utf-8")
    code, output = _cli("decisions", "verify", str(reference))
    assert code == 1
    assert f"decision {number:04d} sign-off 1" in output
    assert listed["file"] in output and "altered" in output
    # ... and the edited file is not imported over the evidence the database holds.
    code, output = _cli("sync", str(reference))
    assert code == 1 and "append-only" in output
    kept = _stored(reference).decision(number)
    assert kept is not None and kept.signoffs[0].comment == "Agreed in the kickoff"


async def test_decision_makers_are_named_by_name_in_the_form(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 44)) as pilot:
        form = await _decision_form(pilot, 4)
        makers = form.query_one("#field-decision_makers", Input)
        assert makers.value.startswith("Priya Natarajan, ")  # names, not ids
        makers.value = "grace adeyemi, tomasz-wojcik"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen), "saved"
    decision = _stored(reference).decision(4)
    assert decision is not None
    assert decision.decision_makers == ("grace-adeyemi", "tomasz-wojcik")


async def test_a_save_refused_at_80x24_shows_its_message(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The message under a field in error is scrolled into view (it fell below the form's
    visible part, and ctrl+s seemed to do nothing), in the form's words."""
    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _decision_form(pilot, 4)
        form.query_one("#field-required_functions", Input).value = "Sales, Fnance"
        # Saved from the bottom of the form, so the field in error lies above the view.
        form.query_one("#field-more_information").focus()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "refused"
        message = form.query_one("#error-required_functions")
        fields = form.query_one("#form-fields")
        assert message.display
        assert fields.region.contains_region(message.region), (message.region, fields.region)
        # The field's label and input too, not the message alone at the top.
        field = form.query_one("#field-required_functions")
        label = next(a for a in message.ancestors if a.has_class("form-row")).query_one(
            ".form-label"
        )
        assert fields.region.contains_region(field.region), (field.region, fields.region)
        assert fields.region.contains_region(label.region), (label.region, fields.region)  # type: ignore[attr-defined]
        text = str(message.render())
        assert text.startswith("Fnance is not one of 'Sales', 'IT', 'Finance'"), text
        assert app.screen.focused is form.query_one("#field-required_functions")
        # Changing the field takes its message away: it was about the old value.
        form.query_one("#field-required_functions", Input).value = "Sales, Finance"
        await pilot.pause()
        assert not message.display


async def test_a_link_to_nothing_is_refused_beside_the_links_until_it_changes(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A link to nothing was said as a message about the whole form, under whichever field
    held the cursor, and stayed after the link was put right."""
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await _decision_form(pilot, 4)
        links = form.query_one("#field-links", Input)
        links.value = "mapping:fx-nonexistent"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "refused"
        message = form.query_one("#error-links")
        assert message.display and str(message.render()) == (
            "mapping:fx-nonexistent: points at nothing in the model"
        )
        assert not form.query_one("#error-").display
        links.value = "mapping:order-sales-order"
        await pilot.pause()
        assert not message.display


async def test_a_decision_maker_who_is_no_stakeholder_is_refused_by_name(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 44)) as pilot:
        form = await _decision_form(pilot, 4)
        form.query_one("#field-decision_makers", Input).value = "Grace Adeyemi, Nobody Here"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "refused"
        message = form.query_one("#error-decision_makers")
        assert message.display and str(message.render()).startswith(
            "Nobody Here: not a stakeholder"
        )
    decision = _stored(reference).decision(4)
    assert decision is not None and "Nobody Here" not in decision.decision_makers


async def test_one_save_says_every_refusal_of_the_decision_form(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A decision-maker who is no stakeholder, a link to nothing, a function that is none and
    a superseding number that is no number: all said at once, each beside its field, where a
    save used to say the first of them only."""
    app = make_app(reference)
    async with app.run_test(size=(120, 44)) as pilot:
        form = await _decision_form(pilot, 4)
        form.query_one("#field-decision_makers", Input).value = "Nobody Here"
        form.query_one("#field-links", Input).value = "mapping:fx-nonexistent"
        form.query_one("#field-required_functions", Input).value = "Fnance"
        form.query_one("#field-superseded_by", Input).value = "four"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "refused"

        def said(name: str) -> str:
            message = form.query_one(f"#error-{name}")
            return str(message.render()) if message.display else ""

        assert said("decision_makers").startswith("Nobody Here: not a stakeholder")
        assert said("links") == "mapping:fx-nonexistent: points at nothing in the model"
        assert said("required_functions").startswith("Fnance is not one of")
        assert said("superseded_by") == "a decision number"
    decision = _stored(reference).decision(4)
    assert decision is not None and "Nobody Here" not in decision.decision_makers
    assert "mapping:fx-nonexistent" not in decision.links


async def test_a_rejection_without_a_comment_is_said_in_view_at_80_by_24(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The message sat under the hint, below what a 24-line terminal shows of the dialog."""
    from textual.widgets import Static

    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_log(pilot, 4)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SignOffScreen)
        await pilot.press("enter", "ctrl+r", "enter")  # a signer, reject, no comment
        await pilot.pause()
        await pilot.pause()
        error = dialog.query_one("#signoff-error", Static)
        assert str(error.render()) == "a rejection says why: give a comment"
        region = error.region
        assert region.height >= 1 and region.y >= 0 and region.bottom <= 24, region
        assert app.screen.find_widget(error).visible_region.height >= 1


async def test_a_form_that_requires_fewer_functions_leaves_the_decision_proposed(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Decision 0004: Sales has approved, the others have not signed. Requiring Sales alone
    accepts nothing; the toast says so, and says what does."""
    code, output = _cli(
        "decisions", "sign", "4", "priya-natarajan", str(reference), "--approve",
        "--recorded-by", "architect",
    )  # fmt: skip
    assert code == 0, output
    app = make_app(reference)
    async with app.run_test(size=(120, 44)) as pilot:
        form = await _decision_form(pilot, 4)
        form.query_one("#field-required_functions", Input).value = "Sales"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen), "saved"
        said = " ".join(n.message for n in app._notifications)
        assert "decision 0004 stays proposed: who must approve changed" in said, said
    decision = _stored(reference).decision(4)
    assert decision is not None and decision.required_functions == ("Sales",)
    assert str(decision.status) == "proposed"
