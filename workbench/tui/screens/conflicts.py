"""Choose, file by file, which side wins when a file changed both in the database and on disk.

Nothing changes until the user applies a choice for every file; cancelling leaves both sides as
they are (the status line keeps saying the mirror is out of step).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, Static

from ...services.sync import Choice, Conflict
from .help import DIALOG_HELP

SHOWN = {Choice.DATABASE: "database", Choice.MIRROR: "mirror (the file)"}


class ConflictScreen(ModalScreen[dict[str, Choice] | None]):
    """Dismisses with a choice per conflicting path, or None when cancelled."""

    CSS_PATH = Path(__file__).with_name("conflicts.tcss")
    AUTO_FOCUS = "#conflict-table"
    BINDINGS = [
        DIALOG_HELP,
        Binding(
            "d",
            "choose('database')",
            "Database",
            id="conflicts.database",
            tooltip="Keep the database's version of the highlighted file",
        ),
        Binding(
            "m",
            "choose('mirror')",
            "Mirror",
            id="conflicts.mirror",
            tooltip="Take the file on disk (the mirror) into the database",
        ),
        Binding(
            "ctrl+s",
            "apply",
            "Apply",
            id="conflicts.apply",
            tooltip="Sync with these choices (every file needs one)",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="conflicts.cancel",
            tooltip="Change nothing: both sides stay as they are",
        ),
    ]

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__()
        self.conflicts = conflicts
        self.choices: dict[str, Choice] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="conflicts"):
            yield Label(
                f"{len(self.conflicts)} file(s) changed both in the database and on disk since "
                "the last sync",
                id="question",
            )
            yield Static(
                "d keep the database's · m take the file's · ctrl+s sync · esc cancel",
                classes="hint",
            )
            yield DataTable(id="conflict-table", cursor_type="row", zebra_stripes=True)
            yield Label("Differences (- database, + file on disk)", id="diff-title")
            with VerticalScroll(id="diff-scroll"):
                yield Static("", id="conflict-diff", markup=False)
            yield Static("", id="error-", classes="form-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Sync (ctrl+s)", variant="primary", id="apply")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # The choice first: a long path cut it off at 80 columns ("… mirror (").
        table.add_column("keep", key="keep", width=len(max(SHOWN.values(), key=len)))
        table.add_column("file", key="file")
        for conflict in self.conflicts:
            table.add_row(Text("? choose", style="italic"), Text(conflict.path), key=conflict.path)
        self._show_diff(0)

    def _current(self) -> Conflict | None:
        table = self.query_one(DataTable)
        return self.conflicts[table.cursor_row] if self.conflicts else None

    def _show_diff(self, index: int) -> None:
        if not 0 <= index < len(self.conflicts):
            return
        diff = Text()
        for line in self.conflicts[index].unified_diff().splitlines():
            style = (
                "bold"
                if line.startswith(("---", "+++"))
                else "green"
                if line.startswith("+")
                else "red"
                if line.startswith("-")
                else "cyan"
                if line.startswith("@@")
                else ""
            )
            diff.append(line + "\n", style=style)
        self.query_one("#conflict-diff", Static).update(diff)
        self.query_one("#diff-scroll", VerticalScroll).scroll_home(animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_diff(event.cursor_row)

    def action_choose(self, side: str) -> None:
        conflict = self._current()
        if conflict is None:
            return
        choice = Choice(side)
        self.choices[conflict.path] = choice
        table = self.query_one(DataTable)
        table.update_cell(conflict.path, "keep", Text(SHOWN[choice]))
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_apply(self) -> None:
        open_ = [c.path for c in self.conflicts if c.path not in self.choices]
        if open_:
            error = self.query_one("#error-", Static)
            error.update(f"Choose a side for every file first ({len(open_)} left).")
            error.display = True
            return
        self.dismiss(dict(self.choices))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        else:
            self.action_cancel()
