"""How model elements read on screen: one place for the notation."""

from __future__ import annotations

from rich.text import Text

from ...domain.base import split_entity_ref
from ...domain.mappings import Cardinality, Mapping
from ...domain.systems import Field
from ...domain.workspace import Workspace
from .colors import Colors

ARROW = "▶"


def owner_label(workspace: Workspace, mapping: Mapping) -> str:
    """``SoR ERP``, ``SoR CRM``, or ``SoR ?`` when nobody owns it yet."""
    if mapping.system_of_record is None:
        return "SoR ?" if not mapping.is_no_counterpart else ""
    system = workspace.system(mapping.system_of_record)
    side = system.effective_side.value.upper() if system else "?"
    return f"SoR {side}"


def mapping_line(
    workspace: Workspace, mapping: Mapping, incomplete: bool, colors: Colors, width: int = 0
) -> Text:
    """``Account ─1:N─▶ A_Customer  SoR ERP`` with an incompleteness mark."""
    source = split_entity_ref(mapping.source)[1]
    text = Text()
    text.append("⚠ " if incomplete else "  ", style=f"bold {colors.warn}" if incomplete else "")
    text.append(source, style="bold")
    if mapping.cardinality is Cardinality.NONE:
        text.append(" ─╳ no counterpart", style="dim italic")
    else:
        target = split_entity_ref(mapping.target or ":")[1]
        text.append(f" ─{mapping.cardinality}─{ARROW} ", style=colors.accent)
        text.append(target, style="bold")
    owner = owner_label(workspace, mapping)
    if owner:
        text.append(f"  {owner}", style=colors.warn if owner == "SoR ?" else colors.owner)
    if width:
        text.truncate(width, overflow="ellipsis")
    return text


def field_summary(field: Field) -> str:
    """``string(255)``, ``decimal(15,3)``, ``picklist``: the type as an implementer writes it."""
    kind = field.type.value
    if field.length is not None:
        return f"{kind}({field.length})"
    if field.precision is not None:
        return f"{kind}({field.precision},{field.scale or 0})"
    return kind


def field_flags(field: Field) -> str:
    flags = []
    if field.key:
        flags.append("key")
    if field.required:
        flags.append("required")
    if field.external_id:
        flags.append("ext id")
    return ", ".join(flags)
