"""A field inventory in CSV, for systems that offer neither describe nor ``$metadata``: one row
per field with the columns ``entity, field, type, length, required, description`` (a header row
names them; ``label``, ``key``, ``precision``, ``scale``, ``reference_to`` and ``picklist`` are
optional). Types are the workbench's own (``string``, ``decimal``...) or common vendor spellings.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..domain.systems import Entity, Field, FieldType
from .model import Catalogue, Collector, ImportFailure, check_size

REQUIRED_COLUMNS = ("entity", "field", "type")
KNOWN_COLUMNS = (
    "entity",
    "field",
    "label",
    "type",
    "length",
    "precision",
    "scale",
    "required",
    "key",
    "reference_to",
    "picklist",
    "description",
)

_TYPE_ALIASES: dict[str, FieldType] = {
    "char": FieldType.STRING,
    "varchar": FieldType.STRING,
    "nvarchar": FieldType.STRING,
    "str": FieldType.STRING,
    "int": FieldType.INTEGER,
    "number": FieldType.DECIMAL,
    "numeric": FieldType.DECIMAL,
    "currency": FieldType.DECIMAL,
    "amount": FieldType.DECIMAL,
    "float": FieldType.DECIMAL,
    "double": FieldType.DECIMAL,
    "bool": FieldType.BOOLEAN,
    "checkbox": FieldType.BOOLEAN,
    "timestamp": FieldType.DATETIME,
    "enum": FieldType.PICKLIST,
    "lookup": FieldType.REFERENCE,
    "uuid": FieldType.GUID,
    "blob": FieldType.BINARY,
}
_TRUE = {"true", "yes", "y", "1", "x", "required"}
_FALSE = {"false", "no", "n", "0", "", "optional"}


def parse_csv(source: str, data: bytes) -> Catalogue:
    check_size(source, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailure(source, f"not UTF-8 text (byte {exc.start})") from None
    if "\0" in text:
        raise ImportFailure(source, "contains NUL bytes: not a CSV text file")
    # The delimiter is whichever of , ; tab the header row uses most (spreadsheets export all
    # three); quoting is the standard one. csv.Sniffer guesses quoting wrongly on real data.
    header_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailure(source, "empty: expected a header row") from None
    except csv.Error as exc:
        raise ImportFailure(source, f"line 1: {exc}") from None
    columns = [name.strip().casefold().replace(" ", "_") for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ImportFailure(
            source,
            f"line 1: the header needs the columns {', '.join(REQUIRED_COLUMNS)} "
            f"(missing {', '.join(missing)})",
        )
    collect = Collector(source)
    unknown = sorted(set(columns) - set(KNOWN_COLUMNS) - {""})
    if unknown:
        collect.problem("header", f"columns {', '.join(unknown)} are not read")
    rows: dict[str, list[Field]] = {}
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            values = {
                name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(columns)
            }
            line = reader.line_num
            entity = values["entity"]
            if not collect.name_ok(f"line {line}", entity):
                continue
            built = _field(collect, line, entity, values)
            rows.setdefault(entity, [])
            if built is not None:
                rows[entity].append(built)
    except csv.Error as exc:
        raise ImportFailure(source, f"line {reader.line_num}: {exc}") from None
    if not rows:
        raise ImportFailure(source, "no field rows after the header")
    entities: list[Entity] = []
    for name, fields in rows.items():
        made = collect.entity(name, "", "", fields)
        if made is not None:
            entities.append(made)
    # An optional column left out says nothing about what it would hold (external ids have no
    # column at all).
    absent = [name for name in ("reference_to", "picklist", "label") if name not in columns]
    return collect.catalogue(entities, (), "", ("external_id", *absent))


def _field(collect: Collector, line: int, entity: str, values: dict[str, str]) -> Field | None:
    where = f"line {line}"
    native = values["type"]
    field_type = _type(native)
    if field_type is None:
        collect.problem(f"{where} {entity}.{values['field']}", f"type {native!r} imported as other")
        field_type = FieldType.OTHER
    data: dict[str, Any] = {
        "name": values["field"],
        "label": values.get("label", ""),
        "type": field_type,
        "native_type": native if native.casefold() != field_type.value else "",
        "description": values.get("description", ""),
    }
    for name in ("length", "precision", "scale"):
        raw = values.get(name, "")
        if raw:
            # Only ASCII digits: ``isdigit`` is true for ``²``, which ``int`` refuses.
            if raw.isascii() and raw.isdigit():
                data[name] = int(raw)
            else:
                collect.problem(f"{where} {entity}.{values['field']}", f"{name} {raw!r} ignored")
    for name in ("required", "key"):
        raw = values.get(name, "").casefold()
        if raw in _TRUE:
            data[name] = True
        elif raw not in _FALSE:
            collect.problem(
                f"{where} {entity}.{values['field']}", f"{name} {raw!r} is not yes/no; read as no"
            )
    if values.get("reference_to"):
        data["reference_to"] = values["reference_to"]
    if values.get("picklist"):
        data["picklist"] = tuple(
            dict.fromkeys(v.strip() for v in values["picklist"].split("|") if v.strip())
        )
    if not collect.name_ok(f"{where} {entity}.{values['field']}", values["field"]):
        return None
    return collect.field(entity, data)


def _type(native: str) -> FieldType | None:
    folded = native.strip().casefold()
    if not folded:
        return FieldType.STRING
    try:
        return FieldType(folded)
    except ValueError:
        pass
    return _TYPE_ALIASES.get(folded.split("(", 1)[0].strip().removeprefix("edm."))
