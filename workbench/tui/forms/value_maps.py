"""A value map's form, with its entries typed one per line."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ...domain import edits
from ...domain.reference import ValueMap
from ..controller import Controller
from ..screens.form import FormField, FormScreen, error_message
from .common import FieldError, merge_values, submitter

ENTRY_HINT = (
    "one per line: source => target | factor | note   (factor and note optional; <=> marks the "
    "entry a target shared by several comes back as)"
)


def format_entries(value_map: ValueMap | None) -> str:
    if value_map is None:
        return ""
    lines = []
    for entry in value_map.entries:
        parts = [f"{entry.source} {'<=>' if entry.reverse else '=>'} {entry.target}"]
        if entry.factor is not None or entry.note:
            parts.append(format(entry.factor.normalize(), "f") if entry.factor is not None else "")
        if entry.note:
            parts.append(entry.note)
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def parse_entries(text: str) -> list[dict[str, Any]]:
    """Entries from the form's text (``Each <=> PC | 1 | piece``); raises EditError naming the
    line that is not understood."""
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        mapping, _, rest = line.partition("|")
        source, arrow, target = mapping.partition("=>")
        if not arrow:
            raise edits.EditError(f"entries, line {number}: write 'source => target'")
        # ``<=>``: the entry its target comes back as, where several entries share it.
        reverse = source.endswith("<")
        factor, _, note = rest.partition("|")
        entry: dict[str, Any] = {
            "source": source.removesuffix("<").strip(),
            "target": target.strip(),
        }
        if reverse:
            entry["reverse"] = True
        if factor.strip():
            entry["factor"] = factor.strip()
        if note.strip():
            entry["note"] = note.strip()
        entries.append(entry)
    return entries


def value_map_form(controller: Controller, value_map: ValueMap | None) -> FormScreen:
    systems = [(s.name, s.name) for s in controller.workspace.systems]
    fields = [
        FormField("id", "Id", optional=False),
        FormField("title", "Title", optional=False),
        FormField("source_system", "Source system", "select", systems),
        FormField("target_system", "Target system", "select", systems),
        FormField("entries", "Entries", "area", optional=False, hint=ENTRY_HINT),
        FormField("default", "Default for values without an entry"),
        FormField("description", "Description", "area", optional=False),
    ]
    values = (
        {**merge_values(value_map, {}), "entries": format_entries(value_map)}
        if value_map
        else {
            "title": "",
            "entries": "",
            "description": "",
        }
    )
    replacing = value_map.id if value_map else None

    def build(v: dict[str, Any]) -> ValueMap:
        text = v["entries"] or ""
        try:
            entries = parse_entries(text)
        except edits.EditError as exc:
            raise FieldError("entries", str(exc)) from None
        # A source value translated twice, by the lines it was typed on.
        lines = [number for number, raw in enumerate(text.splitlines(), 1) if raw.strip()]
        first: dict[str, int] = {}
        for position, entry in enumerate(entries):
            earlier = first.setdefault(entry["source"], lines[position])
            if earlier != lines[position]:
                raise FieldError(
                    "entries",
                    f"entries, line {lines[position]}: {entry['source']!r} is translated on "
                    f"line {earlier} already",
                )
        try:
            return ValueMap.model_validate({**merge_values(value_map, v), "entries": entries})
        except ValidationError as exc:
            # An entry's error by the line it was typed on (blank lines are skipped).
            for error in exc.errors(include_url=False):
                loc = error["loc"]
                if len(loc) > 2 and loc[0] == "entries" and isinstance(loc[1], int):
                    where = f"entries, line {lines[loc[1]]}, {loc[2]}"
                    raise FieldError("entries", f"{where}: {error_message(error)}") from None
            raise

    submit = submitter(
        controller,
        lambda new: f"{'edit' if value_map else 'add'} value map {new.id}",
        build,
        lambda ws, new: edits.put_value_map(ws, new, replacing),
        [f.name for f in fields],
        shown=values,
    )

    return FormScreen(
        f"Value map {value_map.id}" if value_map else "New value map", fields, values, submit
    )
