"""Quitting keeps what is saved and asks before it drops what is only typed; a form whose list
has nothing to choose from opens and says why it cannot be saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import wait_open
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.confirm import ConfirmScreen
from workbench.tui.screens.form import FormScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.selection import Kind, Selection


async def _entity_form(pilot: object, app: WorkbenchApp) -> FormScreen:
    screen = await wait_open(pilot)  # type: ignore[arg-type]
    assert isinstance(screen, MainScreen)
    screen.reveal(Selection(Kind.ENTITY, "salesforce:Account"))
    await pilot.press("e")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, FormScreen)
    return app.screen


async def test_ctrl_q_in_a_changed_form_asks_first(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _entity_form(pilot, app)
        form.query_one("#field-label", Input).value = "Typed, not saved"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ConfirmScreen)
        assert app.screen.consequences == [form.title_text]
        await pilot.press("n")  # go back to the form: the text is still there
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-label", Input).value == "Typed, not saved"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_in_an_unchanged_form_quits_at_once(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        await _entity_form(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_a_choice_with_nothing_to_choose_from_opens_and_says_why(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A system without entities offers no entity for a new relationship."""
    from workbench.domain import edits
    from workbench.domain.systems import System, SystemRole

    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        empty = System(name="billing", label="Billing", role=SystemRole.BILLING)
        assert screen.controller.apply("add", lambda w: edits.put_system(w, empty)).ok
        screen.refresh_model()
        await pilot.pause()
        screen.reveal(Selection(Kind.SYSTEM, "billing"))
        screen.action_new_relationship()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen), form
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and app.is_running
        errors = " ".join(str(w.render()) for w in form.query(".form-error") if w.display)
        assert errors.strip(), "saving says what is missing"


async def test_ctrl_q_twice_quits(reference: Path, make_app: Callable[..., WorkbenchApp]) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _entity_form(pilot, app)
        form.query_one("#field-label", Input).value = "Typed, not saved"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+q")  # asked again on the question: quitting is meant
        await pilot.pause()
        assert not app.is_running
