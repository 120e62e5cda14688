"""The export dialog: choose formats and a folder, watch the progress, see where the files went.

The export itself runs in a worker thread through the controller; the worker only posts messages,
and the handlers below are the only code that touches the widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, SelectionList, Static
from textual.widgets.selection_list import Selection

from ...exporters import FORMATS
from ...services.exporting import DEFAULT_OUT, ExportResult
from ..controller import Controller
from ..pending_keys import after_pending_keys
from .help import DIALOG_HELP

FORMAT_LABELS = {
    "xlsx": "XLSX workbook: overview, one sheet per mapping, value maps",
    "csv": "CSV: overview and one file per mapping and value map",
    "json": "JSON mapping spec (with its JSON Schema)",
    "yaml": "YAML mapping spec",
    "md": "Design document, Markdown with Mermaid diagrams",
    "html": "Design document, self-contained HTML with diagrams",
    "dot": "Graphviz DOT of the two-sided graph",
    "svg": "SVG drawing (needs Graphviz)",
    "png": "PNG drawing (needs Graphviz)",
    "mermaid": "Mermaid flowchart",
}


class ExportScreen(ModalScreen[ExportResult | None]):
    """Returns what was written, or None when closed without exporting."""

    AUTO_FOCUS = "#export-formats"
    BINDINGS = [
        DIALOG_HELP,
        Binding("escape", "close", "Close", id="export.close", tooltip="Close the dialog"),
        Binding(
            "ctrl+e",
            "export",
            "Export",
            priority=True,  # before the folder field's own ctrl+e (end of line)
            id="export.run",
            tooltip="Export the chosen formats into the folder",
        ),
    ]

    @dataclass
    class Progressed(Message):
        format: str
        done: int
        total: int

    @dataclass
    class Finished(Message):
        result: ExportResult | None
        error: str = ""

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.result: ExportResult | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="export"):
            yield Label("Export the design", id="question")
            yield Static("Formats (space toggles the highlighted one):", classes="hint")
            yield SelectionList[str](
                *[Selection(f"{name:<8} {FORMAT_LABELS[name]}", name, True) for name in FORMATS],
                id="export-formats",
            )
            yield Label("Folder (inside the workspace, or an absolute path):", classes="hint")
            yield Input(DEFAULT_OUT, id="export-folder")
            yield ProgressBar(total=len(FORMATS), show_eta=False, id="export-progress")
            yield Static("", id="export-status", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Export (ctrl+e)", variant="primary", id="export-run")
                yield Button("Close (esc)", id="export-close")

    @on(Button.Pressed, "#export-run")
    def _run_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-close")
    def _close_pressed(self) -> None:
        self.action_close()

    @on(Input.Submitted, "#export-folder")
    def _folder_submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        after_pending_keys(self, self._start_export)

    def _start_export(self) -> None:
        if self.running:
            return
        formats = tuple(self.query_one("#export-formats", SelectionList).selected)
        status = self.query_one("#export-status", Static)
        if not formats:
            status.update("Choose at least one format (space toggles).")
            return
        self.running = True
        self.query_one("#export-run", Button).disabled = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=len(formats), progress=0)
        status.update("Exporting…")
        self._export(formats, self.query_one("#export-folder", Input).value.strip())

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, formats: tuple[str, ...], folder: str) -> None:
        def progress(name: str, done: int, total: int) -> None:
            self.post_message(self.Progressed(name, done, total))

        try:
            outcome = self.controller.export(folder or None, formats, progress)
        except Exception as exc:  # the dialog must not stay busy; the message says what broke
            self.post_message(self.Finished(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.Finished(outcome.result, outcome.error))

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        self.query_one("#export-progress", ProgressBar).update(
            total=message.total, progress=message.done
        )
        if message.done < message.total:
            self.query_one("#export-status", Static).update(f"Exporting {message.format}…")

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.running = False
        self.query_one("#export-run", Button).disabled = False
        status = self.query_one("#export-status", Static)
        if message.result is None:
            # The files were made but none written: a full bar would claim the opposite.
            self.query_one("#export-progress", ProgressBar).update(progress=0)
            status.update(f"Nothing exported: {message.error}")
            self.call_after_refresh(status.scroll_visible, animate=False)
            return
        self.result = message.result
        lines = [message.result.summary()]
        lines.extend(message.result.messages)
        lines.append(f"Open the folder: xdg-open {message.result.out}")
        status.update("\n".join(lines))
        # On a short terminal the dialog scrolls and the result is below its fold.
        self.call_after_refresh(status.scroll_visible, animate=False)

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.result)
