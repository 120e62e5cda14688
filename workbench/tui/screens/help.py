"""Every key that works on the screen you came from, with what it does."""

from __future__ import annotations

import re

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

DIALOG_HELP = Binding(
    "question_mark",
    "app.help",
    "Help",
    show=False,
    id="dialog.help",
    tooltip="List the keys of this dialog",
)
"""For every dialog: the app's own ``?`` does not reach past a modal screen."""


def _sections(screen: Screen[object]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The keys that work on ``screen`` now, from Textual's own list of them (the focused
    widget's, the screen's and, outside a dialog, the app's), grouped by where they are
    defined: each row the keys of one action, then what it does."""
    rows: dict[tuple[int, str, str], tuple[DOMNode, Binding, list[str]]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        what = binding.tooltip or binding.description
        group = (id(active.node), binding.action, what)
        rows.setdefault(group, (active.node, binding, []))[2].append(key)
    by_node: dict[int, tuple[DOMNode, list[tuple[str, str]]]] = {}
    # The workbench's own keys (they all have an id) before those every Textual screen has.
    for node, binding, keys in sorted(rows.values(), key=lambda row: row[1].id is None):
        shown = " / ".join(screen.app.get_key_display(Binding(k, binding.action)) for k in keys)
        by_node.setdefault(id(node), (node, []))[1].append(
            (shown, binding.tooltip or binding.description)
        )
    order = sorted(by_node.values(), key=lambda item: _rank(item[0], screen))
    return [(_heading(node, screen), lines) for node, lines in order]


def _rank(node: DOMNode, screen: Screen[object]) -> int:
    return 0 if node is screen else 2 if node is screen.app else 1


def _heading(node: DOMNode, screen: Screen[object]) -> str:
    if node is screen:
        return "This screen"
    if node is screen.app:
        return "Everywhere"
    return f"In the {getattr(node, 'help_name', '') or _words(type(node).__name__)}"


_WIDGET_WORDS = {"VerticalScroll": "scrolling text", "OptionList": "list", "DataTable": "table"}


def _words(class_name: str) -> str:
    """A widget's class name as the help says it (``TextArea``: text area)."""
    known = _WIDGET_WORDS.get(class_name)
    if known:
        return known
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name).lower()


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding(
            "escape,question_mark,q", "close", "Close", id="help.close", tooltip="Close the help"
        )
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        table = Table(box=None, pad_edge=False, expand=True, show_header=True, header_style="bold")
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("does")
        listed: set[str] = set()
        for heading, lines in _sections(self.for_screen):
            table.add_row(Text(heading, style="bold underline"), "")
            for keys, what in lines:
                table.add_row(keys, what)
                listed.update(keys.split(" / "))
        if "tab" not in listed:
            table.add_row("tab / shift+tab", "Move between the panes")
        with Vertical(id="dialog", classes="help"):
            yield Label("Keys", id="question")
            with VerticalScroll():
                yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
