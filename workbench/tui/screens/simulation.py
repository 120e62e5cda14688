"""The simulation screen: pick a scenario, run it, step through the trace and read what the ERP
would receive, the billing and recognition schedules and the failures with their routing.

The run happens in a worker thread; only the worker's state-change handler touches widgets.
Dismissing the screen with a selection (``m`` on a failure or a trace step) reveals that mapping
on the main screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList, Static, TabbedContent, TabPane, Tabs
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from ...domain import edits
from ...domain.scenarios import Scenario
from ...domain.workspace import Workspace
from ...simulate.results import RunResult
from .. import forms
from ..controller import Controller
from ..name_cuts import NameCutter
from ..selection import Kind, Selection
from ..widgets import simulation_views as views
from ..widgets.key_bar import KeyBar
from .message import tell
from .narrow import NARROW

SIDE_BY_SIDE = 150
"""The width from which the trace and the highlighted step's detail stand side by side."""


class ScenarioList(OptionList):
    """The scenarios, one line each: their names are cut to the list's width, so the list says
    when that width changes (the screen's own resize comes before its narrow layout applies)."""

    class Resized(Message):
        pass

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized())

    # The arrows stop at the ends: holding one down to reach the last scenario, in front of the
    # room, wrapped round to the first and went on (home and end jump there).
    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()


