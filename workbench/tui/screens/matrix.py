"""The sign-off matrix: every decision against every function that must or did sign."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ...domain.reference import Function
from ...domain.signoffs import SignOffState, required_functions, signoff_states
from ..controller import Controller
from ..widgets.colors import Colors
from ..widgets.key_bar import KeyBar
from ..widgets.signoff_marks import SYMBOLS, mark, short_function


def matrix_functions(controller: Controller) -> list[Function]:
    """Functions that any decision requires or that signed any, in the Function order."""
    ws = controller.workspace
    used: set[Function] = set()
    for decision in ws.decisions:
        used.update(required_functions(ws, decision))
        used.update(s.function for s in decision.signoffs)
    return [f for f in Function if f in used]


class SignOffMatrixScreen(Screen[None]):
    CSS_PATH = Path(__file__).with_name("matrix.tcss")

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="matrix.back", tooltip="Back to the decision log"),
    ]

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⇄")
        yield DataTable(id="matrix", cursor_type="row", zebra_stripes=True)
        yield Static(id="matrix-legend")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = self.controller.workspace.title or self.controller.workspace.name
        self.sub_title = "Sign-off matrix"
        colors = Colors.of(self.app)
        ws = self.controller.workspace
        functions = matrix_functions(self.controller)
        table = self.query_one(DataTable)
        # The titles take the room the function columns leave (20 to 70 cells). Where a column
        # per function with its state in words would not fit beside 20 cells of title (five
        # functions at 80 columns), the columns narrow to the marks under short names, so every
        # function is in view at once (the legend says what the marks mean).
        compact = 18 + 20 + 14 * len(functions) > self.app.size.width
        per_function = 6 if compact else 14
        room = self.app.size.width - 18 - per_function * len(functions)
        width = max(20, min(room, 70))
        table.add_column("No.", key="number")
        table.add_column("Decision", key="title", width=width)
        # The number stays in view when the function columns are scrolled to: titles that start
        # alike ("SAP S/4HANA owns the…") are told apart by it.
        table.fixed_columns = 1
        table.add_column("Status", key="status")
        for function in functions:
            header = short_function(function) if compact else str(function)
            table.add_column(header, key=str(function))
        counts = dict.fromkeys(SignOffState, 0)
        for decision in ws.decisions:
            states = signoff_states(ws, decision)
            required = set(required_functions(ws, decision))
            cells: list[Text] = []
            for function in functions:
                state = states.get(function)
                if state is None:
                    cells.append(Text(""))
                    continue
                counts[state] += 1
                cell = mark(state, colors, word=not compact)
                if function not in required:
                    cell.append("*" if compact else " (extra)", style="dim")
                cells.append(cell)
            title = (
                decision.title
                if len(decision.title) <= width
                else decision.title[: width - 1] + "…"
            )
            table.add_row(
                Text(f"{decision.number:04d}"),
                Text(title),
                Text(str(decision.status)),
                *cells,
                key=str(decision.number),
            )
        legend = Text()
        for state in SignOffState:
            legend.append_text(mark(state, colors, after=f" {counts[state]}   "))
        legend.append(
            f"{SYMBOLS[SignOffState.STALE]} stale: the decision or an element it governs changed "
            "after the sign-off; blank: not required"
            + ("; *: signed though not required" if compact else ""),
            style="dim",
        )
        self.query_one("#matrix-legend", Static).update(legend)
        table.focus()

    def action_back(self) -> None:
        self.app.pop_screen()
