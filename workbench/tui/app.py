"""The workbench app: wiring only. Opening the workspace runs in a worker; screens do the rest."""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import LoadingIndicator
from textual.worker import Worker, WorkerState

from ..domain.base import build_validators
from ..services.session import Session
from ..services.sync import Choice, Conflict, SyncReport, conflict_advice
from ..store import StoreError
from .commands import (
    ChecksProvider,
    DecisionsProvider,
    ExportProvider,
    GoToProvider,
    ImportProvider,
    SimulationProvider,
    WorkbenchCommandsProvider,
)
from .controller import Controller
from .screens.help import HelpScreen
from .screens.main import MainScreen
from .screens.message import MessageScreen, failure_text
from .screens.narrow import NARROW, SHORT
from .widgets.key_bar import KeyBar

_SPINNER_AFTER = 0.3
"""Seconds an opening takes before the loading spinner shows."""

HIGH_CONTRAST = Theme(
    name="workbench-high-contrast",
    primary="#FFFFFF",
    secondary="#FFFF00",
    accent="#00FFFF",
    warning="#FFFF00",
    error="#FF5F5F",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    dark=True,
    # The trees' guide lines are drawn in a lighter shade of the surface: of pure black, a grey
    # a projector loses.
    variables={"surface-lighten-2": "#8A8A8A"},
)
"""For projectors and bright rooms: pure black and white with saturated signal colours."""


class WorkbenchApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Q2C workbench"
    # Textual's own system commands provider is replaced by one that lists the selection's first.
    COMMANDS = {
        WorkbenchCommandsProvider,
        GoToProvider,
        ExportProvider,
        ImportProvider,
        ChecksProvider,
        DecisionsProvider,
        SimulationProvider,
    }
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (every edit is already saved)"),
        Binding(
            "question_mark", "help", "Help", id="app.help", tooltip="List every key of this screen"
        ),
        Binding(
            "ctrl+t",
            "contrast",
            "Contrast",
            show=False,
            id="app.contrast",
            tooltip="Switch between the high-contrast theme and the default one",
        ),
    ]

    def __init__(
        self,
        workspace: Path,
        db_url: str | None = None,
        *,
        prefer: Choice | None = None,
        exit_when_ready: bool = False,
    ) -> None:
        super().__init__()
        self.workspace_path = workspace
        self.db_url = db_url
        self.prefer = prefer
        self.exit_when_ready = exit_when_ready
        """Quit once the first screen is interactive (the start-up probe, ``launch``)."""
        self.startup_marks = (0.0, 0.0)
        """When the workspace was read and when the first screen was ready (``time.time()``)."""
        self.controller: Controller | None = None
        self._store_started = False
        self.open_report: SyncReport | None = None
        self._quit_question: Screen[bool] | None = None
        """The question quitting asks while a form holds typed input (see ``action_quit``)."""
        self._note: Notification | None = None
        """The information toast shown last (see ``_one_note_at_a_time``)."""
        self._spinner: Timer | None = None
        """Shows the loading spinner should opening take a while (``on_mount``)."""

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        # The size classes from the start: set on the first resize only, they restyled every
        # widget of the first screen once more before its first frame.
        self.set_class(self.size.width < NARROW, "-narrow")
        self.set_class(self.size.height < SHORT, "-short")
        # The spinner only for an opening that takes a while (a first sync, a large model): a
        # quick open is done before it would be seen, and drawing it delayed the first screen.
        self._spinner = self.set_timer(_SPINNER_AFTER, self._show_spinner)
        self.open_workspace()

    def on_app_focus(self) -> None:
        # Back from another terminal (a git pull, a hand edit): look at the files now.
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.look_at_disk()

    def _show_spinner(self) -> None:
        if self.controller is None and not self.query("#opening"):
            self.mount(LoadingIndicator(id="opening"))

    def _stop_spinner(self) -> None:
        if self._spinner is not None:
            self._spinner.stop()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_workspace(self) -> None:
        """Sync and load in a thread: a large workspace takes seconds the first time."""
        prefer = self.prefer
        # In step on both sides (the usual case): read with the fast reader, and leave opening
        # the store (importing SQLAlchemy) until after the first screen.
        quick = Session.open_quick(self.workspace_path, self.db_url) if prefer is None else None
        if quick is not None:
            session: Session | None = quick
            report = SyncReport(snapshot=quick.snapshot)
        else:
            resolve = None if prefer is None else (lambda _conflict: prefer)
            session, report = Session.open(self.workspace_path, self.db_url, resolve)
        self.call_from_thread(self._opened, session, report)

    @on(MainScreen.FindingsReady)
    def _settled(self) -> None:
        # Background work runs one piece at a time after the first frame, so the screen stays
        # responsive: first the checks (the marks and the badge), then what the first edit
        # needs: the models' validators and the database behind a fast-opened session
        # (importing SQLAlchemy takes half a second of the GIL). An edit made before that
        # builds or opens them on the spot.
        if self.controller is not None and not self._store_started:
            self._store_started = True
            self._prepare_for_edits(self.controller.session)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _prepare_for_edits(self, session: Session) -> None:
        """Build the validators and open the database while the user looks at the screen; a
        failure to open is reported by the first edit that needs the store."""
        try:
            build_validators()
        finally:
            with contextlib.suppress(StoreError):
                session.open_store()

    def _opened(self, session: Session | None, report: SyncReport) -> None:
        self.startup_marks = (time.time(), 0.0)
        self.open_report = report
        self._stop_spinner()
        for loading in self.query("#opening"):
            loading.remove()
        if session is None:
            gc.enable()  # no first screen will resume it
            self._cannot_open(report)
            return
        self.call_after_refresh(self._first_frame)
        self.controller = Controller(session)
        # The model is built now and lives as long as the app: move it out of the collector's
        # way, or every full collection walks millions of objects and stalls a key press. (No
        # collection first: loading made next to no cyclic garbage, and on a large model the
        # collection alone costs a fifth of a second before the first paint.)
        gc.freeze()
        self.push_screen(MainScreen(self.controller))
        errors = [i for i in report.issues if i.severity == "error"]
        if errors:
            body = "\n".join(str(issue) for issue in errors[:12])
            more = f"\n… and {len(errors) - 12} more" if len(errors) > 12 else ""
            self.push_screen(
                MessageScreen(
                    "The model files have errors: showing the database's version",
                    f"{body}{more}\n\nFix the files (or run `workbench sync`); nothing was overwritten.",
                )
            )

    def _first_frame(self) -> None:
        # Collection was paused for the start (``launch``); what the start built is frozen now.
        gc.enable()
        self.startup_marks = (self.startup_marks[0], time.time())
        if self.exit_when_ready:
            self.exit()

    def _cannot_open(self, report: SyncReport) -> None:
        if self.exit_when_ready:  # the start-up probe: nobody is there to read a dialog
            self.exit()
            return
        if report.conflicts:
            paths = "\n".join(f"  {c.path}" for c in report.conflicts[:12])
            body = (
                "These files changed both in the database and on disk since the last sync:\n"
                f"{paths}\n\nRun `workbench sync` to see the differences and choose, or start with "
                "--prefer database or --prefer mirror. Nothing was changed."
            )
            advice = conflict_advice(report.conflicts)
            if advice:
                body += f"\n\n{advice}"
        else:
            body = "\n".join(str(i) for i in report.issues[:15]) + "\n\nNothing was changed."
        self.push_screen(
            MessageScreen("The workspace cannot be opened", body), lambda _: self.exit()
        )

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        message = failure_text(event.worker.error)
        if event.worker.group == "open":
            self._stop_spinner()
            gc.enable()  # no first screen will resume it
            if self.exit_when_ready:
                self.exit()
                return
        on_close = (lambda _: self.exit()) if event.worker.group == "open" else None
        self.push_screen(MessageScreen("Something went wrong", message), on_close)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")
        self.set_class(event.size.height < SHORT, "-short")

    def on_click(self, event: events.Click) -> None:
        # A dialog covers the screen, key bar included, and takes every click. One on the bar's
        # row, outside the dialog's own widgets, presses the key drawn there (the dialog's).
        if not isinstance(self.screen, ModalScreen) or event.screen_y != self.size.height - 1:
            return
        for below in reversed(self.screen_stack[:-1]):
            bars = below.query(KeyBar)
            if bars:
                if bars.first().press_at(int(event.screen_x)):
                    event.stop()
                return

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a toast, always as plain text: the messages quote ids, names and values the
        user typed, which Textual would read as markup (``[/x]`` fails, ``[@click=…]`` acts).
        Textual's one toast with markup of its own is worded here (``action_help_quit``)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        # ctrl+c (copy, not quit): Textual's hint, without its markup.
        self.notify("Press q or ctrl+q to quit the workbench", title="Do you want to quit?")

    @on(Notify)
    def _one_note_at_a_time(self, event: Notify) -> None:
        # A newer information toast (an edit done, a sync finished) replaces the one still
        # shown, so a run of quick edits shows one toast instead of a column of them over
        # the panes. Warnings and errors stay until they time out. (Textual has no public
        # way to take back one toast.)
        note = event.notification
        if note.severity != "information":
            return
        if self._note is not None:
            self._unnotify(self._note)
        self._note = note

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        palette = getattr(screen, "palette_commands", None)
        if palette is not None:
            yield from palette()
        else:
            yield from screen_commands(screen)
        yield SystemCommand(
            "High contrast", "Switch the high-contrast theme on or off", self.action_contrast
        )
        yield from super().get_system_commands(screen)

    async def action_quit(self) -> None:
        # Every edit is saved as it is made; what is only typed into a form or the YAML editor
        # is not, and quit (q, or Textual's ctrl+q from inside any dialog) would drop it unasked.
        holding = [s for s in self.screen_stack if _holds_unsaved_input(s)]
        if not holding or self.screen is self._quit_question:  # quit asked twice: it is meant
            self.exit()
            return
        from .screens.confirm import ConfirmScreen

        def answered(drop: bool | None) -> None:
            self._quit_question = None
            if drop:
                self.exit()

        self._quit_question = ConfirmScreen(
            "Quit and drop what is typed but not saved?",
            [str(getattr(s, "title_text", "") or type(s).__name__) for s in holding],
            yes="Quit",
            no="Go back",
            hint="Every saved edit is kept; ctrl+s in the form saves it first.",
            listed="Typed and not saved in:",
        )
        self.push_screen(self._quit_question, answered)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_contrast(self) -> None:
        self.theme = "textual-dark" if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name

    def watch_theme(self) -> None:
        # After the new styles are applied, so text laid out in advance takes the new colours.
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                self.call_after_refresh(screen.refresh_model)

    def on_unmount(self) -> None:
        if self.controller is not None:
            self.controller.close()


def screen_commands(screen: Screen[object]) -> Iterable[SystemCommand]:
    """A screen's own keys as palette commands, first: those its key bar shows (the graph's
    focus and hops, the decision log's filters), named with the screen's title."""
    for binding in type(screen).BINDINGS:
        if not isinstance(binding, Binding) or not binding.show:
            continue
        key = binding.key_display or binding.key.split(",")[0]
        title = f"{screen.title}: {binding.description}" if screen.title else binding.description
        help_text = f"{binding.tooltip or binding.description} (press {key})"
        yield SystemCommand(title, help_text, partial(screen.run_action, binding.action))


def _holds_unsaved_input(screen: Screen[object]) -> bool:
    holds = getattr(screen, "has_unsaved_input", None)
    return bool(holds()) if callable(holds) else False


def create_app(
    workspace: Path,
    db_url: str | None = None,
    prefer: Choice | None = None,
    *,
    exit_when_ready: bool = False,
) -> WorkbenchApp:
    """The one factory the CLI and the tests use."""
    return WorkbenchApp(workspace, db_url, prefer=prefer, exit_when_ready=exit_when_ready)


__all__ = ["Conflict", "WorkbenchApp", "create_app"]
