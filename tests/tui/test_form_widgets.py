"""Form widgets as a user reads them: toggles that say on or off by their mark, not only by colour;
long values from their start."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen

from workbench.tui.widgets.toggles import MarkedCheckbox, MarkedRadioButton


class _Toggles(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkedCheckbox("Required", False, id="off")
        yield MarkedCheckbox("Required", True, id="on")
        yield MarkedRadioButton("Approve", True, id="radio")


class _Form(App[None]):
    """An app that shows one form."""

    def __init__(self, form: Screen[bool]) -> None:
        super().__init__()
        self.form = form

    def on_mount(self) -> None:
        self.push_screen(self.form)


async def test_the_mark_follows_the_value() -> None:
    app = _Toggles()
    async with app.run_test() as pilot:
        off, on = app.query_one("#off", MarkedCheckbox), app.query_one("#on", MarkedCheckbox)
        radio = app.query_one("#radio", MarkedRadioButton)
        assert str(off.render()).startswith("▐·▌") and str(on.render()).startswith("▐X▌")
        assert str(radio.render()).startswith("▐●▌")
        off.toggle()
        radio.value = False
        await pilot.pause()
        assert str(off.render()).startswith("▐X▌") and str(radio.render()).startswith("▐○▌")


async def test_a_long_value_in_a_form_reads_from_its_start() -> None:
    from textual.widgets import Input

    from workbench.tui.screens.form import FormField, FormScreen

    title = "Account with several ERP customers, resolved by legal entity and bill-to"
    form = FormScreen(
        "Scenario",
        [FormField("note", "Note"), FormField("title", "Title")],
        {"note": "short", "title": title},
        lambda values: None,
    )

    app = _Form(form)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        field = form.query_one("#field-title", Input)
        assert field.cursor_position == 0
        assert str(field.render_line(0).text).lstrip().startswith("Account with several")


async def test_tab_into_a_text_box_puts_the_cursor_after_its_text() -> None:
    """Typed keys went in front of the old text ("Xname match"): the cursor sat at its start."""
    from textual.widgets import TextArea

    from workbench.tui.screens.form import FormField, FormScreen

    form = FormScreen(
        "Key",
        [FormField("source", "Source"), FormField("description", "Description", "area")],
        {"source": "Id", "description": "name match\non two lines"},
        lambda values: None,
    )

    app = _Form(form)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        area = form.query_one("#field-description", TextArea)
        assert area.has_focus
        await pilot.press("X")
        assert area.text == "name match\non two linesX"
