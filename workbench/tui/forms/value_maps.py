"""A value map's form, with its entries typed one per line."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ...domain import edits
from ...domain.error_words import error_message
from ...domain.reference import ValueMap, ValueMapEntry
from ..controller import Controller
from ..screens.form import FormField, FormScreen, errors_from
from .common import FieldErrors, merge_values, submitter

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


def read_entries(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, str]]]:
    """Entries from the form's text (``Each <=> PC | 1 | piece``), each with the line it was
    typed on, and what is wrong with the lines that are not understood (each with its line)."""
    entries: list[tuple[int, dict[str, Any]]] = []
    problems: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        mapping, _, rest = line.partition("|")
        source, arrow, target = mapping.partition("=>")
        if not arrow:
            problems.append((number, f"entries, line {number}: write 'source => target'"))
            continue
        # ``<=>``: the entry its target comes back as, where several entries share it.
        reverse = source.endswith("<")
        if not source.removesuffix("<").strip():
            # "  => X" translates nothing: a slip (a value lost in an edit), never an entry.
            problems.append((number, f"entries, line {number}: give the value before =>"))
            continue
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
        entries.append((number, entry))
    return entries, problems


def parse_entries(text: str) -> list[dict[str, Any]]:
    """The entries of the form's text; raises EditError naming the first line not understood."""
    entries, problems = read_entries(text)
    if problems:
        raise edits.EditError(problems[0][1])
    return [entry for _, entry in entries]


def _entry_problems(entries: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, str]]:
    """What is wrong with each entry, by the line it was typed on: a value it cannot hold, a
    source value translated on an earlier line already."""
    problems: list[tuple[int, str]] = []
    first: dict[str, int] = {}
    for number, entry in entries:
        try:
            ValueMapEntry.model_validate(entry)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                where = ", ".join(str(part) for part in error["loc"])
                problems.append(
                    (number, f"entries, line {number}, {where}: {error_message(error)}")
                )
        earlier = first.setdefault(entry["source"], number)
        if earlier != number:
            said = f"{entry['source']!r} is translated on line {earlier} already"
            problems.append((number, f"entries, line {number}: {said}"))
    return problems


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

    names = [f.name for f in fields]

    def build(v: dict[str, Any]) -> ValueMap:
        # Every line that is wrong, and what else the form holds that is, at one save.
        entries, problems = read_entries(v["entries"] or "")
        problems += _entry_problems(entries)
        data = {**merge_values(value_map, v), "entries": [entry for _, entry in entries]}
        if not problems:
            return ValueMap.model_validate(data)
        try:
            ValueMap.model_validate({**data, "entries": ()})
            others: dict[str, str] = {}
        except ValidationError as exc:
            others = errors_from(exc, names)
        in_order = sorted(problems, key=lambda problem: problem[0])
        raise FieldErrors({**others, "entries": "\n".join(said for _, said in in_order)})

    submit = submitter(
        controller,
        lambda new: f"{'edit' if value_map else 'add'} value map {new.id}",
        build,
        lambda ws, new: edits.put_value_map(ws, new, replacing),
        names,
        shown=values,
    )

    return FormScreen(
        f"Value map {value_map.id}" if value_map else "New value map", fields, values, submit
    )
