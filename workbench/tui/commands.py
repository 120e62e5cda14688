"""Command palette: jump to any entity or mapping by name; import metadata; suggestions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.app import SystemCommand
from textual.command import Hit, Hits, Provider
from textual.system_commands import SystemCommandsProvider

from ..domain.base import entity_ref
from .selection import Kind, Selection

# What the palette lists before anything is typed, in this order: the commands for the selection,
# then the workbench's screens (each provider its own rank, so the order does not depend on which
# provider answers first), then every other command by name (Textual's discovery hits, score 0),
# then the entities and mappings to go to. The palette sorts what it found by score, keeping the
# order each provider gave within one score.
SELECTION_RANK = 3.0
GOVERNING_RANK = 2.9
"""The decisions governing the selection, right after the selection's own commands."""
DECISIONS_RANK = 2.5
SIMULATION_RANK = 2.4
CHECKS_RANK = 2.3
EXPORT_RANK = 2.2
IMPORT_RANK = 2.1
SIGN_OFF_RANK = 1.0
"""Signing off one open decision: after the screens, before the commands listed by name."""
GO_TO_RANK = -1.0


def _listed(rank: float, title: str, command: Callable[[], object], help_text: str) -> Hit:
    """A command the palette lists before anything is typed, at ``rank``."""
    return Hit(rank, title, command, text=title, help=help_text)


@runtime_checkable
class OffersSelection(Protocol):
    """A screen with palette commands that act on its selection (the main screen)."""

    def palette_selection(self) -> Iterable[SystemCommand]: ...


class WorkbenchCommandsProvider(SystemCommandsProvider):
    """Textual's system commands (the app's and the screen's), with the commands for the
    selection first when nothing is typed yet: Textual lists every other command by name, so
    "Edit Account" would come after "Edit stakeholders as YAML"."""

    async def discover(self) -> Hits:
        screen = self.screen
        leading = list(screen.palette_selection()) if isinstance(screen, OffersSelection) else []
        for command in leading:
            yield _listed(SELECTION_RANK, command.title, command.callback, command.help)
        titles = {command.title for command in leading}
        async for hit in super().discover():
            if hit.text not in titles:
                yield hit


class GoToProvider(Provider):
    """Hits for every entity and mapping; choosing one selects it on the main screen."""

    def _targets(self) -> list[tuple[str, str, Selection]]:
        from .screens.main import MainScreen  # the palette can open on any screen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        ws = screen.controller.workspace
        found = [
            (
                f"Go to {e.name} ({s.name})",
                e.label or e.description[:60],
                Selection(Kind.ENTITY, entity_ref(s.name, e.name)),
            )
            for s in ws.systems
            for e in s.entities
        ]
        found.extend(
            (f"Go to mapping {m.id}", m.title, Selection(Kind.MAPPING, m.id)) for m in ws.mappings
        )
        return found

    def _go(self, selection: Selection) -> None:
        from .screens.main import MainScreen

        if isinstance(self.screen, MainScreen):
            self.screen.reveal(selection)

    async def discover(self) -> Hits:
        for title, help_text, selection in self._targets()[:40]:
            yield _listed(GO_TO_RANK, title, partial(self._go, selection), help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, selection in self._targets():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._go, selection), help=help_text
                )


class ExportProvider(Provider):
    """Palette entries that open the export dialog."""

    _COMMANDS = (
        ("Export…", "Mapping spec (XLSX, CSV, JSON, YAML), design document, diagrams (press X)"),
        ("Export the design document", "Markdown and HTML with diagrams (press X)"),
    )

    def _on_main(self) -> bool:
        from .screens.main import MainScreen  # the palette can open on any screen

        return isinstance(self.screen, MainScreen)

    def _open(self) -> None:
        from .screens.main import MainScreen

        if isinstance(self.screen, MainScreen):
            self.screen.action_export()

    async def discover(self) -> Hits:
        if not self._on_main():
            return
        for title, help_text in self._COMMANDS:
            yield _listed(EXPORT_RANK, title, self._open, help_text)

    async def search(self, query: str) -> Hits:
        if not self._on_main():
            return
        matcher = self.matcher(query)
        for title, help_text in self._COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._open, help=help_text)


class ImportProvider(Provider):
    """Importing metadata and reviewing mapping suggestions, from the palette."""

    def _commands(self) -> list[tuple[str, str, str]]:
        from .screens.main import MainScreen

        if not isinstance(self.screen, MainScreen):
            return []
        return [
            (
                "Import metadata",
                "Salesforce SFDX or describe JSON, SAP OData $metadata, CSV: preview the diff",
                "import_metadata",
            ),
            (
                "Mapping suggestions",
                "Proposed mappings between the two sides, with confidence and reasons",
                "suggestions",
            ),
        ]

    def _run(self, action: str) -> None:
        from .screens.main import MainScreen

        screen = self.screen
        if isinstance(screen, MainScreen):
            getattr(screen, f"action_{action}")()

    async def discover(self) -> Hits:
        for title, help_text, action in self._commands():
            yield _listed(IMPORT_RANK, title, partial(self._run, action), help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, action), help=help_text
                )


