"""Mapping suggestions: known equivalences, name and label similarity, type fit, stable ids,
rejections remembered, and accepting them as ordinary edits."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from tests.factories import sample_workspace
from workbench.domain.edits import delete_mapping, put_mapping, revise
from workbench.domain.mappings import MappingStatus
from workbench.domain.systems import Entity, Field, FieldType, System, SystemRole
from workbench.domain.validation import errors_only, validate_workspace
from workbench.domain.workspace import Workspace
from workbench.importers.suggest import (
    SuggestionKind,
    accept,
    similarity,
    suggest,
    tokens,
    type_fit,
)
from workbench.services.suggestions import UnknownSuggestion, decide_all


def _two_sides() -> Workspace:
    crm = System(
        name="salesforce",
        role=SystemRole.CRM,
        entities=(
            Entity(
                name="Account",
                label="Account",
                fields=(
                    Field(name="Id", type=FieldType.ID, key=True, length=18),
                    Field(name="Name", label="Account Name", length=255),
                    Field(name="Industry", type=FieldType.PICKLIST, picklist=("Retail",)),
                ),
            ),
            Entity(
                name="Invoice__c",
                label="Invoice",
                fields=(
                    Field(name="Id", type=FieldType.ID, key=True),
                    Field(name="Invoice_Date__c", label="Invoice Date", type=FieldType.DATE),
                    Field(name="Net_Amount__c", label="Net Amount", type=FieldType.DECIMAL),
                ),
            ),
        ),
    )
    erp = System(
        name="s4hana",
        role=SystemRole.ERP,
        entities=(
            Entity(
                name="A_Customer",
                label="Customer",
                fields=(
                    Field(name="Customer", key=True, length=10),
                    Field(name="CustomerName", label="Name of Customer", length=80),
                    Field(name="Industry", length=4),
                ),
            ),
            Entity(
                name="A_Invoice",
                label="Invoice Header",
                fields=(
                    Field(name="Invoice", key=True, length=10),
                    Field(name="InvoiceDate", label="Invoice Date", type=FieldType.DATE),
                    Field(name="NetAmount", label="Net Amount", type=FieldType.DECIMAL),
                ),
            ),
        ),
    )
    return Workspace(name="w", systems=(crm, erp))


def test_tokens_drop_vendor_decoration() -> None:
    assert tokens("SBQQ__QuoteLine__c") == ("quote", "item")
    assert tokens("A_SalesOrderItemType") == ("sales", "order", "item")
    assert tokens("Net_Amount__c") == ("net", "amount")
    assert tokens("OrganizationBPName1") == ("organization", "partner", "name", "1")


def test_similarity_is_symmetric_and_bounded() -> None:
    a, b = tokens("Invoice_Date__c"), tokens("InvoiceDate")
    assert similarity(a, b) == similarity(b, a) == 1.0
    assert similarity((), b) == 0.0


@given(st.text(max_size=20), st.text(max_size=20))
def test_similarity_stays_between_zero_and_one(a: str, b: str) -> None:
    value = similarity(tokens(a), tokens(b))
    assert 0.0 <= value <= 1.0


def test_known_equivalences_and_similar_names() -> None:
    found = suggest(_two_sides())
    entity_level = {(s.source, s.target): s for s in found if s.kind is SuggestionKind.ENTITY}
    known = entity_level[("salesforce:Account", "s4hana:A_Customer")]
    assert known.confidence >= 0.9 and known.reasons[0].startswith("known equivalence")
    similar = entity_level[("salesforce:Invoice__c", "s4hana:A_Invoice")]
    assert 0.5 <= similar.confidence < known.confidence
    assert any("similar names" in r for r in similar.reasons)
    assert ("salesforce:Account", "s4hana:A_Invoice") not in entity_level
    assert not [s for s in found if s.kind is SuggestionKind.FIELD]  # no mappings yet


def test_ids_are_stable_and_distinct() -> None:
    first, second = suggest(_two_sides()), suggest(_two_sides())
    assert [s.id for s in first] == [s.id for s in second]
    assert len({s.id for s in first}) == len(first)
    assert all(s.id.startswith("e-") for s in first)


def test_field_suggestions_for_an_accepted_mapping() -> None:
    ws = _two_sides()
    account = next(s for s in suggest(ws) if s.source == "salesforce:Account")
    ws = accept(ws, account)
    (mapping,) = ws.mappings
    assert mapping.status is MappingStatus.PROPOSED and mapping.area == "customer"
    assert mapping.title == "Account to Customer" and "known equivalence" in mapping.notes
    fields = {(s.source_field, s.target_field): s for s in suggest(ws) if s.kind == "field"}
    name = fields[("Name", "CustomerName")]
    assert name.mapping_id == mapping.id and name.id.startswith("f-")
    assert any("values may be cut" in r for r in name.reasons)  # 255 into 80
    industry = fields[("Industry", "Industry")]
    assert any("value map" in r for r in industry.reasons)  # picklist into a 4-character code
    assert ("Id", "Customer") not in fields  # a Salesforce record id is not the ERP key
    ws = accept(ws, name)
    assert ws.mappings[0].field_mapping("CustomerName") is not None
    assert errors_only(validate_workspace(ws)) == []
    assert ("Name", "CustomerName") not in {(s.source_field, s.target_field) for s in suggest(ws)}


def test_incompatible_types_are_not_proposed() -> None:
    text = Field(name="A", type=FieldType.STRING)
    flag = Field(name="A", type=FieldType.BOOLEAN)
    assert type_fit(text, flag)[0] == 0.0
    assert type_fit(Field(name="A", type=FieldType.DECIMAL), text)[0] < 1.0


def test_mapped_pairs_and_rejections_are_not_proposed() -> None:
    ws = sample_workspace()
    keys = {s.key for s in suggest(ws)}
    assert "salesforce:Account -> s4hana:A_Customer" not in keys  # mapped already
    ws, decisions = decide_all(_two_sides(), [], [])
    assert not decisions.changed
    target = next(s for s in suggest(ws) if s.source == "salesforce:Invoice__c")
    ws, decisions = decide_all(ws, [], [target.id])
    assert ws.rejected_suggestions == (target.key,)
    assert target.id not in {s.id for s in suggest(ws)}


def test_accepting_an_entity_and_its_field_suggestions_in_one_call() -> None:
    ws = _two_sides()
    account = next(s for s in suggest(ws) if s.source == "salesforce:Account")
    probe = accept(ws, account)
    name = next(s for s in suggest(probe) if s.source_field == "Name")
    new, decisions = decide_all(ws, [name.id, account.id], [])
    assert [d.id for d in decisions.accepted] == [account.id, name.id]
    assert new.mappings[0].field_mapping("CustomerName") is not None


def test_unknown_ids_change_nothing() -> None:
    ws = _two_sides()
    try:
        decide_all(ws, ["e-00000000"], [])
    except UnknownSuggestion as exc:
        assert "e-00000000" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("an unknown id was accepted")


def test_a_deleted_mapping_is_proposed_again() -> None:
    ws = _two_sides()
    account = next(s for s in suggest(ws) if s.source == "salesforce:Account")
    ws = delete_mapping(accept(ws, account), "account-a-customer")
    assert account.id in {s.id for s in suggest(ws)}
    assert revise(ws, rejected_suggestions=(account.key,)) is not ws


def test_one_proposal_for_several_mappings_between_the_same_entities() -> None:
    ws = _two_sides()
    account = next(s for s in suggest(ws) if s.source == "salesforce:Account")
    ws = accept(ws, account)
    twin = revise(ws.mappings[0], id="account-a-customer-2")
    ws = put_mapping(ws, twin)
    fields = [s for s in suggest(ws) if s.kind == "field"]
    assert len({s.key for s in fields}) == len(fields)
    assert {s.mapping_id for s in fields} == {"account-a-customer"}
    name = next(s for s in fields if s.target_field == "CustomerName")
    ws = accept(ws, replace(name, mapping_id="account-a-customer-2"))
    # Mapped in the twin: not proposed for the first mapping either.
    assert "CustomerName" not in {s.target_field for s in suggest(ws) if s.kind == "field"}
