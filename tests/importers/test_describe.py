"""REST describe JSON, as the API returns it, as `sf sobject describe --json` prints it, and as a
list; and describe documents with the wrong shape."""

from __future__ import annotations

import json

import pytest

from tests.importers.conftest import DESCRIBE
from workbench.domain.systems import FieldType, RelationshipKind
from workbench.importers import ImportFailure, parse_describe


def _load(name: str):  # type: ignore[no-untyped-def]
    return parse_describe(name, (DESCRIBE / name).read_bytes())


def test_one_object_in_the_api_form() -> None:
    catalogue = _load("Account.json")
    (account,) = catalogue.entities
    assert account.name == "Account" and account.label == "Account"
    key = account.field("Id")
    assert key is not None and key.key and key.type is FieldType.ID and not key.required
    name = account.field("Name")
    assert name is not None and name.required and name.length == 255  # not nillable, createable
    sap = account.field("SAP_Customer_Number__c")
    assert sap is not None and sap.external_id and sap.length == 10
    assert sap.description.startswith("Customer number in SAP")
    industry = account.field("Industry")
    assert industry is not None and industry.picklist == ("Manufacturing", "Retail", "Technology")
    currency = account.field("CurrencyIsoCode")
    assert currency is not None and not currency.required  # defaulted on create
    revenue = account.field("AnnualRevenue")
    assert revenue is not None and (revenue.type, revenue.precision, revenue.scale) == (
        FieldType.DECIMAL,
        18,
        0,
    )
    assert revenue.length is None
    rels = {r.name: r for r in catalogue.relationships}
    parent = rels["Account_ParentId"]  # the self-lookup, from the field and the child list
    assert parent.parent == parent.child == "Account" and parent.via_field == "ParentId"
    assert parent.description == "Related list ChildAccounts"
    assert rels["Contact_AccountId"].child == "Contact"  # from childRelationships
    assert catalogue.problems == ()


def test_the_cli_envelope() -> None:
    catalogue = _load("Product2.json")
    (product,) = catalogue.entities
    assert product.name == "Product2" and product.label == "Product"
    active = product.field("IsActive")
    assert active is not None and active.type is FieldType.BOOLEAN and not active.required


def test_a_list_with_master_detail() -> None:
    catalogue = _load("order-objects.json")
    assert [e.name for e in catalogue.entities] == ["Order", "OrderItem", "Contract", "Contact"]
    rels = {r.name: r for r in catalogue.relationships}
    items = rels["OrderItem_OrderId"]
    assert items.kind is RelationshipKind.COMPOSITION and items.parent == "Order"
    assert items.description == "Related list OrderItems"
    assert rels["OrderItem_SBQQ__RequiredBy__c"].parent == "OrderItem"
    order = catalogue.entities[0]
    total = order.field("TotalAmount")
    assert total is not None and total.native_type == "currency (formula)"
    number = order.field("OrderNumber")
    assert number is not None and not number.required  # not createable: Salesforce fills it


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("[1, 2]", r"\[0\]: expected an sObject description, got a number"),
        ('{"name": "A", "fields": {"x": 1}}', "'fields' must be a list"),
        ('{"name": 5, "fields": []}', "'name' must be a string"),
        ('{"status": 1, "message": "No such sObject", "result": null}', "No such sObject"),
        ('{"name": "A", "fields": [}', "line 1, column 26: not valid JSON"),
        ("[]", "no sObject descriptions"),
    ],
)
def test_wrong_shapes_fail_with_a_clear_error(document: str, message: str) -> None:
    with pytest.raises(ImportFailure, match=message) as failure:
        parse_describe("bad.json", document.encode())
    assert failure.value.source == "bad.json"


def test_wrong_types_inside_a_field_are_left_out_and_reported() -> None:
    document = {
        "name": "Widget__c",
        "fields": [
            {"name": "Id", "type": "id", "length": 18},
            {"name": "Size__c", "type": "string", "length": "long", "nillable": "no"},
            {"name": "Kind__c", "type": "picklist", "picklistValues": ["a", {"value": "b"}]},
            {"name": "Odd__c", "type": "hologram"},
            {"name": "Bad-Name", "type": "string"},
            "not a field",
        ],
        "childRelationships": "none",
    }
    catalogue = parse_describe("w.json", json.dumps(document).encode())
    (widget,) = catalogue.entities
    assert [f.name for f in widget.fields] == ["Id", "Size__c", "Kind__c", "Odd__c"]
    kind = widget.field("Kind__c")
    assert kind is not None and kind.picklist == ("b",)
    odd = widget.field("Odd__c")
    assert odd is not None and odd.type is FieldType.OTHER
    messages = " | ".join(p.message for p in catalogue.problems)
    for fragment in (
        "'length' should be a whole number",
        "'nillable' should be bool",
        "picklist value 'a' is not an object",
        "type 'hologram' is unknown",
        "'Bad-Name' is not a valid API name",
        "expected a field object",
        "expected a list",
    ):
        assert fragment in messages
