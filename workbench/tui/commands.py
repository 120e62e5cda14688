"""Command palette: jump to any entity or mapping by name."""

from __future__ import annotations

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
            yield DiscoveryHit(title, partial(self._open, scenario_id), help=help_text)

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
