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


def test_an_sfdx_project_folder_ignores_its_json_configuration(tmp_path: Path) -> None:
    from workbench.services.importing import read_catalogue

    objects = tmp_path / "force-app" / "main" / "default" / "objects" / "Widget__c"
    (objects / "fields").mkdir(parents=True)
    (objects / "Widget__c.object-meta.xml").write_text(
        '<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata"><label>Widget</label></CustomObject>'
    )
    (tmp_path / "sfdx-project.json").write_text('{"packageDirectories": [{"path": "force-app"}]}')
    (tmp_path / "package.json").write_text('{"name": "x"}')
    catalogue = read_catalogue([tmp_path], Format.SALESFORCE)
    assert [e.name for e in catalogue.entities] == ["Widget__c"]
