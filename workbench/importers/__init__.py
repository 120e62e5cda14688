"""Importers: CRM and ERP metadata files into the domain model.

Each format has its own module of pure functions from bytes to a ``Catalogue`` (entities,
relationships, and the problems met on the way); nothing here reads files or writes anything.
``plan`` turns a catalogue into the next workspace and the diff a re-import shows; ``suggest``
proposes cross-system mappings.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from .csv_inventory import parse_csv
from .describe import parse_describe
from .edmx import parse_edmx
from .model import Catalogue, ImportFailure, Problem, merge
from .sfdx import is_sfdx_path, parse_sfdx


class Format(StrEnum):
    SALESFORCE = "salesforce"
    """SFDX source (``*.object-meta.xml``, ``fields/*.field-meta.xml``) or describe JSON."""
    EDMX = "edmx"
    """OData v2 EDMX or v4 CSDL ``$metadata``."""
    CSV = "csv"
    """A field inventory."""


def parse(kind: Format, files: Mapping[str, bytes]) -> Catalogue:
    """Parse the files of one system. Raises ImportFailure (naming the file) when a file cannot
    be read at all; everything else the model cannot hold is in ``Catalogue.problems``."""
    if not files:
        raise ImportFailure("input", "no files to import")
    if kind is Format.SALESFORCE:
        sfdx = {path: data for path, data in files.items() if is_sfdx_path(path)}
        json_files = {path: data for path, data in files.items() if path.endswith(".json")}
        other = sorted(set(files) - set(sfdx) - set(json_files))
        if other:
            raise ImportFailure(
                other[0],
                "not a Salesforce metadata file (expected *.object-meta.xml, "
                "fields/*.field-meta.xml or describe *.json)",
            )
        parts = [parse_describe(path, data) for path, data in sorted(json_files.items())]
        if sfdx:
            parts.insert(0, parse_sfdx(sfdx))
        return merge(parts)
    reader = parse_edmx if kind is Format.EDMX else parse_csv
    return merge(reader(path, data) for path, data in sorted(files.items()))


__all__ = [
    "Catalogue",
    "Format",
    "ImportFailure",
    "Problem",
    "parse",
    "parse_csv",
    "parse_describe",
    "parse_edmx",
    "parse_sfdx",
]
