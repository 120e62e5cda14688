"""CSV field inventories."""

from __future__ import annotations

import pytest

from workbench.domain.systems import FieldType
from workbench.importers import ImportFailure, parse_csv

INVENTORY = b"""Entity,Field,Type,Length,Required,Description,Label,Key,Picklist
Invoice,InvoiceNumber,varchar(20),20,yes,Number printed on the invoice,Invoice No.,yes,
Invoice,Amount,decimal,,no,Gross amount,,,
Invoice,Status,picklist,,no,,,,Open|Paid|Open
Invoice,IssuedOn,date,,true,,,,
InvoiceLine,Quantity,number,,,,,,
InvoiceLine,Bad Field,string,,,,,,
InvoiceLine,Odd,hologram,,maybe,,,,
"""


def test_an_inventory() -> None:
    catalogue = parse_csv("billing.csv", INVENTORY)
    assert [e.name for e in catalogue.entities] == ["Invoice", "InvoiceLine"]
    invoice = catalogue.entities[0]
    number = invoice.field("InvoiceNumber")
    assert number is not None and number.key and number.required and number.length == 20
    assert number.type is FieldType.STRING and number.native_type == "varchar(20)"
    assert number.label == "Invoice No." and number.description == "Number printed on the invoice"
    status = invoice.field("Status")
    assert status is not None and status.picklist == ("Open", "Paid")
    amount = invoice.field("Amount")
    assert amount is not None and amount.type is FieldType.DECIMAL and amount.native_type == ""
    line = catalogue.entities[1]
    assert [f.name for f in line.fields] == ["Quantity", "Odd"]
    messages = " | ".join(str(p) for p in catalogue.problems)
    assert "line 7" in messages and "'Bad Field' is not a valid API name" in messages
    assert "type 'hologram' imported as other" in messages
    assert "required 'maybe' is not yes/no" in messages


def test_a_length_in_digits_other_than_ascii_is_ignored_with_a_problem() -> None:
    """``'²'.isdigit()`` is true and ``int('²')`` fails: such a length was a crash."""
    data = "entity,field,type,length\nInvoice,Code,string,²\nInvoice,Ref,string,٣\n".encode()
    catalogue = parse_csv("odd.csv", data)
    (invoice,) = catalogue.entities
    assert [(f.name, f.length) for f in invoice.fields] == [("Code", None), ("Ref", None)]
    messages = " | ".join(str(p) for p in catalogue.problems)
    assert "length '²' ignored" in messages and "length '٣' ignored" in messages


def test_semicolons_and_a_byte_order_mark() -> None:
    data = "\ufeffentity;field;type\nKunde;Name;string\n".encode()
    (entity,) = parse_csv("de.csv", data).entities
    assert entity.name == "Kunde" and entity.field("Name") is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"name,kind\nA,B\n", "needs the columns entity, field, type"),
        (b"entity,field,type\n", "no field rows"),
        (b"entity,field,type\n\x00\x00", "NUL bytes"),
    ],
)
def test_unusable_inventories(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailure, match=message):
        parse_csv("x.csv", data)
