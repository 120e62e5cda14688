"""The status line: workspace, database, the mirror's state, and counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..controller import Controller
from .colors import Colors


class StatusLine(Static):
    def show(self, controller: Controller) -> None:
        colors = Colors.of(self.app)
        ws = controller.workspace
        incomplete = len(controller.shown_incomplete)
        mirror = controller.mirror_label()
        text = Text()
        text.append(f" {ws.name} ", style="bold reverse")
        if self.size.width >= 100:  # narrow terminals keep what changes during a workshop
            text.append(f" {controller.database_label()} ", style="dim")
        text.append(
            f" {mirror} ",
            style=colors.good if mirror == "mirror in step" else f"bold {colors.warn}",
        )
        if controller.sync_note:
            text.append(f"{controller.sync_note} ", style="dim")
        text.append(f" {ws.entity_count} entities · {len(ws.mappings)} mappings ")
        if controller.validated:
            text.append(
                f" {incomplete} incomplete ",
                style=f"bold {colors.warn}" if incomplete else colors.good,
            )
        else:  # the opening screen of a large model: the count follows in a moment
            text.append(" … incomplete ", style="dim")
        if controller.findings is not None:  # the design-check badge (c opens the list)
            counts = controller.findings[1].summary()
            text.append(
                f" {counts['error']}E {counts['warning']}W ",
                style=f"bold {colors.bad}" if counts["error"] else colors.warn,
            )
        stale = controller.shown_stale_decisions
        if stale:  # only when there is something to sign again
            text.append(f" ⚠ {len(stale)} stale sign-off(s): D ", style=f"bold {colors.warn}")
        self.update(text)

    def on_resize(self) -> None:
        controller = getattr(self.screen, "controller", None)
        if controller is not None:
            self.show(controller)
