"""Confirm a delete, saying what goes with it (or another step that drops something)."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from .help import DIALOG_HELP


class ConfirmScreen(ModalScreen[bool]):
    AUTO_FOCUS = "#no"
    BINDINGS = [
        DIALOG_HELP,
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Do it"),
        Binding(
            "n,escape", "answer(False)", "No", id="confirm.no", tooltip="Leave everything as it is"
        ),
    ]

    def __init__(
        self,
        question: str,
        consequences: list[str],
        *,
        yes: str = "Delete",
        no: str = "Keep",
        hint: str = "You can undo it with ctrl+z.",
        listed: str = "Goes with it:",
    ) -> None:
        super().__init__()
        self.question = question
        self.consequences = consequences
        self.yes, self.no, self.hint = yes, no, hint
        self.listed = listed
        """What the list of consequences is (a delete's: what goes with it)."""
        # The key bar says what the buttons say ("y Quit  n Go back"), not a bare yes and no.
        words = {"confirm.yes": yes, "confirm.no": no}
        table = self._bindings.key_to_bindings
        for key, bindings in table.items():
            table[key] = [
                replace(b, description=words[b.id]) if b.id in words else b for b in bindings
            ]

    def compose(self) -> ComposeResult:
        # The question and the buttons stay in sight however long the list: only the list
        # scrolls (at 80x24 the whole dialog scrolled to its buttons and hid the question).
        with Vertical(id="dialog", classes="confirm"):
            yield Label(self.question, id="question", markup=False)
            if self.consequences:
                with VerticalScroll(id="consequences"):
                    yield Static(self.listed, markup=False)
                    yield Static(self._listing())
            yield Static(self.hint, classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="yes")
                yield Button(f"{self.no} (n)", variant="primary", id="no")

    def _listing(self) -> Table:
        """What goes with it, one bullet per line; a long line wraps under its own text, not
        under the bullet, so the list still reads as a list at 80 columns."""
        table = Table.grid(padding=(0, 1))
        table.add_column(width=3, justify="right")
        table.add_column(ratio=1)
        for consequence in self.consequences:
            table.add_row("•", Text(consequence))
        return table

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
