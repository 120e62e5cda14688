"""The mapping spec as CSV: an overview (with what each mapping still lacks), the systems, their
relationships, the rules in words, the key cross-references, the error handling, an index of the
value maps, one file per mapping (its field mappings) and one per value map (what a value not
listed becomes as a last row).

RFC 4180 (comma, double quotes, CRLF), UTF-8 with a byte-order mark so spreadsheet programs pick
the right encoding; every cell neutralised against formula injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

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
    build_spec,
    error_rows,
    field_row,
    key_rows,
    overview_row,
    relationship_rows,
    rule_rows,
    system_rows,
    value_map_row,
    value_maps_rows,
)

CSV_DIR = "csv"


def _csv(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([escape.cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


MAPPINGS_DIR = f"{CSV_DIR}/mappings"
VALUE_MAPS_DIR = f"{CSV_DIR}/value-maps"


def per_element_headers() -> dict[str, bytes]:
    """The folders holding one file per mapping or value map, each with the first line every
    file an export writes there starts with: how a later export tells its own files (which it
    may remove once their element is gone) from anyone else's."""
    return {
        MAPPINGS_DIR: _csv(FIELD_HEADER, ()),
        VALUE_MAPS_DIR: _csv(VALUE_MAP_HEADER, ()),
    }


def render_csv(workspace: Workspace) -> dict[str, bytes]:
    spec = build_spec(workspace)
    files = {
        f"{CSV_DIR}/overview.csv": _csv(OVERVIEW_HEADER, map(overview_row, spec.mappings)),
        f"{CSV_DIR}/systems.csv": _csv(SYSTEM_HEADER, system_rows(spec)),
        f"{CSV_DIR}/relationships.csv": _csv(RELATIONSHIP_HEADER, relationship_rows(spec)),
        f"{CSV_DIR}/rules.csv": _csv(RULE_HEADER, [r for m in spec.mappings for r in rule_rows(m)]),
        f"{CSV_DIR}/keys.csv": _csv(KEY_HEADER, [r for m in spec.mappings for r in key_rows(m)]),
        f"{CSV_DIR}/error-handling.csv": _csv(
            ERROR_HEADER, [r for m in spec.mappings for r in error_rows(m)]
        ),
        f"{CSV_DIR}/value-maps.csv": _csv(VALUE_MAPS_HEADER, value_maps_rows(spec)),
    }
    for mapping in spec.mappings:
        name = f"{MAPPINGS_DIR}/{escape.file_name(mapping.id)}.csv"
        files[name] = _csv(FIELD_HEADER, map(field_row, mapping.field_mappings))
    for value_map in spec.value_maps:
        # Entries only, so the file loads as a lookup table; what a value not listed becomes is
        # a column of the index (the workbook adds it as a last row, for reading).
        name = f"{VALUE_MAPS_DIR}/{escape.file_name(value_map.id)}.csv"
        files[name] = _csv(VALUE_MAP_HEADER, map(value_map_row, value_map.entries))
    return files
