"""How model elements read on screen: one place for the notation."""

from __future__ import annotations

from rich.text import Text

from ...domain.base import split_entity_ref
from ...domain.mappings import Cardinality, Mapping
from ...domain.systems import Field
from ...domain.workspace import Workspace
from ..name_cuts import NameCutter, fit_names
from .colors import Colors

ARROW = "▶"


def owner_label(workspace: Workspace, mapping: Mapping) -> str:
    """``SoR ERP``, ``SoR CRM``, or ``SoR ?`` when nobody owns it yet."""
    if mapping.system_of_record is None:
        return "SoR ?" if not mapping.is_no_counterpart else ""
    system = workspace.system(mapping.system_of_record)
    side = system.effective_side.value.upper() if system else "?"
    return f"SoR {side}"


def mapping_line_length(workspace: Workspace, mapping: Mapping, aside: str = "") -> int:
    """Cells of ``mapping_line`` with nothing cut (what the mapping pane needs at most)."""
    none = mapping.cardinality is Cardinality.NONE
    link = " ─╳ no counterpart" if none else f" ─{mapping.cardinality}─{ARROW} "
    target = "" if none else split_entity_ref(mapping.target or ":")[1]
    owner = owner_label(workspace, mapping)
    return (
        2
        + len(split_entity_ref(mapping.source)[1])
        + len(link)
        + len(target)
        + (len(owner) + 2 if owner else 0)
        + (len(aside) + 2 if aside else 0)
    )


def mapping_line(
    workspace: Workspace,
    mapping: Mapping,
    incomplete: bool,
    colors: Colors,
    width: int = 0,
    cutter: NameCutter | None = None,
    aside: str = "",
) -> Text:
    """``Account ─1:N─▶ A_Customer  SoR ERP`` with an incompleteness mark. Given a ``width``
    and the model's ``cutter``, long names give way so that the cardinality and the owner stay
    in view. ``aside`` (dim, after the owner) tells apart lines that would read the same."""
    mark = "⚠ " if incomplete else "  "
    source = split_entity_ref(mapping.source)[1]
    none = mapping.cardinality is Cardinality.NONE
    link = " ─╳ no counterpart" if none else f" ─{mapping.cardinality}─{ARROW} "
    target = "" if none else split_entity_ref(mapping.target or ":")[1]
    owner = owner_label(workspace, mapping)
    tail = f"  {owner}" if owner else ""
    after = f"  {aside}" if aside else ""
    if width and len(mark) + len(source) + len(link) + len(target) + len(tail + after) > width:
        after = ""  # the names come first: the aside shows only beside whole names
    tail += after
    if width and cutter is not None:
        fixed = len(mark) + len(link) + len(tail)
        if none and len(source) > width - fixed:
            # The entity's name says which record this is; "none" says the rest in less room.
            link = " ─╳ none"
            fixed = len(mark) + len(link) + len(tail)
        names = [source] if none else [source, target]
        cut = fit_names(names, width - fixed, cutter)
        source, target = cut[0], (cut[1] if not none else "")
    text = Text()
    text.append(mark, style=f"bold {colors.warn}" if incomplete else "")
    text.append(source, style="bold")
    if none:
        text.append(link, style="dim italic")
    else:
        text.append(link, style=colors.accent)
        text.append(target, style="bold")
    if owner:
        text.append(
            tail[: len(tail) - len(after)], style=colors.warn if owner == "SoR ?" else colors.owner
        )
    if after:
        text.append(after, style="dim")
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
