"""The mapping spec as an XLSX workbook (XlsxWriter), byte-identical for the same model.

Sheets: Overview (one row per mapping, each linked to its sheet, with what the design still
lacks), Systems, Relationships (parent and child entities within each system), Rules (resolution,
split, aggregation, bundle and amendment rules in words, reasons, notes), Keys, Error handling,
Value maps (one row per map, each linked to its sheet), one sheet per mapping with its facts and
field mappings, one per value map with its facts and entries (what a value not listed becomes as
a last row).
Header rows are frozen and filtered; columns are sized to their content; counts and factors are
numbers. Text that a spreadsheet would read as a formula is stored as a
quote-prefixed string, the way a spreadsheet marks a typed-in literal, so nothing evaluates it.

Reproducibility: XlsxWriter writes every zip member with a fixed 1980-01-01 time; the document's
created and modified properties are pinned to ``FIXED_TIME`` unless a stamp is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import xlsxwriter

from ..domain.workspace import Workspace
from . import escape
from .spec import (
    ERROR_HEADER,
    FIELD_HEADER,
    KEY_HEADER,
    OVERVIEW_HEADER,
    RELATIONSHIP_HEADER,
    RULE_HEADER,
    SYSTEM_HEADER,
    VALUE_MAP_HEADER,
    VALUE_MAPS_HEADER,
    KeySpec,
    MappingSpec,
    ValueMapSpec,
    build_spec,
    decisions_in_words,
    error_rows,
    field_row,
    key_rows,
    not_listed,
    overview_row,
    relationship_rows,
    rule_rows,
    system_rows,
    value_map_rows,
    value_maps_rows,
)

XLSX_FILE = "mapping-spec.xlsx"
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
MAX_WIDTH = 60
MIN_WIDTH = 8
WRAPPED = frozenset(
    {
        "Transform",
        "Notes",
        "Description",
        "Resolution",
        "Correction",
        "Sync",
        "What it says",
        "Open issues",
    }
)
NUMERIC = frozenset({"Field mappings", "Factor", "Entries"})
"""Columns whose values are numbers (written as numbers, not text)."""


def _is_number(value: str) -> bool:
    """A value a spreadsheet number holds as it is: finite as a float, and the same number
    back (``1E+400`` or a factor with more digits than a double keeps stays text)."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return False
    as_float = float(number)
    return math.isfinite(as_float) and Decimal(repr(as_float)) == number


class _Book:
    """The workbook and its formats; writes tables with the shared conventions."""

    def __init__(self, stream: io.BytesIO, created: dt.datetime) -> None:
        self.book = xlsxwriter.Workbook(
            stream, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        self.book.set_properties(
            {"title": "Q2C mapping spec", "created": created, "comments": "q2c-workbench"}
        )
        self.header = self.book.add_format(
            {"bold": True, "bg_color": "#DDE4EE", "border": 1, "valign": "top"}
        )
        self.text = self.book.add_format({"valign": "top"})
        self.literal = self.book.add_format({"valign": "top", "quote_prefix": True})
        self.wrap = self.book.add_format({"valign": "top", "text_wrap": True})
        self.wrap_literal = self.book.add_format(
            {"valign": "top", "text_wrap": True, "quote_prefix": True}
        )
        self.title = self.book.add_format({"bold": True, "font_size": 13})
        self.label = self.book.add_format({"bold": True, "valign": "top"})
        self.link = self.book.add_format({"font_color": "#1F4E99", "underline": 1})

    def cell(self, sheet: Any, row: int, col: int, value: str, wrapped: bool = False) -> None:
        value = _within_cell_limit(value)
        formula_like = value.startswith(escape.FORMULA_START)
        if wrapped:
            style = self.wrap_literal if formula_like else self.wrap
        else:
            style = self.literal if formula_like else self.text
        sheet.write_string(row, col, value, style)

    def table(
        self,
        sheet: Any,
        first_row: int,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
    ) -> None:
        """A header row (frozen, with a filter) and the rows under it, columns sized to fit."""
        widths = [len(name) + 2 for name in header]
        for col, name in enumerate(header):
            sheet.write_string(first_row, col, name, self.header)
        for offset, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if not value:
                    continue
                if header[col] in NUMERIC and _is_number(value):
                    # A number, so a spreadsheet sorts and sums it as one.
                    sheet.write_number(first_row + offset, col, Decimal(value), self.text)
                else:
                    self.cell(sheet, first_row + offset, col, value, header[col] in WRAPPED)
                widths[col] = max(widths[col], min(len(value), MAX_WIDTH) + 1)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, max(MIN_WIDTH, min(width, MAX_WIDTH)))
        sheet.freeze_panes(first_row + 1, 0)
        # Over the header alone when there are no rows: a filter reaching a row that holds
        # nothing is a range beyond the sheet's own.
        sheet.autofilter(first_row, 0, first_row + len(rows), len(header) - 1)

    def close(self) -> None:
        self.book.close()


def _internal_link(sheet_name: str) -> str:
    return "internal:'" + sheet_name.replace("'", "''") + "'!A1"


