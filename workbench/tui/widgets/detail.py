"""The detail pane: everything about the selected element, read-only (forms do the editing)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.base import split_entity_ref
from ...domain.mappings import Mapping
from ...domain.systems import Entity, System
from ..controller import Controller
from ..selection import Kind, Selection
from .colors import Colors
from .labels import field_flags, field_summary, mapping_line


class DetailPane(VerticalScroll):
    """Shows one element; ``brief`` (presenter mode) leaves out descriptions and minor columns."""

    DEFAULT_CSS = """
    DetailPane > Static { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._body = Static("", id="detail-body")
        self.can_focus = True

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._body

    def show(
        self, controller: Controller, selection: Selection | None, brief: bool = False
    ) -> None:
        colors = Colors.of(self.app)
        renderable: RenderableType
        if selection is None:
            renderable = _welcome(controller)
        else:
            renderable = _render(controller, selection, colors, brief) or Text(
                f"{selection.describe()} no longer exists", style="italic"
            )
        self._body.update(renderable)
        self.scroll_home(animate=False)


def _welcome(controller: Controller) -> RenderableType:
    ws = controller.workspace
    text = Text(ws.title or ws.name, style="bold")
    if ws.description:
        text.append("\n" + ws.description)
    text.append(
        "\n\nMove with the arrow keys and Tab; / searches, n adds, e edits, m maps an entity, "
        "1-4 and 0 set a mapping's cardinality, < and > its owner, g shows the graph, ? lists every key.",
        style="dim",
    )
    return text


def _render(
    controller: Controller, selection: Selection, colors: Colors, brief: bool
) -> RenderableType | None:
    ws = controller.workspace
    if selection.kind is Kind.SYSTEM:
        system = ws.system(selection.key)
        return _system(system, brief) if system else None
    if selection.kind in (Kind.ENTITY, Kind.FIELD):
        ref = selection.entity_ref or ""
        entity = ws.entity(ref)
        if entity is None:
            return None
        return _entity(controller, ref, entity, selection.field_name, colors, brief)
    if selection.kind is Kind.MAPPING:
        mapping = ws.mapping(selection.key)
        return _mapping(controller, mapping, colors, brief) if mapping else None
    if selection.kind is Kind.RELATIONSHIP:
        system_name, name = split_entity_ref(selection.key)
        system = ws.system(system_name)
        rel = next((r for r in system.relationships if r.name == name), None) if system else None
        if rel is None:
            return None
        text = Text(f"{rel.parent} ─{rel.cardinality}─▶ {rel.child}", style="bold")
        text.append(f"\n{rel.kind} via {rel.via_field or '(no field)'} in {system_name}")
        if rel.description and not brief:
            text.append(f"\n{rel.description}")
        return text
    return None


def _heading(title: str, aside: str) -> Text:
    text = Text(title, style="bold")
    if aside:
        text.append(f"   {aside}", style="dim")
    return text


def _system(system: System, brief: bool) -> RenderableType:
    fields = sum(len(e.fields) for e in system.entities)
    parts: list[RenderableType] = [
        _heading(
            system.display_name,
            f"{system.name} · {system.role} · {system.effective_side.value.upper()} side",
        ),
        Text(
            f"{len(system.entities)} entities · {fields} fields · {len(system.relationships)} relationships"
        ),
    ]
    vendor = " ".join(part for part in (system.vendor, system.version) if part)
    if vendor:
        parts.append(Text(vendor, style="dim"))
    if system.description and not brief:
        parts.append(Text(system.description))
    return Group(*parts)


def _entity(
    controller: Controller,
    ref: str,
    entity: Entity,
    field_name: str | None,
    colors: Colors,
    brief: bool,
) -> RenderableType:
    system = split_entity_ref(ref)[0]
    parts: list[RenderableType] = [
        _heading(
            entity.name,
            f"{entity.label + ' · ' if entity.label else ''}{system} · {entity.kind} · {len(entity.fields)} fields",
        )
    ]
    if entity.description and not brief:
        parts.append(Text(entity.description))
    mappings = controller.workspace.mappings_of(ref)
    incomplete = controller.incomplete_mappings
    if mappings:
        parts.append(Text("\nMappings", style="bold"))
        for m in mappings:
            line = mapping_line(controller.workspace, m, m.id in incomplete, colors)
            line.append(f"  {m.id} · {m.status}", style="dim")
            parts.append(line)
    else:
        parts.append(
            Text(
                "\nNot mapped yet: press m to map it, or map it with cardinality 0 (no counterpart).",
                style=colors.warn,
            )
        )
    if entity.fields:
        table = Table(box=None, pad_edge=False, show_edge=False, expand=False, title_justify="left")
        table.add_column("field", style="bold")
        table.add_column("type")
        table.add_column("flags", style="dim")
        if not brief:
            table.add_column("label", style="dim")
        for field in entity.fields:
            style = f"reverse {colors.accent}" if field.name == field_name else ""
            row = [field.name, field_summary(field), field_flags(field)]
            if not brief:
                row.append(field.label)
            table.add_row(*row, style=style)
        parts.extend([Text("\nFields", style="bold"), table])
    return Group(*parts)


def _mapping(
    controller: Controller, mapping: Mapping, colors: Colors, brief: bool
) -> RenderableType:
    ws = controller.workspace
    incomplete = mapping.id in controller.incomplete_mappings
    head = mapping_line(ws, mapping, incomplete, colors)
    head.append(
        f"   {mapping.status}" + (f" · {mapping.area}" if mapping.area else ""), style="dim"
    )
    parts: list[RenderableType] = [head]
    if mapping.title:
        parts.append(Text(mapping.title, style="bold"))
    if mapping.is_no_counterpart:
        parts.append(Text(f"No counterpart: {mapping.reason or '(reason missing)'}"))
    rules: list[tuple[str, str]] = []
    if mapping.sync:
        s = mapping.sync
        when = s.event if s.trigger == "event" else s.schedule
        rules.append(("Sync", f"{s.direction} · {s.trigger}{': ' + when if when else ''}"))
    if mapping.resolution:
        r = mapping.resolution
        rules.append(
            (
                "Resolution",
                f"match on {', '.join(r.match_on) or '(nothing yet)'} · none → {r.when_none} · several → {r.when_many}",
            )
        )
    if mapping.split:
        rules.append(("Split", "one document per " + ", ".join(mapping.split.group_by)))
    if mapping.aggregation:
        rules.append(("Aggregation", "by " + ", ".join(mapping.aggregation.group_by)))
    if mapping.bundle:
        b = mapping.bundle
        rules.append(
            (
                "Bundle",
                f"{'explode to lines' if b.explode_to_lines else 'one line with BOM'} · price {b.price_allocation}",
            )
        )
    if mapping.amendment:
        a = mapping.amendment
        rules.append(
            (
                "Amendment",
                f"{a.strategy} · proration {a.proration}{' · co-termed' if a.co_term else ''}"
                f"{' · billing history kept' if a.preserve_billing_history else ''}",
            )
        )
    for xref in mapping.keys:
        rules.append(("Key", f"{xref.source_field} ↔ {xref.target_field}"))
    if rules:
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(style="bold")
        table.add_column()
        for name, value in rules:
            table.add_row(name, value)
        parts.append(table)
    if mapping.field_mappings:
        table = Table(
            box=None,
            pad_edge=False,
            title=f"Field mappings ({len(mapping.field_mappings)})",
            title_justify="left",
            title_style="bold",
        )
        table.add_column("target", style="bold")
        table.add_column("← source")
        table.add_column("transform / default")
        if not brief:
            table.add_column("value map", style="dim")
            table.add_column("owner", style="dim")
        for fm in mapping.field_mappings:
            how = fm.transform or (f"default {fm.default!r}" if fm.default is not None else "")
            row = [fm.target + (" *" if fm.required else ""), fm.source or "", how]
            if not brief:
                row.extend([fm.value_map or "", fm.owner or ""])
            table.add_row(*row)
        parts.append(table)
    if mapping.error_policy:
        table = Table(
            box=None,
            pad_edge=False,
            title=f"Error policy ({len(mapping.error_policy)})",
            title_justify="left",
            title_style="bold",
        )
        table.add_column("failure", style="bold")
        table.add_column("route")
        table.add_column("notify")
        if not brief:
            table.add_column("correction back", style="dim")
        for rule in mapping.error_policy:
            row = [rule.failure, rule.route, ", ".join(rule.notify)]
            if not brief:
                row.append(rule.correction)
            table.add_row(*row)
        parts.append(table)
    elif not mapping.is_no_counterpart:
        parts.append(
            Text(
                "No error policy yet: who is told when this fails, and how does the fix get back?",
                style=colors.warn,
            )
        )
    for issue in controller.warnings_for_mapping(mapping.id):
        parts.append(
            Text(
                f"⚠ {issue.message}",
                style=colors.warn if issue.severity == "warning" else colors.bad,
            )
        )
    if mapping.notes and not brief:
        parts.append(Text(mapping.notes, style="dim"))
    return Group(*parts)
