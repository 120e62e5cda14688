"""Mapping suggestions: the open proposals with their confidence and reasons; ``a`` accepts the
highlighted one (a proposed mapping, or a field mapping), ``r`` rejects it for good. Each decision
is one undoable edit; suggestions are worked out again in a worker after each."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from ...importers.suggest import Suggestion, SuggestionKind
from ..controller import Controller
from .help import DIALOG_HELP
from .message import report_failed_worker, tell


class SuggestionsScreen(ModalScreen[bool]):
    """Returns True when something was accepted or rejected."""

    CSS_PATH = Path(__file__).with_name("suggestions.tcss")

    BINDINGS = [
        DIALOG_HELP,
        Binding(
            "a",
            "accept",
            "Accept",
            id="suggestions.accept",
            tooltip="Accept the highlighted suggestion: a proposed mapping, or a field mapping",
        ),
        Binding(
            "r",
            "reject",
            "Reject",
            id="suggestions.reject",
            tooltip="Reject the highlighted suggestion; it is not proposed again",
        ),
        Binding(
            "escape", "close", "Close", id="suggestions.close", tooltip="Back to the workbench"
        ),
    ]

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.items: list[Suggestion] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="suggestions"):
            yield Label("Mapping suggestions", id="question")
            yield LoadingIndicator(id="suggestion-loading")
            yield DataTable(id="suggestion-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="suggestion-reasons", markup=False)
            yield Static(
                "a accept · r reject (not proposed again) · esc close · ctrl+z on the main "
                "screen undoes",
                classes="hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("id", "conf.", "kind", "proposes")
        table.display = False
        self._reload()

    @work(thread=True, exclusive=True, group="suggestions", exit_on_error=False)
    def _reload(self, keep_row: int = 0) -> None:
        found = self.controller.suggestions()
        self.app.call_from_thread(self._show, found, keep_row)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.query_one("#suggestion-loading").display = False
        report_failed_worker(self, event)

    def _show(self, found: list[Suggestion], keep_row: int) -> None:
        self.items = found
        self.query_one("#suggestion-loading").display = False
        table = self.query_one(DataTable)
        table.clear()
        for item in found:
            kind = "mapping" if item.kind is SuggestionKind.ENTITY else "field"
            table.add_row(
                item.id, f"{item.confidence:.0%}", kind, Text(_proposes(item)), key=item.id
            )
        table.display = True
        if found:
            table.move_cursor(row=min(keep_row, len(found) - 1))
            table.focus()
        self._explain()

    @on(DataTable.RowHighlighted, "#suggestion-table")
    def _explain(self) -> None:
        current = self._current()
        reasons = self.query_one("#suggestion-reasons", Static)
        if current is None:
            reasons.update("No open suggestions." if not self.items else "")
            return
        # What is proposed, whole: at 80 columns the table cuts it at its edge, and what `a`
        # accepts must be read before it is pressed.
        said = Text()
        said.append("Proposes: ", style="bold")
        said.append(_proposes(current))
        said.append("\nWhy: " + "; ".join(current.reasons) + ".")
        reasons.update(said)

    def _current(self) -> Suggestion | None:
        table = self.query_one(DataTable)
        if not self.items or not table.display:
            return None
        row = table.cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def _decide(self, accept: bool) -> None:
        current = self._current()
        if current is None:
            return
        row = self.query_one(DataTable).cursor_row
        if accept:
            outcome = self.controller.accept_suggestion(current)
        else:
            outcome = self.controller.reject_suggestion(current)
        if not outcome.ok:
            self.notify(outcome.message, title="Not changed", severity="error", timeout=6)
            return
        self.changed = True
        self.items = []  # stale until the worker has worked them out again
        verb = "Accepted" if accept else "Rejected"
        tell(self, self.controller, outcome, label=f"{verb} {current.key}")
        self._reload(row)

    def action_accept(self) -> None:
        self._decide(True)

    def action_reject(self) -> None:
        self._decide(False)

    def action_close(self) -> None:
        self.dismiss(self.changed)


def _proposes(item: Suggestion) -> str:
    if item.kind is SuggestionKind.ENTITY:
        return f"{item.source} -> {item.target}"
    return f"{item.mapping_id}: {item.source_field} -> {item.target_field}"
