"""Import metadata: choose files or a folder, the system and the format, preview the diff, accept.

Reading and parsing run in a worker with a progress bar; nothing is written before the architect
presses Import, and the import is one undoable edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    DirectoryTree,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from ...domain.decisions import Decision
from ...domain.systems import SystemRole
from ...domain.workspace import Workspace
from ...importers import Format, ImportFailure
from ...importers.plan import ImportPlan
from ...services.importing import guess_format
from ...services.session import InvalidEdit
from ..controller import Controller
from ..widgets.toggles import MarkedCheckbox
from .help import DIALOG_HELP
from .message import failure_text, tell

_STYLES = {"+": "green", "-": "red", "~": "yellow", "!": "magenta"}
PREVIEW_LINES = 40
"""Lines of each section shown in the preview; the rest is counted."""


_NAMED_STALE = 4
"""Decisions named in the preview's stale sign-off line; the rest are counted."""


def _newly_stale(plan: ImportPlan) -> tuple[Decision, ...]:
    """The signed decisions with a sign-off the import would make stale (one of another
    function already stale does not hide it)."""
    from ...domain.reference import Function
    from ...domain.signoffs import SignOffState, has_stale, signoff_states

    def stale(ws: Workspace, decision: Decision | None) -> set[Function]:
        if decision is None:
            return set()
        states = signoff_states(ws, decision)
        return {who for who, state in states.items() if state is SignOffState.STALE}

    before, after = plan.before, plan.after
    return tuple(
        d
        for d in after.decisions
        if d.signoffs
        and has_stale(after, d)
        and stale(after, d) - stale(before, before.decision(d.number))
    )


