"""The detail pane: everything about the selected element, read-only (forms do the editing)."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...domain.base import counted, split_entity_ref
from ...domain.mappings import Mapping, describe_sync
from ...domain.systems import Entity, System
from ..controller import Controller
from ..selection import Kind, Selection
from .colors import Colors
from .columns import Column, columns, prose
from .governing import governing_text
from .labels import field_flags, field_summary, mapping_line

_HEIGHT_STEP = 24


class DetailPane(ScrollView, can_focus=True):
    """Shows one element; ``brief`` (presenter mode) leaves out descriptions and minor columns.

    The text is laid out into lines once per selection (and per width); painting only crops
    those lines, and a new selection needs no relayout of the screen, so the pane follows the
    cursor within a frame or two even on a large model.
    """

    help_name = "detail pane"
    """What the help screen calls this pane."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text: RenderableType = Text("")
        self._lines: list[Strip] = []
        self._width = 0
        self._selected_field: str | None = None
        self._focus_line: int | None = None
        """The line of the selected field, kept in view."""
        self._shown: tuple[Controller, Selection | None, bool] | None = None
        """What is shown, to make its text again for a new width (its tables fit the pane)."""

    def show(
        self, controller: Controller, selection: Selection | None, brief: bool = False
    ) -> None:
        self._shown = (controller, selection, brief)
        self._text = self._make(controller, selection, brief)
        self._lay_out()
        self._selected_field = selection.field_name if selection else None
        self._focus_line = self._field_line(self._selected_field)
        self.scroll_to(0, self._scroll_for(self._focus_line), animate=False)

    def _make(
        self, controller: Controller, selection: Selection | None, brief: bool
    ) -> RenderableType:
        if selection is None:
            return _welcome(controller)
        width = self.scrollable_content_region.width or None
        colors = Colors.of(self.app)
        return _render(controller, selection, colors, brief, width) or Text(
            f"{selection.describe()} no longer exists", style="italic"
        )

    def _field_line(self, name: str | None) -> int | None:
        """The line of field ``name`` in the entity's field list (None: not a field). Its row
        is found by the field's place in the entity (below the heading and the table's header),
        since a pane too narrow for the name shows it cut (``BillingCountryC…``)."""
        if not name:
            return None
        fields = next((i for i, s in enumerate(self._lines) if s.text.rstrip() == "Fields"), None)
        if fields is None:
            return None

        def names(line: int) -> bool:
            shown = self._lines[line].text.split(" ", 1)[0]
            return shown == name or (shown.endswith("…") and name.startswith(shown[:-1]))

        entity = None
        if self._shown is not None and self._shown[1] is not None:
            ref = self._shown[1].entity_ref
            entity = self._shown[0].workspace.entity(ref) if ref else None
        place = (
            next((i for i, f in enumerate(entity.fields) if f.name == name), None)
            if entity
            else None
        )
        if (
            place is not None
            and fields + 2 + place < len(self._lines)
            and names(fields + 2 + place)
        ):
            return fields + 2 + place
        return next((i for i in range(fields + 1, len(self._lines)) if names(i)), None)

    def _scroll_for(self, line: int | None) -> int:
        """The scroll offset that shows ``line`` (a selected field, which may sit below the
        pane's fold), a few lines from the top; 0 without one."""
        height = self.scrollable_content_region.height
        if line is None or height <= 0 or line < height - 1:
            return 0
        return max(0, line - 2)

    @property
    def plain(self) -> str:
        """The shown text without styles (for tests)."""
        return "\n".join(strip.text.rstrip() for strip in self._lines)

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        self._width = width
        console = self.app.console
        options = console.options.update_width(width)
        self._lines = [
            Strip(line)
            for line in console.render_lines(self._text, options, style=self.rich_style, pad=False)
        ]
        # A new virtual size costs a relayout of the whole screen; rounding the height up to a
        # block of lines keeps it unchanged between most selections.
        height = -(-len(self._lines) // _HEIGHT_STEP) * _HEIGHT_STEP
        if self.virtual_size != Size(width, height):
            self.virtual_size = Size(width, height)
        self.refresh()

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            if self._shown is not None:
                self._text = self._make(*self._shown)
            self._lay_out()
            self._focus_line = self._field_line(self._selected_field)
        if self._focus_line is not None:
            self.scroll_to(0, self._scroll_for(self._focus_line), animate=False)

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        if row >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        return self._lines[row].crop_extend(0, width, self.rich_style)


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
    controller: Controller,
    selection: Selection,
    colors: Colors,
    brief: bool,
    width: int | None = None,
) -> RenderableType | None:
    """The selected element's detail; its tables fit ``width`` cells when it is given."""
    ws = controller.workspace
    governed = governing_text(controller, selection, colors)
    if selection.kind in (Kind.SYSTEM, Kind.RELATIONSHIPS):
        system = ws.system(selection.key)
        return _system(system, brief, governed) if system else None
    if selection.kind in (Kind.ENTITY, Kind.FIELD):
        ref = selection.entity_ref or ""
        entity = ws.entity(ref)
        if entity is None:
            return None
        return _entity(
            controller, ref, entity, selection.field_name, colors, brief, governed, width
        )
    if selection.kind is Kind.MAPPING:
        mapping = ws.mapping(selection.key)
        return _mapping(controller, mapping, colors, brief, governed, width) if mapping else None
    if selection.kind is Kind.RELATIONSHIP:
        system_name, name = split_entity_ref(selection.key)
        system = ws.system(system_name)
        rel = next((r for r in system.relationships if r.name == name), None) if system else None
        if rel is None:
            return None
        text = Text(f"{rel.parent} ─{rel.cardinality}─▶ {rel.child}", style="bold")
        text.append(f"   {rel.name}", style="dim")
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


