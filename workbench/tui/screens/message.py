"""A dialog for failures: what went wrong, in words, never a traceback."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label, Static
from textual.worker import Worker, WorkerState

from ...services.folder import FolderError
from ...store import StoreError
from .help import DIALOG_HELP

if TYPE_CHECKING:
    from ..controller import Controller, Outcome


class MessageScreen(ModalScreen[None]):
    AUTO_FOCUS = "#close"
    BINDINGS = [
        DIALOG_HELP,
        Binding("escape,enter", "close", "Close", id="message.close", tooltip="Close this message"),
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


def failure_text(error: BaseException | None) -> str:
    """What went wrong, in one line a user can act on: no traceback."""
    if error is None:
        return "an unknown error"
    if isinstance(error, (FolderError, StoreError)):  # their message says it all
        return str(error)
    return f"{type(error).__name__}: {error}"


def report_failed_worker(screen: Screen[Any], event: Worker.StateChanged) -> bool:
    """Show a dialog when a worker of ``screen`` failed; True when it did.

    A worker's state changes are told to the screen that started it and do not bubble up to
    the app, so every screen with workers passes them here (after putting its own state
    right: a status that said "syncing…" or "reading…")."""
    if event.state is not WorkerState.ERROR:
        return False
    screen.app.push_screen(MessageScreen("Something went wrong", failure_text(event.worker.error)))
    return True


def tell(
    screen: Screen[Any],
    controller: Controller,
    outcome: Outcome,
    *,
    label: str = "",
    undo_hint: bool = False,
    at_least: float = 0.0,
) -> None:
    """Show once what an edit did: its message (``label`` instead, when given), the warnings it
    brought and the decisions it unsettled, as a toast of the right severity. ``undo_hint`` where
    the screen's ctrl+z takes the edit back; ``at_least`` seconds on screen."""
    controller.told(outcome)
    shown = replace(outcome, message=label) if label else outcome
    message, severity, timeout = shown.toast
    if undo_hint and outcome.signoffs:
        message += " (ctrl+z undoes)"
    title = "Not changed" if not outcome.ok and not outcome.idle else ""
    screen.notify(message, title=title, severity=severity, timeout=max(timeout, at_least))
