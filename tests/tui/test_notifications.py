"""Toasts: what the user typed is shown as typed, and edit confirmations do not pile up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from workbench.tui.app import WorkbenchApp

from .conftest import run_from_palette, wait_open


def toasts(app: WorkbenchApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def test_a_message_quoting_markup_is_shown_as_typed(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_open(pilot)
        await run_from_palette(pilot, "New product class (YAML)")
        prompt = app.screen.query_one(Input)
        prompt.value = "[/x]"
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.is_running, "a toast quoting the id took the app down"
        assert any("'[/x]' cannot be an id" in text for text in toasts(app)), toasts(app)


async def test_a_newer_edit_toast_replaces_the_last_one_and_warnings_stay(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_open(pilot)
        app.notify("not changed: something", severity="error", timeout=30)
        await pilot.press("tab")  # into the mapping list, on its first line
        for key in ("2", ">", "<"):
            await pilot.press(key)
            await pilot.pause(0.1)
        shown = toasts(app)
        # The error stays; so does the warning of the edit that left the mapping incomplete
        # (1:N needs a resolution rule); of the two owner changes only the last is shown.
        assert len(shown) == 3, shown
        assert "not changed: something" in shown[0]
        assert "account-business-partner: cardinality 1:N; now incomplete: a 1:N" in shown[1]
        assert "system of record salesforce" in shown[2], shown


async def test_an_edit_reports_only_the_warnings_it_brought(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.domain import Cardinality, edits

    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_open(pilot)
        controller = app.controller
        assert controller is not None and controller.issues  # the model has warnings already
        quiet = controller.apply(
            "owner", lambda w: edits.set_owner(w, "account-business-partner", "salesforce")
        )
        assert quiet.ok and quiet.warnings == ()
        loud = controller.apply(
            "1:N",
            lambda w: edits.set_cardinality(w, "account-business-partner", Cardinality.ONE_TO_MANY),
        )
        assert loud.ok and [w.element for w in loud.warnings] == [
            "mapping account-business-partner"
        ]


async def test_an_edit_that_unsettles_a_decision_says_so(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A change in passing to a mapping an accepted decision governs makes its sign-offs stale
    and sends it back to proposed: the edit's toast says so, and undo puts it back. A form's
    save says it once the form closes."""
    from workbench.domain.decisions import DecisionStatus
    from workbench.tui.screens.form import FormScreen
    from workbench.tui.screens.main import MainScreen
    from workbench.tui.selection import Kind, Selection

    app = make_app(reference)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        main = await wait_open(pilot)
        assert isinstance(main, MainScreen)
        decision = main.controller.workspace.decision(1)
        assert decision is not None and decision.status is DecisionStatus.ACCEPTED
        signed = len({s.function for s in decision.signoffs})  # one state per function
        main.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause(0.1)
        note = f"decision 0001 has {signed} stale sign-offs and is proposed again"
        assert any(note in text and "(ctrl+z undoes)" in text for text in toasts(app)), toasts(app)
        now = main.controller.workspace.decision(1)
        assert now is not None and now.status is DecisionStatus.PROPOSED
        app.clear_notifications()
        await pilot.press("ctrl+z")
        await pilot.pause(0.1)
        back = main.controller.workspace.decision(1)
        assert back is not None and back.status is DecisionStatus.ACCEPTED
        settled = "decision 0001's sign-offs hold again and it is accepted again"
        assert any(settled in text for text in toasts(app)), toasts(app)
        assert not any("ctrl+z undoes" in text for text in toasts(app))
        app.clear_notifications()
        await pilot.press("ctrl+y")  # the redo unsettles it again, and says so
        await pilot.pause(0.1)
        assert any(note in text for text in toasts(app)), toasts(app)
        await pilot.press("ctrl+z")
        await pilot.pause(0.1)

        app.clear_notifications()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-title", Input).value = "Account to its SAP customers"
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert isinstance(app.screen, MainScreen), "saved"
        assert any("decision 0001 has" in text for text in toasts(app)), toasts(app)


