"""Ask for one line of text (a reason), with the question and what it is for."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from .help import DIALOG_HELP


class PromptScreen(ModalScreen[str | None]):
    """Returns the text typed (never empty), or None when cancelled."""

    AUTO_FOCUS = "#prompt-input"
    BINDINGS = [
        DIALOG_HELP,
        Binding("escape", "cancel", "Cancel", id="prompt.cancel", tooltip="Leave it as it is"),
    ]

    def __init__(
        self,
        question: str,
        explanation: str,
        placeholder: str = "",
        *,
        empty: str = "Type the reason first.",
        keys: str = "Enter to save, Escape to cancel.",
    ) -> None:
        super().__init__()
        self.question = question
        self.explanation = explanation
        self.placeholder = placeholder
        self.empty = empty
        """What to say when Enter is pressed on an empty line."""
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question, id="question", markup=False)
            yield Static(self.explanation, classes="hint", markup=False)
            yield Input(placeholder=self.placeholder, id="prompt-input")
            yield Static(self.keys, classes="hint")

    @on(Input.Submitted, "#prompt-input")
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.notify(self.empty, severity="warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


def no_counterpart_question(ref: str) -> PromptScreen:
    """The question that records an entity as having no counterpart: why (the reason is kept on
    the no-counterpart mapping). Asked by 0 on the main screen and by the findings' quick fix."""
    return PromptScreen(
        f"{ref} has no counterpart on the other side. Why?",
        "The reason is kept on the no-counterpart mapping for the next workshop.",
        "e.g. configuration kept in the CRM only",
    )
