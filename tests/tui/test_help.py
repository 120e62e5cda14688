"""`?` lists the keys that work where the user is: in a dialog the dialog's, on the main screen
also those of the focused pane."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Static

from tests.tui.conftest import wait_open
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.form import FormScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.selection import Kind, Selection


def _help_lines(app: WorkbenchApp) -> list[str]:
    assert isinstance(app.screen, HelpScreen), app.screen
    table = app.screen.query_one(VerticalScroll).query_one(Static).content
    assert isinstance(table, Table)
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(table)
    return [" ".join(line.split()) for line in console.export_text().splitlines()]


async def test_question_mark_in_a_form_lists_the_forms_keys(
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
        await pilot.press("question_mark")  # typed into the name, as any character
        await pilot.pause()
        assert app.screen is form and name.value == "?Account"  # the cursor opens at the start
        form.query_one("#save", Button).focus()
        await pilot.press("question_mark")
        await pilot.pause()
        lines = _help_lines(app)
        assert "This screen" in lines
        assert "^s Save the form (it stays open if something is invalid)" in lines
        assert not any(line.startswith("g ") for line in lines)  # the main screen's keys
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form


async def test_the_main_screens_help_has_the_focused_panes_keys(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_open(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        lines = _help_lines(app)
        assert {"This screen", "Everywhere"} <= set(lines)
        # The focused pane by the name the screen gives it, never a class name.
        assert "In the CRM side tree" in lines or "In the ERP side tree" in lines, lines
        assert not any(line.startswith("In the ") and "Tree" in line for line in lines)
        assert any(line.startswith("shift+") for line in lines)  # the tree's sibling moves


def test_a_pane_without_a_name_of_its_own_is_named_in_words() -> None:
    from workbench.tui.screens.help import _words

    assert _words("VerticalScroll") == "scrolling text"
    assert _words("TextArea") == "text area"
    assert _words("Input") == "input"