class ChecksProvider(Provider):
    """Palette entries for the design checks."""

    def _commands(self) -> list[tuple[str, str]]:
        from .screens.main import MainScreen

        if not isinstance(self.screen, MainScreen):
            return []
        return [
            ("Design checks: show findings", "The findings grouped by area; Enter goes there"),
            ("Design checks: run again", "Check the whole design now"),
        ]

    def _run(self, title: str) -> None:
        from .screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return
        if title.endswith("show findings"):
            screen.action_findings()
        else:
            screen.check_design()

    async def discover(self) -> Hits:
        for title, help_text in self._commands():
            yield _listed(CHECKS_RANK, title, partial(self._run, title), help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, title), help=help_text
                )


GOVERNING = "Decisions governing the selection"


class DecisionsProvider(Provider):
    """The decision log from the palette: the log, the matrix, the decisions governing the
    selected element, and a sign-off of any open decision."""

    def _targets(self) -> list[tuple[float, str, str, Callable[[], object]]]:
        """(rank before anything is typed, title, help, what it runs) of each command."""
        from ..domain.signoffs import CLOSED_STATUSES
        from .screens.decisions import DecisionsScreen
        from .screens.main import MainScreen
        from .screens.matrix import SignOffMatrixScreen
        from .screens.signoff import SignOffScreen
        from .widgets.governing import link_of

        screen = self.screen
        if not isinstance(screen, MainScreen | DecisionsScreen):
            return []
        controller = screen.controller
        app = self.app
        found: list[tuple[float, str, str, Callable[[], object]]] = [
            (DECISIONS_RANK, "Decision log", "Decisions, status and sign-offs (D)", self._log),
            (
                DECISIONS_RANK,
                "Sign-off matrix",
                "Decisions x functions: approved, rejected, stale, missing",
                lambda: app.push_screen(SignOffMatrixScreen(controller)),
            ),
        ]
        if isinstance(screen, MainScreen) and screen.selection is not None:
            link = link_of(screen.selection)
            if link:
                found.append(
                    (
                        GOVERNING_RANK,
                        GOVERNING,
                        link,
                        partial(screen.action_decisions, link),
                    )
                )
        for decision in controller.workspace.decisions:
            if decision.status in CLOSED_STATUSES:
                continue
            found.append(
                (
                    SIGN_OFF_RANK,
                    f"Sign off decision {decision.number:04d}",
                    decision.title,
                    partial(app.push_screen, SignOffScreen(controller, decision), self._signed),
                )
            )
        return found

    def _log(self) -> None:
        from .screens.decisions import DecisionsScreen
        from .screens.main import MainScreen

        screen = self.screen
        if isinstance(screen, MainScreen):
            screen.action_decisions()
        elif isinstance(screen, DecisionsScreen):
            screen.action_filter_all()

    def _signed(self, _recorded: bool | None) -> None:
        from .screens.decisions import DecisionsScreen
        from .screens.main import MainScreen

        screen = self.app.screen
        if isinstance(screen, DecisionsScreen):
            screen.refresh_log()
        elif isinstance(screen, MainScreen):
            screen.refresh_model()

    async def discover(self) -> Hits:
        for rank, title, help_text, run in self._targets()[:12]:
            yield _listed(rank, title, run, help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for _rank, title, help_text, run in self._targets():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)


class SimulationProvider(Provider):
    """Palette entries that open the simulation screen, on its own or on one scenario."""

    def _targets(self) -> list[tuple[str, str, str | None]]:
        from .screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        scenarios = sorted(screen.controller.workspace.scenarios, key=lambda s: s.id)
        found: list[tuple[str, str, str | None]] = [
            ("Simulate scenarios", "Run edge-case orders through the design", None)
        ]
        found.extend((f"Simulate {s.id}", s.title, s.id) for s in scenarios)
        return found

    def _open(self, scenario_id: str | None) -> None:
        from .screens.main import MainScreen

        if isinstance(self.screen, MainScreen):
            self.screen.action_simulate(scenario_id)

    async def discover(self) -> Hits:
        for title, help_text, scenario_id in self._targets()[:1]:
            yield _listed(SIMULATION_RANK, title, partial(self._open, scenario_id), help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, scenario_id in self._targets():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._open, scenario_id),
                    help=help_text,
                )
