"""The bridge between the screens and the services: one place that edits, undoes and reports.

Widgets never touch the store or the mirror; they call the controller, which calls the same
services as the CLI and answers with an outcome the screen can show.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from collections.abc import Mapping as MappingOf
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.base import counted
from ..domain.edits import EditError
from ..domain.elements import ElementKey
from ..domain.validation import Issue, Severity
from ..domain.workspace import Workspace
from ..services.editor import Editor
from ..services.session import InvalidEdit, Session
from ..services.sync import Choice, SyncReport
from ..store import ConflictError, StoreError
from .name_cuts import NameCutter
from .verdicts import Verdicts

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from ..checks import CheckReport
    from ..checks.runner import Checker
    from ..domain.decisions import Decision
    from ..graph import WorkspaceGraph
    from ..importers.plan import ImportPlan
    from ..importers.suggest import Suggestion
    from ..services.decisions import DecisionError
    from ..services.element_text import ElementText
    from ..services.exporting import ExportResult
    from ..simulate.results import RunResult


@dataclass(frozen=True)
class ExportOutcome:
    result: ExportResult | None
    error: str = ""


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str
    warnings: tuple[Issue, ...] = ()
    """The warnings the edit brought into the model (those it already had are not repeated)."""
    problems: tuple[tuple[int, str], ...] = ()
    """For an element edited as text: what stopped it, by line of that text (0: no line)."""
    signoffs: str = ""
    """What the edit did to the decisions' sign-offs: those it made stale (and an accepted
    decision it sent back to proposed), so a change in passing never unsettles a decision
    unnoticed."""
    version: Workspace | None = None
    """The workspace the edit made (None for a refusal): its news is only news while it is
    still the workspace (see ``Controller.take_outcome``)."""
    idle: bool = False
    """Nothing to do (undo with no history): not a failure, though nothing changed."""
    refusals: tuple[Issue, ...] = ()
    """For a refused edit: the errors it would have brought into the model, each with where it
    sits, so a form can say each beside the field it is about."""
    mirror: str = ""
    """For a committed edit whose model files could not be written: why."""

    @property
    def toast(self) -> tuple[str, SeverityLevel, float]:
        """What to tell the user: the message, its severity and how long to show it."""
        if self.idle:
            return self.message, "information", 2
        if not self.ok:
            return self.message, "error", 6
        notes = [self.message]
        if self.warnings:
            notes.append(new_warnings_text(self.warnings, self.message))
        if self.signoffs:
            notes.append(self.signoffs)
        if self.mirror:
            notes.append(self.mirror)
        if len(notes) == 1:
            return self.message, "information", 2
        return "; ".join(notes), "warning", 8 if self.signoffs or self.mirror else 6


_NAMED_DECISIONS = 2
"""An edit's message names this many decisions it unsettled, and counts the rest."""


def _named_decisions(
    ws: Workspace,
    before: Workspace,
    numbers: list[int],
    note: Callable[[Decision, Decision | None], str],
    more: str,
) -> str:
    """The first decisions of ``numbers`` described by ``note`` (given each as it is now and as
    it was), the rest counted: "decision 0001 …, decision 0007 …, and 2 more decisions"."""
    notes = []
    for number in numbers[:_NAMED_DECISIONS]:
        decision = ws.decision(number)
        if decision is not None:
            notes.append(note(decision, before.decision(number)))
    if len(numbers) > _NAMED_DECISIONS:
        notes.append(f"and {counted(len(numbers) - _NAMED_DECISIONS, 'more decision')}{more}")
    return ", ".join(notes)


def new_warnings_text(warnings: tuple[Issue, ...], edited: str = "") -> str:
    """What an edit left open, for its toast: the first new warning, and how many more. The
    element is not named again when the edit's message (``edited``) begins with it."""
    first = warnings[0]
    more = f" (and {len(warnings) - 1} more: c lists them)" if len(warnings) > 1 else ""
    name = first.element.rpartition(" ")[2]
    where = "" if name and edited.startswith(f"{name}:") else f"{first.element}: "
    return f"now {where}{first.message}{more}"


def _new(warnings: list[Issue], known: frozenset[Issue] | None) -> tuple[Issue, ...]:
    """The warnings not among ``known`` (none when what was there before is not known). An
    issue that only moved (a field above it deleted shifts its position) is not new."""
    if known is None:
        return ()
    seen = {_where(i) for i in known}
    return tuple(w for w in warnings if _where(w) not in seen)