def _system(system: System, brief: bool, governed: Text | None = None) -> RenderableType:
    fields = sum(len(e.fields) for e in system.entities)
    parts: list[Text] = [
        _heading(
            system.display_name,
            f"{system.name} · {system.role} · {system.effective_side.value.upper()} side",
        ),
        Text(
            f"{counted(len(system.entities), 'entity')} · {counted(fields, 'field')} · "
            f"{counted(len(system.relationships), 'relationship')}"
        ),
    ]
    vendor = " ".join(part for part in (system.vendor, system.version) if part)
    if vendor:
        parts.append(Text(vendor, style="dim"))
    if system.description and not brief:
        parts.append(Text(system.description))
    if governed is not None:
        parts.append(Text("\n").append_text(governed))
    return Text("\n").join(parts)


def _entity(
    controller: Controller,
    ref: str,
    entity: Entity,
    field_name: str | None,
    colors: Colors,
    brief: bool,
    governed: Text | None = None,
    width: int | None = None,
) -> RenderableType:
    system = split_entity_ref(ref)[0]
    parts: list[Text] = [
        _heading(
            entity.name,
            f"{entity.label + ' · ' if entity.label else ''}{system} · {entity.kind} · {counted(len(entity.fields), 'field')}",
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
        cols = [
            Column("field", "bold", 40),
            Column("type", max_width=20),
            Column("flags", "dim", 24),
        ]
        if not brief:
            cols.append(Column("label", "dim", 40))
        rows, styles = [], []
        for field in entity.fields:
            styles.append(f"reverse {colors.accent}" if field.name == field_name else "")
            row = [field.name, field_summary(field), field_flags(field)]
            if not brief:
                row.append(field.label)
            rows.append(row)
        parts.extend(
            [Text("\nFields", style="bold"), columns(cols, rows, row_styles=styles, width=width)]
        )
    if governed is not None:
        parts.append(Text("\n").append_text(governed))
    return Text("\n").join(parts)


def _mapping(
    controller: Controller,
    mapping: Mapping,
    colors: Colors,
    brief: bool,
    governed: Text | None = None,
    width: int | None = None,
) -> RenderableType:
    ws = controller.workspace
    incomplete = mapping.id in controller.incomplete_mappings
    head = mapping_line(ws, mapping, incomplete, colors)
    head.append(
        f"   {mapping.status}" + (f" · {mapping.area}" if mapping.area else ""), style="dim"
    )
    parts: list[Text] = [head]
    if mapping.title:
        parts.append(Text(mapping.title, style="bold"))
    if mapping.is_no_counterpart:
        parts.append(Text(f"No counterpart: {mapping.reason or '(reason missing)'}"))
    rules: list[tuple[str, str]] = []
    if mapping.sync:
        rules.append(("Sync", describe_sync(mapping.sync)))
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
        parts.append(prose(rules, width=width))  # rules in words: wrapped, never cut
    if mapping.field_mappings:
        cols = [
            Column("target", "bold", 32),
            Column("← source", max_width=32),
            Column("transform / default", max_width=48),
        ]
        if not brief:
            cols.extend([Column("value map", "dim", 20), Column("owner", "dim", 12)])
        rows = []
        for fm in mapping.field_mappings:
            how = fm.transform or (f"default {fm.default!r}" if fm.default is not None else "")
            row = [fm.target + (" *" if fm.required else ""), fm.source or "", how]
            if not brief:
                row.extend([fm.value_map or "", fm.owner or ""])
            rows.append(row)
        parts.append(Text(f"Field mappings ({len(mapping.field_mappings)})", style="bold"))
        parts.append(columns(cols, rows, width=width))
    if mapping.error_policy:
        cols = [
            Column("failure", "bold", 28),
            Column("route", max_width=36),
            Column("notify", max_width=36),
        ]
        if not brief:
            cols.extend([Column("resolution", max_width=48), Column("correction back", "dim", 60)])
        rows = []
        for rule in mapping.error_policy:
            row = [rule.failure, rule.route, ", ".join(rule.notify)]
            if not brief:
                row.extend([rule.resolution, rule.correction])
            rows.append(row)
        parts.append(Text(f"Error policy ({len(mapping.error_policy)})", style="bold"))
        parts.append(columns(cols, rows, width=width))
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
    if governed is not None:
        parts.append(Text("\n").append_text(governed))
    return Text("\n").join(parts)
