"""The main screen: the CRM side, the mappings, the ERP side, and the selected element's detail."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import Worker, WorkerState

from ...domain import edits
from ...domain.base import Side, counted, entity_ref, split_entity_ref
from ...domain.mappings import Cardinality, Mapping, MappingStatus
from ...domain.systems import System
from ...domain.workspace import Workspace
from ...services.sync import Choice, SyncReport
from ..controller import Controller, Outcome
from ..filters import Filter
from ..follow import appeared, follow
from ..selection import Kind, Selection
from ..widgets.detail import DetailPane
from ..widgets.key_bar import KeyBar
from ..widgets.mapping_list import MappingList
from ..widgets.search_bar import SearchBar
from ..widgets.side_tree import SideTree
from ..widgets.status_line import StatusLine
from . import main_palette
from .main_bindings import MAIN_BINDINGS
from .message import MessageScreen, report_failed_worker, tell
from .narrow import NARROW

if TYPE_CHECKING:
    from ...checks import CheckReport


ONE_RELATIONSHIP = "Expand the group and select one relationship (n adds one)."


_TREE_CHROME = 11
"""Cells a side pane's entity line takes besides the name: the border, the tree's guide, arrow
and mark before it, the scroll bar and a cell of air after it."""
DISK_LOOK_EVERY = 5.0
"""Seconds between looks for mirror files changed outside the workbench."""
_SYSTEM_CHROME = 7
"""The same for a system's line, which has no guide or mark before it."""


