"""A list of a mapping's parts (field mappings, error rules) with add, edit and delete."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from ...domain.edits import EditError
from .help import DIALOG_HELP

if TYPE_CHECKING:
    from ..controller import Controller


class RowsScreen(ModalScreen[None]):
    BINDINGS = [
        DIALOG_HELP,
        Binding("n", "add", "Add", id="rows.add", tooltip="Add a row"),
        Binding(
            "e", "edit", "Edit", id="rows.edit", tooltip="Edit the highlighted row (or press Enter)"
        ),
        Binding(
            "x,delete",
            "delete",
            "Delete",
            id="rows.delete",
            tooltip="Delete the highlighted row (asks first; undo with ctrl+z)",
        ),
        Binding("ctrl+z", "history(False)", "Undo", id="rows.undo", tooltip="Undo the last edit"),
        Binding(
            "ctrl+y", "history(True)", "Redo", id="rows.redo", tooltip="Redo the last undone edit"
        ),
        Binding("escape", "close", "Close", id="rows.close", tooltip="Back to the workbench"),
    ]

    def __init__(
        self,
        title: str,
        columns: Sequence[str],
        rows: Callable[[], list[tuple[str, ...]]],
        add: Callable[[], None],
        edit: Callable[[int], None],
        delete: Callable[[int], None],
        history: Callable[[bool], None] | None = None,
        details: Callable[[int], list[tuple[str, str]]] | None = None,
    ) -> None:
        super().__init__()
        self._details = details
        """Row ``index`` whole, as (label, value) pairs: what the table's columns leave out
        (a field mapping's default and notes, an error rule's description) included."""
        self.title_text = title
        self.columns = columns
        self.rows = rows
        self._add, self._edit, self._delete = add, edit, delete
        self._history = history
        """Undo (False) or redo (True) the last edit, for the list and the screen beneath."""
        self._shown: list[tuple[str, ...]] = []
        """The rows as the table shows them."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="rows"):
            yield Label(self.title_text, id="question", markup=False)
            yield DataTable(id="rows-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="rows-detail-scroll"):
                yield Static("", id="rows-detail")
            yield Static("n add · e edit · x delete · ctrl+z undo · esc close", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*self.columns)
        self.reload()
        table.focus()

    def reload(self) -> None:
        """Read the rows again. The cursor goes to the row an edit made, where there is one
        (``n`` added it, or ``e`` changed it, and the list's order may have moved it), so the
        next key acts on it; otherwise it stays where it was."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        remaining = Counter(self._shown)
        table.clear()
        self._shown = self.rows()
        made = []
        for index, values in enumerate(self._shown):
            table.add_row(*(Text(value) for value in values))  # user text: never markup
            if remaining[values] > 0:
                remaining[values] -= 1
            else:
                made.append(index)
        if table.row_count:
            target = made[0] if len(made) == 1 else row
            table.move_cursor(row=min(target, table.row_count - 1))
        self._show_detail()

    @on(DataTable.RowHighlighted, "#rows-table")
    def _show_detail(self) -> None:
        """The highlighted row whole, a line per value it has: the table cuts a long transform
        at the dialog's edge and shows the columns after it only by scrolling sideways."""
        index = self._current()
        detail = self.query_one("#rows-detail", Static)
        if index is None or index >= len(self._shown):
            detail.update("")
            return
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1)
        if self._details is not None:
            pairs = self._details(index)
        else:
            pairs = [
                (column.strip("← ").strip() or column, value)
                for column, value in zip(self.columns, self._shown[index], strict=False)
            ]
        for label, value in pairs:
            if value.strip():
                grid.add_row(label, Text(value))
        detail.update(grid)

    def _current(self) -> int | None:
        table = self.query_one(DataTable)
        return table.cursor_row if table.row_count else None

    def on_data_table_row_selected(self) -> None:
        self.action_edit()

    def action_add(self) -> None:
        self._add()

    def action_history(self, redo: bool) -> None:
        if self._history is not None:
            self._history(redo)

    def action_edit(self) -> None:
        index = self._current()
        if index is not None:
            self._edit(index)

    def action_delete(self) -> None:
        from .confirm import ConfirmScreen

        index = self._current()
        if index is None:
            return
        values = self.rows()[index]
        shown = "  ".join(value for value in values[:3] if value)

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(index)
                self.reload()

        self.app.push_screen(ConfirmScreen(f"Delete this row? {shown}", []), answered)

    def action_close(self) -> None:
        self.dismiss(None)


def undo_and_redo(
    controller: Controller, screen: Callable[[], RowsScreen], refresh: Callable[[], None]
) -> Callable[[bool], None]:
    """The list's ``ctrl+z`` and ``ctrl+y``: the workbench's undo and redo, the outcome said,
    the list and the screen beneath read again."""

    def history(redo: bool) -> None:
        outcome = controller.redo() if redo else controller.undo()
        rows = screen()
        message, severity, timeout = outcome.toast
        rows.notify(message, severity=severity, timeout=timeout)
        try:
            rows.reload()
        except EditError:
            # The undo took away what the list belongs to (the mapping was made by the edit
            # undone): the list closes, and the screen beneath shows the model as it is.
            rows.dismiss()
        refresh()

    return history
