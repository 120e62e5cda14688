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
        await pilot.press("tab", "down")
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