class PlainDirectoryTree(DirectoryTree):
    """Folders and files with plain-text markers: no emoji font needed in the terminal. Hidden
    ones (``.git``, ``.venv``, caches) are left out: metadata is never kept there.

    Enter on a file adds it to the files to import; on a folder it only opens or closes it, as
    file pickers do (it added every folder opened on the way to a file); ``a`` adds the
    highlighted file or folder (an SFDX source folder is imported whole); backspace shows the
    folder above, so metadata outside the folder the workbench started in can be reached."""

    BINDINGS = [
        Binding(
            "a",
            "add",
            "Add",
            id="import.tree.add",
            tooltip="Add the highlighted file or folder to the files to import",
        ),
        Binding(
            "backspace",
            "up",
            "Folder up",
            id="import.tree.up",
            tooltip="Show the folder above this one",
        ),
    ]

    ICON_NODE = "▸ "
    ICON_NODE_EXPANDED = "▾ "
    ICON_FILE = "  "

    class Picked(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [path for path in paths if not path.name.startswith(".")]

    def action_add(self) -> None:
        node = self.cursor_node
        if node is not None and node.data is not None:
            self.post_message(self.Picked(node.data.path))

    def action_up(self) -> None:
        here = Path(self.path).resolve()
        if here.parent != here:
            self.path = here.parent

    @on(DirectoryTree.FileSelected)
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.post_message(self.Picked(event.path))


class ImportScreen(ModalScreen[bool]):
    """Returns True when an import was written."""

    CSS_PATH = Path(__file__).with_name("importing.tcss")

    BINDINGS = [
        DIALOG_HELP,
        Binding(
            "escape", "cancel", "Cancel", id="import.cancel", tooltip="Close without importing"
        ),
        Binding(
            "ctrl+o",
            "preview",
            "Preview",
            id="import.preview",
            tooltip="Read the files and show what the import would change (writes nothing)",
        ),
        Binding(
            "ctrl+s",
            "accept",
            "Import",
            id="import.accept",
            tooltip="Write the previewed import (one edit: ctrl+z undoes it)",
        ),
    ]

    def __init__(self, controller: Controller, start: Path | None = None, paths: str = "") -> None:
        super().__init__()
        self.controller = controller
        self.start = start or Path()
        self.initial_paths = paths
        self.plan: ImportPlan | None = None
        self._previews = 0
        """Previews asked for, or choices changed, so far (see ``_previewed``)."""

    def compose(self) -> ComposeResult:
        systems = [(s.name, s.name) for s in self.controller.workspace.systems]
        with Vertical(id="dialog", classes="importer"):
            yield Label("Import metadata into the model", id="question")
            with Horizontal(classes="import-row"):
                yield Label("Files")
                yield Input(
                    self.initial_paths,
                    placeholder="files or folders, ; between · in the tree: a adds one",
                    id="import-paths",
                )
            yield PlainDirectoryTree(self.start, id="import-tree")
            with Horizontal(classes="import-row"):
                yield Label("Format")
                yield Select(
                    [
                        ("Salesforce (SFDX source or describe JSON)", Format.SALESFORCE.value),
                        ("SAP OData $metadata (EDMX v2, CSDL v4)", Format.EDMX.value),
                        ("CSV field inventory", Format.CSV.value),
                    ],
                    prompt="format: from the file names",
                    id="import-format",
                )
            with Horizontal(classes="import-row"):
                yield Label("System")
                yield Input(
                    placeholder="system: "
                    + (", ".join(name for name, _ in systems) or "e.g. salesforce"),
                    id="import-system",
                )
                yield Select(
                    [(role.value, role.value) for role in SystemRole],
                    prompt="role if new",
                    id="import-role",
                )
            with Horizontal(id="import-options"):
                yield MarkedCheckbox("Keep entities these files do not mention", id="import-keep")
                yield ProgressBar(id="import-progress", show_eta=False)
            with VerticalScroll(id="import-diff"):
                yield Static(
                    "Choose files, then Preview (ctrl+o). Nothing is written before Import.",
                    id="import-preview",
                    markup=False,
                )
            with Horizontal(id="import-buttons"):
                yield Button("Preview", id="import-preview-button")
                yield Button("Import", variant="primary", id="import-accept", disabled=True)
                yield Button("Cancel", id="import-cancel")

    def on_mount(self) -> None:
        self.query_one("#import-paths", Input).focus()
        # Hidden until a preview runs: an idle bar with no total would pulse as if working.
        self.query_one("#import-progress", ProgressBar).display = False

    # -- choosing -------------------------------------------------------------------------------

    @on(PlainDirectoryTree.Picked)
    def _picked(self, event: PlainDirectoryTree.Picked) -> None:
        box = self.query_one("#import-paths", Input)
        chosen = [p for p in self._paths() if p != event.path]
        box.value = "; ".join(str(p) for p in [*chosen, event.path])
        self._stale()

    @on(Input.Changed, "#import-paths")
    @on(Input.Changed, "#import-system")
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self._stale()

    def _stale(self) -> None:
        """A changed choice invalidates the preview: it must be made again (and a preview
        still being read is dropped when it comes)."""
        self.plan = None
        self._previews += 1
        self.query_one("#import-accept", Button).disabled = True

    def _paths(self) -> list[Path]:
        raw = self.query_one("#import-paths", Input).value
        return [Path(part.strip()).expanduser() for part in raw.split(";") if part.strip()]

    # -- previewing -----------------------------------------------------------------------------

    def action_preview(self) -> None:
        paths = self._paths()
        if not paths:
            self._show_text("Choose at least one file or folder.", error=True)
            return
        chosen = self.query_one("#import-format", Select).value
        kind = chosen if isinstance(chosen, str) else guess_format(paths)
        if kind is None:
            self._show_text("Cannot tell the format from the file names: choose one.", error=True)
            self.query_one("#import-format", Select).focus()
            return
        system = self.query_one("#import-system", Input).value.strip()
        if not system:
            self._show_text("Name the system to import into.", error=True)
            self.query_one("#import-system", Input).focus()  # where the name goes
            return
        role = self.query_one("#import-role", Select).value
        keep = self.query_one("#import-keep", Checkbox).value
        self._stale()
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._show_text(f"Reading {len(paths)} path(s) as {kind}…")
        self._preview(
            self._previews, paths, str(kind), system, role if isinstance(role, str) else None, keep
        )

    @work(thread=True, exclusive=True, group="import-preview", exit_on_error=False)
    def _preview(
        self,
        number: int,
        paths: list[Path],
        kind: str,
        system: str,
        role: str | None,
        keep: bool,
    ) -> None:
        def progress(done: int, total: int, name: str) -> None:
            self.app.call_from_thread(self._progress, number, done, total)

        try:
            plan = self.controller.plan_import(paths, kind, system, role, keep, progress)
        except ImportFailure as exc:
            # The command line's option names are not the dialog's: its field says "System".
            where = {"--system": "System", "--role": "Role"}.get(exc.source, exc.source)
            self.app.call_from_thread(self._failed, number, f"{where}: {exc.message}")
            return
        except InvalidEdit as exc:
            lines = "\n".join(f"{i.element}: {i.message}" for i in exc.issues[:12])
            message = f"The import would leave the model with errors:\n{lines}"
            self.app.call_from_thread(self._failed, number, message)
            return
        except Exception as exc:  # anything else is said in the dialog, never a traceback
            message = f"The files could not be read: {failure_text(exc)}"
            self.app.call_from_thread(self._failed, number, message)
            return
        stale = _newly_stale(plan)
        self.app.call_from_thread(self._previewed, number, plan, stale)

    def _failed(self, number: int, message: str) -> None:
        if number != self._previews:
            return  # a preview of choices since changed: what it says is about them
        self.query_one("#import-progress", ProgressBar).display = False
        self._show_text(message, True)

    def _progress(self, number: int, done: int, total: int) -> None:
        if number == self._previews:
            self.query_one("#import-progress", ProgressBar).update(total=total, progress=done)

    def _previewed(self, number: int, plan: ImportPlan, stale: tuple[Decision, ...] = ()) -> None:
        if number != self._previews:
            return  # the choices changed while it was read: its plan is for other inputs
        self.plan = plan
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        diff = plan.diff
        text = Text()
        text.append(
            f"{diff.system}: {diff.entity_count} entities, {diff.field_count} fields read. "
            f"{diff.summary().capitalize()}.\n",
            style="bold",
        )
        if stale:
            # Said before the import, not only after: the room may rather not undo an approval.
            # Under the summary, above the list of changes, where a short terminal shows it.
            names = "; ".join(f"{d.number:04d} {d.title}" for d in stale[:_NAMED_STALE])
            more = f" and {len(stale) - _NAMED_STALE} more" if len(stale) > _NAMED_STALE else ""
            text.append(
                f"Sign-offs it makes stale (what they approved changes): {names}{more}.\n",
                style="bold yellow",
            )
        for line in diff.lines(limit=PREVIEW_LINES):
            text.append(line + "\n", style=_STYLES.get(line.strip()[:1], ""))
        if not diff.has_changes:
            text.append("Nothing to write.", style="italic")
        else:
            text.append(
                "Import (ctrl+s) writes this as one edit; ctrl+z undoes it.", style="italic"
            )
        self.query_one("#import-preview", Static).update(text)
        self.query_one("#import-accept", Button).disabled = not diff.has_changes
        self._show_result()

    def _show_text(self, message: str, error: bool = False) -> None:
        self.query_one("#import-preview", Static).update(
            Text(message, style="bold red" if error else "")
        )
        self._show_result()

    def _show_result(self) -> None:
        # On a short terminal the dialog scrolls and the preview is below its fold.
        self.call_after_refresh(self.query_one("#import-diff").scroll_visible, animate=False)

    # -- accepting ------------------------------------------------------------------------------

    def action_accept(self) -> None:
        if self.plan is None or not self.plan.diff.has_changes:
            self.notify("Preview an import with changes first (ctrl+o).", severity="warning")
            return
        outcome = self.controller.apply_import(self.plan)
        if not outcome.ok:
            self._show_text(outcome.message, error=True)
            self._stale()
            return
        tell(self, self.controller, outcome, at_least=4)  # with the decisions it unsettled
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "import-preview-button":
            self.action_preview()
        elif event.button.id == "import-accept":
            self.action_accept()
        else:
            self.action_cancel()
