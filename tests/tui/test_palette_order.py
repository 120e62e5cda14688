"""What the command palette lists before anything is typed: the selection's commands first, then
the workbench's screens, then every other command by name, then the elements to go to; the same
order every time it opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.command import CommandList, CommandPalette

from tests.tui.conftest import wait_open
from workbench.tui.app import WorkbenchApp
from workbench.tui.selection import Kind, Selection


async def _listed(pilot, app: WorkbenchApp) -> list[str]:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    titles: list[str] = []
    for _ in range(40):  # the palette gathers in batches: wait until the list stops growing
        await pilot.pause(0.1)
        assert isinstance(app.screen, CommandPalette)
        options = app.screen.query_one(CommandList).options
        now = [str(option.prompt).split("\n")[0] for option in options]
        if now and now == titles:
            break
        titles = now
    await pilot.press("escape")
    await pilot.pause()
    return titles


async def test_the_selections_commands_come_first_and_the_order_holds(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        first = await _listed(pilot, app)
        assert first[:3] == [
            "Edit mapping account-customer",
            "Edit mapping account-customer as YAML",
            "Delete mapping account-customer",
        ], first[:6]
        # Its cardinality and owner keys come before anything unrelated to it.
        own = [i for i, title in enumerate(first) if "account-customer" in title]
        assert own == list(range(len(own))) and len(own) >= 10, first[: len(own) + 2]
        # Then the decisions governing it, then the screens.
        after = first[len(own) :]
        assert after[0] == "Decisions governing the selection", after[:4]
        screens = ["Decision log", "Simulate scenarios", "Design checks: show findings", "Export…"]
        positions = [after.index(title) for title in screens]
        assert positions == sorted(positions), after[:12]
        # Entities and mappings to go to come last.
        go_to = [i for i, title in enumerate(first) if title.startswith("Go to ")]
        assert go_to and go_to == list(range(len(first) - len(go_to), len(first))), first[-3:]
        # Opening it again lists the same, in the same order.
        assert await _listed(pilot, app) == first


async def test_with_an_entity_selected_its_commands_lead(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        screen.reveal(Selection(Kind.ENTITY, "salesforce:CurrencyType"))
        await pilot.pause()
        listed = await _listed(pilot, app)
        assert listed[0] == "Edit entity salesforce:CurrencyType", listed[:4]
        mine = listed[:8]
        assert "Map salesforce:CurrencyType to…" in mine, mine
        # What n and 0 do on it are offered too: a field, and no counterpart (it has no mapping).
        assert "New field in salesforce:CurrencyType" in mine, mine
        assert "New entity in salesforce" in mine, mine
        assert "No counterpart: salesforce:CurrencyType" in mine, mine


async def test_a_field_is_added_from_the_palette(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from textual.widgets import Input

    from tests.tui.conftest import run_from_palette
    from workbench.tui.screens.form import FormScreen

    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        screen.reveal(Selection(Kind.ENTITY, "salesforce:CurrencyType"))
        await pilot.pause()
        await run_from_palette(pilot, "new field in")
        form = app.screen
        assert isinstance(form, FormScreen) and "field" in form.title_text.lower()
        form.query_one("#field-name", Input).value = "WorkshopNote"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        errors = [str(w.render()) for w in app.screen.query(".form-error") if w.display]
        assert app.screen is screen, (app.screen, errors)
        entity = app.controller.workspace.entity("salesforce:CurrencyType")  # type: ignore[union-attr]
        assert entity is not None and entity.field("WorkshopNote") is not None
        assert screen.selection == Selection(Kind.FIELD, "salesforce:CurrencyType.WorkshopNote")
