"""The key bar: it shows the keys of the focused widget's chain, follows focus, and a click on a
key does what pressing it does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from tests.tui.conftest import until, wait_open
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.main import MainScreen
from workbench.tui.widgets.key_bar import KeyBar


class Pane(Input):
    BINDINGS = [
        Binding("f2", "mark", "Mark", tooltip="Mark this pane"),
        Binding("f3", "hidden", "Hidden", show=False),
    ]

    def action_mark(self) -> None:
        self.app.marks.append(self.id or "")  # type: ignore[attr-defined]


class Bar(App[None]):
    BINDINGS = [
        Binding("f4", "off", "Off"),
        Binding("f5", "quit", "Quit"),
        Binding("f6", "long", "A description long enough to be cut"),
        Binding("f1", "help", "Help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[str] = []

    def compose(self) -> ComposeResult:
        yield Pane(id="left")
        yield Input(id="plain")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "off" else True  # shown, but disabled

    def action_off(self) -> None:
        self.marks.append("off")

    def action_long(self) -> None:
        self.marks.append("long")

    def action_help(self) -> None:
        self.marks.append("help")


def _descriptions(bar: KeyBar) -> list[str]:
    return [key.description for key in bar.keys]


async def test_the_bar_follows_focus_and_leaves_out_hidden_bindings() -> None:
    app = Bar()
    async with app.run_test(size=(100, 10)) as pilot:
        bar = app.query_one(KeyBar)
        app.query_one("#left").focus()
        await pilot.pause()
        assert _descriptions(bar)[:3] == ["Mark", "Off", "Quit"]
        assert "Hidden" not in _descriptions(bar)
        assert bar.keys[-1].description == "palette"  # on the right
        assert bar.keys[-1].end == 100
        app.query_one("#plain").focus()
        await pilot.pause()
        assert "Mark" not in _descriptions(bar)


async def test_a_click_presses_the_key_and_a_disabled_key_does_nothing() -> None:
    app = Bar()
    async with app.run_test(size=(100, 10)) as pilot:
        bar = app.query_one(KeyBar)
        app.query_one("#left").focus()
        await pilot.pause()
        mark, off = bar.keys[0], bar.keys[1]
        assert not off.enabled
        await pilot.click(KeyBar, offset=(mark.start + 1, 0))
        await pilot.click(KeyBar, offset=(off.start + 1, 0))
        await pilot.pause()
        assert app.marks == ["left"]


async def test_hovering_a_key_shows_its_tooltip() -> None:
    app = Bar()
    async with app.run_test(size=(100, 10)) as pilot:
        bar = app.query_one(KeyBar)
        app.query_one("#left").focus()
        await pilot.pause()
        await pilot.hover(KeyBar, offset=(bar.keys[0].start + 1, 0))
        assert bar.tooltip == "Mark this pane"
        await pilot.hover("#plain")
        assert bar.tooltip is None


async def test_a_narrow_bar_drops_the_keys_that_do_not_fit_and_keeps_the_palette() -> None:
    app = Bar()
    async with app.run_test(size=(40, 10)) as pilot:
        bar = app.query_one(KeyBar)
        app.query_one("#left").focus()
        await pilot.pause()
        drawn = _descriptions(bar)
        assert drawn[-2:] == ["Help", "palette"]  # the help key is kept, last before the palette
        assert "A description long enough to be cut" not in drawn
        assert all(key.end <= 40 for key in bar.keys)
        line = bar.render_line(0).text
        assert line.startswith(" f2 Mark ") and line.rstrip().endswith("palette")


async def test_the_main_screen_keys_come_from_its_bindings(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await wait_open(pilot)
        bar = screen.query_one(KeyBar)
        drawn = _descriptions(bar)
        for description in ("Search", "Map", "Graph", "Undo", "Quit", "palette"):
            assert description in drawn
        await pilot.click(KeyBar, offset=(bar.keys[drawn.index("Graph")].start + 1, 0))
        await until(pilot, lambda: type(app.screen).__name__ == "GraphScreen")


async def test_the_keys_stay_while_the_terminal_has_lost_focus() -> None:
    app = Bar()
    async with app.run_test(size=(100, 10)) as pilot:
        bar = app.query_one(KeyBar)
        app.query_one("#left").focus()
        await pilot.pause()
        assert "Mark" in _descriptions(bar)
        app.post_message(events.AppBlur())  # the user switched to another window
        await pilot.pause()
        await pilot.pause()
        bar.refresh()
        await pilot.pause()
        assert "Mark" in _descriptions(bar)


async def test_a_bar_too_narrow_even_for_help_keeps_the_palette_on_screen() -> None:
    app = Bar()
    async with app.run_test(size=(16, 10)) as pilot:
        bar = app.query_one(KeyBar)
        await pilot.pause()
        assert _descriptions(bar)[-1] == "palette"
        assert all(key.end <= 16 for key in bar.keys)


async def _confirm_over_main(pilot: Pilot[None]) -> tuple[MainScreen, KeyBar, list[bool | None]]:
    """The main screen with a confirmation open over it: the screen, its bar, the answers."""
    from workbench.tui.screens.confirm import ConfirmScreen

    screen = await wait_open(pilot)
    bar = screen.query_one(KeyBar)
    answers: list[bool | None] = []
    pilot.app.push_screen(ConfirmScreen("Delete it?", []), answers.append)
    await pilot.pause()
    await pilot.pause()
    return screen, bar, answers


async def test_a_dialog_over_the_screen_shows_its_own_keys_until_it_closes(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 36)) as pilot:
        screen, bar, answers = await _confirm_over_main(pilot)
        assert bar.source is app.screen
        drawn = _descriptions(bar)
        assert "Delete" in drawn and "Keep" in drawn  # as the buttons say
        assert "Search" not in drawn and "Map" not in drawn  # the screen's keys wait
        await pilot.press("n")
        await pilot.pause()
        assert answers == [False]
        assert bar.source is screen
        drawn = _descriptions(bar)
        assert "Search" in drawn and "Keep" not in drawn


async def test_a_full_screen_on_top_leaves_the_covered_bar_alone(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await wait_open(pilot)
        bar = screen.query_one(KeyBar)
        await pilot.press("g")  # the graph view: a screen of its own, with its own bar
        await until(pilot, lambda: type(app.screen).__name__ == "GraphScreen")
        assert bar.source is screen
        assert app.screen.query_one(KeyBar).source is app.screen


async def test_a_dialog_pushed_with_its_screen_has_its_keys_in_the_bar() -> None:
    """As when a workspace opens with errors in its files: the screen and the message over it
    are pushed in the same moment, before the screen's bar is mounted."""
    from workbench.tui.screens.message import MessageScreen

    class WithBar(Screen[None]):
        BINDINGS = [Binding("f2", "mark", "Mark")]

        def compose(self) -> ComposeResult:
            yield KeyBar()

    class Opening(App[None]):
        def on_mount(self) -> None:
            self.push_screen(WithBar())
            self.push_screen(MessageScreen("The model files have errors", "line 3: …"))

    app = Opening()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        bar = app.screen_stack[-2].query_one(KeyBar)
        assert bar.source is app.screen
        assert "Close" in _descriptions(bar) and "Mark" not in _descriptions(bar)


async def test_a_click_on_the_bar_under_a_dialog_presses_the_dialogs_key(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 36)) as pilot:
        _, bar, answers = await _confirm_over_main(pilot)
        no = next(key for key in bar.keys if key.description == "Keep")
        await pilot.click(offset=(no.start + 1, 35))  # the last row: the bar, under the dialog
        await pilot.pause()
        assert answers == [False]
