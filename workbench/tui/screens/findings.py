"""The design-check findings: grouped by area and severity, each one a jump to its element and,
where the fix is obvious, a key that makes it."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...checks import AREA_TITLES, CheckReport, Finding, Severity
from ...domain.base import counted, split_entity_ref
from ...domain.validation import ElementKind
from ..controller import Controller, Outcome
from ..selection import Kind, Selection
from ..widgets.colors import Colors
from ..widgets.key_bar import KeyBar
from .message import tell
from .pick import PickScreen
from .prompt import PromptScreen, no_counterpart_question

_MARK = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.INFO: "i"}
NO_COUNTERPART_RULES = frozenset({"Q2C-MODEL-001", "Q2C-MODEL-002"})
OWNER_RULES = frozenset({"Q2C-OWN-001"})


def selection_of(finding: Finding) -> Selection | None:
    """Where the main screen shows the finding: its mapping, entity, field or system."""
    location = finding.location
    if location.kind is ElementKind.MAPPING:
        return Selection(Kind.MAPPING, location.key[0])
    kind, _, rest = finding.element.partition(":")
    if kind == "entity":
        return Selection(Kind.ENTITY, rest)
    if kind == "field":
        return Selection(Kind.FIELD, rest)
    if kind == "system":
        return Selection(Kind.SYSTEM, rest)
    if kind == "mapping":
        return Selection(Kind.MAPPING, rest)
    return None


def ordered(report: CheckReport) -> list[Finding]:
    """The report's order (areas in catalogue order, errors first within each), with the areas
    that hold an error before those that do not: the room sees what blocks the design first,
    not after a screenful of warnings."""
    with_errors = {f.area for f in report.findings if f.severity is Severity.ERROR}
    return sorted(report.findings, key=lambda f: (f.area not in with_errors, f.sort_key))


def _area_heading(title: str, items: list[Finding]) -> str:
    """``Governance (2 errors, 1 warning)``."""
    counts = [
        counted(sum(1 for f in items if f.severity is severity), word)
        for severity, word in (
            (Severity.ERROR, "error"),
            (Severity.WARNING, "warning"),
            (Severity.INFO, "note"),
        )
        if any(f.severity is severity for f in items)
    ]
    return f"{title} ({', '.join(counts)})"


def _finding_line(finding: Finding, style: dict[Severity, str], width: int = 0) -> Text | Table:
    """One finding: its severity mark in a column of its own, so that a message too long for the
    line (``width``; 0: not known) wraps under the text, not under the marks. One that fits
    stays plain text, which draws in half the time (a large model has a thousand findings)."""
    mark = Text(f" {_MARK[finding.severity]} ", style=style[finding.severity])
    text = Text()
    text.append(f"{finding.rule}  ", style="dim")
    text.append(f"{finding.element}  ")
    text.append(finding.message)
    if width and mark.cell_len + text.cell_len <= width:
        return Text.assemble(mark, text)
    line = Table.grid(padding=0)
    line.add_column(width=mark.cell_len, no_wrap=True)
    line.add_column(ratio=1)
    line.add_row(mark, text)
    return line


class FindingsScreen(Screen[None]):
    """Opened from the main screen with ``c``; Enter goes to the element there."""

    CSS_PATH = Path(__file__).with_name("findings.tcss")

    BINDINGS = [
        Binding("escape,c,q", "close", "Back", id="findings.close", tooltip="Back to the model"),
        Binding(
            "n",
            "no_counterpart",
            "No counterpart",
            id="findings.no-counterpart",
            tooltip="Quick fix for an unmapped entity: record that it has no counterpart, and why",
        ),
        Binding(
            "o",
            "set_owner",
            "Set owner",
            id="findings.set-owner",
            tooltip="Quick fix for a mapping without a system of record: choose it",
        ),
        Binding(
            "s",
            "silence",
            "Silence",
            id="findings.silence",
            tooltip="Silence this rule for this element, with a reason (kept in models/checks.yaml)",
        ),
        Binding(
            "ctrl+z",
            "history(False)",
            "Undo",
            show=False,
            id="findings.undo",
            tooltip="Undo the last edit (a quick fix made here too) and check again",
        ),
        Binding(
            "ctrl+y",
            "history(True)",
            "Redo",
            show=False,
            id="findings.redo",
            tooltip="Redo the edit undone last and check again",
        ),
    ]

    def __init__(
        self,
        controller: Controller,
        on_jump: Callable[[Selection], None],
        on_change: Callable[[], None],
        on_scenario: Callable[[str], None] | None = None,
    ) -> None:
        """``on_jump`` shows an element on the main screen; ``on_change`` tells it a quick fix
        changed the model (it redraws and checks again, which updates this list);
        ``on_scenario`` opens a scenario's run, where a scenario's finding is put right."""
        super().__init__()
        self.controller = controller
        self.on_jump = on_jump
        self.on_change = on_change
        self.on_scenario = on_scenario
        self.shown: list[Finding] = []
        self._shown_report: CheckReport | None = None
        self._width = 0
        """The list's width when the report was shown (its lines are made for it)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⇄")
        with Vertical(id="findings-pane", classes="pane"):
            yield OptionList(id="findings")
        yield Static(id="finding-detail", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Design checks"
        findings = self.controller.findings
        if findings is None or findings[0] is not self.controller.workspace:
            self.query_one("#findings-pane").border_title = "Checking…"
            if findings is not None:
                self.on_change()  # made for an older version: the main screen checks again
        if findings is not None:
            self.show_report(findings[1])
        self.query_one("#findings", OptionList).focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_lines)

    def _fit_lines(self) -> None:
        # A line that fitted may wrap now (or one that wrapped fits): made again for the width.
        width = self.query_one("#findings", OptionList).scrollable_content_region.width
        if self._shown_report is not None and width != self._width:
            self.show_report(self._shown_report)

    # -- showing ----------------------------------------------------------------------------------

    def show_report(self, report: CheckReport) -> None:
        """Show a (new) report, keeping the cursor on the same finding where it still exists."""
        colors = Colors.of(self.app)
        listing = self.query_one("#findings", OptionList)
        self._shown_report, self._width = report, listing.scrollable_content_region.width
        width = self._width
        current = self.current()
        keep = (current.rule, current.element, current.message) if current else None
        # Where the cursor was among the findings: a finding a quick fix put right is gone from
        # the new report, and the cursor goes on to the one after it, not back to the top.
        place = next((i for i, f in enumerate(self.shown) if f is current), None)
        summary = report.summary()
        pane = self.query_one("#findings-pane")
        pane.border_title = (
            f"{counted(summary['error'], 'error')} · {counted(summary['warning'], 'warning')} · "
            f"{counted(summary['info'], 'note')}"
            + (f" · {len(report.suppressed)} silenced" if report.suppressed else "")
        )
        style = {
            Severity.ERROR: f"bold {colors.bad}",
            Severity.WARNING: f"bold {colors.warn}",
            Severity.INFO: "bold",
        }
        options: list[Option | None] = []
        self.shown = []
        for area, group in groupby(ordered(report), key=lambda f: f.area):
            items = list(group)
            options.append(
                Option(
                    Text(_area_heading(AREA_TITLES[area], items), style="bold underline"),
                    disabled=True,
                )
            )
            for finding in items:
                line = _finding_line(finding, style, width)
                options.append(Option(line, id=str(len(self.shown))))
                self.shown.append(finding)
        if not self.shown:
            options.append(
                Option(
                    Text("No findings: the design passes every check.", style=colors.good),
                    disabled=True,
                )
            )
        listing.set_options(options)
        target = next(
            (
                position
                for position, option in enumerate(listing.options)
                if option.id is not None and keep == self._key(self.shown[int(option.id)])
            ),
            None,
        )
        first = next((i for i, o in enumerate(listing.options) if o.id is not None), None)
        if target is None and place is not None and self.shown:
            wanted = str(min(place, len(self.shown) - 1))
            target = next(
                (i for i, option in enumerate(listing.options) if option.id == wanted), None
            )
        listing.highlighted = target if target is not None else first
        self._show_detail()

    @staticmethod
    def _key(finding: Finding) -> tuple[str, str, str]:
        return (finding.rule, finding.element, finding.message)

    def current(self) -> Finding | None:
        listing = self.query_one("#findings", OptionList)
        if listing.highlighted is None or not self.shown:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return self.shown[int(option.id)] if option.id is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A quick fix shows (in the key bar, the help) only on a finding it can fix.
        finding = self.current() if self.is_mounted else None
        if action == "no_counterpart":
            return finding is not None and finding.rule in NO_COUNTERPART_RULES
        if action == "set_owner":
            return finding is not None and finding.rule in OWNER_RULES
        return True

    @on(OptionList.OptionHighlighted, "#findings")
    def _show_detail(self) -> None:
        self.refresh_bindings()
        finding = self.current()
        detail = self.query_one("#finding-detail", Static)
        if finding is None:
            detail.update("")
            return
        opens_run = finding.element.startswith("scenario:") and self.on_scenario is not None
        fixes = ["Enter: open its run" if opens_run else "Enter: go to it", "s: silence"]
        if finding.rule in NO_COUNTERPART_RULES:
            fixes.insert(1, "n: mark no counterpart")
        if finding.rule in OWNER_RULES:
            fixes.insert(1, "o: set owner")
        text = Text()
        text.append(f"{finding.rule}  {finding.title}\n", style="bold")
        text.append(f"{finding.element}: {finding.message}\n")
        text.append(f"Fix: {finding.hint}\n", style="italic")
        text.append("   ".join(fixes), style="dim")
        detail.update(text)

    # -- acting -----------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#findings")
    def _jump(self) -> None:
        finding = self.current()
        if finding is None:
            return
        kind, _, key = finding.element.partition(":")
        if kind == "scenario" and self.on_scenario is not None:
            self.dismiss(None)
            self.on_scenario(key)
            return
        selection = selection_of(finding)
        if selection is None:
            self.notify(
                f"{finding.element} is edited in its model file; the main screen does not show it.",
                severity="warning",
            )
            return
        self.dismiss(None)
        self.on_jump(selection)

    def _report(self, outcome: Outcome) -> None:
        tell(self, self.controller, outcome)

    def action_no_counterpart(self) -> None:
        finding = self.current()
        if finding is None or finding.rule not in NO_COUNTERPART_RULES:
            self.notify("Only for an entity without a mapping.", severity="warning")
            return
        ref = finding.element.partition(":")[2]

        def answered(reason: str | None) -> None:
            if reason:
                self._report(self.controller.mark_no_counterpart(ref, reason))
                self.on_change()

        self.app.push_screen(no_counterpart_question(ref), answered)

    def action_set_owner(self) -> None:
        finding = self.current()
        mapping = (
            self.controller.workspace.mapping(finding.location.key[0])
            if finding is not None and finding.rule in OWNER_RULES
            else None
        )
        if mapping is None:
            self.notify("Only for a mapping without a system of record.", severity="warning")
            return
        systems = [split_entity_ref(mapping.source)[0]]
        if mapping.target:
            systems.append(split_entity_ref(mapping.target)[0])
        items = [(name, f"{name} owns the data of {mapping.id}") for name in systems]

        def chosen(system: str | None) -> None:
            if system:
                from ...domain import edits

                self._report(
                    self.controller.apply(
                        f"{mapping.id}: system of record {system}",
                        lambda w: edits.set_owner(w, mapping.id, system),
                    )
                )
                self.on_change()

        self.app.push_screen(PickScreen(f"System of record of {mapping.id}", items), chosen)

    def action_silence(self) -> None:
        finding = self.current()
        if finding is None:
            return

        def answered(reason: str | None) -> None:
            if reason:
                self._report(self.controller.suppress(finding.rule, finding.element, reason))
                self.on_change()

        self.app.push_screen(
            PromptScreen(
                f"Silence {finding.rule} for {finding.element}?",
                "The reason is written to models/checks.yaml and shown in every check report.",
                "why this finding is accepted",
            ),
            answered,
        )

    def action_history(self, redo: bool) -> None:
        # A quick fix made here is taken back here, as on the graph and the decision log.
        outcome = self.controller.redo() if redo else self.controller.undo()
        self._report(outcome)
        if outcome.ok:
            self.on_change()

    def action_close(self) -> None:
        self.dismiss(None)
