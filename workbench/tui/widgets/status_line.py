"""The status line: workspace, database, the mirror's state, and counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...domain.base import counted
from ..controller import Controller
from .colors import Colors

# What gives way when the line is too narrow for everything: first the database's name goes;
# then the stale sign-offs' badge takes its short form; then the size of the model and the note
# on the last sync (it answers the key just pressed) go; then the mirror's state takes its
# short form, and last the workspace's name is cut. The counts that change during a workshop
# (incomplete, checks, stale sign-offs) stay.
_DROP_FIRST = ("database",)
_DROP_ORDER = ("size", "sync note")
_SHORTEST_NAME = 8


class StatusLine(Static):
    def show(self, controller: Controller) -> None:
        colors = Colors.of(self.app)
        ws = controller.workspace
        mirror = controller.mirror_label()
        mirror_style = colors.good if mirror == "mirror in step" else f"bold {colors.warn}"
        shorter = {"mirror": Text(f" {controller.mirror_label(short=True)} ", style=mirror_style)}
        parts: list[tuple[str, Text]] = [
            ("name", Text(f" {ws.name} ", style="bold reverse")),
            ("database", Text(f" {controller.database_label()} ", style="dim")),
            ("mirror", Text(f" {mirror} ", style=mirror_style)),
        ]
        if controller.sync_note:
            parts.append(("sync note", Text(f"{controller.sync_note} ", style="dim")))
        size = f" {counted(ws.entity_count, 'entity')} · {counted(len(ws.mappings), 'mapping')} "
        parts.append(("size", Text(size)))
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
            badge = f"bold {colors.warn}"
            # Decisions are counted (one change can make all of a decision's sign-offs stale);
            # (D): the key that opens the decision log, where they are signed again.
            which = "decision" if len(stale) == 1 else "decisions"
            parts.append(
                ("stale", Text(f" ⚠ {len(stale)} {which} with stale sign-offs (D) ", style=badge))
            )
            shorter["stale"] = Text(f" ⚠ {len(stale)} stale (D) ", style=badge)
        self.update(fitted(parts, self.size.width, shorter))

    def on_resize(self) -> None:
        controller = getattr(self.screen, "controller", None)
        if controller is not None:
            self.show(controller)


def fitted(
    parts: list[tuple[str, Text]], width: int, shorter: dict[str, Text] | None = None
) -> Text:
    """The parts in order, made to fit ``width`` as far as they can: those in ``_DROP_FIRST``
    left out, then the ``shorter`` forms taken but the mirror's, then those in ``_DROP_ORDER``
    left out (first ones first), then the mirror's short form taken, then the workspace's name
    (the part called "name") cut; what still does not fit is cut at the end."""

    def total(line: list[tuple[str, Text]]) -> int:
        return sum(text.cell_len for _, text in line)

    kept = list(parts)
    shorter = shorter or {}
    steps: list[tuple[str, Text | None]] = [(name, None) for name in _DROP_FIRST]
    # The stale sign-offs' badge shortens before a count goes (its long form is only words);
    # the mirror's state keeps its words longest (they say which key to press).
    steps += [(name, short) for name, short in shorter.items() if name != "mirror"]
    steps += [(name, None) for name in _DROP_ORDER]
    steps += [(name, short) for name, short in shorter.items() if name == "mirror"]
    for name, short in steps:  # None: the part goes
        if total(kept) <= width:
            break
        if short is None:
            kept = [(n, text) for n, text in kept if n != name]
        else:
            kept = [(n, short if n == name else text) for n, text in kept]
    excess = total(kept) - width
    if excess > 0:
        kept = [(n, _cut_name(text, excess) if n == "name" else text) for n, text in kept]
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    for _, text in kept:
        line.append_text(text)
    return line


def _cut_name(text: Text, excess: int) -> Text:
    """The name part (`` name ``) shorter by ``excess`` cells, ending in …, not below
    ``_SHORTEST_NAME`` characters."""
    name = text.plain.strip()
    keep = max(len(name) - excess - 1, _SHORTEST_NAME - 1)
    if keep >= len(name):
        return text
    return Text(f" {name[:keep]}… ", style=text.style)
