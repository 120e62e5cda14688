"""The mapping spec as CSV: an overview, one file per mapping and one per value map.

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
    FIELD_HEADER,
    OVERVIEW_HEADER,
    VALUE_MAP_HEADER,
    build_spec,
    field_row,
    overview_row,
    value_map_row,
)

CSV_DIR = "csv"


def _csv(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([escape.cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_csv(workspace: Workspace) -> dict[str, bytes]:
    spec = build_spec(workspace)
    files = {f"{CSV_DIR}/overview.csv": _csv(OVERVIEW_HEADER, map(overview_row, spec.mappings))}
    for mapping in spec.mappings:
        name = f"{CSV_DIR}/mappings/{escape.file_name(mapping.id)}.csv"
        files[name] = _csv(FIELD_HEADER, map(field_row, mapping.field_mappings))
    for value_map in spec.value_maps:
        name = f"{CSV_DIR}/value-maps/{escape.file_name(value_map.id)}.csv"
        files[name] = _csv(VALUE_MAP_HEADER, map(value_map_row, value_map.entries))
    return files