class SimulationScreen(Screen[Selection | None]):
    CSS_PATH = Path(__file__).with_name("simulation.tcss")

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="simulate.back", tooltip="Back to the lists"),
        Binding(
            "r",
            "run",
            "Run",
            id="simulate.run",
            tooltip="Run the highlighted scenario through the design",
        ),
        Binding(
            "R",
            "run_all",
            "Run all",
            id="simulate.run-all",
            tooltip="Run every scenario and mark each passed or failed in the list",
        ),
        Binding(
            "m",
            "open_mapping",
            "Mapping",
            id="simulate.mapping",
            tooltip="Open the mapping behind the selected failure or trace step",
        ),
        Binding(
            "g",
            "graph",
            "Graph",
            id="simulate.graph",
            tooltip="Show the run's path in the graph, the selected step's source entity selected",
        ),
        Binding(
            "n",
            "copy_scenario",
            "New",
            id="simulate.new",
            tooltip="A new scenario: a copy of the highlighted one, to vary (its form opens)",
        ),
        Binding(
            "delete",
            "delete_scenario",
            "Delete",
            show=False,
            id="simulate.delete",
            tooltip="Delete the highlighted scenario (asks first; undo with ctrl+z)",
        ),
        Binding(
            "ctrl+z",
            "history(False)",
            "Undo",
            show=False,
            id="simulate.undo",
            tooltip="Undo the last edit (a scenario added, changed or deleted here included)",
        ),
        Binding(
            "ctrl+y",
            "history(True)",
            "Redo",
            show=False,
            id="simulate.redo",
            tooltip="Redo the last undone edit",
        ),
        Binding(
            "e",
            "edit_scenario",
            "Edit",
            id="simulate.edit",
            tooltip="Edit the highlighted scenario's title and order header (then run it again)",
        ),
        Binding(
            "l",
            "edit_lines",
            "Lines",
            id="simulate.lines",
            tooltip="Add, edit or delete the highlighted scenario's order lines",
        ),
        Binding(
            "a",
            "edit_amendments",
            "Amendments",
            id="simulate.amendments",
            tooltip="Add, edit or delete the highlighted scenario's mid-term amendments",
        ),
        Binding(
            "X",
            "edit_expectations",
            "Edit expected",
            show=False,
            id="simulate.edit-expectations",
            tooltip="Edit what the highlighted scenario expects: documents, failures, totals",
        ),
        Binding(
            "y",
            "edit_text('scenario')",
            "Scenario YAML",
            show=False,
            id="simulate.edit-scenario-text",
            tooltip="Edit the highlighted scenario's file as YAML, overrides and all",
        ),
        Binding(
            "Y",
            "edit_text('master-data')",
            "Master data YAML",
            show=False,
            id="simulate.edit-master-data-text",
            tooltip="Edit, as YAML, the master data set the highlighted scenario runs against",
        ),
        Binding("t", "tab('trace')", "Trace", id="simulate.trace", tooltip="The trace"),
        Binding(
            "d", "tab('documents')", "Documents", id="simulate.documents", tooltip="ERP documents"
        ),
        Binding(
            "s",
            "tab('schedules')",
            "Schedules",
            id="simulate.schedules",
            tooltip="Billing against recognition, period by period",
        ),
        Binding(
            "f",
            "tab('failures')",
            "Failures",
            id="simulate.failures",
            tooltip="Failures with their route, who is told and the correction back",
        ),
        Binding(
            "x",
            "tab('expectations')",
            "Expected",
            id="simulate.expectations",
            tooltip="The scenario's expectations against the run",
        ),
    ]

    def __init__(self, controller: Controller, scenario_id: str | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.first = scenario_id
        self.result: RunResult | None = None
        self.verdicts = controller.scenario_verdicts
        """Marks that hold for the workspace as it is (an edit on any screen takes them)."""
        self._running_id: str | None = None
        self._described: str | None = None
        """The scenario the cursor was on when the status line last followed it."""
        self._verdict_line: Text | None = None
        """The status line of the result shown, again when its scenario is highlighted."""
        self._status_of: Workspace | None = None
        """The version the status line's run or runs were of (None: it names no run)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="▶")
        with Horizontal():
            with Vertical(id="sim-left"):
                yield Label("Scenarios (enter runs)", classes="sim-title")
                yield ScenarioList(id="sim-scenarios")
            with TabbedContent(id="sim-tabs", initial="trace"):
                with TabPane("Trace", id="trace"), Horizontal():
                    yield OptionList(id="sim-trace")
                    yield Static("", id="sim-step")
                with TabPane("Documents", id="documents"), VerticalScroll():
                    yield Static("", id="sim-documents")
                with TabPane("Schedules", id="schedules"), VerticalScroll():
                    yield Static("", id="sim-schedules")
                with TabPane("Failures", id="failures"), Vertical():
                    yield OptionList(id="sim-failures")
                    with VerticalScroll():
                        yield Static("", id="sim-failure")
                with TabPane("Expected", id="expectations"), VerticalScroll():
                    yield Static("", id="sim-expectations")
        yield Static("Pick a scenario and press enter.", id="sim-status")
        yield KeyBar()

    def on_resize(self, event: events.Resize) -> None:
        # Under 100 columns the scenario list is narrower and the trace stands above the step's
        # detail, so the tabs keep room for their labels and the schedule's numbers.
        self.set_class(event.size.width < NARROW, "-narrow")
        # Beside the trace, a step's detail has room for itself only on a wide terminal: at 120
        # columns its values wrapped mid-id in a third of the width. Above it, below the trace.
        self.set_class(event.size.width < SIDE_BY_SIDE, "-stacked")

    @on(ScenarioList.Resized)
    def _list_resized(self) -> None:
        self._fill_scenarios()  # the names are cut to the list's width

    def on_mount(self) -> None:
        self.title = "Simulation"
        self.sub_title = self.controller.workspace.title or self.controller.workspace.name
        self._fill_scenarios()
        # The tab bar takes no focus: the tabs have keys of their own (t, d, s, f, x), and a
        # focused bar showed no cursor, so Tab seemed to go nowhere.
        self.query_one("#sim-tabs", TabbedContent).query_one(Tabs).can_focus = False
        listing = self.query_one("#sim-scenarios", OptionList)
        listing.focus()
        ids = [s.id for s in self._scenarios()]
        if ids:
            listing.highlighted = ids.index(self.first) if self.first in ids else 0
        if self.first in ids:
            self.action_run()

    # -- scenarios ------------------------------------------------------------------------

    def _scenarios(self) -> list[Scenario]:
        return sorted(self.controller.workspace.scenarios, key=lambda s: s.id)

    def _fill_scenarios(self) -> None:
        listing = self.query_one("#sim-scenarios", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        # A name longer than the list is cut (an option would wrap it mid-word): the room is what
        # the mark and a scrollbar (shown once the list is longer than the pane) leave.
        room = max(listing.content_region.width - 4, 8) if listing.size.width else 25
        scenarios = self._scenarios()
        # Cut so that names which start alike still differ ("09-several-customers-resolved"
        # and "10-several-customers-ambiguous" both read "…-several-cus…" cut at the end): the
        # number stays, the words after it are cut as entity names are.
        words = NameCutter(s.id.partition("-")[2] for s in scenarios)
        for scenario in scenarios:
            verdict = self.verdicts.of(self.controller.workspace, scenario)
            mark = Text("  ", no_wrap=True, overflow="ellipsis")
            if verdict is not None:
                mark = Text(
                    "✓ " if verdict else "✗ ",
                    style="green" if verdict else "bold red",
                    no_wrap=True,
                    overflow="ellipsis",
                )
            mark.append(_cut_scenario(scenario.id, room, words), style="")
            listing.add_option(Option(mark, id=scenario.id))
        if highlighted is not None and listing.option_count:
            listing.highlighted = min(highlighted, listing.option_count - 1)

    @on(OptionList.OptionSelected, "#sim-scenarios")
    def _scenario_chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_run()

    def action_run(self) -> None:
        listing = self.query_one("#sim-scenarios", OptionList)
        if listing.highlighted is None:
            return
        scenario_id = listing.get_option_at_index(listing.highlighted).id
        if scenario_id is None:
            return
        self._running_id = scenario_id
        self._status(Text(f"Running {scenario_id}…"))
        self.run_worker(
            partial(self.controller.simulate, scenario_id),
            name=f"simulate {scenario_id}",
            group="simulate",
            exclusive=True,
            thread=True,
            exit_on_error=False,  # the status line says why (below)
        )

    def action_run_all(self) -> None:
        self._status(Text("Running every scenario…"))
        self.run_worker(
            self.controller.simulate_all,
            name="simulate every scenario",
            group="simulate-all",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _ran_all(self, verdicts: dict[str, bool]) -> None:
        self._fill_scenarios()  # the run recorded its verdicts (``Controller.simulate_all``)
        failed = sorted(sid for sid, passed in verdicts.items() if not passed)
        line = Text(
            f"Ran {len(verdicts)} scenario{'' if len(verdicts) == 1 else 's'}: "
            f"{len(verdicts) - len(failed)} passed, {len(failed)} failed",
            style="bold red" if failed else "bold",
        )
        if failed:
            line.append(f" ({', '.join(failed)})", style="red")
        self._status(line)
        self._status_of = self.controller.workspace

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "simulate-all":
            if event.state is WorkerState.ERROR:
                self._status(Text(f"Could not run: {event.worker.error}", style="bold red"))
            elif event.state is WorkerState.SUCCESS and isinstance(event.worker.result, dict):
                self._ran_all(event.worker.result)
            return
        if event.worker.group != "simulate":
            return
        if event.state is WorkerState.ERROR:
            self._not_run(self._running_id)
            self._status(Text(f"Could not run: {event.worker.error}", style="bold red"))
        elif event.state is WorkerState.SUCCESS and isinstance(event.worker.result, RunResult):
            self.show(event.worker.result)

    # -- showing a result -----------------------------------------------------------------

    def _not_run(self, scenario_id: str | None, why: str = "Not run: see the status line.") -> None:
        """A run that failed leaves nothing of an earlier run on screen: its documents, its
        schedules and its verdict mark were about the scenario as it was (so does deleting the
        scenario shown)."""
        self._running_id = None
        self._verdict_line = None
        self.result = None
        if scenario_id is not None:
            self.verdicts.forget(scenario_id)
        self._fill_scenarios()
        for pane in ("#sim-trace", "#sim-failures"):
            self.query_one(pane, OptionList).clear_options()
        for pane in ("#sim-documents", "#sim-schedules", "#sim-failure", "#sim-expectations"):
            self.query_one(pane, Static).update(why)
        self.query_one("#sim-step", Static).update("")

    def show(self, result: RunResult) -> None:
        self.result = result
        self._running_id = None
        self._fill_scenarios()  # the run recorded its verdict (``Controller.simulate``)
        trace = self.query_one("#sim-trace", OptionList)
        trace.clear_options()
        trace.add_options([Option(views.trace_label(step)) for step in result.trace])
        if result.trace:
            trace.highlighted = 0
        self.query_one("#sim-documents", Static).update(views.documents(result))
        self.query_one("#sim-schedules", Static).update(views.schedules(result))
        failures = self.query_one("#sim-failures", OptionList)
        failures.clear_options()
        failures.add_options([Option(views.failure_label(f)) for f in result.failures])
        if result.failures:
            failures.highlighted = 0
        else:
            self.query_one("#sim-failure", Static).update("No failures.")
        self.query_one("#sim-expectations", Static).update(views.expectations(result))
        verdict = "passed" if result.passed else "FAILED"
        kinds: dict[str, int] = {}
        for document in result.documents:
            kinds[document.type] = kinds.get(document.type, 0) + 1
        # Counted with a multiplication sign: document types are names, not nouns to pluralise.
        made = ", ".join(f"{n} × {kind}" for kind, n in kinds.items()) or "no documents"
        failed = len(result.failures)
        steps = len(result.trace)
        # The verdict and the failures first: a narrow line cuts the rest, with … to say so.
        # A failed run names its unmet expectations first: "FAILED: no failures" said nothing.
        unmet = sum(not e.passed for e in result.expectations)
        missed = f"{unmet} expectation{'' if unmet == 1 else 's'} not met; " if unmet else ""
        self._verdict_line = Text(
            f"{result.scenario} {verdict}: {missed}"
            f"{failed or 'no'} failure{'' if failed == 1 else 's'}; {made}; "
            f"{steps} step{'' if steps == 1 else 's'}",
            style="bold" if result.passed else "bold red",
            no_wrap=True,
            overflow="ellipsis",
        )
        self._status(self._verdict_line)
        self._status_of = self.controller.workspace

    def marks(self) -> dict[str, bool]:
        """The verdict marks the list shows, by scenario (those that hold)."""
        ws = self.controller.workspace
        found = {s.id: self.verdicts.of(ws, s) for s in ws.scenarios}
        return {sid: verdict for sid, verdict in found.items() if verdict is not None}

    def _status(self, line: Text) -> None:
        line.no_wrap, line.overflow = True, "ellipsis"
        self.query_one("#sim-status", Static).update(line)

    @on(OptionList.OptionHighlighted, "#sim-scenarios")
    def _scenario_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The list cuts ids to its width (``09-sev…resolved``): the status line names the
        highlighted scenario in full, with its title, until it is run; the one shown keeps its
        verdict, the one running says so."""
        scenario_id = event.option.id
        if scenario_id is None or scenario_id == self._described:
            return  # the list filled again with the cursor where it was: the line stands
        self._describe(scenario_id)

    def _describe(self, scenario_id: str) -> None:
        self._described = scenario_id
        if scenario_id == self._running_id:
            self._status(Text(f"Running {scenario_id}…"))
            return
        if self.result is not None and scenario_id == self.result.scenario and self._verdict_line:
            self._status(self._verdict_line)
            return
        scenario = self.controller.workspace.scenario(scenario_id)
        title = f": {scenario.title}" if scenario is not None and scenario.title else ""
        # The tabs still show the run of another scenario: said first, as a narrow line is cut
        # at its end.
        shown = self.result.scenario if self.result is not None else None
        line = Text(f"tabs: {shown} · ", style="dim") if shown else Text()
        line.append(scenario_id, style="bold")
        line.append(f"{title}. Enter runs it.")
        self._status(line)

    def on_screen_resume(self) -> None:
        """Back from another screen or a dialog, where the workspace may have changed: marks
        that no longer hold go (``Verdicts``), and so does a status line about a run of a
        version that is gone."""
        self._fill_scenarios()
        if self._status_of is not None and self._status_of is not self.controller.workspace:
            self._status_of = None
            self._verdict_line = None
            listing = self.query_one("#sim-scenarios", OptionList)
            if listing.highlighted is not None:
                scenario_id = listing.get_option_at_index(listing.highlighted).id
                if scenario_id is not None:
                    self._describe(scenario_id)

    @on(OptionList.OptionHighlighted, "#sim-trace")
    def _step_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.result is not None and event.option_index < len(self.result.trace):
            step = self.result.trace[event.option_index]
            self.query_one("#sim-step", Static).update(views.step_detail(step))

    @on(OptionList.OptionHighlighted, "#sim-failures")
    def _failure_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.result is not None and event.option_index < len(self.result.failures):
            failure = self.result.failures[event.option_index]
            self.query_one("#sim-failure", Static).update(views.failure_detail(failure))

    # -- navigation -----------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one("#sim-tabs", TabbedContent).active = tab
        # The focus moves into the tab shown (its list, or its text to scroll with the arrows).
        # Left in the tab just hidden, it would pass to the next widget there, and a tab whose
        # widget has the focus is shown again: the Failures tab could not be left by key.
        target = {"trace": "#sim-trace", "failures": "#sim-failures"}.get(tab)
        pane = self.query_one(f"#{tab}", TabPane)
        listing = self.query_one(target, OptionList) if target else None
        if listing is not None and (listing.option_count or tab == "trace"):
            listing.focus()
        else:  # no list, or no failures (the empty list takes no room): the text below it
            pane.query_one(VerticalScroll).focus()

    def selected_mapping(self) -> str | None:
        """The mapping behind the selected failure (failures tab) or trace step."""
        if self.result is None:
            return None
        tabs = self.query_one("#sim-tabs", TabbedContent)
        if tabs.active == "failures":
            index = self.query_one("#sim-failures", OptionList).highlighted
            if index is not None and index < len(self.result.failures):
                return self.result.failures[index].mapping or None
            return None
        index = self.query_one("#sim-trace", OptionList).highlighted
        if index is not None and index < len(self.result.trace):
            element = self.result.trace[index].element
            if element.startswith("mapping:"):
                return element.partition(":")[2]
        return None

    def action_open_mapping(self) -> None:
        mapping_id = self.selected_mapping()
        if mapping_id is None or self.controller.workspace.mapping(mapping_id) is None:
            self.notify("Select a failure or a trace step that names a mapping.", timeout=3)
            return
        self.dismiss(Selection(Kind.MAPPING, mapping_id))

    def action_graph(self) -> None:
        from .graph import GraphScreen  # the graph module is only loaded when first shown

        mapping = self.controller.workspace.mapping(self.selected_mapping() or "")
        if mapping is None:
            self.notify("Select a failure or a trace step that names a mapping.", timeout=3)
            return

        def back(opened: Selection | None) -> None:
            if opened is not None:
                self.dismiss(opened)

        path = self.result.mappings_used if self.result else ()
        self.app.push_screen(GraphScreen(self.controller, mapping.source, path), back)

    # -- editing the scenario -------------------------------------------------------------

    def _highlighted_scenario(self) -> Scenario | None:
        listing = self.query_one("#sim-scenarios", OptionList)
        if listing.highlighted is None:
            return None
        scenario_id = listing.get_option_at_index(listing.highlighted).id
        return self.controller.workspace.scenario(scenario_id) if scenario_id else None

    def action_edit_scenario(self) -> None:
        scenario = self._highlighted_scenario()
        if scenario is not None:
            self.app.push_screen(
                forms.scenario_form(self.controller, scenario), self._named_then_run(scenario.id)
            )

    def action_copy_scenario(self) -> None:
        scenario = self._highlighted_scenario()
        if scenario is None:
            return
        made: list[str] = []

        def change(ws: Workspace) -> Workspace:
            copied, new_id = edits.copy_scenario(ws, scenario.id)
            made.append(new_id)
            return copied

        if not self._apply(f"new scenario, a copy of {scenario.id}", change):
            return
        self._fill_scenarios()
        self._highlight(made[-1])
        copy = self.controller.workspace.scenario(made[-1])
        if copy is None:
            return
        then = self._named_then_run(copy.id, always=True)
        self.app.push_screen(forms.scenario_form(self.controller, copy), then)

    def _named_then_run(
        self, scenario_id: str, *, always: bool = False
    ) -> Callable[[bool | None], None]:
        """After the scenario's form: the list again, the cursor on the scenario under the id
        the form may have given it (the list is sorted by id, so its place may change), and a
        run (when saved, or ``always``). Its verdict mark moves with a new id."""
        others = {s.id for s in self.controller.workspace.scenarios} - {scenario_id}

        def done(saved: bool | None) -> None:
            if not (saved or always):
                return
            now = {s.id for s in self.controller.workspace.scenarios} - others
            new_id = next(iter(now)) if len(now) == 1 else scenario_id
            self._fill_scenarios()
            self._highlight(new_id)
            self.action_run()

        return done

    def action_delete_scenario(self) -> None:
        from .confirm import ConfirmScreen

        scenario = self._highlighted_scenario()
        if scenario is None:
            return
        also = edits.scenario_impact(self.controller.workspace, scenario.id)

        def answered(delete: bool | None) -> None:
            if delete and self._apply(
                f"delete scenario {scenario.id}",
                lambda ws: edits.delete_scenario(ws, scenario.id),
            ):
                if self.result is not None and self.result.scenario == scenario.id:
                    self._not_run(scenario.id, f"{scenario.id} was deleted.")
                self.verdicts.forget(scenario.id)
                self._fill_scenarios()

        self.app.push_screen(ConfirmScreen(f"Delete scenario {scenario.id}?", also), answered)

    def action_history(self, redo: bool) -> None:
        outcome = self.controller.redo() if redo else self.controller.undo()
        message, severity, timeout = outcome.toast
        self.notify(message, severity=severity, timeout=timeout)
        if not outcome.ok:
            return
        # What was undone may be any edit (a scenario's, or the design's on another screen): the
        # marks it touched go with it (``Verdicts``), and the highlighted scenario runs again.
        self._fill_scenarios()
        self.action_run()

    def _highlight(self, scenario_id: str) -> None:
        listing = self.query_one("#sim-scenarios", OptionList)
        for index in range(listing.option_count):
            if listing.get_option_at_index(index).id == scenario_id:
                listing.highlighted = index
                return

    def action_edit_lines(self) -> None:
        from .scenario_parts import order_lines_screen

        scenario = self._highlighted_scenario()
        if scenario is None:
            return
        screen = order_lines_screen(
            self.controller, scenario, self._apply, self._push, self._fill_scenarios
        )
        self.app.push_screen(screen, lambda _: self._edited(True))

    def action_edit_amendments(self) -> None:
        from .scenario_parts import amendments_screen

        scenario = self._highlighted_scenario()
        if scenario is None:
            return
        screen = amendments_screen(
            self.controller, scenario, self._apply, self._push, self._fill_scenarios
        )
        self.app.push_screen(screen, lambda _: self._edited(True))

    def action_edit_expectations(self) -> None:
        from ..scenario_forms import expectations_form

        scenario = self._highlighted_scenario()
        if scenario is not None:
            self.app.push_screen(expectations_form(self.controller, scenario), self._edited)

    def action_edit_text(self, kind: str) -> None:
        from .text_editor import TextEditorScreen

        scenario = self._highlighted_scenario()
        if scenario is None:
            return
        if kind == "scenario":
            key: tuple[str, ...] = ("scenario", scenario.id)
        else:
            sets = self.controller.workspace.master_data
            name = scenario.master_data or (sets[0].id if sets else None)
            if name is None:
                self.notify("The workspace has no master data set yet.", severity="warning")
                return
            key = ("master-data", name)
        element = self.controller.element_text(key)
        if element is None:
            self.notify(f"{key[0]} {key[1]} is not in the model.", severity="warning")
            return
        self._push(TextEditorScreen(self.controller, element), self._edited)

    def _apply(self, label: str, change: Callable[[Workspace], Workspace]) -> bool:
        outcome = self.controller.apply(label, change)
        tell(self, self.controller, outcome)
        return outcome.ok

    def _push(self, screen: Screen[bool], then: Callable[[bool | None], None]) -> None:
        self.app.push_screen(screen, then)

    def _edited(self, saved: bool | None) -> None:
        """Run the edited scenario again at once, so the effect of the edit shows."""
        if saved:
            self._fill_scenarios()
            self.action_run()

    def action_back(self) -> None:
        self.dismiss(None)


def _cut_scenario(scenario_id: str, room: int, words: NameCutter) -> str:
    """``09-sev…resolved``: a library scenario's number whole, its words cut to differ from
    the others'; an id without a number is cut at the end."""
    if len(scenario_id) <= room:
        return scenario_id
    number, dash, rest = scenario_id.partition("-")
    if not dash or not number.isdigit() or len(number) + 1 >= room:
        return views.clip(scenario_id, room)
    return f"{number}-{words.cut(rest, room - len(number) - 1)}"