def _where(issue: Issue) -> tuple[object, ...]:
    return (issue.severity, issue.element, issue.message, issue.location.kind, issue.location.key)


def _incomplete(issues: list[Issue]) -> frozenset[str]:
    return frozenset(
        i.location.key[0]
        for i in issues
        if i.location.kind == "mapping" and i.severity is Severity.WARNING
    )


class Controller:
    """An open workspace, as the TUI sees it."""

    def __init__(self, session: Session) -> None:
        self.editor = Editor(session)
        self._issues: tuple[Workspace, list[Issue], frozenset[str]] | None = None
        self._validated_once = False
        """Some version was validated: the opening screen, which waits for nothing, is past."""
        self._graph: WorkspaceGraph | None = None
        self._unmapped: tuple[Workspace, frozenset[str]] | None = None
        self._mapped: tuple[Workspace, frozenset[str]] | None = None
        self._graph_for: Workspace | None = None
        self.syncing = False
        """A sync runs in a worker: edits wait for it rather than race it to the database."""
        self.scenario_verdicts = Verdicts()
        """Each scenario's verdict in its last run on the simulation screen, while it holds."""
        self._sync_note = ""
        self._sync_note_for: Workspace | None = None
        self._checker: Checker | None = None
        self._checks_lock = threading.Lock()
        self.findings: tuple[Workspace, CheckReport] | None = None
        """The last design-check report and the workspace it is for (None: not run yet)."""
        self._stale: tuple[Workspace, tuple[int, ...]] | None = None
        self.last_outcome: Outcome | None = None
        """What the last edit did (a form reports it once it closes)."""
        self._cutter: tuple[Workspace, NameCutter] | None = None

    @property
    def session(self) -> Session:
        return self.editor.session

    @property
    def workspace(self) -> Workspace:
        return self.editor.workspace

    # -- derived views, cached per workspace value ------------------------------------------

    def _validation(self) -> tuple[Workspace, list[Issue], frozenset[str]]:
        found = self._issues
        ws = self.workspace
        if found is None or found[0] is not ws:
            issues = self.session.validate(ws)
            found = (ws, issues, _incomplete(issues))
            self._issues = found  # one assignment: safe to fill in from a worker thread
            self._validated_once = True
        return found

    @property
    def issues(self) -> list[Issue]:
        return self._validation()[1]

    @property
    def validated(self) -> bool:
        """The current workspace's issues are known (the opening screen is painted before the
        first validation on purpose; see ``shown_incomplete``)."""
        found = self._issues
        return found is not None and found[0] is self.workspace

    def warnings_for_mapping(self, mapping_id: str) -> list[Issue]:
        return [
            i
            for i in self.issues
            if i.location.kind == "mapping" and i.location.key == (mapping_id,)
        ]

    @property
    def incomplete_mappings(self) -> frozenset[str]:
        """Ids of the mappings with an incompleteness warning (validates when needed)."""
        return self._validation()[2]

    @property
    def shown_incomplete(self) -> frozenset[str]:
        """What the screens mark as incomplete without waiting for a validation: exact once the
        current workspace is validated, and until then the last validation's answer (none at
        opening). A large model's validation takes a fifth of a second, so the first screen is
        painted without it and the marks follow from the checks worker."""
        found = self._issues
        return found[2] if found is not None else frozenset()

    @property
    def graph(self) -> WorkspaceGraph:
        """The networkx view, built (and networkx imported) only when a screen needs it."""
        from ..graph import WorkspaceGraph

        if self._graph is None or self._graph_for is not self.workspace:
            self._graph = WorkspaceGraph(self.workspace)
            self._graph_for = self.workspace
        return self._graph

    @property
    def name_cutter(self) -> NameCutter:
        """Cuts entity names to fit a pane, knowing every entity name of the model (once per
        version; see ``name_cuts``)."""
        found = self._cutter
        ws = self.workspace
        if found is None or found[0] is not ws:
            names = {entity.name for system in ws.systems for entity in system.entities}
            # Most edits leave the names as they were: keep the cuts worked out so far.
            cutter = found[1] if found is not None and found[1].known == names else None
            found = (ws, cutter or NameCutter(names))
            self._cutter = found  # one assignment: safe to fill in from a worker thread
        return found[1]

    def is_mapped(self, ref: str) -> bool:
        """The entity takes part in a mapping to an entity that exists on the other side."""
        return ref in self._mapped_entities()

    def _mapped_entities(self) -> frozenset[str]:
        # Worked out once per version: the trees ask for every entity on each redraw.
        found = self._mapped
        ws = self.workspace
        if found is None or found[0] is not ws:
            refs: set[str] = set()
            for m in ws.mappings:
                if (
                    not m.is_no_counterpart
                    and m.target
                    and ws.entity(m.source) is not None
                    and ws.entity(m.target) is not None
                ):
                    refs.update((m.source, m.target))
            found = (ws, frozenset(refs))
            self._mapped = found  # one assignment: safe to fill in from a worker thread
        return found[1]

    @property
    def unmapped_entities(self) -> frozenset[str]:
        """Entities with no mapping and no no-counterpart record: the open questions."""
        if self._unmapped is None or self._unmapped[0] is not self.workspace:
            ws = self.workspace
            found = frozenset(
                f"{system.name}:{entity.name}"
                for system, entity in ws.iter_entities()
                if not ws.mappings_of(f"{system.name}:{entity.name}")
            )
            self._unmapped = (ws, found)
        return self._unmapped[1]

    # -- edits --------------------------------------------------------------------------------

    def apply(self, label: str, change: Callable[[Workspace], Workspace]) -> Outcome:
        if self.syncing:
            return Outcome(False, SYNC_RUNNING)
        known, version = self._known_issues(), self.workspace
        stale = self.stale_decisions
        try:
            self.editor.apply(label, change)
        except InvalidEdit as exc:
            outcome = Outcome(
                False, "; ".join(i.message for i in exc.issues), refusals=tuple(exc.issues)
            )
        except EditError as exc:
            outcome = Outcome(False, _message(exc), refusals=_refusal(exc))
        except (ConflictError, StoreError, ValueError) as exc:
            outcome = Outcome(False, _message(exc))
        else:
            return self._committed(label, known, version, stale)
        self.last_outcome = outcome
        return outcome

    def trial(self, change: Callable[[Workspace], Workspace]) -> Outcome:
        """What ``change`` would meet if applied now, with nothing written: refused with its
        reasons, or ok. A form asks when some fields are wrong already, so the model's own
        refusals of the others show at the same save."""
        try:
            after = change(self.workspace)
            errors = [] if after == self.workspace else self.session.refusals(after)
        except EditError as exc:
            return Outcome(False, _message(exc), refusals=_refusal(exc))
        except ValueError as exc:
            return Outcome(False, _message(exc))
        if errors:
            return Outcome(False, "; ".join(i.message for i in errors), refusals=tuple(errors))
        return Outcome(True, "")

    def _committed(
        self,
        label: str,
        known: frozenset[Issue] | None,
        version: Workspace,
        stale: tuple[int, ...],
    ) -> Outcome:
        """The outcome of an edit just committed over ``version`` (whose issues were ``known``
        and stale decisions ``stale``), kept as the last one until the user has been told."""
        outcome = Outcome(
            True,
            label,
            self._known(known, version),
            signoffs=self._newly_stale(version, stale),
            version=self.workspace,
            mirror=self.session.mirror_failure,
        )
        self.last_outcome = outcome
        return outcome

    def told(self, outcome: Outcome) -> None:
        """The user has been told what ``outcome`` says: it is no longer news."""
        if self.last_outcome is outcome:
            self.last_outcome = None

    def take_outcome(self) -> Outcome | None:
        """What the last edit did, if nobody has told the user yet and nothing has happened to
        the workspace since (an undo, another edit): then it is taken."""
        outcome, self.last_outcome = self.last_outcome, None
        if outcome is None or outcome.version is not self.workspace:
            return None
        return outcome

    def _held_back(self, before: Workspace) -> str:
        """The decisions the last edit left proposed though every required approval stands
        (it changed who must approve), in words ("" when none)."""
        from ..domain.signoffs import awaits_acceptance

        ws = self.workspace
        held = []
        for decision in ws.decisions:
            was = before.decision(decision.number)
            if awaits_acceptance(ws, decision) and not (was and awaits_acceptance(before, was)):
                held.append(f"{decision.number:04d}")
        if not held:
            return ""
        which = f"decision {held[0]}" if len(held) == 1 else f"decisions {', '.join(held)}"
        return (
            f"{which} stays proposed: who must approve changed, which accepts nothing; "
            "the next sign-off does"
        )

    def _newly_stale(self, before: Workspace, stale_before: tuple[int, ...]) -> str:
        """The decisions whose sign-offs the last edit made stale, in words ("" when none)."""
        from ..domain.signoffs import stale_note

        ws = self.workspace
        if ws is before:
            return ""
        newly = [n for n in self.stale_decisions if n not in stale_before]
        return _named_decisions(
            ws, before, newly, lambda d, was: stale_note(ws, d, was), " (D lists them)"
        )

    def _known(self, before: frozenset[Issue] | None, version: Workspace) -> tuple[Issue, ...]:
        """Keep the issues of the version an edit committed (its commit validated it), so the
        next edit can tell what it adds without validating again; returns the warnings that are
        new. An edit that changed nothing (the workspace is still ``version``)
        committed nothing and found nothing."""
        if self.workspace is version:
            return ()
        # The commit's own issues describe what it committed; when another writer's rows came in
        # with it, the workspace is another version (free to ask when it is the same one).
        issues = self.session.validate(self.workspace)
        self._issues = (self.workspace, issues, _incomplete(issues))
        self._validated_once = True
        return _new(issues, before)

    def _known_issues(self) -> frozenset[Issue] | None:
        """The issues of the workspace as it is, when they are known already (an edit made
        before the first validation is not held up by one)."""
        found = self._issues
        return frozenset(found[1]) if found is not None and found[0] is self.workspace else None

    # -- an element as the text of its file -------------------------------------------------

    # The mirror's parser and YAML are imported on first use: opening the workbench needs neither.

    def element_text(self, key: ElementKey) -> ElementText | None:
        from ..services.element_text import text_of

        return text_of(self.workspace, key)

    def new_element_text(self, kind: str, new_id: str) -> ElementText:
        """The text a new element starts from (see ``element_text.text_for_new``); raises
        EditError for an id that is taken or cannot name a file."""
        from ..services.element_text import text_for_new

        return text_for_new(self.workspace, kind, new_id)

    def apply_text(self, path: str, text: str, *, new: bool = False) -> Outcome:
        """Put back an element edited as the text of its file at ``path`` (or add it, when
        ``new``): one undoable edit. A failure lists its problems by line of ``text``."""
        from ..services import element_text

        if self.syncing:
            return Outcome(False, SYNC_RUNNING)
        known, version = self._known_issues(), self.workspace
        stale = self.stale_decisions
        try:
            edit = element_text.edit_from_text(self.workspace, path, text, new=new)
            self.editor.apply(edit.label, edit.change)
        except element_text.TextError as exc:
            return Outcome(False, exc.message, problems=tuple(exc.problems))
        except InvalidEdit as exc:
            placed = element_text.problems_in_text(exc.issues, path, text)
            return Outcome(False, placed.message, problems=tuple(placed.problems))
        except (EditError, ConflictError, StoreError, ValueError) as exc:
            return Outcome(False, _message(exc))
        return self._committed(edit.label, known, version, stale)

    def undo(self) -> Outcome:
        outcome = self._history(self.editor.undo, "Undid", "Nothing to undo")
        passed = self.editor.passed_over
        if outcome.ok and passed:
            # The user expected these to go first: say why they stay.
            named = ", ".join(f"'{label}'" for label in passed)
            verb, them = ("stays", "it") if len(passed) == 1 else ("stay", "them")
            said = f"{named} {verb}: a sign-off recorded since builds on {them}"
            return replace(outcome, message=f"{outcome.message}; {said}")
        return outcome

    def redo(self) -> Outcome:
        return self._history(self.editor.redo, "Redid", "Nothing to redo")

    def _history(self, step: Callable[[], str | None], verb: str, empty: str) -> Outcome:
        if self.syncing:
            return Outcome(False, SYNC_RUNNING)
        self.last_outcome = None
        version, stale = self.workspace, self.stale_decisions
        try:
            label = step()
        except (InvalidEdit, EditError, ConflictError, StoreError) as exc:
            return Outcome(False, _message(exc))
        if label is None:
            return Outcome(False, empty, idle=True)
        # Undoing an edit can unsettle a decision as the edit did, or settle it again.
        notes = [self._newly_stale(version, stale), self._settled_again(version, stale)]
        return Outcome(
            True,
            f"{verb}: {label}",
            signoffs=", ".join(note for note in notes if note),
            version=self.workspace,
            mirror=self.session.mirror_failure,
        )

    def _settled_again(self, before: Workspace, stale_before: tuple[int, ...]) -> str:
        """The decisions whose stale sign-offs hold again after an undo or redo, in words."""
        from ..domain.decisions import DecisionStatus

        def note(decision: Decision, was: Decision | None) -> str:
            said = f"decision {decision.number:04d}'s sign-offs hold again"
            if decision.status is DecisionStatus.ACCEPTED and (
                was is not None and was.status is not DecisionStatus.ACCEPTED
            ):
                said += " and it is accepted again"
            return said

        settled = [n for n in stale_before if n not in self.stale_decisions]
        return _named_decisions(self.workspace, before, settled, note, "")

    # -- exports ------------------------------------------------------------------------------

    def export(
        self,
        out: str | None,
        formats: tuple[str, ...],
        progress: Callable[[str, int, int], None] | None = None,
    ) -> ExportOutcome:
        """Export the workspace as it stands (the same service as `workbench export`); safe to
        call from a worker thread: it reads the immutable workspace value and writes files."""
        from ..services.design_extras import gather_extras
        from ..services.exporting import ExportError, Progress, export_workspace

        workspace = self.workspace
        try:
            result = export_workspace(
                workspace,
                self.session.folder.root,
                out,
                formats,
                extras=gather_extras(workspace),
                progress=Progress(progress) if progress else None,
            )
        except ExportError as exc:
            return ExportOutcome(None, str(exc))
        return ExportOutcome(result)

    # -- importing and suggestions ----------------------------------------------------------

    def plan_import(
        self,
        paths: list[Path],
        kind: str,
        system: str,
        role: str | None,
        keep_missing: bool,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> ImportPlan:
        """Read, parse and diff (slow: call it from a worker). Raises ImportFailure or
        InvalidEdit (the result would have errors)."""
        from ..domain.systems import SystemRole
        from ..importers import Format
        from ..services import importing

        importing.check_system_name(system)
        catalogue = importing.read_catalogue(paths, Format(kind), progress)
        result = importing.plan(
            self.workspace, system, catalogue, SystemRole(role) if role else None, keep_missing
        )
        errors = importing.plan_errors(result)
        if errors:
            raise InvalidEdit(errors)
        return result

    def apply_import(self, plan: ImportPlan) -> Outcome:
        """Commit an import as one undoable edit."""
        if not plan.diff.has_changes:
            return Outcome(True, f"{plan.diff.system}: no changes, nothing written")

        def change(ws: Workspace) -> Workspace:
            if ws is not plan.before and ws != plan.before:
                raise EditError("the model changed since the preview; preview again")
            return plan.after

        return self.apply(f"Import into {plan.diff.system}: {plan.diff.summary()}", change)

    def suggestions(self) -> list[Suggestion]:
        """Open mapping suggestions (can take a moment on a large model: call from a worker)."""
        from ..importers.suggest import suggest

        return suggest(self.workspace)

    def accept_suggestion(self, suggestion: Suggestion) -> Outcome:
        """Accept one listed suggestion as one undoable edit (the list was made in a worker;
        working the suggestions out again here would hold the screen for seconds on a large
        model)."""
        from ..services.suggestions import accepted

        label = f"Accept suggestion {suggestion.key}"
        return self.apply(label, lambda ws: accepted(ws, suggestion))

    def reject_suggestion(self, suggestion: Suggestion) -> Outcome:
        from ..services.suggestions import rejected

        label = f"Reject suggestion {suggestion.key}"
        return self.apply(label, lambda ws: rejected(ws, suggestion))

    # -- sync -------------------------------------------------------------------------------

    def look_at_disk(self) -> tuple[Workspace, list[str]]:
        """The mirror files changed on disk since the last sync or edit, and the workspace
        version the look began at (a worker's job: it reads what changed)."""
        version = self.workspace
        return version, self.session.changed_on_disk()

    def note_changed_on_disk(self, version: Workspace, changed: list[str]) -> bool:
        """Note what a look found (``look_at_disk``), unless an edit or a sync ran meanwhile: an
        edit writes files itself, which the look may have caught half recorded. True when there
        is news for the status line."""
        if version is not self.workspace or self.syncing:
            return False
        new = sorted(set(changed) - set(self.session.unsynced))
        if not new:
            return False
        self.session.unsynced = sorted({*self.session.unsynced, *new})
        return True

    def begin_sync(self) -> None:
        """Refuse edits from now on, before the sync's worker starts: in the moment between,
        an edit would race the sync for the database."""
        self.syncing = True

    def sync(self, choices: MappingOf[str, Choice] | None = None) -> SyncReport:
        """Run the mirror/database sync (in a worker thread: it reads every mirror file).
        ``choices`` resolves conflicts by path; a conflict without a choice leaves everything
        as it was and comes back in ``report.conflicts``."""
        resolve = None if choices is None else (lambda c: choices.get(c.path, Choice.ABORT))
        self.syncing = True  # set already by ``begin_sync`` when a screen starts it
        try:
            return self.session.sync(resolve)
        finally:
            self.syncing = False

    def describe_sync(self, report: SyncReport) -> Outcome:
        """The result of a sync in words (also kept for the status line)."""
        errors = [i for i in report.issues if i.severity == "error"]
        if report.conflicts:
            message = f"not synced: {len(report.conflicts)} file(s) changed on both sides"
        elif errors:
            message = f"not synced: {len(errors)} error(s) in the model files"
        elif report.imported or report.exported:
            parts = []
            if report.imported:
                parts.append(f"{len(report.imported)} file(s) imported")
            if report.exported:
                parts.append(f"{len(report.exported)} written")
            message = "synced: " + ", ".join(parts)
        else:
            message = "synced: nothing had changed"
        self.sync_note = message
        if report.ok:
            self._sync_note_for = self.workspace  # news until the next edit, then it is old
        return Outcome(report.ok, message)

    @property
    def sync_note(self) -> str:
        """What the last sync did, for the status line: a sync that went through is said until
        the next edit (an old "3 file(s) imported" beside today's state misleads), one that did
        not until a sync does."""
        if self._sync_note_for is not None and self._sync_note_for is not self.workspace:
            return ""
        return self._sync_note

    @sync_note.setter
    def sync_note(self, note: str) -> None:
        self._sync_note, self._sync_note_for = note, None

    # -- design checks ------------------------------------------------------------------------

    def run_checks(self) -> tuple[Workspace, CheckReport]:
        """Check the current workspace. Safe to call from a worker thread: runs one at a time,
        and only the mappings an edit touched are checked again."""
        from ..checks.runner import Checker

        with self._checks_lock:
            workspace = self.workspace
            if self.findings is not None and self.findings[0] is workspace:
                return self.findings
            if self._checker is None:
                self._checker = Checker()
            report = self._checker.run(workspace)
            self.findings = (workspace, report)
            return self.findings

    def suppress(self, rule: str, element: str, reason: str) -> Outcome:
        from ..services.checks import suppress

        return self.apply(
            f"silence {rule} for {element}", lambda w: suppress(w, rule, element, reason)
        )

    def mark_no_counterpart(self, ref: str, reason: str) -> Outcome:
        from ..domain import edits
        from ..domain.mappings import Cardinality, Mapping

        mapping_id = edits.new_mapping_id(self.workspace, ref, None)
        mapping = Mapping(
            id=mapping_id,
            source=ref,
            cardinality=Cardinality.NONE,
            reason=reason,
            system_of_record=ref.partition(":")[0],
        )
        return self.apply(f"{ref}: no counterpart", lambda w: edits.put_mapping(w, mapping))

    # -- decisions ----------------------------------------------------------------------------

    @property
    def stale_decisions(self) -> tuple[int, ...]:
        """Numbers of the decisions with a stale sign-off (cached per workspace value)."""
        from ..domain.signoffs import has_stale

        ws = self.workspace
        known = self._stale  # read once: the checks worker fills it in too
        if known is None or known[0] is not ws:
            found = tuple(d.number for d in ws.decisions if d.signoffs and has_stale(ws, d))
            known = (ws, found)
            self._stale = known
        return known[1]

    @property
    def shown_stale_decisions(self) -> tuple[int, ...]:
        """What the status line shows: exact, except on the opening screen, before the first
        validation, when it is what is known (nothing). Comparing every signed decision with
        the design dumps each linked element, which the first screen does not wait for: the
        checks worker works it out after the first frame."""
        if self._validated_once:
            return self.stale_decisions
        found = self._stale
        return found[1] if found is not None and found[0] is self.workspace else ()

    @property
    def operator(self) -> str:
        """Who is at the keyboard: recorded with every sign-off taken here."""
        from ..services.decisions import operator

        return operator(self.session.folder)

    def decision_change(self, label: str, change: Callable[[], object]) -> Outcome:
        """Run a decision-log service call (sign, new, edit) and answer with an outcome."""
        from ..services.decisions import DecisionError

        if self.syncing:
            return Outcome(False, SYNC_RUNNING)
        self.last_outcome = None
        version, stale = self.workspace, self.stale_decisions
        try:
            change()
        except DecisionError as exc:
            return Outcome(False, str(exc), refusals=_refusal(exc))
        except (ConflictError, StoreError) as exc:
            return Outcome(False, _message(exc))
        self._issues = None
        # Editing a decision's text makes its own approvals stale: said, as any edit's are.
        news = [self._newly_stale(version, stale), self._held_back(version)]
        outcome = Outcome(
            True,
            label,
            signoffs="; ".join(note for note in news if note),
            version=self.workspace,
            mirror=self.session.mirror_failure,
        )
        self.last_outcome = outcome
        return outcome

    def sign(self, number: int, stakeholder: str, verdict: str, comment: str) -> Outcome:
        from ..services import decisions

        person = self.workspace.stakeholder(stakeholder)
        outcome = self.decision_change(
            f"Recorded: {person.name if person else stakeholder} {verdict} decision {number:04d}",
            lambda: decisions.sign(
                self.editor, number, stakeholder, verdict, comment, recorded_by=self.operator
            ),
        )
        taken = self.editor.taken_off
        if outcome.ok and taken:
            # The record builds on them (edits that changed the decision it signs), and a
            # sign-off is never taken back.
            named = ", ".join(f"'{label}'" for label in taken[:3])
            more = f" and {len(taken) - 3} more" if len(taken) > 3 else ""
            return replace(
                outcome, message=f"{outcome.message}; {named}{more} can no longer be undone"
            )
        return outcome

    # -- status -------------------------------------------------------------------------------

    def database_label(self) -> str:
        """The database, short: the workspace's own SQLite file by its relative path."""
        url = self.session.url
        root = self.session.folder.root
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            if path.is_relative_to(root):
                return f"sqlite {path.relative_to(root).as_posix()}"
        from ..store import describe_url

        return describe_url(url)

    def mirror_label(self, *, short: bool = False) -> str:
        """The mirror's state as far as this session knows it (edits keep it in step; a file
        changed on disk during an edit is left for sync); ``short`` for a narrow line."""
        unsynced = len(self.session.unsynced)
        if unsynced:
            return (
                f"{unsynced} on disk: sync"
                if short
                else f"{unsynced} file(s) changed on disk: sync"
            )
        return "mirror ok" if short else "mirror in step"

    def close(self) -> None:
        # Leaves the workspace for the next opening (see services/open_cache.py).
        self.session.close(keep_open_cache=True)

    # -- simulation ---------------------------------------------------------------------------

    def simulate(self, scenario_id: str) -> RunResult:
        """Run one scenario of the open workspace with its full trace (safe in a worker thread:
        the workspace value is immutable)."""
        from ..services.simulation import run_scenarios

        ws = self.workspace
        [result] = run_scenarios(ws, [scenario_id])
        self.scenario_verdicts.record(ws, scenario_id, result.passed)
        return result

    def simulate_all(self) -> dict[str, bool]:
        """Every scenario's verdict, run without a trace (a worker's job); one that cannot run
        (a master data set missing, say) fails rather than stop the others."""
        from ..services.simulation import run_scenarios
        from ..simulate import SimulationError

        ws = self.workspace
        verdicts: dict[str, bool] = {}
        for scenario in sorted(ws.scenarios, key=lambda s: s.id):
            try:
                [result] = run_scenarios(ws, [scenario.id], trace=False)
            except SimulationError:
                verdicts[scenario.id] = False
            else:
                verdicts[scenario.id] = result.passed
            self.scenario_verdicts.record(ws, scenario.id, verdicts[scenario.id])
        return verdicts


SYNC_RUNNING = "A sync with the mirror is running: try again in a moment"


def _message(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _refusal(exc: EditError | DecisionError) -> tuple[Issue, ...]:
    """An edit refused for one attribute (an id taken) as a refusal a form places beside it."""
    if exc.attribute is None:
        return ()
    from ..domain.validation import ElementKind, Location, Severity

    where = Location(ElementKind.WORKSPACE, (), (exc.attribute,))
    return (Issue(Severity.ERROR, "", str(exc), where),)
