"""Changing one rule of the design makes the scenarios that depend on it fail, with the codes
the weakened design produces."""

from __future__ import annotations

from workbench.domain.edits import revise
from workbench.domain.workspace import Workspace
from workbench.services.simulation import run_scenarios


def _change_mapping(ws: Workspace, mapping_id: str, **changes: object) -> Workspace:
    mapping = ws.mapping(mapping_id)
    assert mapping is not None
    new = revise(mapping, **changes)
    return revise(ws, mappings=tuple(new if m.id == mapping_id else m for m in ws.mappings))


def _failing(ws: Workspace) -> dict[str, set[str]]:
    return {r.scenario: {f.code for f in r.failures} for r in run_scenarios(ws) if not r.passed}


def test_removing_the_split_rule_fails_the_split_scenarios(reference: Workspace) -> None:
    weakened = _change_mapping(reference, "order-sales-order", split=None)
    failing = _failing(weakened)
    assert set(failing) == {"02-two-plants-split", "03-direct-and-partner-lines"}
    assert failing["02-two-plants-split"] == {"SPLIT_KEY_MIXED"}
    assert failing["03-direct-and-partner-lines"] == {"SPLIT_KEY_MIXED"}


def test_removing_the_customer_resolution_rule_creates_duplicates(reference: Workspace) -> None:
    weakened = _change_mapping(reference, "account-customer", resolution=None)
    failing = _failing(weakened)
    assert "CUSTOMER_DUPLICATED" in failing["09-several-customers-resolved"]
    assert failing["10-several-customers-ambiguous"] == {"CUSTOMER_DUPLICATED"}
    for result in run_scenarios(weakened, ["09-several-customers-resolved"]):
        assert [d.type for d in result.documents].count("A_Customer") == 1
        assert result.duplicates


def test_creating_unknown_customers_turns_the_hold_into_a_new_customer(
    reference: Workspace,
) -> None:
    rule = reference.mapping("account-customer").resolution  # type: ignore[union-attr]
    weakened = _change_mapping(
        reference, "account-customer", resolution=revise(rule, when_none="create")
    )
    [result] = run_scenarios(weakened, ["11-new-account-no-customer"])
    assert not result.passed
    assert [d.type for d in result.documents].count("A_Customer") == 1


def test_rewriting_billing_history_is_caught(reference: Workspace) -> None:
    rule = reference.mapping("amendment-order-change").amendment  # type: ignore[union-attr]
    weakened = _change_mapping(
        reference,
        "amendment-order-change",
        amendment=revise(rule, preserve_billing_history=False),
    )
    failing = _failing(weakened)
    assert "BILLING_HISTORY_LOCKED" in failing["15-downsell-credit"]
    [result] = run_scenarios(weakened, ["15-downsell-credit"])
    assert not result.issued_lines_preserved


def test_amendments_as_new_orders_duplicate_the_order(reference: Workspace) -> None:
    rule = reference.mapping("amendment-order-change").amendment  # type: ignore[union-attr]
    weakened = _change_mapping(
        reference, "amendment-order-change", amendment=revise(rule, strategy="new-order")
    )
    failing = _failing(weakened)
    assert "DUPLICATE_GUARD" in failing["14-co-termed-amendment-adds-product"]


def test_without_error_policies_failures_are_not_routed(reference: Workspace) -> None:
    weakened = _change_mapping(reference, "account-customer", error_policy=())
    [result] = run_scenarios(weakened, ["10-several-customers-ambiguous"])
    [failure] = result.failures
    assert failure.code == "CUSTOMER_AMBIGUOUS" and failure.route == "" and failure.policy == ""
