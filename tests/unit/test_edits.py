"""Edits as pure functions: renames carry references along, deletes take dependants with them."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import sample_workspace
from workbench.domain import Cardinality, Entity, Field, Mapping, edits, validate_workspace
from workbench.domain.scenarios import (
    Amendment,
    AmendmentChange,
    ChangeAction,
    line_id_taken,
    term_backwards,
)
from workbench.domain.validation import errors_only


def _valid(ws: object) -> None:
    assert errors_only(validate_workspace(ws)) == []  # type: ignore[arg-type]


def test_revise_validates() -> None:
    field = Field(name="Name")
    with pytest.raises(ValueError):
        edits.revise(field, name="not valid")
    assert edits.revise(field, label="  Account   name ").label == "Account name"


def test_renaming_an_entity_carries_every_reference() -> None:
    ws = sample_workspace()
    account = ws.entity("salesforce:Account")
    assert account is not None
    renamed = edits.put_entity(
        ws, "salesforce", edits.revise(account, name="Customer__c"), "Account"
    )
    _valid(renamed)
    assert renamed.entity("salesforce:Account") is None
    assert renamed.mapping("account-customer").source == "salesforce:Customer__c"  # type: ignore[union-attr]
    system = renamed.system("salesforce")
    assert system is not None
    assert system.relationships[0].parent == "Customer__c"
    order = system.entity("Order")
    assert order is not None and order.field("AccountId").reference_to == "Customer__c"  # type: ignore[union-attr]


def test_renaming_a_target_entity_updates_decision_links() -> None:
    ws = sample_workspace()
    customer = ws.entity("s4hana:A_Customer")
    assert customer is not None
    renamed = edits.put_entity(ws, "s4hana", edits.revise(customer, name="A_Kunde"), "A_Customer")
    _valid(renamed)
    assert "entity:s4hana:A_Kunde" in renamed.decisions[0].links


def test_renaming_a_system_carries_every_reference() -> None:
    ws = sample_workspace()
    system = ws.system("s4hana")
    assert system is not None
    renamed = edits.put_system(ws, edits.revise(system, name="sap"), "s4hana")
    _valid(renamed)
    mapping = renamed.mapping("account-customer")
    assert mapping is not None
    assert (mapping.target, mapping.system_of_record) == ("sap:A_Customer", "sap")
    assert renamed.value_maps[0].target_system == "sap"
    assert "entity:sap:A_Customer" in renamed.decisions[0].links


def test_deleting_an_entity_takes_its_mappings_relationships_and_links() -> None:
    ws = sample_workspace()
    assert edits.entity_impact(ws, "s4hana:A_Customer") == [
        "2 fields",
        "1 mapping: account-customer",
        # What the simulation loses, and the link that goes (the decision's one sign-off is
        # stale already, so nothing more is said about it).
        "the customer (account-customer) step of the simulation flow of workshop",
        "links from 1 decision: 0001",
    ]
    after = edits.delete_entity(ws, "s4hana:A_Customer")
    _valid(after)
    assert after.mapping("account-customer") is None
    assert after.decisions[0].links == ()
    after = edits.delete_entity(ws, "salesforce:Order")
    _valid(after)
    system = after.system("salesforce")
    assert system is not None and [r.name for r in system.relationships] == []
    assert system.entity("OrderItem").field("OrderId").reference_to is None  # type: ignore[union-attr]


def test_renaming_a_field_updates_field_mappings_and_keys() -> None:
    ws = sample_workspace()
    account = ws.entity("salesforce:Account")
    assert account is not None
    name = account.field("SAP_Customer__c")
    assert name is not None
    after = edits.put_field(
        ws, "salesforce:Account", edits.revise(name, name="ERP_Id__c"), "SAP_Customer__c"
    )
    _valid(after)
    assert after.mapping("account-customer").keys[0].source_field == "ERP_Id__c"  # type: ignore[union-attr]


def test_deleting_a_target_field_removes_its_field_mapping() -> None:
    ws = sample_workspace()
    assert edits.field_impact(ws, "s4hana:A_Customer", "CustomerName") == [
        "field mappings in account-customer: CustomerName"
    ]
    after = edits.delete_field(ws, "s4hana:A_Customer", "CustomerName")
    _valid(after)
    assert after.mapping("account-customer").field_mappings == ()  # type: ignore[union-attr]


def test_deleting_a_source_field_keeps_the_field_mapping_without_a_source() -> None:
    after = edits.delete_field(sample_workspace(), "salesforce:Account", "Name")
    _valid(after)
    [fm] = after.mapping("account-customer").field_mappings  # type: ignore[union-attr]
    assert fm.target == "CustomerName" and fm.source is None


def test_cardinality_and_owner() -> None:
    ws = sample_workspace()
    after = edits.set_cardinality(ws, "account-customer", Cardinality.ONE_TO_ONE)
    assert after.mapping("account-customer").cardinality is Cardinality.ONE_TO_ONE  # type: ignore[union-attr]
    none = edits.set_cardinality(ws, "account-customer", Cardinality.NONE)
    _valid(none)
    assert none.mapping("account-customer").target is None  # type: ignore[union-attr]
    with pytest.raises(edits.EditError, match="target entity first"):
        edits.set_cardinality(none, "account-customer", Cardinality.ONE_TO_MANY)
    owned = edits.set_owner(ws, "account-customer", "salesforce")
    assert owned.mapping("account-customer").system_of_record == "salesforce"  # type: ignore[union-attr]


def test_duplicate_names_are_refused() -> None:
    ws = sample_workspace()
    with pytest.raises(edits.EditError, match="exists already"):
        edits.put_mapping(
            ws, Mapping(id="account-customer", source="salesforce:Account", cardinality="none")
        )
    with pytest.raises(edits.EditError, match="already"):
        edits.put_entity(ws, "salesforce", Entity(name="Order"))


def test_new_mapping_ids_are_unique_and_readable() -> None:
    ws = sample_workspace()
    assert (
        edits.new_mapping_id(ws, "salesforce:Opportunity", "s4hana:A_SalesOrder")
        == "opportunity-a-salesorder"
    )
    ws = edits.put_mapping(
        ws,
        Mapping(
            id="opportunity-a-salesorder",
            source="salesforce:Opportunity",
            target="s4hana:A_SalesOrder",
            cardinality="1:1",
        ),
    )
    assert (
        edits.new_mapping_id(ws, "salesforce:Opportunity", "s4hana:A_SalesOrder")
        == "opportunity-a-salesorder-2"
    )


def test_deleting_a_mapping_removes_its_links() -> None:
    ws = sample_workspace()
    after = edits.delete_mapping(ws, "account-customer")
    _valid(after)
    assert after.decisions[0].links == ("entity:s4hana:A_Customer",)
    with pytest.raises(edits.EditError):
        edits.delete_mapping(after, "account-customer")


def test_deleting_a_system_takes_everything_in_it() -> None:
    ws = sample_workspace()
    assert edits.system_impact(ws, "s4hana")[0] == "4 entities with 10 fields"
    after = edits.delete_system(ws, "s4hana")
    _valid(after)
    assert [m.id for m in after.mappings] == ["opportunity"]


def test_renaming_a_value_map_carries_field_mappings_along() -> None:
    ws = sample_workspace()
    uom = ws.value_map("uom")
    assert uom is not None
    after = edits.put_value_map(ws, edits.revise(uom, id="units"), "uom")
    _valid(after)
    assert after.mapping("order-item").field_mapping("RequestedQuantityUnit").value_map == "units"  # type: ignore[union-attr]


def test_key_cross_references_are_added_replaced_and_deleted() -> None:
    from workbench.domain.mappings import KeyXref

    ws = sample_workspace()
    key = KeyXref(source_field="Name", target_field="CustomerName", description="by name")
    added = edits.put_key(ws, "account-customer", key)
    _valid(added)
    keys = added.mapping("account-customer").keys  # type: ignore[union-attr]
    assert [(k.source_field, k.target_field) for k in keys] == [
        ("SAP_Customer__c", "Customer"),
        ("Name", "CustomerName"),
    ]
    with pytest.raises(edits.EditError, match="is a key already"):
        edits.put_key(added, "account-customer", key)
    # Replacing a key by itself is not a duplicate.
    same = edits.put_key(added, "account-customer", edits.revise(key, description="x"), 1)
    assert same.mapping("account-customer").keys[1].description == "x"  # type: ignore[union-attr]
    removed = edits.delete_key(added, "account-customer", 0)
    assert removed.mapping("account-customer").keys == (key,)  # type: ignore[union-attr]
    with pytest.raises(edits.EditError):
        edits.delete_key(removed, "account-customer", 5)


def test_bundle_components_are_added_replaced_and_deleted() -> None:
    from decimal import Decimal

    from workbench.domain.mappings import BundleComponent

    ws = sample_workspace()
    cable = BundleComponent(product="CABLE-2", quantity=Decimal(4))
    added = edits.put_bundle_component(ws, "order-item", cable)
    _valid(added)
    bundle = added.mapping("order-item").bundle  # type: ignore[union-attr]
    assert bundle is not None
    assert [c.product for c in bundle.components] == ["HW-100", "SVC-1", "CABLE-2"]
    with pytest.raises(edits.EditError, match="component already"):
        edits.put_bundle_component(added, "order-item", BundleComponent(product="HW-100"))
    changed = edits.put_bundle_component(
        added, "order-item", edits.revise(cable, quantity=Decimal(6)), 2
    )
    assert changed.mapping("order-item").bundle.components[2].quantity == 6  # type: ignore[union-attr]
    removed = edits.delete_bundle_component(changed, "order-item", 0)
    assert [c.product for c in removed.mapping("order-item").bundle.components] == [  # type: ignore[union-attr]
        "SVC-1",
        "CABLE-2",
    ]


def test_a_first_component_makes_the_mapping_a_bundle() -> None:
    from workbench.domain.mappings import BundleComponent

    ws = sample_workspace()
    assert ws.mapping("order-sales-order").bundle is None  # type: ignore[union-attr]
    after = edits.put_bundle_component(ws, "order-sales-order", BundleComponent(product="KIT"))
    bundle = after.mapping("order-sales-order").bundle  # type: ignore[union-attr]
    assert bundle is not None and [c.product for c in bundle.components] == ["KIT"]
    with pytest.raises(edits.EditError):
        edits.delete_bundle_component(ws, "order-sales-order", 0)


def test_order_lines_are_added_replaced_and_deleted() -> None:
    ws = sample_workspace()
    [scenario] = ws.scenarios
    line = scenario.order.lines[0]
    added = edits.put_order_line(ws, scenario.id, edits.revise(line, id="30", plant="1030"))
    assert [li.id for li in added.scenarios[0].order.lines] == ["10", "20", "30"]
    _valid(added)
    changed = edits.put_order_line(added, scenario.id, edits.revise(line, quantity=5), 0)
    assert changed.scenarios[0].order.lines[0].quantity == 5
    with pytest.raises(edits.EditError, match="line 20 already"):
        edits.put_order_line(ws, scenario.id, edits.revise(line, id="20"), 0)
    fewer = edits.delete_order_line(changed, scenario.id, 1)
    assert [li.id for li in fewer.scenarios[0].order.lines] == ["10", "30"]
    assert fewer.scenarios[0].amendments == scenario.amendments


def test_an_order_line_may_not_take_the_id_an_amendment_adds_later() -> None:
    ws = sample_workspace()
    [scenario] = ws.scenarios
    adds = AmendmentChange(action=ChangeAction.ADD_LINE, line="40", product="X", quantity=1)
    amended = edits.revise(
        scenario, amendments=(Amendment(effective=scenario.order.date, changes=(adds,)),)
    )
    ws = edits.revise(ws, scenarios=(amended,))
    line = scenario.order.lines[0]
    with pytest.raises(edits.EditError, match="an amendment adds line 40 later"):
        edits.put_order_line(ws, scenario.id, edits.revise(line, id="40"))
    # The line that has the id keeps it through an edit of its other values.
    assert line_id_taken(amended, "10", 0) == ""
    assert line_id_taken(amended, "20", 0) == "the order has a line 20 already"


def test_a_term_that_ends_before_it_starts_is_named_once_for_the_edit_and_the_form() -> None:
    day = dt.date(2026, 1, 31)
    assert term_backwards("10", day, day) == ""
    assert term_backwards("10", day, None) == ""
    said = term_backwards("10", day, day - dt.timedelta(days=1))
    assert said == "line 10 ends (2026-01-30) before it starts (2026-01-31)"
    ws = sample_workspace()
    [scenario] = ws.scenarios
    line = edits.revise(scenario.order.lines[0], start=day, end=day - dt.timedelta(days=1))
    backwards = edits.put_order_line(ws, scenario.id, line, 0)
    assert said in [i.message for i in errors_only(validate_workspace(backwards))]


def test_the_last_order_line_and_a_missing_scenario_are_refused() -> None:
    ws = sample_workspace()
    [scenario] = ws.scenarios
    one = edits.delete_order_line(ws, scenario.id, 1)
    with pytest.raises(edits.EditError, match="at least one line"):
        edits.delete_order_line(one, scenario.id, 0)
    with pytest.raises(edits.EditError, match="no longer exists"):
        edits.put_order_line(ws, "nope", scenario.order.lines[0])
    with pytest.raises(edits.EditError, match="no longer exists"):
        edits.delete_order_line(ws, scenario.id, 7)


def test_a_scenario_header_is_replaced_in_place() -> None:
    ws = sample_workspace()
    [scenario] = ws.scenarios
    order = edits.revise(scenario.order, currency="USD", bill_to="ACME Lyon")
    new = edits.put_scenario(ws, edits.revise(scenario, title="Renamed", order=order), scenario.id)
    assert new.scenarios[0].title == "Renamed"
    assert new.scenarios[0].order.currency == "USD"
    assert new.scenarios[0].order.lines == scenario.order.lines
    with pytest.raises(edits.EditError, match="no longer exists"):
        edits.put_scenario(ws, scenario, "nope")
    other = edits.revise(scenario, id="other")
    both = edits.revise(ws, scenarios=(scenario, other))
    with pytest.raises(edits.EditError, match="exists already"):
        edits.put_scenario(both, other, scenario.id)


def test_rejected_suggestions_follow_renames_and_go_with_deletes() -> None:
    ws = edits.revise(
        sample_workspace(),
        rejected_suggestions=(
            "salesforce:Account -> s4hana:A_Customer",
            "salesforce:Account.Name -> s4hana:A_Customer.CustomerName",
            "salesforce:Order -> s4hana:A_Customer",
        ),
    )
    account = ws.entity("salesforce:Account")
    assert account is not None
    renamed = edits.put_entity(
        ws, "salesforce", edits.revise(account, name="Customer__c"), "Account"
    )
    assert renamed.rejected_suggestions == (
        "salesforce:Customer__c -> s4hana:A_Customer",
        "salesforce:Customer__c.Name -> s4hana:A_Customer.CustomerName",
        "salesforce:Order -> s4hana:A_Customer",
    )
    s4 = ws.system("s4hana")
    assert s4 is not None
    moved = edits.put_system(ws, edits.revise(s4, name="erp"), "s4hana")
    assert all(" -> erp:A_Customer" in key for key in moved.rejected_suggestions)
    name = account.field("Name")
    assert name is not None
    field_renamed = edits.put_field(
        ws, "salesforce:Account", edits.revise(name, name="AccountName"), "Name"
    )
    assert (
        "salesforce:Account.AccountName -> s4hana:A_Customer.CustomerName"
        in field_renamed.rejected_suggestions
    )
    # Nothing left to propose for a removed entity: its rejections go with it.
    assert edits.delete_entity(ws, "salesforce:Order").rejected_suggestions == (
        "salesforce:Account -> s4hana:A_Customer",
        "salesforce:Account.Name -> s4hana:A_Customer.CustomerName",
    )
    assert edits.delete_field(ws, "salesforce:Account", "Name").rejected_suggestions == (
        "salesforce:Account -> s4hana:A_Customer",
        "salesforce:Order -> s4hana:A_Customer",
    )
    assert edits.delete_system(ws, "s4hana").rejected_suggestions == ()


def test_a_delete_says_which_accepted_decisions_are_proposed_again() -> None:
    from tests.checks.conftest import load_reference

    reference = load_reference()
    linking = [d for d in reference.decisions if "mapping:order-sales-order" in d.links]
    assert linking and all(d.signoffs for d in linking)
    lines = edits.mapping_impact(reference, "order-sales-order")
    numbers = ", ".join(f"{d.number:04d}" for d in linking)
    line = next(line for line in lines if line.startswith("links from"))
    assert line.startswith(
        f"links from {len(linking)} decisions: {numbers}; their sign-offs go stale"
    )
    accepted = [d for d in linking if d.status.value == "accepted"]
    if accepted == linking:
        assert line.endswith("and they are proposed again"), line
    # The master data's flow loses its order step, and the dialog says so.
    assert "the order (order-sales-order) step of the simulation flow of reference" in lines
    # Counts read as words do.
    assert lines[0].endswith("field mappings") and not lines[0].startswith("1 ")
    after = edits.delete_mapping(reference, "order-sales-order")
    assert all(data.flow.order is None for data in after.master_data)


def test_a_delete_names_every_decision_whose_sign_offs_it_makes_stale() -> None:
    """Deleting an entity also drops the links to its mappings, and changes what a decision
    linked to the whole system approved: the dialog names those decisions too."""
    from tests.checks.conftest import load_reference
    from workbench.domain.signoffs import has_stale

    reference = load_reference()
    lines = edits.entity_impact(reference, "salesforce:Account")
    after = edits.delete_entity(reference, "salesforce:Account")
    lost = [d.number for d in reference.decisions if after.decision(d.number).links != d.links]  # type: ignore[union-attr]
    went_stale = [
        d.number
        for d in reference.decisions
        if not has_stale(reference, d) and has_stale(after, after.decision(d.number))  # type: ignore[arg-type]
    ]
    assert 7 in lost  # linked through a mapping that goes with Account, not through Account
    assert f"links from {len(lost)} decisions: {', '.join(f'{n:04d}' for n in lost)}" in lines
    numbers = ", ".join(f"{n:04d}" for n in went_stale)
    assert any(line.startswith(f"the sign-offs of decisions {numbers} go stale") for line in lines)
    # A relationship takes nothing with it, but a decision approving its system goes stale.
    assert edits.relationship_impact(reference, "salesforce", "AccountOrders") == [
        "the sign-offs of decision 0008 go stale and it is proposed again"
    ]
    assert edits.relationship_impact(reference, "salesforce", "NoSuchRelationship") == []
    # Several steps of one flow read as steps.
    assert any(
        line.startswith("the customer (account-customer), order (order-sales-order)")
        and line.endswith(" steps of the simulation flow of reference")
        for line in edits.system_impact(reference, "s4hana")
    )


def test_the_impact_of_deleting_what_is_gone_already_is_nothing() -> None:
    ws = sample_workspace()
    assert edits.field_impact(ws, "salesforce:Account", "NoSuchField") == []
    assert edits.entity_impact(ws, "salesforce:Nothing") == []


def test_a_scenario_copy_takes_the_first_free_id_within_the_id_length() -> None:
    from workbench.domain.edits import revise

    ws = sample_workspace()
    [first, *_] = ws.scenarios
    copied, new_id = edits.copy_scenario(ws, first.id)
    assert new_id == f"{first.id}-copy"
    again, second_id = edits.copy_scenario(copied, first.id)
    assert second_id == f"{first.id}-copy-2"
    made = {s.id: s for s in again.scenarios}
    assert made[second_id].order == first.order
    long = revise(first, id="a" * 80)
    ws = revise(ws, scenarios=(long,))
    _, long_id = edits.copy_scenario(ws, long.id)
    assert len(long_id) == 80 and long_id.endswith("-copy")
    assert edits.delete_scenario(ws, long.id).scenarios == ()
    with pytest.raises(edits.EditError):
        edits.delete_scenario(ws, "no-such-scenario")


def test_a_scenario_rename_carries_its_decision_links_and_a_delete_takes_them() -> None:
    from workbench.domain.edits import revise

    ws = sample_workspace()
    [first, *_] = ws.scenarios
    decision = ws.decisions[0]
    linked = (*decision.links, f"scenario:{first.id}")
    ws = revise(ws, decisions=(revise(decision, links=linked), *ws.decisions[1:]))
    _valid(ws)
    renamed = edits.put_scenario(ws, revise(first, id="renamed-case"), first.id)
    _valid(renamed)
    assert "scenario:renamed-case" in renamed.decisions[0].links
    assert f"scenario:{first.id}" not in renamed.decisions[0].links
    impact = edits.scenario_impact(renamed, "renamed-case")
    assert impact and impact[0].startswith("links from 1 decision: 0001")
    deleted = edits.delete_scenario(renamed, "renamed-case")
    _valid(deleted)
    assert deleted.decisions[0].links == decision.links
