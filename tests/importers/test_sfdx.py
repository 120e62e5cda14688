"""SFDX source format: the real CPQ objects, and small hand-written objects for the edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.conftest import sfdx_files
from workbench.domain.systems import FieldType, RelationshipKind
from workbench.importers import ImportFailure, parse_sfdx

NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"'


def _field(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<CustomField {NS}>{body}</CustomField>'.encode()
    )


OBJECT = f"""<?xml version="1.0" encoding="UTF-8"?>
<CustomObject {NS}><label>Widget</label><description>A widget.</description>
<nameField><label>Widget Name</label><type>Text</type></nameField></CustomObject>""".encode()


def test_the_cpq_objects(cpq_objects: Path) -> None:
    catalogue = parse_sfdx(sfdx_files(cpq_objects))
    names = [e.name for e in catalogue.entities]
    assert names == ["SBQQ__ProductOption__c", "SBQQ__QuoteLine__c", "SBQQ__Quote__c"]
    quote = catalogue.entities[2]
    assert quote.label == "Quote"
    assert quote.description.startswith("Sales quote for a given opportunity")
    file_count = len(list((cpq_objects / "SBQQ__Quote__c" / "fields").glob("*.field-meta.xml")))
    assert len(quote.fields) == file_count + 2  # Id and Name are implied by the platform
    key = quote.field("Id")
    assert key is not None and key.key and key.type is FieldType.ID
    number = quote.field("Name")
    assert number is not None and number.native_type == "AutoNumber"
    assert number.label == "Quote Number" and "Q-{00000}" in number.description
    assert catalogue.problems == ()


def test_master_detail_and_the_self_lookup(cpq_objects: Path) -> None:
    catalogue = parse_sfdx(sfdx_files(cpq_objects))
    rels = {r.name: r for r in catalogue.relationships}
    master = rels["SBQQ__QuoteLine__c_SBQQ__Quote__c"]
    assert (master.parent, master.child, master.cardinality) == (
        "SBQQ__Quote__c",
        "SBQQ__QuoteLine__c",
        "1:N",
    )
    assert master.kind is RelationshipKind.COMPOSITION and master.via_field == "SBQQ__Quote__c"
    required_by = rels["SBQQ__QuoteLine__c_SBQQ__RequiredBy__c"]
    assert required_by.parent == required_by.child == "SBQQ__QuoteLine__c"
    assert required_by.kind is RelationshipKind.LOOKUP
    assert "SetNull" in required_by.description
    product = rels["SBQQ__QuoteLine__c_SBQQ__Product__c"]
    assert product.parent == "Product2"  # resolved once Product2 is in the system
    line = next(e for e in catalogue.entities if e.name == "SBQQ__QuoteLine__c")
    quote_field = line.field("SBQQ__Quote__c")
    assert quote_field is not None and quote_field.required  # master-detail is always required
    assert quote_field.type is FieldType.REFERENCE and quote_field.reference_to == "SBQQ__Quote__c"


def test_types_lengths_picklists_and_external_ids(cpq_objects: Path) -> None:
    catalogue = parse_sfdx(sfdx_files(cpq_objects))
    line = next(e for e in catalogue.entities if e.name == "SBQQ__QuoteLine__c")
    price = line.field("SBQQ__ListPrice__c")
    assert price is not None
    assert (price.type, price.native_type, price.precision, price.scale) == (
        FieldType.DECIMAL,
        "Currency",
        14,
        2,
    )
    assert price.label == "List Unit Price"
    charge = line.field("SBQQ__ChargeType__c")
    assert charge is not None and charge.type is FieldType.PICKLIST
    assert "global value set SBQQ__ChargeType" in charge.description
    option = next(e for e in catalogue.entities if e.name == "SBQQ__ProductOption__c")
    version = option.field("Product_Version__c")
    assert version is not None and version.picklist[:2] == ("2016.2", "2017.1")
    migration = option.field("Migration_ID__c")
    assert migration is not None and migration.external_id


def test_formula_hierarchy_polymorphic_and_bad_values() -> None:
    files = {
        "objects/Widget__c/Widget__c.object-meta.xml": OBJECT,
        "objects/Widget__c/fields/Total__c.field-meta.xml": _field(
            "<fullName>Total__c</fullName><label>Total</label><type>Number</type>"
            "<precision>18</precision><scale>0</scale><formula>A__c * 2</formula>"
        ),
        "objects/Widget__c/fields/Manager__c.field-meta.xml": _field(
            "<fullName>Manager__c</fullName><label>Manager</label><type>Hierarchy</type>"
        ),
        "objects/Widget__c/fields/Owner__c.field-meta.xml": _field(
            "<fullName>Owner__c</fullName><type>Lookup</type>"
            "<referenceTo>User</referenceTo><referenceTo>Group</referenceTo>"
        ),
        "objects/Widget__c/fields/Size__c.field-meta.xml": _field(
            "<fullName>Size__c</fullName><type>Text</type><length>lots</length>"
        ),
        "objects/Widget__c/fields/Bad Name.field-meta.xml": _field(
            "<fullName>Bad Name</fullName><type>Text</type>"
        ),
        "objects/Widget__c/fields/Spot__c.field-meta.xml": _field(
            "<fullName>Spot__c</fullName><type>Location</type>"
        ),
        "objects/Widget__c/listViews/All.listView-meta.xml": b"<ignored/>",
    }
    catalogue = parse_sfdx(files)
    widget = catalogue.entities[0]
    assert widget.label == "Widget" and widget.field("Name") is not None
    total = widget.field("Total__c")
    assert total is not None and total.type is FieldType.INTEGER
    assert total.native_type == "Number (formula)"
    rels = {r.name: r.parent for r in catalogue.relationships}
    assert rels["Widget__c_Manager__c"] == "User"
    assert rels["Widget__c_Owner__c_User"] == "User" and rels["Widget__c_Owner__c_Group"] == "Group"
    size = widget.field("Size__c")
    assert size is not None and size.length is None
    assert widget.field("Spot__c") is not None
    messages = " | ".join(str(p) for p in catalogue.problems)
    assert "'lots' is not a whole number" in messages
    assert "'Bad Name' is not a valid API name" in messages
    assert "Location has no neutral equivalent" in messages
    assert "Size__c.field-meta.xml" in messages  # problems name their file


def test_a_folder_without_objects_is_refused() -> None:
    with pytest.raises(ImportFailure, match="no Salesforce object files"):
        parse_sfdx({"README.md": b"hello"})


def test_the_wrong_root_element_names_the_file() -> None:
    with pytest.raises(ImportFailure) as failure:
        parse_sfdx({"objects/A__c/A__c.object-meta.xml": b"<CustomField/>"})
    assert failure.value.source == "objects/A__c/A__c.object-meta.xml"
    assert "expected a CustomObject" in str(failure.value)
