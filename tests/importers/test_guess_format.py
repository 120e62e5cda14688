"""Telling the format from file names (the import screen's default)."""

from __future__ import annotations

from pathlib import Path

from tests.importers.conftest import DESCRIBE
from workbench.importers import Format
from workbench.services.importing import guess_format


def test_guesses(tmp_path: Path, cpq_objects: Path) -> None:
    (tmp_path / "a.csv").write_text("entity,field,type\n")
    (tmp_path / "s.edmx").write_text("<x/>")
    assert guess_format([cpq_objects]) is Format.SALESFORCE  # field sets, rules: all -meta.xml
    assert guess_format([DESCRIBE]) is Format.SALESFORCE
    assert guess_format([tmp_path / "a.csv"]) is Format.CSV
    assert guess_format([tmp_path / "s.edmx"]) is Format.EDMX
    assert guess_format([tmp_path / "a.csv", tmp_path / "s.edmx"]) is None
