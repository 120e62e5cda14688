"""Product classes (billing and recognition rules) and reconciliation metrics: validation, and
edits that carry renames and deletes into them."""

from __future__ import annotations

from tests.factories import sample_workspace
from workbench.domain import (
    BillingRule,
    Field,
    JoinKey,
    Measure,
    ProductClass,
    RecognitionRule,
    ReconciliationMetric,
    System,
    validate_workspace,
)
from workbench.domain import edits as E
from workbench.domain.elements import changed_keys
from workbench.domain.validation import errors_only


def _messages(ws: object) -> list[str]:
    return [f"{i.element}: {i.message}" for i in validate_workspace(ws)]  # type: ignore[arg-type]


def test_the_sample_design_is_valid() -> None:
    assert errors_only(validate_workspace(sample_workspace())) == []


def test_a_rule_in_an_unknown_system_is_an_error() -> None:
    ws = E.put_product_class(
        sample_workspace(),
        ProductClass(
            id="usage",
            billing=BillingRule(system="zuora", timing="in-arrears"),
            recognition=RecognitionRule(system="s4hana", method="ratable"),
        ),
    )
    assert "product class usage: billing system zuora is not a system in the model" in _messages(ws)


def test_point_in_time_recognition_without_an_event_is_incomplete() -> None:
    ws = E.put_product_class(
        sample_workspace(),
        ProductClass(id="kit", recognition=RecognitionRule(method="point-in-time")),
    )
    assert any("needs the event that earns the revenue" in m for m in _messages(ws))


def test_split_systems_is_true_only_when_both_systems_are_known_and_differ() -> None:
    billing = BillingRule(system="billing", timing="in-advance")
    assert ProductClass(
        id="a", billing=billing, recognition=RecognitionRule(system="s4hana", method="ratable")
    ).split_systems
    assert not ProductClass(
        id="b", billing=billing, recognition=RecognitionRule(method="ratable")
    ).split_systems
    assert not ProductClass(id="c", billing=billing).split_systems


def test_metric_references_must_resolve() -> None:
    ws = E.put_metric(
        sample_workspace(),
        ReconciliationMetric(
            id="billed",
            kind="billed-amount",
            measures=(Measure(layer="erp", entity="s4hana:A_Invoice", expression="sum"),),
            join_keys=(JoinKey(crm="salesforce:Order.Nope", erp="s4hana:A_SalesOrder.SalesOrder"),),
        ),
    )
    found = _messages(ws)
    assert (
        "reconciliation metric billed: measure entity s4hana:A_Invoice is not an entity in the model"
        in found
    )
    assert (
        "reconciliation metric billed: join key crm field salesforce:Order.Nope is not a field in "
        "the model" in found
    )


def test_renaming_a_system_carries_into_rules_and_metrics() -> None:
    ws = sample_workspace()
    s4 = ws.system("s4hana")
    assert s4 is not None
    renamed = E.put_system(ws, s4.model_copy(update={"name": "erp"}), "s4hana")
    subscription = renamed.product_class("subscription")
    assert subscription is not None and subscription.billing is not None
    assert subscription.billing.system == "erp"
    metric = renamed.metric("open-orders")
    assert metric is not None
    assert metric.measures[2].entity == "erp:A_SalesOrder"
    assert metric.join_keys[0].erp == "erp:A_SalesOrder.SalesOrder"
    assert metric.join_keys[0].crm == "salesforce:Order.Id"
    assert errors_only(validate_workspace(renamed)) == []


def test_renaming_an_entity_and_a_field_carries_into_metrics() -> None:
    ws = sample_workspace()
    order = ws.entity("salesforce:Order")
    assert order is not None
    ws = E.put_entity(ws, "salesforce", order.model_copy(update={"name": "Order__c"}), "Order")
    ws = E.put_field(ws, "salesforce:Order__c", Field(name="OrderId", type="id", key=True), "Id")
    metric = ws.metric("open-orders")
    assert metric is not None
    assert metric.measures[0].entity == "salesforce:Order__c"
    assert metric.join_keys[0].crm == "salesforce:Order__c.OrderId"
    assert errors_only(validate_workspace(ws)) == []


def test_deleting_what_a_metric_names_clears_the_reference() -> None:
    ws = E.delete_field(sample_workspace(), "s4hana:A_SalesOrder", "SalesOrder")
    metric = ws.metric("open-orders")
    assert metric is not None and metric.join_keys[0].erp is None
    ws = E.delete_entity(ws, "salesforce:Order")
    metric = ws.metric("open-orders")
    assert metric is not None
    assert metric.measures[0].entity is None and metric.join_keys[0].crm is None
    assert errors_only(validate_workspace(ws)) == []


def test_deleting_a_system_clears_rule_systems() -> None:
    ws = E.put_system(sample_workspace(), System(name="billing", role="billing"))
    ws = E.put_product_class(
        ws,
        ProductClass(id="usage", billing=BillingRule(system="billing", timing="in-arrears")),
    )
    ws = E.delete_system(ws, "billing")
    usage = ws.product_class("usage")
    assert usage is not None and usage.billing is not None and usage.billing.system is None


def test_an_unrelated_edit_leaves_classes_and_metrics_shared() -> None:
    ws = sample_workspace()
    after = E.put_field(ws, "salesforce:Account", Field(name="Rating"))
    pairs = [
        *zip(after.product_classes, ws.product_classes, strict=True),
        *zip(after.reconciliation, ws.reconciliation, strict=True),
    ]
    assert all(a is b for a, b in pairs)
    assert changed_keys(ws, after) == {("entity", "salesforce:Account")}


def test_renaming_a_product_class_carries_decision_links() -> None:
    ws = sample_workspace()
    decision = ws.decisions[0]
    ws = E.revise(
        ws, decisions=(decision.model_copy(update={"links": ("product-class:subscription",)}),)
    )
    pc = ws.product_class("subscription")
    assert pc is not None
    ws = E.put_product_class(ws, pc.model_copy(update={"id": "term"}), "subscription")
    assert ws.decisions[0].links == ("product-class:term",)
    assert errors_only(validate_workspace(ws)) == []
    ws = E.delete_product_class(ws, "term")
    assert ws.decisions[0].links == ()