async def test_an_edit_is_reported_once_and_never_after_it_was_undone(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """An edit's news is told once: a form closed later without saving, or a save after the edit
    was undone, does not bring it back."""
    from workbench.domain import edits
    from workbench.tui.screens.main import MainScreen
    from workbench.tui.screens.rows import RowsScreen
    from workbench.tui.selection import Kind, Selection

    def retitle(ws):  # type: ignore[no-untyped-def]
        mapping = ws.mapping("account-customer")
        return edits.put_mapping(ws, edits.revise(mapping, title="Retitled"), mapping.id)

    app = make_app(reference)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        main = await wait_open(pilot)
        assert isinstance(main, MainScreen)
        main.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        # Made where no toast tells of it (as a screen of its own would): it unsettles 0001.
        outcome = main.controller.apply("retitle", retitle)
        assert outcome.ok and "decision 0001" in outcome.signoffs
        await pilot.press("f")  # the field mappings: open one, then leave it unsaved
        await pilot.pause()
        assert isinstance(app.screen, RowsScreen)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert isinstance(app.screen, MainScreen)
        assert not any("decision 0001" in text for text in toasts(app)), toasts(app)

        outcome = main.controller.apply("retitle again", retitle)
        await pilot.press("ctrl+z")  # undone: what it did is no longer news
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()
        main._form_closed(True)  # a form saved after the undo
        await pilot.pause(0.1)
        assert not any("decision 0001" in text for text in toasts(app)), toasts(app)


async def test_field_mappings_of_a_no_counterpart_mapping_say_why_there_are_none(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.screens.main import MainScreen
    from workbench.tui.selection import Kind, Selection

    app = make_app(reference)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        main = await wait_open(pilot)
        assert isinstance(main, MainScreen)
        main.reveal(Selection(Kind.MAPPING, "billing-plan-item-erp-only"))
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause(0.1)
        assert app.screen is main
        assert any("has no counterpart, so no field mappings" in t for t in toasts(app)), toasts(
            app
        )


async def test_editing_a_decision_in_the_log_says_it_unsettled_it_and_undoes_there(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The decision's own approvals go stale with its text: the log said nothing, and its
    ctrl+z did nothing (only the main screen's undid the edit)."""
    from textual.widgets import DataTable

    from workbench.domain.decisions import DecisionStatus
    from workbench.tui.screens.decisions import DecisionsScreen
    from workbench.tui.screens.form import FormScreen

    app = make_app(reference)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_open(pilot)
        await pilot.press("D")
        await pilot.pause()
        log = app.screen
        assert isinstance(log, DecisionsScreen)
        rows = [d.number for d in log.shown_decisions()]
        log.query_one(DataTable).move_cursor(row=rows.index(2), animate=False)
        await pilot.pause()
        title = log.controller.workspace.decision(2).title  # type: ignore[union-attr]
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-title", Input).value = title + " (v2)"
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert app.screen is log
        note = "decision 0002 has 4 stale sign-offs and is proposed again"
        assert any(note in text and "(ctrl+z undoes)" in text for text in toasts(app)), toasts(app)
        app.clear_notifications()
        await pilot.press("ctrl+z")
        await pilot.pause(0.1)
        back = log.controller.workspace.decision(2)
        assert back is not None and back.title == title
        assert back.status is DecisionStatus.ACCEPTED
        assert any("Undid: Edit decision 0002" in text for text in toasts(app)), toasts(app)
        assert log.highlighted_number() == 2


async def test_an_undo_that_passes_over_a_signed_decision_says_so(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Edit, new decision, its sign-off, then ctrl+z: the sign-off keeps the new decision, so
    the undo takes back the edit before it and names the one it left in place."""
    from workbench.services import decisions

    app = make_app(reference)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        main = await wait_open(pilot)
        controller = main.controller
        before = controller.workspace.mapping("account-customer")
        assert before is not None and before.notes != "checked"
        assert controller.apply(
            "Note on account-customer",
            lambda ws: ws.model_copy(
                update={
                    "mappings": [
                        m.model_copy(update={"notes": "checked"}) if m.id == before.id else m
                        for m in ws.mappings
                    ]
                }
            ),
        ).ok
        made = controller.decision_change(
            "New decision",
            lambda: decisions.new_decision(
                controller.editor,
                "SAP owns the customer master",
                links=("mapping:account-customer",),
                required_functions=("Finance",),
            ),
        )
        assert made.ok, made.message
        number = max(d.number for d in controller.workspace.decisions)
        assert controller.sign(number, "grace-adeyemi", "approved", "").ok
        app.clear_notifications()
        await pilot.press("ctrl+z")
        await pilot.pause(0.1)
        after = controller.workspace.mapping("account-customer")
        assert after is not None and after.notes == before.notes
        assert controller.workspace.decision(number) is not None
        said = " ".join(toasts(app))
        assert "Undid: Note on account-customer" in said, said
        assert "a sign-off recorded since builds on it" in said and "New decision" in said, said
