"""Pick one item from a long list by typing part of its name."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from .help import DIALOG_HELP


class PickScreen(ModalScreen[str | None]):
    """Returns the chosen item's key, or None when cancelled."""

    BINDINGS = [
        DIALOG_HELP,
        Binding("escape", "cancel", "Cancel", id="pick.cancel", tooltip="Choose nothing"),
        Binding("down", "down", "Next", show=False, id="pick.down", tooltip="Next match"),
        Binding("up", "up", "Previous", show=False, id="pick.up", tooltip="Previous match"),
    ]

    def __init__(self, title: str, items: list[tuple[str, str]]) -> None:
        """``items``: (key, text shown), in the order to show them."""
        super().__init__()
        self.title_text = title
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="picker"):
            yield Label(self.title_text, id="question", markup=False)
            yield Input(placeholder="type to narrow the list, Enter to choose", id="pick-filter")
            options = [Option(Text(text), id=key) for key, text in self.items]
            yield OptionList(
                *(options or [Option(Text("nothing to choose from"), disabled=True)]),
                id="pick-list",
            )

    @on(Input.Changed, "#pick-filter")
    def _narrow(self, event: Input.Changed) -> None:
        needle = event.value.casefold().strip()
        options = self.query_one("#pick-list", OptionList)
        matches = [
            Option(Text(text), id=key) for key, text in self.items if needle in text.casefold()
        ]
        if not matches:  # say so, rather than an empty box that Enter silently ignores
            matches = [Option(Text(f"nothing matches “{event.value.strip()}”"), disabled=True)]
        options.set_options(matches)
        if options.option_count and not matches[0].disabled:
            options.highlighted = 0

    @on(Input.Submitted, "#pick-filter")
    def _submit(self) -> None:
        options = self.query_one("#pick-list", OptionList)
        if options.highlighted is None:
            self.app.bell()
            return
        self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#pick-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_mount(self) -> None:
        options = self.query_one("#pick-list", OptionList)
        if self.items:
            options.highlighted = 0

    def action_down(self) -> None:
        self.query_one("#pick-list", OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one("#pick-list", OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
