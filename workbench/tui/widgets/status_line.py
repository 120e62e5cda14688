"""The status line: workspace, database, the mirror's state, and counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..controller import Controller
from .colors import Colors

# What goes first when the line is too narrow for everything: the database's name, then the
# size of the model, then the note on the last sync (it answers the key just pressed). The
# mirror's state and the counts that change during a workshop (incomplete, checks, stale
# sign-offs) always stay.
_DROP_ORDER = ("database", "size", "sync note")


class StatusLine(Static):
    def show(self, controller: Controller) -> None:
        colors = Colors.of(self.app)
        ws = controller.workspace
        mirror = controller.mirror_label()
        parts: list[tuple[str, Text]] = [
            ("name", Text(f" {ws.name} ", style="bold reverse")),
            ("database", Text(f" {controller.database_label()} ", style="dim")),
            (
                "mirror",
                Text(
                    f" {mirror} ",
                    style=colors.good if mirror == "mirror in step" else f"bold {colors.warn}",
                ),
            ),
        ]
        if controller.sync_note:
            parts.append(("sync note", Text(f"{controller.sync_note} ", style="dim")))
        parts.append(("size", Text(f" {ws.entity_count} entities · {len(ws.mappings)} mappings ")))
        if controller.validated:
            incomplete = len(controller.shown_incomplete)
            parts.append(
                (
                    "incomplete",
                    Text(
                        f" {incomplete} incomplete ",
                        style=f"bold {colors.warn}" if incomplete else colors.good,
                    ),
                )
            )
        else:  # the opening screen of a large model: the count follows in a moment
            parts.append(("incomplete", Text(" … incomplete ", style="dim")))
        if controller.findings is not None:  # the design-check badge (c opens the list)
            counts = controller.findings[1].summary()
            parts.append(
                (
                    "checks",
                    Text(
                        f" {counts['error']}E {counts['warning']}W ",
                        style=f"bold {colors.bad}" if counts["error"] else colors.warn,
                    ),
                )
            )
        stale = controller.shown_stale_decisions
        if stale:  # only when there is something to sign again
            parts.append(
                (
                    "stale",
                    Text(f" ⚠ {len(stale)} stale sign-off(s): D ", style=f"bold {colors.warn}"),
                )
            )
        self.update(fitted(parts, self.size.width))

    def on_resize(self) -> None:
        controller = getattr(self.screen, "controller", None)
        if controller is not None:
            self.show(controller)


def fitted(parts: list[tuple[str, Text]], width: int) -> Text:
    """The parts in order, leaving out those in ``_DROP_ORDER`` (first ones first) until the
    line fits ``width``; what still does not fit is cut at the end."""
    kept = list(parts)
    for name in _DROP_ORDER:
        if sum(text.cell_len for _, text in kept) <= width:
            break
        kept = [(n, text) for n, text in kept if n != name]
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    for _, text in kept:
        line.append_text(text)
    return line
