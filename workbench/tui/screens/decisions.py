"""The decision log: every decision with its status and sign-off state, filters, the selected
decision's text and log, and the ways in to sign, edit and see the matrix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.widgets.data_table import CellDoesNotExist

from ...domain.decisions import Decision
from ...domain.reference import Function
from ...domain.signoffs import (
    SignOffState,
    governing_decisions,
    required_functions,
    signoff_states,
    signoff_statuses,
)
from ...domain.workspace import Workspace
from ...services.decisions import Filter, state_label
from ..controller import Controller
from ..widgets.colors import Colors
from ..widgets.key_bar import KeyBar
from ..widgets.signoff_marks import log_mark, mark, short_function
from .matrix import SignOffMatrixScreen
from .message import tell
from .pick import PickScreen
from .signoff import SignOffScreen

Predicate = Callable[[Workspace, Decision], bool]


_FUNCTION_RANK = {function.value: rank for rank, function in enumerate(Function)}


class DecisionsScreen(Screen[None]):
    CSS_PATH = Path(__file__).with_name("decisions.tcss")

    BINDINGS = [
        Binding(
            "s",
            "sign",
            "Sign off",
            id="decisions.sign",
            tooltip="Record a sign-off of the highlighted decision",
        ),
        Binding("n", "new", "New", id="decisions.new", tooltip="Record a new decision"),
        Binding("e", "edit", "Edit", id="decisions.edit", tooltip="Edit the highlighted decision"),
        Binding(
            "m",
            "matrix",
            "Matrix",
            id="decisions.matrix",
            tooltip="Decisions x functions: approved, rejected, stale, missing",
        ),
        Binding("a", "filter_all", "All", id="decisions.all", tooltip="Show every decision"),
        Binding(
            "w",
            "filter_awaiting",
            "Awaiting",
            id="decisions.awaiting",
            tooltip="Decisions awaiting a function's approval (mine, if I am a stakeholder)",
        ),
        Binding(
            "t",
            "filter('stale')",
            "Stale",
            id="decisions.stale",
            tooltip="Decisions with a stale sign-off",
        ),
        Binding(
            "r",
            "filter('rejected')",
            "Rejected",
            id="decisions.rejected",
            tooltip="Rejected decisions, or with a rejection",
        ),
        Binding(
            "u",
            "filter('unsigned')",
            "Unsigned",
            id="decisions.unsigned",
            tooltip="Decisions nobody has signed yet",
        ),
        Binding(
            "ctrl+z",
            "history(False)",
            "Undo",
            show=False,
            id="decisions.undo",
            tooltip="Undo the last edit (a decision created or edited here included; a sign-off "
            "is never taken back)",
        ),
        Binding(
            "ctrl+y",
            "history(True)",
            "Redo",
            show=False,
            id="decisions.redo",
            tooltip="Redo the last undone edit",
        ),
        Binding("escape,q", "back", "Back", id="decisions.back", tooltip="Back to the workbench"),
    ]

    _title_width = 48
    """The Decision column's width (set for the terminal's width when the log opens)."""

    def __init__(self, controller: Controller, governing: str | None = None) -> None:
        super().__init__()
        self.controller = controller
        self._filter_name = "all"
        self._predicate: Predicate | None = None
        if governing:
            self._govern(governing)

    # -- filters -----------------------------------------------------------------------------

    def _govern(self, link: str) -> None:
        def predicate(ws: Workspace, d: Decision) -> bool:
            return any(g.number == d.number for g in governing_decisions(ws, link))

        self._filter_name, self._predicate = f"governing {link}", predicate

    def action_filter_all(self) -> None:
        self._filter_name, self._predicate = "all", None
        self.refresh_log()

    def action_filter(self, name: str) -> None:
        predicates: dict[str, Predicate] = {
            "stale": Filter.stale,
            "rejected": Filter.rejected,
            "unsigned": Filter.unsigned,
        }
        self._filter_name, self._predicate = name, predicates[name]
        self.refresh_log()

    def my_function(self) -> Function | None:
        """The operator's function when the operator is a stakeholder (by id or name)."""
        who = self.controller.operator.casefold()
        for person in self.controller.workspace.stakeholders:
            if who in (person.id.casefold(), person.name.casefold()):
                return person.function
        return None

    def action_filter_awaiting(self) -> None:
        mine = self.my_function()
        if mine is not None:
            self._awaiting(mine)
            return
        items = [(f.value, f"{f.value}") for f in Function]

        def chosen(value: str | None) -> None:
            if value:
                self._awaiting(Function(value))

        self.app.push_screen(PickScreen("Awaiting which function's approval?", items), chosen)

    def _awaiting(self, function: Function) -> None:
        self._filter_name = f"awaiting {function}"
        self._predicate = Filter.awaiting_function(function)
        self.refresh_log()

    # -- showing -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⇄")
        yield Static(id="decision-filter")
        yield DataTable(id="decision-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="decision-detail-pane"):
            yield Static(id="decision-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        ws = self.controller.workspace
        self.title = "Decision log"
        self.sub_title = ws.title or ws.name
        table = self.query_one(DataTable)
        # The titles take the room the other columns leave (30 to 70 cells): at 80 columns the
        # Functions column starts in view (the detail below lists them all), on a wide terminal
        # more of each title shows.
        colors = Colors.of(self.app)
        functions = max(
            [len("Functions"), *(len(self._functions_cell(ws, d, colors)) for d in ws.decisions)]
        )
        # No. 4, status 10 (superseded), sign-offs 10, a cell padding each side of 5 columns,
        # a scrollbar.
        self._title_width = max(30, min(self.app.size.width - 36 - functions, 70))
        self._functions_room = max(len("Functions"), self.app.size.width - 36 - self._title_width)
        table.add_column("No.", key="number")
        table.add_column("Decision", key="title", width=self._title_width)
        table.add_column("Status", key="status")
        table.add_column("Sign-offs", key="state")
        table.add_column("Functions", key="functions")
        self.refresh_log()
        table.focus()

    def shown_decisions(self) -> list[Decision]:
        ws = self.controller.workspace
        return [d for d in ws.decisions if self._predicate is None or self._predicate(ws, d)]

    def refresh_log(self, keep: int | None = None) -> None:
        colors = Colors.of(self.app)
        ws = self.controller.workspace
        table = self.query_one(DataTable)
        current = keep if keep is not None else self.highlighted_number()
        table.clear()
        shown = self.shown_decisions()
        width = self._title_width
        tier = self._functions_tier(ws, colors)
        for decision in shown:
            title = decision.title
            if len(title) > width:
                title = title[: width - 1] + "…"
            table.add_row(
                Text(f"{decision.number:04d}"),
                Text(title),
                Text(str(decision.status)),
                log_mark(state_label(ws, decision), colors),
                self._functions_cell(ws, decision, colors, tier),
                key=str(decision.number),
            )
        numbers = [d.number for d in shown]
        if current in numbers:
            table.move_cursor(row=numbers.index(current), animate=False)
        legend = Text(f"Filter: {self._filter_name} · ", style="bold")
        legend.append(f"{len(shown)} of {len(ws.decisions)} decisions   ")
        for state in SignOffState:
            legend.append_text(mark(state, colors, after="  "))
        self.query_one("#decision-filter", Static).update(legend)
        self._show_detail()

    @staticmethod
    def _functions_cell(ws: Workspace, decision: Decision, colors: Colors, tier: int = 0) -> Text:
        """Each function's mark and name (``✔ Finance  ✘ Sales``): the Functions column. Tier 1
        shortens the names (``✔Fin ✘Sales``), tier 2 counts the marks (``✔3 ✘1``), for a narrow
        column; the detail below lists every function in full."""
        states = signoff_states(ws, decision)
        text = Text()
        if tier < 2:
            short = tier == 1
            # One order on every row (the functions' own), so the marks line up down the
            # column whatever order each decision listed its functions in.
            ranked = sorted(states.items(), key=lambda item: _FUNCTION_RANK.get(str(item[0]), 99))
            for function, state in ranked:
                text.append_text(mark(state, colors, word=False, after="" if short else " "))
                name = short_function(function) if short else function
                text.append(f"{name} " if short else f"{name}  ")
        else:
            for state in SignOffState:
                count = sum(1 for found in states.values() if found is state)
                if count:
                    text.append_text(mark(state, colors, word=False, after=f"{count} "))
        text.rstrip()
        return text

    def _functions_tier(self, ws: Workspace, colors: Colors) -> int:
        """The fullest way of writing the Functions column that fits every decision's row in
        the room the column has, so the rows read alike."""
        for tier in (0, 1):
            widths = [self._functions_cell(ws, d, colors, tier).cell_len for d in ws.decisions]
            if max(widths, default=0) <= self._functions_room:
                return tier
        return 2

    def highlighted_number(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None
        return int(key) if key else None

    def highlighted(self) -> Decision | None:
        number = self.highlighted_number()
        return self.controller.workspace.decision(number) if number is not None else None

    @on(DataTable.RowHighlighted, "#decision-table")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#decision-detail", Static)
        decision = self.highlighted()
        if decision is None:
            detail.update(Text("No decision matches the filter (a shows all).", style="italic"))
            return
        detail.update(decision_text(self.controller.workspace, decision, Colors.of(self.app)))

    # -- actions -----------------------------------------------------------------------------

    def _need_decision(self) -> Decision | None:
        decision = self.highlighted()
        if decision is None:
            self.notify("Highlight a decision first.", severity="warning")
        return decision

    def action_sign(self) -> None:
        from ...domain.signoffs import CLOSED_STATUSES

        decision = self._need_decision()
        if decision is not None and decision.status in CLOSED_STATUSES:
            # Said now, not after a signer was picked and a comment typed.
            by = f" by {decision.superseded_by:04d}" if decision.superseded_by else ""
            self.notify(
                f"Decision {decision.number:04d} is {decision.status}{by}: it takes no more "
                "sign-offs.",
                severity="warning",
                timeout=5,
            )
            return
        if decision is not None:
            number = decision.number
            self.app.push_screen(
                SignOffScreen(self.controller, decision), lambda _: self.refresh_log(number)
            )

    def action_new(self) -> None:
        from ..decision_form import decision_form

        before = {d.number for d in self.controller.workspace.decisions}

        def closed(saved: bool | None) -> None:
            added = {d.number for d in self.controller.workspace.decisions} - before
            self.refresh_log(max(added) if saved and added else None)

        self.app.push_screen(decision_form(self.controller, None), closed)

    def action_edit(self) -> None:
        from ..decision_form import decision_form

        decision = self._need_decision()
        if decision is not None:
            number = decision.number

            def closed(_saved: bool | None) -> None:
                # A saved form says nothing of itself (closing is the news), but approvals the
                # edit made stale are said, with how to take it back.
                outcome = self.controller.take_outcome()
                if outcome is not None and outcome.ok and (outcome.signoffs or outcome.mirror):
                    tell(self, self.controller, outcome, undo_hint=True)
                self.refresh_log(number)

            self.app.push_screen(decision_form(self.controller, decision), closed)

    def action_history(self, redo: bool) -> None:
        outcome = self.controller.redo() if redo else self.controller.undo()
        tell(self, self.controller, outcome)
        self.refresh_log()

    def action_matrix(self) -> None:
        self.app.push_screen(SignOffMatrixScreen(self.controller))

    def action_back(self) -> None:
        self.dismiss(None)


def decision_text(ws: Workspace, decision: Decision, colors: Colors) -> Text:
    """The highlighted decision: status, who must sign, what it governs, and its log. Spacing
    sits at the end of each styled piece, never at its start."""
    text = Text(f"{decision.number:04d} {decision.title}", style="bold")
    text.append("\nStatus: ", style="bold")
    text.append(f"{decision.status} ")
    if decision.superseded_by is not None:
        text.append(f"by {decision.superseded_by:04d} ")
    if decision.date:
        # The record's own date (when it was decided or last revised), not when its status
        # changed: sign-offs move a status, and the record keeps no date for that.
        text.append(f"dated {decision.date.isoformat()} ", style="dim")
    text.append("  Sign-offs: ", style="bold")
    text.append_text(log_mark(state_label(ws, decision), colors))
    required = required_functions(ws, decision)
    states = signoff_states(ws, decision)
    text.append("\nRequired: ", style="bold")
    if not required:
        text.append("nobody yet (name required functions or decision-makers)", style="dim")
    for function in required:
        text.append(f"{function} ")
        text.append_text(mark(states[function], colors, after="   "))
    if decision.decision_makers:
        names = []
        for maker in decision.decision_makers:
            found = ws.stakeholder(maker)
            names.append(found.name if found else maker)
        text.append("\nDecision-makers: ", style="bold")
        text.append(", ".join(names))
    if decision.links:
        text.append("\nGoverns: ", style="bold")
        text.append(", ".join(decision.links))
    if decision.outcome:
        text.append("\nOutcome: ", style="bold")
        text.append(decision.outcome.split("\n", 1)[0])
    statuses = signoff_statuses(ws, decision)
    if statuses:
        text.append("\nSign-offs", style="bold")
    for status in statuses:
        s = status.signoff
        signer = ws.stakeholder(s.stakeholder)
        text.append(f"\n{status.position + 1:>2}. ")
        text.append_text(mark(status.state, colors, after="  "))
        text.append(f"{signer.name if signer else s.stakeholder} ({s.function}) {s.verdict}  ")
        text.append(
            f"{s.recorded_at.strftime('%Y-%m-%d %H:%M')} UTC, recorded by {s.recorded_by}",
            style="dim",
        )
        if s.comment:
            text.append(f"\n    “{s.comment}”", style="italic")
    return text