def _mapping_sheet(book: _Book, sheet: Any, mapping: MappingSpec) -> None:
    target = mapping.target
    target_text = f"{target.system}:{target.entity}" if target else "(no counterpart)"
    book.cell(sheet, 0, 0, f"{mapping.id}: {mapping.title}" if mapping.title else mapping.id)
    sheet.set_row(0, None, book.title)
    facts = (
        ("Source", f"{mapping.source.system}:{mapping.source.entity}"),
        ("Target", target_text),
        ("Cardinality", mapping.cardinality),
        ("System of record", mapping.system_of_record or "(none)"),
        ("Sync", mapping.sync or "(not set)"),
        ("Status", mapping.status),
        ("Keys", "; ".join(_key_in_words(k) for k in mapping.keys)),
        ("Open issues", "; ".join(mapping.open_issues) or "(none)"),
        ("Decisions", decisions_in_words(mapping) or "(none)"),
    )
    # Facts sit in pairs across two rows so the frozen block stays short.
    for index, (name, value) in enumerate(facts):
        row, col = 1 + index % 2, (index // 2) * 2
        sheet.write_string(row, col, name, book.label)
        book.cell(sheet, row, col + 1, value)
    book.table(sheet, 4, FIELD_HEADER, [field_row(fm) for fm in mapping.field_mappings])


def _key_in_words(key: KeySpec) -> str:
    """A key cross-reference with what it says (a composite key is not plain equality)."""
    pair = f"{key.source_field} = {key.target_field}"
    return f"{pair} ({key.description})" if key.description else pair


def _value_map_sheet(book: _Book, sheet: Any, value_map: ValueMapSpec) -> None:
    book.cell(
        sheet, 0, 0, f"{value_map.id}: {value_map.title}" if value_map.title else value_map.id
    )
    sheet.set_row(0, None, book.title)
    facts = (
        ("Source system", value_map.source_system or "(any)"),
        ("Target system", value_map.target_system or "(any)"),
        ("Values not listed", not_listed(value_map)),
        ("Description", value_map.description),
    )
    for index, (name, value) in enumerate(facts):
        row, col = 1 + index % 2, (index // 2) * 2
        sheet.write_string(row, col, name, book.label)
        book.cell(sheet, row, col + 1, value)
    book.table(sheet, 4, VALUE_MAP_HEADER, value_map_rows(value_map))


def render_xlsx(workspace: Workspace, generated: dt.datetime | None = None) -> dict[str, bytes]:
    spec = build_spec(workspace)
    fixed = [
        "Overview",
        "Systems",
        "Relationships",
        "Rules",
        "Keys",
        "Error handling",
        "Value maps",
    ]
    names = escape.sheet_names(
        [*fixed, *(m.id for m in spec.mappings), *(f"vm {v.id}" for v in spec.value_maps)]
    )
    first = len(fixed)
    mapping_names = names[first : first + len(spec.mappings)]
    value_map_names = names[first + len(spec.mappings) :]
    stream = io.BytesIO()
    book = _Book(stream, (generated or FIXED_TIME).replace(tzinfo=None))

    overview = book.book.add_worksheet(names[0])
    rows = [overview_row(m) for m in spec.mappings]
    book.table(overview, 0, OVERVIEW_HEADER, rows)
    for offset, sheet_name in enumerate(mapping_names, start=1):
        overview.write_url(
            offset, 0, _internal_link(sheet_name), book.link, rows[offset - 1][0], sheet_name
        )

    systems = book.book.add_worksheet(names[1])
    book.table(systems, 0, SYSTEM_HEADER, system_rows(spec))

    relationships = book.book.add_worksheet(names[2])
    book.table(relationships, 0, RELATIONSHIP_HEADER, relationship_rows(spec))

    rules = book.book.add_worksheet(names[3])
    book.table(rules, 0, RULE_HEADER, [row for m in spec.mappings for row in rule_rows(m)])
    keys = book.book.add_worksheet(names[4])
    book.table(keys, 0, KEY_HEADER, [row for m in spec.mappings for row in key_rows(m)])

    errors = book.book.add_worksheet(names[5])
    book.table(errors, 0, ERROR_HEADER, [row for m in spec.mappings for row in error_rows(m)])

    value_maps = book.book.add_worksheet(names[6])
    book.table(value_maps, 0, VALUE_MAPS_HEADER, value_maps_rows(spec))
    for offset, sheet_name in enumerate(value_map_names, start=1):
        value_maps.write_url(
            offset,
            0,
            _internal_link(sheet_name),
            book.link,
            spec.value_maps[offset - 1].id,
            sheet_name,
        )

    for mapping, sheet_name in zip(spec.mappings, mapping_names, strict=True):
        _mapping_sheet(book, book.book.add_worksheet(sheet_name), mapping)

    for value_map, sheet_name in zip(spec.value_maps, value_map_names, strict=True):
        _value_map_sheet(book, book.book.add_worksheet(sheet_name), value_map)

    book.close()
    return {XLSX_FILE: stream.getvalue()}


CELL_LIMIT = 32_767
"""The most characters a spreadsheet cell holds (Excel's limit; XlsxWriter cuts longer text
without a word)."""
CUT_NOTE = (
    " … [cut at the 32,767 characters a cell holds: the full text is in the CSV and JSON spec]"
)


def _within_cell_limit(value: str) -> str:
    """``value``, or as much of it as fits with a note saying it was cut and where the rest is:
    a spec an implementer builds from never loses text silently."""
    if len(value) <= CELL_LIMIT:
        return value
    return value[: CELL_LIMIT - len(CUT_NOTE)] + CUT_NOTE
