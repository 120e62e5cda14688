"""Every key of the screen you came from, with what it does."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static


def _key_display(binding: Binding, screen: Screen[object]) -> str:
    keys = [
        screen.app.get_key_display(Binding(key, binding.action)) for key in binding.key.split(",")
    ]
    return " / ".join(keys)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding(
            "escape,question_mark,q", "close", "Close", id="help.close", tooltip="Close the help"
        )
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        table = Table(box=None, pad_edge=False, expand=True, show_header=True, header_style="bold")
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("does")
        seen: set[str] = set()
        for owner in (self.for_screen, self.app):
            for binding in owner.BINDINGS:
                if not isinstance(binding, Binding) or binding.key in seen:
                    continue
                seen.add(binding.key)
                table.add_row(
                    _key_display(binding, self.for_screen), binding.tooltip or binding.description
                )
        table.add_row("ctrl+p", "Command palette: every action, with what fits the selection first")
        table.add_row("tab / shift+tab", "Move between the panes")
        with Vertical(id="dialog", classes="help"):
            yield Label("Keys", id="question")
            with VerticalScroll():
                yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
