"""Command palette: jump to any entity or mapping by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..domain.base import entity_ref
from .selection import Kind, Selection


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
            yield DiscoveryHit(title, partial(self._go, selection), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, selection in self._targets():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._go, selection), help=help_text
                )


class DecisionsProvider(Provider):
    """The decision log from the palette: the log, the matrix, the decisions governing the
    selected element, and a sign-off of any open decision."""

    def _targets(self) -> list[tuple[str, str, Callable[[], object]]]:
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
        found: list[tuple[str, str, Callable[[], object]]] = [
            ("Decision log", "Decisions, status and sign-offs (D)", self._log),
            (
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
                        "Decisions governing the selection",
                        link,
                        partial(screen.action_decisions, link),
                    )
                )
        for decision in controller.workspace.decisions:
            if decision.status in CLOSED_STATUSES:
                continue
            found.append(
                (
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
        for title, help_text, run in self._targets()[:12]:
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._targets():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
