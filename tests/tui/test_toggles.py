"""A checkbox or radio button says on or off by its mark, not only by its colour."""

from __future__ import annotations

from textual.app import App, ComposeResult

from workbench.tui.widgets.toggles import MarkedCheckbox, MarkedRadioButton


class _Toggles(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkedCheckbox("Required", False, id="off")
        yield MarkedCheckbox("Required", True, id="on")
        yield MarkedRadioButton("Approve", True, id="radio")


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
