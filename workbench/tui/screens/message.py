"""A dialog for failures: what went wrong, in words, never a traceback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class MessageScreen(ModalScreen[None]):
    AUTO_FOCUS = "#close"
    BINDINGS = [
        Binding("escape,enter", "close", "Close", id="message.close", tooltip="Close this message")
    ]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="error"):
            yield Label(self.title_text, id="question", markup=False)
            yield Static(self.body, id="consequences", markup=False)
            yield Button("Close", variant="primary", id="close")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
