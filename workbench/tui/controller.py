"""The bridge between the screens and the services: one place that edits, undoes and reports.

Widgets never touch the store or the mirror; they call the controller, which calls the same
services as the CLI and answers with an outcome the screen can show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.edits import EditError
from ..domain.validation import Issue, Severity, validate_workspace
from ..domain.workspace import Workspace
from ..services.editor import Editor
from ..services.session import InvalidEdit, Session
from ..store import ConflictError, StoreError, describe_url

if TYPE_CHECKING:
    from ..graph import WorkspaceGraph
    from ..simulate.results import RunResult


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str
    warnings: tuple[Issue, ...] = ()


class Controller:
    """An open workspace, as the TUI sees it."""

    def __init__(self, session: Session) -> None:
        self.editor = Editor(session)
        self._issues: list[Issue] | None = None
        self._graph: WorkspaceGraph | None = None
        self._unmapped: tuple[Workspace, frozenset[str]] | None = None
        self._graph_for: Workspace | None = None

    @property
    def session(self) -> Session:
        return self.editor.session

    @property
    def workspace(self) -> Workspace:
        return self.editor.workspace

    # -- derived views, cached per workspace value ------------------------------------------

    @property
    def issues(self) -> list[Issue]:
        if self._issues is None:
            self._issues = validate_workspace(self.workspace)
        return self._issues

    def warnings_for_mapping(self, mapping_id: str) -> list[Issue]:
        return [
            i
            for i in self.issues
            if i.location.kind == "mapping" and i.location.key == (mapping_id,)
        ]

    @property
    def incomplete_mappings(self) -> set[str]:
        return {
            i.location.key[0]
            for i in self.issues
            if i.location.kind == "mapping" and i.severity is Severity.WARNING
        }

    @property
    def graph(self) -> WorkspaceGraph:
        """The networkx view, built (and networkx imported) only when a screen needs it."""
        from ..graph import WorkspaceGraph

        if self._graph is None or self._graph_for is not self.workspace:
            self._graph = WorkspaceGraph(self.workspace)
            self._graph_for = self.workspace
        return self._graph

    def is_mapped(self, ref: str) -> bool:
        """The entity takes part in a mapping to an entity that exists on the other side."""
        ws = self.workspace
        return any(
            not m.is_no_counterpart
            and ws.entity(m.source) is not None
            and ws.entity(m.target or "") is not None
            for m in ws.mappings_of(ref)
        )

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
        try:
            warnings = self.editor.apply(label, change)
        except InvalidEdit as exc:
            return Outcome(False, "; ".join(i.message for i in exc.issues))
        except (EditError, ConflictError, StoreError, ValueError) as exc:
            return Outcome(False, _message(exc))
        self._issues = None
        return Outcome(True, label, tuple(warnings))

    def undo(self) -> Outcome:
        return self._history(self.editor.undo, "Undid", "Nothing to undo")

    def redo(self) -> Outcome:
        return self._history(self.editor.redo, "Redid", "Nothing to redo")

    def _history(self, step: Callable[[], str | None], verb: str, empty: str) -> Outcome:
        try:
            label = step()
        except (InvalidEdit, EditError, ConflictError, StoreError) as exc:
            return Outcome(False, _message(exc))
        self._issues = None
        return Outcome(label is not None, f"{verb}: {label}" if label else empty)

    # -- status -------------------------------------------------------------------------------

    def database_label(self) -> str:
        """The database, short: the workspace's own SQLite file by its relative path."""
        url = self.session.store.url
        root = self.session.folder.root
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            if path.is_relative_to(root):
                return f"sqlite {path.relative_to(root).as_posix()}"
        return describe_url(url)

    def mirror_label(self) -> str:
        """The mirror's state as far as this session knows it (edits keep it in step; a file
        changed on disk during an edit is left for sync)."""
        if self.session.unsynced:
            return f"{len(self.session.unsynced)} file(s) changed on disk: sync"
        return "mirror in step"

    def close(self) -> None:
        self.session.close()

    # -- simulation ---------------------------------------------------------------------------

    def simulate(self, scenario_id: str) -> RunResult:
        """Run one scenario of the open workspace with its full trace (safe in a worker thread:
        the workspace value is immutable)."""
        from ..services.simulation import run_scenarios

        [result] = run_scenarios(self.workspace, [scenario_id])
        return result


def _message(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
