"""The picker: typing narrows the list, Enter chooses, and a search with no match says so."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, OptionList

from workbench.tui.screens.pick import PickScreen

ITEMS = [("a", "A_Customer (s4hana)"), ("b", "A_CustomerCompany (s4hana)"), ("c", "Plant (s4hana)")]


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(PickScreen("Map to…", ITEMS), self.chosen.append)


async def test_typing_narrows_and_enter_takes_the_first_match() -> None:
    app = Host()
    async with app.run_test() as pilot:
        await pilot.press(*"company")
        await pilot.pause()
        options = app.screen.query_one("#pick-list", OptionList)
        assert options.option_count == 1
        await pilot.press("enter")
        await pilot.pause()
    assert app.chosen == ["b"]


async def test_no_match_is_said_and_enter_chooses_nothing() -> None:
    app = Host()
    async with app.run_test() as pilot:
        await pilot.press(*"zzz")
        await pilot.pause()
        options = app.screen.query_one("#pick-list", OptionList)
        assert options.option_count == 1
        only = options.get_option_at_index(0)
        assert only.disabled and "nothing matches “zzz”" in str(only.prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)  # still open: nothing was chosen
        app.screen.query_one("#pick-filter", Input).value = "plant"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert app.chosen == ["c"]


async def test_an_empty_list_says_there_is_nothing_to_choose() -> None:
    class Empty(App[None]):
        def on_mount(self) -> None:
            self.push_screen(PickScreen("Map to…", []))

    app = Empty()
    async with app.run_test() as pilot:
        await pilot.pause()
        options = app.screen.query_one("#pick-list", OptionList)
        only = options.get_option_at_index(0)
        assert only.disabled and "nothing to choose from" in str(only.prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
