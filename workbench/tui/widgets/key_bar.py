"""The key bar at the foot of a screen: the keys that work here, in one widget.

Textual's ``Footer`` is a container with one widget per key, composed again on every focus
change; on the main screen its eleven keys were a third of the time from opening the workspace
to the first frame. This bar draws the same keys as one line of text and hit-tests the mouse
against the spans it drew, so a focus change is one repaint.

While a dialog (a modal screen) is open over the bar's screen, the bar shows the dialog's keys:
the screen's own do nothing until it closes, and the bar stays in view under the dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import groupby

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widget import Widget


@dataclass(frozen=True)
class Key:
    """One key as drawn: where it sits on the line, what it does and says."""

    key: str
    """The key to simulate when clicked (the binding's first key)."""
    display: str
    description: str
    tooltip: str
    enabled: bool
    action: str = ""
    start: int = 0
    end: int = 0

    @property
    def is_help(self) -> bool:
        """The key that lists all the others: kept when the bar is too narrow for every key."""
        return self.action.rpartition(".")[2] == "help"


def shown_keys(screen: Screen[object]) -> tuple[list[Key], Key | None]:
    """The keys to draw for ``screen``'s focus chain (those bound with ``show``), one per action
    in binding order, and the command palette's key (drawn on the right) when it is active."""
    app = screen.app
    active = screen.active_bindings
    by_action: dict[str, tuple[Binding, bool, str]] = {}
    for _node, binding, enabled, tooltip in active.values():
        if binding.show:
            by_action.setdefault(binding.action, (binding, enabled, tooltip))
    keys: list[Key] = []
    for group, members_iter in groupby(by_action.values(), lambda member: member[0].group):
        members = list(members_iter)
        if group is not None and len(members) > 1:
            # A group (such as "1-4 cardinality") draws its keys together and one description.
            for index, (binding, enabled, tooltip) in enumerate(members):
                last = index == len(members) - 1
                keys.append(
                    Key(
                        binding.key,
                        app.get_key_display(binding),
                        group.description if last else "",
                        tooltip or binding.description,
                        enabled,
                        binding.action,
                    )
                )
            continue
        for binding, enabled, tooltip in members:
            keys.append(
                Key(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    tooltip or binding.tooltip,
                    enabled,
                    binding.action,
                )
            )
    palette: Key | None = None
    if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
        _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
        palette = Key(
            binding.key,
            app.get_key_display(binding),
            binding.description,
            binding.tooltip or binding.description,
            enabled,
        )
    return keys, palette


class KeyBar(Widget, can_focus=False):
    """The screen's keys on one line; a click on a key presses it, hovering shows its tooltip."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[Key] = []
        self._palette: Key | None = None
        self._drawn: list[Key] = []
        self._hover: Key | None = None
        self._source: Screen[object] | None = None

    def on_mount(self) -> None:
        self.app.screen_change_signal.subscribe(self, self._screen_changed)
        # A dialog pushed in the same moment as this screen (an error shown on opening) said
        # so before the bar listened: look at the stack as it is now.
        self._follow(self._keys_from())

    def on_unmount(self) -> None:
        self.app.screen_change_signal.unsubscribe(self)
        if self._source is not None:
            self._source.bindings_updated_signal.unsubscribe(self)
        self._source = None

    @property
    def source(self) -> Screen[object]:
        """The screen whose keys the bar shows: a dialog open over this one, or this one."""
        return self._source if self._source is not None else self.screen

    def _keys_from(self) -> Screen[object]:
        top = self.app.screen
        if top is not self.screen and isinstance(top, ModalScreen):
            stack = self.app.screen_stack
            if self.screen in stack and all(
                isinstance(above, ModalScreen) for above in stack[stack.index(self.screen) + 1 :]
            ):
                return top  # only dialogs above: this screen, and so the bar, is in view
        return self.screen

    def _screen_changed(self, _screen: Screen[object]) -> None:
        if self.is_attached:
            self._follow(self._keys_from())

    def _follow(self, source: Screen[object]) -> None:
        if source is not self._source:
            if self._source is not None:
                self._source.bindings_updated_signal.unsubscribe(self)
            source.bindings_updated_signal.subscribe(self, self._bindings_changed)
            self._source = source
        self._collect()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # When the terminal loses focus Textual clears the focus and says the bindings changed;
        # the keys of the widget that had it come back with the focus, so keep showing them.
        if self.is_attached and screen is self._source and screen.app.app_focus:
            self._collect()

    def _collect(self) -> None:
        keys, palette = shown_keys(self.source)
        if keys != self._keys or palette != self._palette:
            self._keys, self._palette = keys, palette
            self._hover = None
            self.tooltip = None
            self.refresh()

    @property
    def keys(self) -> list[Key]:
        """The keys drawn in the last frame, with their columns (the palette's last)."""
        return list(self._drawn)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        hover_style = self.get_component_rich_style("key-bar--hover")
        dim = Style(dim=True)
        width = self.size.width
        right = self._palette_text(key_style, text_style)
        room = width - (right.cell_len if right is not None else 0)
        parts = [(key, self._key_text(key, key_style, text_style)) for key in self._keys]
        if sum(part.cell_len for _, part in parts) > room:
            # Not all fit: keep the keys in order while they do, and the help key last (it
            # lists the others; so does the palette on the right).
            helper = [(key, part) for key, part in parts if key.is_help]
            if sum(part.cell_len for _, part in helper) > room:
                helper = []  # not even the help key fits: the palette's key alone remains
            room -= sum(part.cell_len for _, part in helper)
            kept: list[tuple[Key, Text]] = []
            for key, part in parts:
                if key.is_help:
                    continue
                if sum(p.cell_len for _, p in kept) + part.cell_len > room:
                    break
                kept.append((key, part))
            parts = kept + helper
        line = Text(no_wrap=True, overflow="crop", end="")
        drawn: list[Key] = []
        for key, part in parts:
            start = line.cell_len
            self._style_part(part, key, dim, hover_style)
            line.append_text(part)
            drawn.append(_placed(key, start, line.cell_len))
        if right is not None and self._palette is not None:
            line.append(" " * max(0, width - line.cell_len - right.cell_len))
            start = line.cell_len
            self._style_part(right, self._palette, dim, hover_style)
            line.append_text(right)
            drawn.append(_placed(self._palette, start, line.cell_len))
        self._drawn = drawn
        return line

    @staticmethod
    def _key_text(key: Key, key_style: Style, text_style: Style) -> Text:
        part = Text.assemble((f" {key.display} ", key_style))
        if key.description:
            part.append(f"{key.description} ", text_style)
        return part

    def _palette_text(self, key_style: Style, text_style: Style) -> Text | None:
        if self._palette is None:
            return None
        text = Text.assemble(("▏", Style(dim=True)), (f"{self._palette.display} ", key_style))
        text.append(f"{self._palette.description} ", text_style)
        return text

    def _style_part(self, part: Text, key: Key, dim: Style, hover: Style) -> None:
        if not key.enabled:
            part.stylize(dim)
        elif self._hover is not None and self._hover.key == key.key:
            part.stylize(hover)

    def _key_at(self, x: int) -> Key | None:
        return next((key for key in self._drawn if key.start <= x < key.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        if key != self._hover:
            self._hover = key
            self.tooltip = (key.tooltip or None) if key is not None else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        if self.press_at(event.x):
            event.stop()

    def press_at(self, x: int) -> bool:
        """Press the key drawn at column ``x`` (a disabled one rings); False when no key is
        there. A dialog over the bar takes the mouse, and hands its clicks on this row here."""
        key = self._key_at(x)
        if key is None:
            return False
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
        return True


def _placed(key: Key, start: int, end: int) -> Key:
    return replace(key, start=start, end=end)
