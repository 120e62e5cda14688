"""The decisions that govern the selected model element, as a few lines for the detail pane."""

from __future__ import annotations

from rich.text import Text

from ...domain.signoffs import governing_decisions
from ...services.decisions import state_label
from ..controller import Controller
from ..selection import Kind, Selection
from .colors import Colors
from .signoff_marks import log_mark


def link_of(selection: Selection) -> str | None:
    """The decision link that names the selected element (None for a relationship)."""
    if selection.kind is Kind.SYSTEM:
        return f"system:{selection.key}"
    if selection.kind is Kind.ENTITY:
        return f"entity:{selection.key}"
    if selection.kind is Kind.FIELD:
        return f"field:{selection.entity_ref}.{selection.field_name}"
    if selection.kind is Kind.MAPPING:
        return f"mapping:{selection.key}"
    return None


def governing_text(controller: Controller, selection: Selection, colors: Colors) -> Text | None:
    link = link_of(selection)
    if link is None:
        return None
    ws = controller.workspace
    found = governing_decisions(ws, link)
    if not found:
        return None
    text = Text("Decisions ", style="bold")
    text.append("(D opens the decision log)", style="dim")
    for decision in found:
        text.append("\n")
        text.append_text(log_mark(state_label(ws, decision), colors, after="  "))
        text.append(f"{decision.number:04d} {decision.title}  ")
        text.append(str(decision.status), style="dim")
    return text
