"""OData $metadata: the real SAP v2 services, and a hand-written v4 CSDL document."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from workbench.domain.systems import FieldType, RelationshipKind
from workbench.importers import ImportFailure, parse_edmx

V4 = REPO_ROOT / "tests" / "fixtures" / "edmx" / "orders-v4.xml"


@pytest.mark.parametrize(
    ("file", "entity_types"),
    [
        ("API_SALES_ORDER_SRV.edmx", 11),
        ("API_PRODUCT_SRV.edmx", 32),
        ("API_BUSINESS_PARTNER.edmx", 36),
    ],
)
def test_entity_counts(sap_folder: Path, file: str, entity_types: int) -> None:
    catalogue = parse_edmx(file, (sap_folder / file).read_bytes())
    assert len(catalogue.entities) == entity_types
    assert catalogue.problems == ()
    assert all(any(f.key for f in e.fields) for e in catalogue.entities)


def test_sales_order_header_and_items(sap_folder: Path) -> None:
    data = (sap_folder / "API_SALES_ORDER_SRV.edmx").read_bytes()
    catalogue = parse_edmx("API_SALES_ORDER_SRV.edmx", data)
    order = next(e for e in catalogue.entities if e.name == "A_SalesOrder")  # the set's name
    assert order.label == "Sales Order Header"
    key = order.field("SalesOrder")
    assert key is not None and key.key and key.required and key.length == 10
    assert key.native_type == "Edm.String" and key.label == "Sales Order"
    amount = order.field("TotalNetAmount")
    assert amount is not None and (amount.type, amount.precision, amount.scale) == (
        FieldType.DECIMAL,
        16,
        3,
    )
    assert amount.description == "Net Value of the Sales Order in Document Currency"  # quickinfo
    created = order.field("CreationDate")
    assert created is not None and created.type is FieldType.DATE  # Edm.DateTime shown as a date
    changed = order.field("LastChangeDateTime")
    assert changed is not None and changed.type is FieldType.DATETIME

    between = [
        r
        for r in catalogue.relationships
        if {r.parent, r.child} == {"A_SalesOrder", "A_SalesOrderItem"}
    ]
    # to_Item (1:*) and the item's to_SalesOrder (declared 1:1) are one 1:N relationship.
    assert len(between) == 1
    items = between[0]
    assert (items.parent, items.child, items.cardinality) == (
        "A_SalesOrder",
        "A_SalesOrderItem",
        "1:N",
    )
    assert items.kind is RelationshipKind.COMPOSITION  # the item's key holds the order's
    assert items.via_field == "SalesOrder"
    assert all(r.cardinality == "1:N" for r in catalogue.relationships)


def test_business_partner_documentation_and_one_to_one(sap_folder: Path) -> None:
    data = (sap_folder / "API_BUSINESS_PARTNER.edmx").read_bytes()
    catalogue = parse_edmx("API_BUSINESS_PARTNER.edmx", data)
    names = {e.name for e in catalogue.entities}
    assert {
        "A_BusinessPartner",
        "A_Customer",
        "A_CustomerSalesArea",
        "A_BusinessPartnerAddress",
    } <= names
    documented = [f for e in catalogue.entities for f in e.fields if "\n\n" in f.description]
    assert documented  # <Documentation> summary and long description
    customer = next(
        r
        for r in catalogue.relationships
        if r.parent == "A_BusinessPartner" and r.child == "A_Customer"
    )
    assert customer.cardinality == "1:1" and customer.kind is RelationshipKind.LOOKUP
    sales_area = next(
        r
        for r in catalogue.relationships
        if r.parent == "A_Customer" and r.child == "A_CustomerSalesArea"
    )
    assert sales_area.cardinality == "1:N" and sales_area.kind is RelationshipKind.COMPOSITION


def test_odata_v4_csdl() -> None:
    catalogue = parse_edmx("orders-v4.xml", V4.read_bytes())
    assert [e.name for e in catalogue.entities] == [
        "A_SalesOrder",
        "A_SalesOrderItem",
        "A_Customer",
    ]
    order = catalogue.entities[0]
    assert order.label == "Sales Order"
    assert order.description == "A customer's order for goods or services."
    sold_to = order.field("SoldToParty")
    assert sold_to is not None and sold_to.label == "Sold-To Party"
    assert order.field("Tags") is None  # a collection is not a field
    item = catalogue.entities[1]
    material = item.field("Material")
    assert material is not None and material.label == "Product"
    guid = item.field("ItemGuid")
    assert guid is not None and guid.type is FieldType.GUID
    rels = {(r.parent, r.child): r for r in catalogue.relationships}
    assert len(rels) == 2
    items = rels[("A_SalesOrder", "A_SalesOrderItem")]
    assert items.cardinality == "1:N" and items.kind is RelationshipKind.COMPOSITION
    assert items.via_field == "SalesOrder"
    customer = rels[("A_Customer", "A_SalesOrder")]  # the order's lookup of its sold-to party
    assert customer.via_field == "SoldToParty" and customer.kind is RelationshipKind.LOOKUP
    messages = [str(p) for p in catalogue.problems]
    assert any("Tags" in m and "collection" in m for m in messages)
    assert any("Address" in m and "complex type" in m for m in messages)


def test_not_metadata() -> None:
    with pytest.raises(ImportFailure, match="expected an edmx:Edmx document"):
        parse_edmx("x.xml", b"<html><body/></html>")
    with pytest.raises(ImportFailure, match="no edmx:DataServices"):
        parse_edmx("x.xml", b'<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"/>')


INHERITANCE = b"""<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="com.example.partners" Alias="bp" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Party" Abstract="true">
        <Key><PropertyRef Name="PartyID"/></Key>
        <Property Name="PartyID" Type="Edm.String" Nullable="false" MaxLength="10"/>
        <Property Name="Name" Type="Edm.String" MaxLength="80"/>
      </EntityType>
      <EntityType Name="Organization" BaseType="bp.Party">
        <Property Name="LegalForm" Type="Edm.String" MaxLength="2"/>
        <Property Name="Name" Type="Edm.String" MaxLength="40"/>
      </EntityType>
      <EntityType Name="Customer" BaseType="com.example.partners.Organization">
        <Property Name="CreditLimit" Type="Edm.Decimal" Precision="15" Scale="2"/>
      </EntityType>
      <EntityType Name="Orphan" BaseType="bp.Missing">
        <Key><PropertyRef Name="OrphanID"/></Key>
        <Property Name="OrphanID" Type="Edm.String"/>
      </EntityType>
      <EntityType Name="Ping" BaseType="bp.Pong">
        <Key><PropertyRef Name="ID"/></Key>
        <Property Name="ID" Type="Edm.String"/>
      </EntityType>
      <EntityType Name="Pong" BaseType="bp.Ping">
        <Property Name="Extra" Type="Edm.String"/>
      </EntityType>
      <EntityContainer Name="Container">
        <EntitySet Name="Customers" EntityType="bp.Customer"/>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""


def test_derived_types_inherit_the_key_and_properties_of_their_bases() -> None:
    catalogue = parse_edmx("partners.xml", INHERITANCE)
    entities = {e.name: e for e in catalogue.entities}
    customer = entities["Customers"]  # the set's name
    assert [f.name for f in customer.fields] == ["PartyID", "Name", "LegalForm", "CreditLimit"]
    key = customer.field("PartyID")
    assert key is not None and key.key and key.required
    name = customer.field("Name")
    assert name is not None and name.length == 80, "the base's declaration is kept"
    assert "Party" not in entities, "an abstract type has no records of its own"
    organization = entities["Organization"]
    assert [f.name for f in organization.fields if f.key] == ["PartyID"]
    problems = {p.element: p.message for p in catalogue.problems}
    assert "declared" not in str(problems.get("Customers", ""))
    assert "more than once" in problems["Organization.Name"]
    assert "bp.Missing, which is not in the metadata" in problems["Orphan"]
    assert "derives from itself" in problems["Ping"]
    assert "abstract" in problems["Party"]
    # Every entity keeps a key: its own, or the one it inherits.
    assert all(any(f.key for f in e.fields) for e in catalogue.entities)