class MainScreen(Screen[None]):
    AUTO_FOCUS = "#crm"
    BINDINGS = MAIN_BINDINGS

    selection: var[Selection | None] = var(None, init=False)
    _shown: Workspace | None = None
    """The workspace version the panes show (``refresh_model`` follows the selection from it)."""
    """Plain state: changing it must not repaint the whole screen, only the detail pane."""

    def __init__(self, controller: Controller) -> None:
        # Narrow from the start (on_resize keeps it up to date): set on the first resize, the
        # class restyled every widget once more before the first frame (25 ms at 80 columns).
        super().__init__(classes="-narrow" if self.app.size.width < NARROW else None)
        self.controller = controller
        self.filter = Filter()
        self._focus_moved = False
        """A pane has had the focus: the next one given it is moved into, not opened on."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⇄")
        yield SearchBar(id="search")
        with Horizontal(id="panes"):
            with Vertical(id="crm-pane", classes="pane"):
                yield SideTree(Side.CRM, id="crm")
            with Vertical(id="maps-pane", classes="pane"):
                yield MappingList(id="maps")
            with Vertical(id="erp-pane", classes="pane"):
                yield SideTree(Side.ERP, id="erp")
        yield DetailPane(id="detail")
        yield StatusLine(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#crm-pane").border_title = "CRM side"
        self.query_one("#maps-pane").border_title = "Mappings"
        self.query_one("#erp-pane").border_title = "ERP side"
        self.title = self.controller.workspace.title or self.controller.workspace.name
        for tree in self.query(SideTree):
            tree.on_cursor = self._select
        self.query_one(MappingList).on_cursor = lambda key: self._select(
            Selection(Kind.MAPPING, key)
        )
        # The first frame waits for nothing that can come later: validating the model is the
        # checks worker's first job (the incomplete marks follow, IssuesReady), and that worker
        # starts once the frame is painted, so it does not compete with painting for the GIL.
        self._show_model(check=False)
        self.call_after_refresh(self.check_design)
        # Files changed outside (a hand edit, a git pull in another terminal) show on the status
        # line within seconds, not only at the next edit; and at once when the terminal gets
        # the focus back (``WorkbenchApp.on_app_focus``).
        self.set_interval(DISK_LOOK_EVERY, self.look_at_disk)

    def look_at_disk(self) -> None:
        if not self.controller.syncing:
            self._look_at_disk()

    @work(thread=True, exclusive=True, group="disk-look", exit_on_error=False)
    def _look_at_disk(self) -> None:
        version, changed = self.controller.look_at_disk()
        if changed:
            self.app.call_from_thread(self._seen_on_disk, version, changed)

    def _seen_on_disk(self, version: Workspace, changed: list[str]) -> None:
        if self.controller.note_changed_on_disk(version, changed):
            self.query_one(StatusLine).show(self.controller)

    # -- showing --------------------------------------------------------------------------------

    def refresh_model(self) -> None:
        """Show the controller's workspace everywhere (after an edit, undo or redo): validated
        first, so the marks on screen are those of the new version. The selection follows its
        element: renamed (or a rename undone), it moves to the new name; deleted, to what held
        it."""
        self.controller.issues  # noqa: B018 - validates (cached per workspace version)
        now = self.controller.workspace
        followed = follow(self.selection, self._shown, now) if self._shown is not None else None
        moved = self._shown is not None and followed != self.selection
        if moved:
            self.set_reactive(MainScreen.selection, followed)  # painted by _show_model below
        self._show_model()
        if moved and followed is not None:
            self._move_cursor_to(followed)
        self.refresh_bindings()  # undo and redo are offered while there is something to take

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Dimmed in the key bar (None) when there is nothing to undo or redo, as after opening.
        if action == "undo":
            return None if self.controller.editor.undo_label is None else True
        if action == "redo":
            return None if self.controller.editor.redo_label is None else True
        return True

    def _move_cursor_to(self, selection: Selection) -> None:
        """The cursor of the pane that lists ``selection`` on it, without moving the focus."""
        if selection.kind is Kind.MAPPING:
            self.query_one(MappingList).select_mapping(selection.key)
            return
        system = self.controller.workspace.system(selection.system or "")
        if system is not None:
            side = "#crm" if system.effective_side is Side.CRM else "#erp"
            self.call_after_refresh(self.query_one(side, SideTree).select, selection)

    def _show_model(self, *, check: bool = True) -> None:
        self._shown = self.controller.workspace
        for tree in self.query(SideTree):
            tree.show(self.controller, self.filter)
        listing = self.query_one(MappingList)
        listing.show(self.controller, self.filter)
        self._fit_mapping_pane(listing)
        self._show_detail()
        self.query_one(StatusLine).show(self.controller)
        findings = self.controller.findings
        if check and (findings is None or findings[0] is not self.controller.workspace):
            self.check_design()

    def _fit_mapping_pane(self, listing: MappingList) -> None:
        """The mapping pane takes no more than its longest line: on a wide screen the rest goes
        to the side trees, whose long ERP names were cut beside an empty middle."""
        pane = self.query_one("#maps-pane")
        room = listing.widest + pane.styles.gutter.width + listing.styles.scrollbar_size_vertical
        widest = max(room + 1, 30)
        if pane.styles.max_width is None or pane.styles.max_width.value != widest:
            pane.styles.max_width = widest
        self._share_the_sides()

    def _share_the_sides(self) -> None:
        """The side with the shorter entity names takes no more than they need, leaving the rest
        to the other: SAP's names run longer than Salesforce's, and an even split cut them
        beside a CRM pane with room to spare."""
        ws = self.controller.workspace
        needs: dict[Side, int] = {}
        for side in (Side.CRM, Side.ERP):
            systems = [s for s in ws.systems if s.effective_side is side]
            lines = [len(e.name) + _TREE_CHROME for s in systems for e in s.entities]
            # The systems' own lines too: a system with no entities yet was squeezed to a few
            # columns ("▼ Salesf…") beside a pane with room to spare.
            lines += [len(s.label or s.name) + _SYSTEM_CHROME for s in systems]
            needs[side] = max(lines, default=_TREE_CHROME)
        longest = max(needs.values())
        for side, pane_id in ((Side.CRM, "#crm-pane"), (Side.ERP, "#erp-pane")):
            cap = needs[side] if needs[side] < longest else None
            pane = self.query_one(pane_id)
            now = pane.styles.max_width
            if (now.value if now is not None else None) != cap:
                pane.styles.max_width = cap

    # -- design checks (in a worker: a large model never stalls typing) -------------------------

    class FindingsReady(Message):
        def __init__(self, report: CheckReport) -> None:
            super().__init__()
            self.report = report

    class IssuesReady(Message):
        """The workspace on screen has been validated (its incomplete marks are known)."""

    @work(thread=True, exclusive=True, group="checks", exit_on_error=False)
    def check_design(self) -> None:
        if not self.controller.validated:
            self.controller.issues  # noqa: B018 - validates (cached per workspace version)
            self.post_message(self.IssuesReady())
        self.controller.stale_decisions  # noqa: B018 - the status line's badge, before the checks
        _, report = self.controller.run_checks()
        self.post_message(self.FindingsReady(report))

    @on(IssuesReady)
    def _issues_ready(self) -> None:
        self.query_one(MappingList).show(self.controller, self.filter)
        self.query_one(StatusLine).show(self.controller)
        self._show_detail()

    @on(FindingsReady)
    def _findings_ready(self, event: FindingsReady) -> None:
        from .findings import FindingsScreen  # the rules load after the first frame

        self.query_one(StatusLine).show(self.controller)
        for screen in self.app.screen_stack:
            if isinstance(screen, FindingsScreen):
                screen.show_report(event.report)

    def action_findings(self) -> None:
        from .findings import FindingsScreen  # see _findings_ready

        self.app.push_screen(
            FindingsScreen(self.controller, self.reveal, self.refresh_model, self.action_simulate)
        )

    def _select(self, selection: Selection) -> None:
        self.selection = selection

    @on(events.DescendantFocus)
    def _pane_focused(self, event: events.DescendantFocus) -> None:
        """Moving into a pane (Tab, a click) makes what its cursor is on the selection, so the
        keys act on the element the focused cursor shows, never on one in a pane left behind
        (x in the ERP tree deleted the CRM entity selected before). A selection this pane shows
        already stays (a reveal moves the cursor to it next), and so does no selection (the
        workspace's own page) while the first pane takes the focus at opening; a pane moved into
        after that selects its first line (Tab into the mappings then e edits the first)."""
        widget = event.widget
        opening, self._focus_moved = not self._focus_moved, True
        if self.selection is None:
            if opening:
                return
            if isinstance(widget, MappingList) and widget.highlighted_id is None and widget.count:
                widget.action_first()
            elif (
                isinstance(widget, SideTree)
                and widget.cursor_node is None
                and widget.last_line >= 0
            ):
                widget.cursor_line = 0
            return
        if isinstance(widget, SideTree):
            system = self.controller.workspace.system(self.selection.system or "")
            if (
                self.selection.kind is not Kind.MAPPING
                and system is not None
                and system.effective_side is widget.side
            ):
                return
            node = widget.cursor_node
            if node is None:  # never visited: its first line, which selects it
                if widget.last_line >= 0:
                    widget.cursor_line = 0
            elif node.data is not None:
                self.selection = node.data
        elif isinstance(widget, MappingList):
            if self.selection.kind is Kind.MAPPING:
                return
            mapping_id = widget.highlighted_id
            if mapping_id is None:
                if widget.count:
                    widget.action_first()
            else:
                self.selection = Selection(Kind.MAPPING, mapping_id)

    def watch_selection(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        self.query_one(DetailPane).show(
            self.controller, self.selection, brief=self.has_class("-presenter")
        )

    @on(MappingList.Chosen)
    def _mapping_chosen(self) -> None:
        self.action_edit()

    @on(SearchBar.Changed)
    def _filter_changed(self, event: SearchBar.Changed) -> None:
        self.filter = event.filter
        self.refresh_model()
        if not self._selection_visible():
            # A key (e, x, m) must never act on an element the search hid: the selection goes
            # to the first result (the focus stays in the search bar), or to nothing.
            self._select_first_result(focus=False)

    def _selection_visible(self) -> bool:
        selection = self.selection
        if not self.filter.active:
            return True
        if selection is None:
            return False  # a filter chosen with nothing selected: its first result is shown

        if selection.kind is Kind.MAPPING:
            return selection.key in self.query_one(MappingList).mapping_ids
        if selection.kind in (Kind.RELATIONSHIP, Kind.RELATIONSHIPS):
            return False  # the trees leave the relationships out while a search is on
        if selection.kind not in (Kind.ENTITY, Kind.FIELD):
            return True
        ws = self.controller.workspace
        entity = ws.entity(selection.entity_ref or "")
        if entity is None or not self.filter.entity_visible(
            self.controller, selection.system or "", entity
        ):
            return False
        # Where some fields match the text, the tree lists only those under the entity.
        wanted = self.filter.matching_fields(entity)
        return selection.kind is Kind.ENTITY or not wanted or selection.field_name in wanted

    def _select_first_result(self, *, focus: bool) -> None:
        """The first entity (or mapping) the search left visible; the cursor moves to it, and
        the focus too when ``focus``."""
        first: Selection | None = None
        for tree in (self.query_one("#crm", SideTree), self.query_one("#erp", SideTree)):
            first = tree.first_entity()
            if first is not None:
                break
        listing = self.query_one(MappingList)
        if first is None and listing.count:
            first = Selection(Kind.MAPPING, listing.mapping_ids[0])
        if focus and first is not None:
            self.reveal(first)
            return
        self.selection = first
        if first is not None:
            self._move_cursor_to(first)

    @on(SearchBar.Done)
    def _to_results(self) -> None:
        """Select the first entity (or mapping) the search left visible."""
        self._select_first_result(focus=True)

    def reveal(self, selection: Selection) -> None:
        """Select an element and move the cursor of the pane that shows it."""
        self.selection = selection
        if selection.kind is Kind.MAPPING:
            listing = self.query_one(MappingList)
            if not listing.select_mapping(selection.key) and self.filter.active:
                # Hidden by the search: show everything rather than hide what was just made.
                self.query_one(SearchBar).close()
                self.filter = Filter()
                self.refresh_model()
                listing.select_mapping(selection.key)
            listing.focus()
            self.selection = selection
            return
        system = self.controller.workspace.system(selection.system or "")
        if system is None:
            return
        tree = self.query_one("#crm" if system.effective_side is Side.CRM else "#erp", SideTree)
        tree.focus()
        # Tree lines are laid out on the next refresh; move the cursor then.
        self.call_after_refresh(tree.select, selection)

    # -- edits ----------------------------------------------------------------------------------

    def _apply(
        self, label: str, change: Callable[[Workspace], Workspace], then: Selection | None = None
    ) -> bool:
        outcome = self.controller.apply(label, change)
        self._report(outcome)
        if outcome.ok:
            self.refresh_model()
            if then is not None:
                self.reveal(then)
        return outcome.ok

    def _report(self, outcome: Outcome) -> None:
        tell(self, self.controller, outcome, undo_hint=True)  # this screen's ctrl+z undoes

    def _form_closed(self, saved: bool | None) -> None:
        if saved:
            self._edited_elsewhere()

    def _edited_elsewhere(self) -> None:
        """After a form or a list of parts changed the model: redraw, and say what the edit left
        open or unsettled (a saved form says nothing else: it closing is the news)."""
        outcome = self.controller.take_outcome()
        if outcome is not None and outcome.ok and (outcome.warnings or outcome.signoffs):
            self._report(outcome)
        self.refresh_model()

    def _push(self, screen: Screen[bool], then: Callable[[bool | None], None]) -> None:
        self.app.push_screen(screen, then)

    def _current_mapping(self) -> Mapping | None:
        ws = self.controller.workspace
        sel = self.selection
        if sel is not None and sel.kind is Kind.MAPPING:
            return ws.mapping(sel.key)
        ref = sel.entity_ref if sel else None
        if ref:
            found = ws.mappings_of(ref)
            if len(found) == 1:
                return found[0]
        self.notify(
            "Select a mapping first (in the middle list, or an entity with one mapping).",
            severity="warning",
        )
        return None

    async def action_search(self) -> None:
        await self.query_one(SearchBar).open()

    def action_clear_search(self) -> None:
        bar = self.query_one(SearchBar)
        if bar.has_class("-open") or self.filter.active:
            bar.close()
            self.filter = Filter()
            self.refresh_model()
            # Back in the full lists, the cursor goes to what is selected (the keys act on it),
            # in the pane that shows it.
            if self.selection is not None:
                self.reveal(self.selection)
            else:
                self.query_one("#crm", SideTree).focus()

    def action_new(self) -> None:
        from .. import forms

        sel = self.selection
        ws = self.controller.workspace
        focused = self.focused
        nothing_to_map = not any(system.entities for system in ws.systems)
        if not ws.systems or (sel is None and (nothing_to_map or isinstance(focused, SideTree))):
            # Nothing to map yet, or a side pane with nothing selected: a system comes first.
            self.action_new_system()
        elif isinstance(focused, MappingList) or sel is None:
            self.new_mapping()
        elif sel.kind is Kind.SYSTEM:
            self.new_entity_in(sel.key)
        elif sel.kind in (Kind.ENTITY, Kind.FIELD):
            self.new_field_in(sel.entity_ref or "")
        elif sel.kind in (Kind.RELATIONSHIP, Kind.RELATIONSHIPS):
            system = ws.system(sel.system or "")
            if system:
                self.app.push_screen(
                    forms.relationship_form(self.controller, system, None),
                    self._created_from(ws),
                )
        else:
            self.new_mapping()

    def new_entity_in(self, system: str) -> None:
        from .. import forms

        self.app.push_screen(
            forms.entity_form(self.controller, system, None),
            self._created_from(self.controller.workspace),
        )

    def new_field_in(self, entity_ref: str) -> None:
        from .. import forms

        self.app.push_screen(
            forms.field_form(self.controller, entity_ref, None),
            self._created_from(self.controller.workspace),
        )

    def _created_from(self, before: Workspace) -> Callable[[bool | None], None]:
        """What a creation form does once it closes: the redraw of any form, then the new
        element selected, with the cursor on it (it stayed on the element before)."""

        def closed(saved: bool | None) -> None:
            self._form_closed(saved)
            new = appeared(before, self.controller.workspace) if saved else None
            if new is not None:
                self.reveal(new)

        return closed

    def action_new_system(self) -> None:
        from .. import forms

        self.app.push_screen(
            forms.system_form(self.controller, None), self._created_from(self.controller.workspace)
        )

    def action_new_value_map(self) -> None:
        from .. import forms

        self._push(forms.value_map_form(self.controller, None), self._form_closed)

    def edit_value_map(self, value_map_id: str) -> None:
        """Open the form of a value map (from the palette)."""
        from .. import forms

        value_map = self.controller.workspace.value_map(value_map_id)
        if value_map is not None:
            self._push(forms.value_map_form(self.controller, value_map), self._form_closed)

    def action_new_relationship(self) -> None:
        from .. import forms

        system = (
            self.controller.workspace.system(self.selection.system or "")
            if self.selection
            else None
        )
        if system is None:
            self.notify("Select a system or one of its entities first.", severity="warning")
            return
        self.app.push_screen(
            forms.relationship_form(self.controller, system, None),
            self._created_from(self.controller.workspace),
        )

    def new_mapping(self) -> None:
        """Pick a source entity, then its counterpart on the other side."""
        from .pick import PickScreen

        ws = self.controller.workspace
        items = [
            (entity_ref(s.name, e.name), f"{e.name}  ({s.name})")
            for s in ws.systems
            for e in s.entities
        ]

        def chosen(ref: str | None) -> None:
            if ref:
                self._map_entity(ref)

        self.app.push_screen(PickScreen("Map which entity? (the source)", items), chosen)

    def action_edit_text(self) -> None:
        sel = self.selection
        if sel is None:
            self.notify("Select an element first.", severity="warning")
            return
        self.edit_text(sel.element_key, sel.describe())

    def edit_text(self, key: tuple[str, ...], described: str = "") -> None:
        """Open the text editor on the element ``key`` (``domain.elements``' keys)."""
        element = self.controller.element_text(key)
        if element is None:
            self.notify(f"{described or ' '.join(key)} has no file to edit.", severity="warning")
            return
        from .text_editor import TextEditorScreen  # the editor (and YAML) load on first use

        self._push(TextEditorScreen(self.controller, element), self._form_closed)

    def ask_no_counterpart(self, ref: str) -> None:
        """Record that an entity not mapped yet has no counterpart (asks why)."""
        from .prompt import no_counterpart_question

        def answered(reason: str | None) -> None:
            if not reason:
                return
            outcome = self.controller.mark_no_counterpart(ref, reason)
            self._report(outcome)
            if outcome.ok:
                self.refresh_model()
                self.reveal(Selection(Kind.ENTITY, ref))

        self.app.push_screen(no_counterpart_question(ref), answered)

    def new_as_text(self, kind: str) -> None:
        """Ask for the id of a new element that has no form, then open its text (a copy of the
        first of its kind to change, or a blank)."""
        from ...domain.edits import EditError
        from ...services.element_text import NEW_AS_TEXT
        from .prompt import PromptScreen
        from .text_editor import TextEditorScreen

        def chosen(new_id: str | None) -> None:
            if new_id is None:
                return
            try:
                element = self.controller.new_element_text(kind, new_id)
            except EditError as exc:
                self.notify(str(exc), title="Not added", severity="error", timeout=6)
                return
            self._push(TextEditorScreen(self.controller, element, new=True), self._form_closed)

        self.app.push_screen(
            PromptScreen(
                f"New {NEW_AS_TEXT[kind]}",
                "Its id names its file: lowercase letters, digits and dashes. The text starts as "
                "a copy of the first one there is, to change.",
                "e.g. usage-based",
                empty="Type the id first.",
                keys="Enter opens its text, Escape cancels.",
            ),
            chosen,
        )

    def action_edit(self) -> None:
        from .. import forms

        sel = self.selection
        ws = self.controller.workspace
        if sel is None:
            return
        if sel.kind is Kind.RELATIONSHIPS:
            self.notify(ONE_RELATIONSHIP, severity="warning")
            return
        screen = None
        if sel.kind is Kind.SYSTEM:
            system = ws.system(sel.key)
            screen = forms.system_form(self.controller, system) if system else None
        elif sel.kind is Kind.ENTITY:
            entity = ws.entity(sel.key)
            screen = (
                forms.entity_form(self.controller, sel.system or "", entity) if entity else None
            )
        elif sel.kind is Kind.FIELD:
            entity = ws.entity(sel.entity_ref or "")
            field = entity.field(sel.field_name or "") if entity else None
            screen = (
                forms.field_form(self.controller, sel.entity_ref or "", field) if field else None
            )
        elif sel.kind is Kind.RELATIONSHIP:
            system = ws.system(sel.system or "")
            name = split_entity_ref(sel.key)[1]
            rel = (
                next((r for r in system.relationships if r.name == name), None) if system else None
            )
            screen = (
                forms.relationship_form(self.controller, system, rel) if system and rel else None
            )
        elif sel.kind is Kind.MAPPING:
            mapping = ws.mapping(sel.key)
            screen = forms.mapping_form(self.controller, mapping) if mapping else None
        if screen is not None:
            self.app.push_screen(screen, self._form_closed)

    def action_delete(self) -> None:
        from .confirm import ConfirmScreen

        sel = self.selection
        ws = self.controller.workspace
        if sel is None:
            return
        if sel.kind is Kind.RELATIONSHIPS:
            self.notify(ONE_RELATIONSHIP, severity="warning")
            return
        change: Callable[[Workspace], Workspace]
        if sel.kind is Kind.SYSTEM:
            impact, change = (
                edits.system_impact(ws, sel.key),
                lambda w: edits.delete_system(w, sel.key),
            )
        elif sel.kind is Kind.ENTITY:
            impact, change = (
                edits.entity_impact(ws, sel.key),
                lambda w: edits.delete_entity(w, sel.key),
            )
        elif sel.kind is Kind.FIELD:
            ref, name = sel.entity_ref or "", sel.field_name or ""
            impact, change = (
                edits.field_impact(ws, ref, name),
                lambda w: edits.delete_field(w, ref, name),
            )
        elif sel.kind is Kind.RELATIONSHIP:
            system, name = split_entity_ref(sel.key)
            impact, change = (
                edits.relationship_impact(ws, system, name),
                lambda w: edits.delete_relationship(w, system, name),
            )
        else:
            impact, change = (
                edits.mapping_impact(ws, sel.key),
                lambda w: edits.delete_mapping(w, sel.key),
            )

        def confirmed(yes: bool | None) -> None:
            if yes:  # the selection moves to the element beside it, or what held it
                self._apply(f"delete {sel.describe()}", change, _beside(ws, sel))

        self.app.push_screen(ConfirmScreen(f"Delete {sel.describe()}?", impact), confirmed)

    def action_map(self) -> None:
        ref = self.selection.entity_ref if self.selection else None
        if not ref:
            self.notify("Select an entity to map (in the CRM or ERP tree).", severity="warning")
            return
        self._map_entity(ref)

    def _map_entity(self, ref: str) -> None:
        from .pick import PickScreen

        ws = self.controller.workspace
        side = ws.side_of(ref)
        system_name = split_entity_ref(ref)[0]
        items = [("", "(no counterpart: it stays on this side)")]
        for system in ws.systems:
            if system.effective_side is side or system.name == system_name:
                continue
            items.extend(
                (entity_ref(system.name, e.name), f"{e.name}  ({system.name})")
                for e in system.entities
            )

        def chosen(target: str | None) -> None:
            if target is None:
                return
            mapping_id = edits.new_mapping_id(ws, ref, target or None)
            mapping = Mapping(
                id=mapping_id,
                source=ref,
                target=target or None,
                cardinality=Cardinality.ONE_TO_ONE if target else Cardinality.NONE,
            )
            self._apply(
                f"map {ref}",
                lambda w: edits.put_mapping(w, mapping),
                Selection(Kind.MAPPING, mapping_id),
            )

        self.app.push_screen(PickScreen(f"Map {ref} to…", items), chosen)

    def action_cardinality(self, value: str) -> None:
        sel = self.selection
        if (
            value == Cardinality.NONE.value
            and sel is not None
            and sel.kind is Kind.ENTITY
            and not self.controller.workspace.mappings_of(sel.key)
        ):
            # An entity not mapped yet: 0 records that it has none, as the detail pane says.
            self.ask_no_counterpart(sel.key)
            return
        mapping = self._current_mapping()
        if mapping is None:
            return
        card = Cardinality(value)

        def apply() -> None:
            self._apply(
                f"{mapping.id}: cardinality {card}",
                lambda w: edits.set_cardinality(w, mapping.id, card),
                Selection(Kind.MAPPING, mapping.id),
            )

        if card is not Cardinality.NONE or mapping.target is None:
            apply()
            return
        # No counterpart drops the target and what hangs on it: one key must not do that unasked.
        from .confirm import ConfirmScreen

        dropped = [f"the link to the target {mapping.target} (the entity itself stays)"]
        if mapping.field_mappings:
            dropped.append(counted(len(mapping.field_mappings), "field mapping"))
        if mapping.keys:
            dropped.append(counted(len(mapping.keys), "key cross-reference"))
        self.app.push_screen(
            ConfirmScreen(
                f"Mark {mapping.source} as having no counterpart?", dropped, yes="Mark", no="Keep"
            ),
            lambda yes: apply() if yes else None,
        )

    def systems_of(self, mapping: Mapping) -> list[System]:
        """The systems a mapping joins: the candidates for its system of record."""
        ws = self.controller.workspace
        names = [split_entity_ref(mapping.source)[0]]
        if mapping.target:
            names.append(split_entity_ref(mapping.target)[0])
        return [s for s in (ws.system(n) for n in names) if s is not None]

    def action_owner(self, side: str) -> None:
        mapping = self._current_mapping()
        if mapping is None:
            return
        owner = next((s for s in self.systems_of(mapping) if s.effective_side.value == side), None)
        if owner is None:
            self.notify(
                f"Neither end of {mapping.id} is on the {side.upper()} side.", severity="warning"
            )
            return
        self.set_owner(mapping, owner.name)

    def action_owner_cycle(self) -> None:
        mapping = self._current_mapping()
        if mapping is None:
            return
        cycle: list[str | None] = [None, *(s.name for s in self.systems_of(mapping))]
        current = cycle.index(mapping.system_of_record) if mapping.system_of_record in cycle else 0
        self.set_owner(mapping, cycle[(current + 1) % len(cycle)])

    def set_owner(self, mapping: Mapping, owner: str | None) -> None:
        """Make ``owner`` (a system name, or None) the mapping's system of record."""
        self._apply(
            f"{mapping.id}: system of record {owner or 'none'}",
            lambda w: edits.set_owner(w, mapping.id, owner),
            Selection(Kind.MAPPING, mapping.id),
        )

    def action_status_cycle(self) -> None:
        mapping = self._current_mapping()
        if mapping is None:
            return
        order = list(MappingStatus)
        status = order[(order.index(mapping.status) + 1) % len(order)]
        self._apply(
            f"{mapping.id}: status {status}",
            lambda w: edits.put_mapping(w, edits.revise(mapping, status=status), mapping.id),
            Selection(Kind.MAPPING, mapping.id),
        )

    def action_field_mappings(self) -> None:
        from .mapping_parts import field_mappings_screen

        mapping = self._current_mapping()
        if mapping is None:
            return
        if mapping.is_no_counterpart:
            self.notify(
                f"{mapping.id} has no counterpart, so no field mappings: give it a target first.",
                severity="warning",
            )
            return
        screen = field_mappings_screen(
            self.controller, mapping, self._apply, self._push, self._edited_elsewhere
        )
        self.app.push_screen(screen, lambda _: self.refresh_model())

    def action_error_policy(self) -> None:
        from .mapping_parts import error_policy_screen

        mapping = self._current_mapping()
        if mapping is None:
            return
        screen = error_policy_screen(
            self.controller, mapping, self._apply, self._push, self._edited_elsewhere
        )
        self.app.push_screen(screen, lambda _: self.refresh_model())

    def action_keys(self) -> None:
        """The mapping's key cross-references (palette)."""
        from .mapping_parts import keys_screen

        mapping = self._current_mapping()
        if mapping is None:
            return
        if mapping.is_no_counterpart:
            self.notify(
                f"{mapping.id} has no counterpart, so no key cross-references: give it a target first.",
                severity="warning",
            )
            return
        screen = keys_screen(
            self.controller, mapping, self._apply, self._push, self._edited_elsewhere
        )
        self.app.push_screen(screen, lambda _: self.refresh_model())

    def action_bundle_components(self) -> None:
        """The explicit component list of the mapping's bundle rule (palette)."""
        from .mapping_parts import bundle_components_screen

        mapping = self._current_mapping()
        if mapping is None or mapping.is_no_counterpart:
            return
        screen = bundle_components_screen(
            self.controller, mapping, self._apply, self._push, self._edited_elsewhere
        )
        self.app.push_screen(screen, lambda _: self.refresh_model())

    def action_undo(self) -> None:
        self._history(redo=False)

    def action_redo(self) -> None:
        self._history(redo=True)

    def _history(self, *, redo: bool) -> None:
        before = self.controller.workspace
        outcome = self.controller.redo() if redo else self.controller.undo()
        tell(self, self.controller, outcome)  # no "ctrl+z undoes": it would undo further
        self.refresh_model()
        # What the step brought back (a mapping created again by a redo, an element a delete
        # took, back by an undo) is selected, as making it selected it: the keys act on it.
        back = appeared(before, self.controller.workspace) if outcome.ok else None
        if back is not None:
            self.reveal(back)

    # -- sync ------------------------------------------------------------------------------------

    def action_sync_now(self) -> None:
        self._start_sync(None)

    def _start_sync(self, choices: dict[str, Choice] | None) -> None:
        if self.controller.syncing:
            self.notify("A sync is running already.", timeout=2)
            return
        self.controller.sync_note = "syncing…"
        self.controller.begin_sync()
        self.query_one(StatusLine).show(self.controller)
        self._sync(choices)

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _sync(self, choices: dict[str, Choice] | None) -> None:
        """Reads every mirror file and may import a large model: off the event loop."""
        report = self.controller.sync(choices)
        self.app.call_from_thread(self._synced, report)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.group == "sync":
            self.controller.syncing = False  # it may have failed before the sync began
            self.controller.sync_note = "sync failed"
            self.query_one(StatusLine).show(self.controller)
        report_failed_worker(self, event)

    def _synced(self, report: SyncReport) -> None:
        outcome = self.controller.describe_sync(report)
        self.refresh_model()
        if report.conflicts:

            def chosen(choices: dict[str, Choice] | None) -> None:
                if choices:
                    self._start_sync(choices)
                else:
                    self.notify("Nothing was synced: both sides are as they were.", timeout=4)

            from .conflicts import ConflictScreen

            self.app.push_screen(ConflictScreen(report.conflicts), chosen)
        elif not report.ok:
            errors = [str(i) for i in report.issues if i.severity == "error"]
            more = f"\n… and {len(errors) - 12} more" if len(errors) > 12 else ""
            self.app.push_screen(
                MessageScreen(
                    "The model files have errors: nothing was imported",
                    "\n".join(errors[:12]) + more + "\n\nFix the files and sync again (ctrl+r).",
                )
            )
        elif report.settled:
            # A decision's status moved: news that stays up longer than "synced".
            said = "; ".join(report.settled)
            self.notify(f"{outcome.message.capitalize()}. {said[0].upper()}{said[1:]}.", timeout=8)
        else:
            self.notify(outcome.message.capitalize(), timeout=3)

    def on_resize(self, event: events.Resize) -> None:
        # Styles cannot ask for the width: a class says the terminal is narrow (presenter mode
        # then keeps its space between rows, not beside the names).
        self.set_class(event.size.width < NARROW, "-narrow")
        self.call_after_refresh(self._fit_mapping_pane, self.query_one(MappingList))

    def action_presenter(self) -> None:
        # No toast: in front of a room the change of layout says it, and a toast covers the status.
        self.toggle_class("-presenter")
        # The mode first: a narrow terminal cuts the header's end, which the workspace's long
        # title filled before "presenter mode" could be read.
        ws = self.controller.workspace
        if self.has_class("-presenter"):
            self.title, self.sub_title = "Presenter mode", ws.title or ws.name
        else:  # p again: off
            self.title, self.sub_title = ws.title or ws.name, ""
        self._show_detail()
        # The mode's padding is the pane's too: its width is worked out again once styled.
        self.call_after_refresh(self._fit_mapping_pane, self.query_one(MappingList))

    def action_graph(self) -> None:
        from .graph import GraphScreen  # the graph module is only loaded when first shown

        ref = self.selection.entity_ref if self.selection else None
        if self.selection is not None and self.selection.kind is Kind.MAPPING:
            mapping = self.controller.workspace.mapping(self.selection.key)
            ref = mapping.source if mapping else None

        drawn = self.controller.workspace

        def back(opened: Selection | None) -> None:
            if self.controller.workspace is not drawn:  # undone or redone on the graph
                self.refresh_model()
            if opened is not None:
                self.reveal(opened)

        self.app.push_screen(GraphScreen(self.controller, ref), back)

    def action_export(self) -> None:
        from .export import ExportScreen

        self.app.push_screen(ExportScreen(self.controller))

    # -- importing metadata and mapping suggestions ---------------------------------------------

    def action_import_metadata(self) -> None:
        from .importing import ImportScreen

        self.app.push_screen(ImportScreen(self.controller), self._model_changed)

    def action_suggestions(self) -> None:
        from .suggestions import SuggestionsScreen

        self.app.push_screen(SuggestionsScreen(self.controller), self._model_changed)

    def _model_changed(self, changed: bool | None) -> None:
        if changed:
            self.refresh_model()

    def action_simulate(self, scenario_id: str | None = None) -> None:
        from .simulation import SimulationScreen

        def back(opened: Selection | None) -> None:
            self.refresh_model()  # scenarios and master data may have been edited there
            if opened is not None:
                self.reveal(opened)

        self.app.push_screen(SimulationScreen(self.controller, scenario_id), back)

    # -- command palette ------------------------------------------------------------------------

    def action_decisions(self, governing: str | None = None) -> None:
        from .decisions import DecisionsScreen

        self.app.push_screen(
            DecisionsScreen(self.controller, governing), lambda _: self.refresh_model()
        )

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands for the palette, depending on what is selected."""
        return main_palette.commands(self)

    def palette_selection(self) -> Iterable[SystemCommand]:
        """Those of the palette's commands that act on the selection (listed first)."""
        return main_palette.selection_commands(self)


def _beside(ws: Workspace, sel: Selection) -> Selection | None:
    """Where the cursor goes when ``sel`` is deleted: the entity (or field) after it in its
    list, else the one before, so deleting several in a row is one key each; the system (or
    entity) that held it when it was the last. None: what ``refresh_model`` picks."""
    if sel.kind is Kind.ENTITY:
        system_name, name = split_entity_ref(sel.key)
        system = ws.system(system_name)
        if system is None:
            return None
        names = [entity.name for entity in system.entities]
        other = _neighbour(names, name)
        if other is None:
            return Selection(Kind.SYSTEM, system_name)
        return Selection(Kind.ENTITY, entity_ref(system_name, other))
    if sel.kind is Kind.FIELD:
        ref, name = sel.entity_ref or "", sel.field_name or ""
        entity = ws.entity(ref)
        if entity is None:
            return None
        other = _neighbour([field.name for field in entity.fields], name)
        return (
            Selection(Kind.ENTITY, ref)
            if other is None
            else Selection(Kind.FIELD, f"{ref}.{other}")
        )
    return None


def _neighbour(names: list[str], name: str) -> str | None:
    if name not in names or len(names) == 1:
        return None
    at = names.index(name)
    return names[at + 1] if at + 1 < len(names) else names[at - 1]
