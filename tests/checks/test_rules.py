"""Every rule both ways: silent on the reference design, and firing exactly where a deliberately
broken copy of it is wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from workbench.checks import rules, run_checks
from workbench.domain import Decision, Entity, Field, Mapping, SyncTrigger, Workspace
from workbench.domain.mappings import AmendmentStrategy
from workbench.domain.scenarios import AmendmentChange, ExpectedDocument
from workbench.domain.suppressions import Suppression

Breaker = Callable[[Workspace], Workspace]
SO = "mapping:order-sales-order"


def _mapping(ws: Workspace, mapping_id: str, **changes: Any) -> Workspace:
    return ws.model_copy(
        update={
            "mappings": tuple(
                m.model_copy(update=changes) if m.id == mapping_id else m for m in ws.mappings
            )
        }
    )


def _field_mapping(ws: Workspace, mapping_id: str, target: str, **changes: Any) -> Workspace:
    mapping = ws.mapping(mapping_id)
    assert mapping is not None
    fms = tuple(
        fm.model_copy(update=changes) if fm.target == target else fm
        for fm in mapping.field_mappings
    )
    return _mapping(ws, mapping_id, field_mappings=fms)


def _drop_field_mapping(ws: Workspace, mapping_id: str, target: str) -> Workspace:
    mapping = ws.mapping(mapping_id)
    assert mapping is not None
    fms = tuple(fm for fm in mapping.field_mappings if fm.target != target)
    return _mapping(ws, mapping_id, field_mappings=fms)


def _error_rule(ws: Workspace, mapping_id: str, **changes: Any) -> Workspace:
    mapping = ws.mapping(mapping_id)
    assert mapping is not None
    first, *rest = mapping.error_policy
    return _mapping(ws, mapping_id, error_policy=(first.model_copy(update=changes), *rest))


def _split_by(ws: Workspace, mapping_id: str, *names: str) -> Workspace:
    mapping = ws.mapping(mapping_id)
    assert mapping is not None and mapping.split is not None
    return _mapping(ws, mapping_id, split=mapping.split.model_copy(update={"group_by": names}))


def _expect_failures(ws: Workspace, scenario_id: str, *codes: str) -> Workspace:
    def changed(scenario: Any) -> Any:
        expect = scenario.expect.model_copy(update={"failures": codes})
        return scenario.model_copy(update={"expect": expect})

    return ws.model_copy(
        update={"scenarios": tuple(changed(s) if s.id == scenario_id else s for s in ws.scenarios)}
    )


def _expect_documents(ws: Workspace, scenario_id: str, *types: str) -> Workspace:
    def changed(scenario: Any) -> Any:
        documents = tuple(ExpectedDocument(type=kind) for kind in types)
        expect = scenario.expect.model_copy(update={"documents": documents})
        return scenario.model_copy(update={"expect": expect})

    return ws.model_copy(
        update={"scenarios": tuple(changed(s) if s.id == scenario_id else s for s in ws.scenarios)}
    )


def _amendment_on(ws: Workspace, scenario_id: str, effective: str) -> Workspace:
    """The scenario's first amendment taking effect on ``effective`` instead."""

    def changed(scenario: Any) -> Any:
        first = scenario.amendments[0].model_copy(
            update={"effective": dt.date.fromisoformat(effective)}
        )
        return scenario.model_copy(update={"amendments": (first, *scenario.amendments[1:])})

    return ws.model_copy(
        update={"scenarios": tuple(changed(s) if s.id == scenario_id else s for s in ws.scenarios)}
    )


def _sync(ws: Workspace, mapping_id: str, **changes: Any) -> Workspace:
    mapping = ws.mapping(mapping_id)
    assert mapping is not None and mapping.sync is not None
    return _mapping(ws, mapping_id, sync=mapping.sync.model_copy(update=changes))


def _bundle(ws: Workspace, **changes: Any) -> Workspace:
    mapping = ws.mapping("bundle-package-explosion")
    assert mapping is not None and mapping.bundle is not None
    return _mapping(ws, mapping.id, bundle=mapping.bundle.model_copy(update=changes))


def _product_class(ws: Workspace, class_id: str, **changes: Any) -> Workspace:
    return ws.model_copy(
        update={
            "product_classes": tuple(
                pc.model_copy(update=changes) if pc.id == class_id else pc
                for pc in ws.product_classes
            )
        }
    )


def _billing_system(ws: Workspace, class_id: str, system: str | None) -> Workspace:
    pc = ws.product_class(class_id)
    assert pc is not None and pc.billing is not None
    return _product_class(ws, class_id, billing=pc.billing.model_copy(update={"system": system}))


def _metric(ws: Workspace, metric_id: str, **changes: Any) -> Workspace:
    return ws.model_copy(
        update={
            "reconciliation": tuple(
                m.model_copy(update=changes) if m.id == metric_id else m for m in ws.reconciliation
            )
        }
    )


def _entity(ws: Workspace, ref: str, change: Callable[[Entity], Entity]) -> Workspace:
    system_name, name = ref.split(":")
    systems = tuple(
        s.model_copy(
            update={"entities": tuple(change(e) if e.name == name else e for e in s.entities)}
        )
        if s.name == system_name
        else s
        for s in ws.systems
    )
    return ws.model_copy(update={"systems": systems})


def _add_entity(ws: Workspace, system_name: str, entity: Entity) -> Workspace:
    systems = tuple(
        s.model_copy(update={"entities": (*s.entities, entity)}) if s.name == system_name else s
        for s in ws.systems
    )
    return ws.model_copy(update={"systems": systems})


def _require_unmapped_sales_order_field(ws: Workspace) -> Workspace:
    mapping = ws.mapping("order-sales-order")
    assert mapping is not None
    mapped = {fm.target for fm in mapping.field_mappings}

    def change(entity: Entity) -> Entity:
        fields = list(entity.fields)
        position = next(
            i for i, f in enumerate(fields) if f.name == "PricingDate" and f.name not in mapped
        )
        fields[position] = fields[position].model_copy(update={"required": True})
        return entity.model_copy(update={"fields": tuple(fields)})

    return _entity(ws, "s4hana:A_SalesOrder", change)


def _without_legal_entity(ws: Workspace) -> Workspace:
    value_map = ws.value_map("legal-entity-sales-org")
    assert value_map is not None
    entries = tuple(e for e in value_map.entries if e.source != "Helix Industrial Ltd")
    trimmed = value_map.model_copy(update={"entries": entries})
    return ws.model_copy(
        update={"value_maps": tuple(trimmed if v is value_map else v for v in ws.value_maps)}
    )


def _unit_read_back_unmarked(ws: Workspace) -> Workspace:
    """The unit map without the mark that says SAP's PC comes back as Each (Case is PC too)."""
    value_map = ws.value_map("uom")
    assert value_map is not None
    entries = tuple(e.model_copy(update={"reverse": False}) for e in value_map.entries)
    unmarked = value_map.model_copy(update={"entries": entries})
    return ws.model_copy(
        update={"value_maps": tuple(unmarked if v is value_map else v for v in ws.value_maps)}
    )


def _without_unit_value_maps(ws: Workspace) -> Workspace:
    ws = _field_mapping(ws, "product-material", "BaseUnit", value_map=None)
    return _field_mapping(ws, "product-units-of-measure", "AlternativeUnit", value_map=None)


def _duplicate_product_mapping(ws: Workspace) -> Workspace:
    original = ws.mapping("product-material")
    assert original is not None
    copy = original.model_copy(
        update={"id": "product-material-copy", "system_of_record": "salesforce"}
    )
    return ws.model_copy(update={"mappings": (*ws.mappings, copy)})


def _uom_owned_by_crm(ws: Workspace) -> Workspace:
    ws = _mapping(ws, "product-units-of-measure", system_of_record="salesforce")
    return _field_mapping(ws, "product-units-of-measure", "BaseUnit", owner=None)


def _open_orders_without_integration(ws: Workspace) -> Workspace:
    metric = ws.metric("open-orders")
    assert metric is not None
    measures = tuple(m for m in metric.measures if m.layer != "integration")
    return _metric(ws, "open-orders", measures=measures)


def _unknown_rule_suppressed(ws: Workspace) -> Workspace:
    item = Suppression(
        element="mapping:order-sales-order", rules=("Q2C-XXX-999",), reason="typo in the id"
    )
    return ws.model_copy(update={"suppressions": (item,)})


def _stale_suppression(ws: Workspace) -> Workspace:
    # order-sales-order has a catch-all error rule: Q2C-ERR-006 finds nothing to silence there.
    item = Suppression(element=SO, rules=("Q2C-ERR-006",), reason="was missing once")
    return ws.model_copy(update={"suppressions": (item,)})


def _first_share(ws: Workspace) -> Workspace:
    mapping = ws.mapping("bundle-package-explosion")
    assert mapping is not None and mapping.bundle is not None
    first, *rest = mapping.bundle.components
    return _bundle(ws, components=(first.model_copy(update={"share": Decimal("0.5")}), *rest))


CASES: dict[str, tuple[Breaker, set[str]]] = {
    "Q2C-MODEL-001": (
        lambda ws: ws.model_copy(
            update={"mappings": tuple(m for m in ws.mappings if m.id != "quote-crm-only")}
        ),
        {"entity:salesforce:SBQQ__Quote__c"},
    ),
    "Q2C-MODEL-002": (
        lambda ws: _add_entity(
            ws,
            "s4hana",
            Entity(name="I_Country", kind="reference", fields=(Field(name="Country"),)),
        ),
        {"entity:s4hana:I_Country"},
    ),
    "Q2C-CARD-001": (
        lambda ws: _mapping(ws, "account-customer", resolution=None),
        {"mapping:account-customer"},
    ),
    "Q2C-CARD-002": (lambda ws: _mapping(ws, "order-sales-order", split=None), {SO}),
    "Q2C-CARD-003": (
        lambda ws: _mapping(ws, "amendment-order-change", aggregation=None),
        {"mapping:amendment-order-change"},
    ),
    "Q2C-CARD-004": (lambda ws: _split_by(ws, "order-sales-order", "plant", "chanel"), {SO}),
    "Q2C-OWN-001": (lambda ws: _mapping(ws, "order-sales-order", system_of_record=None), {SO}),
    "Q2C-OWN-002": (
        _uom_owned_by_crm,
        {
            "field:salesforce:Product2.ERP_Base_Unit__c",
            "field:salesforce:Product2.ProductCode",
            "field:salesforce:Product2.QuantityUnitOfMeasure",
        },
    ),
    "Q2C-OWN-003": (_duplicate_product_mapping, {"mapping:product-material-copy"}),
    "Q2C-SYNC-001": (
        lambda ws: _mapping(ws, "product-material", sync=None),
        {"mapping:product-material"},
    ),
    "Q2C-SYNC-002": (
        lambda ws: _sync(ws, "product-material", schedule=""),
        {"mapping:product-material"},
    ),
    "Q2C-SYNC-003": (
        lambda ws: _sync(ws, "product-material", trigger=SyncTrigger.MANUAL),
        {"mapping:product-material"},
    ),
    "Q2C-ERR-001": (lambda ws: _mapping(ws, "order-sales-order", error_policy=()), {SO}),
    "Q2C-ERR-002": (lambda ws: _error_rule(ws, "order-sales-order", route=""), {SO}),
    "Q2C-ERR-003": (lambda ws: _error_rule(ws, "order-sales-order", notify=()), {SO}),
    "Q2C-ERR-004": (lambda ws: _error_rule(ws, "order-sales-order", resolution=""), {SO}),
    "Q2C-ERR-005": (lambda ws: _error_rule(ws, "order-sales-order", correction=""), {SO}),
    "Q2C-ERR-006": (
        lambda ws: _mapping(
            ws,
            "order-sales-order",
            error_policy=tuple(
                r
                for r in ws.mapping("order-sales-order").error_policy
                if r.failure != "*"  # type: ignore[union-attr]
            ),
        ),
        {SO},
    ),
    "Q2C-PROD-001": (
        lambda ws: ws.model_copy(
            update={"mappings": tuple(m for m in ws.mappings if m.id != "product-sales-tax")}
        ),
        {"mapping:product-material"},
    ),
    "Q2C-PROD-002": (_without_unit_value_maps, {"mapping:product-material"}),
    "Q2C-BNDL-001": (
        lambda ws: _mapping(ws, "bundle-package-explosion", bundle=None),
        {"mapping:bundle-package-explosion"},
    ),
    "Q2C-BNDL-002": (
        lambda ws: _bundle(ws, components_from="SBQQ__Missing__c"),
        {"mapping:bundle-package-explosion"},
    ),
    "Q2C-BNDL-003": (_first_share, {"mapping:bundle-package-explosion"}),
    "Q2C-REV-001": (
        lambda ws: ws.model_copy(update={"product_classes": ()}),
        {"workspace"},
    ),
    "Q2C-REV-002": (
        lambda ws: _product_class(ws, "hardware", billing=None),
        {"product-class:hardware"},
    ),
    "Q2C-REV-003": (
        lambda ws: _product_class(ws, "hardware", recognition=None),
        {"product-class:hardware"},
    ),
    "Q2C-REV-004": (
        lambda ws: _billing_system(ws, "hardware", "salesforce"),
        {"product-class:hardware"},
    ),
    "Q2C-REV-005": (
        lambda ws: _billing_system(ws, "subscription", None),
        {"product-class:subscription"},
    ),
    "Q2C-AMND-001": (
        lambda ws: _mapping(ws, "contract-sales-contract", amendment=None),
        {"mapping:contract-sales-contract"},
    ),
    "Q2C-AMND-002": (
        lambda ws: _mapping(
            ws,
            "amendment-order-change",
            amendment=ws.mapping("amendment-order-change").amendment.model_copy(  # type: ignore[union-attr]
                update={"preserve_billing_history": False}
            ),
        ),
        {"mapping:amendment-order-change"},
    ),
    "Q2C-AMND-003": (
        lambda ws: _mapping(
            ws,
            "amendment-order-change",
            aggregation=None,
            keys=(),
            amendment=ws.mapping("amendment-order-change").amendment.model_copy(  # type: ignore[union-attr]
                update={"strategy": AmendmentStrategy.NEW_ORDER}
            ),
        ),
        {"mapping:amendment-order-change"},
    ),
    "Q2C-RECON-001": (
        lambda ws: ws.model_copy(
            update={
                "reconciliation": tuple(m for m in ws.reconciliation if m.id != "billed-amount")
            }
        ),
        {"workspace"},
    ),
    "Q2C-RECON-002": (_open_orders_without_integration, {"reconciliation:open-orders"}),
    "Q2C-RECON-003": (
        lambda ws: _metric(ws, "open-orders", join_keys=()),
        {"reconciliation:open-orders"},
    ),
    "Q2C-RECON-004": (
        lambda ws: _metric(ws, "open-orders", tolerance=""),
        {"reconciliation:open-orders"},
    ),
    "Q2C-FIELD-001": (
        lambda ws: _field_mapping(ws, "order-sales-order", "SalesOrderDate", source="PoNumber"),
        {"field:s4hana:A_SalesOrder.SalesOrderDate"},
    ),
    "Q2C-FIELD-002": (
        lambda ws: _field_mapping(ws, "order-item-sales-order-item", "Material", transform=""),
        {"field:s4hana:A_SalesOrderItem.Material"},
    ),
    "Q2C-FIELD-003": (
        _require_unmapped_sales_order_field,
        {"field:s4hana:A_SalesOrder.PricingDate"},
    ),
    "Q2C-FIELD-004": (
        lambda ws: _field_mapping(
            ws,
            "order-item-sales-order-item",
            "SalesOrderItemCategory",
            value_map=None,
            transform="",
        ),
        {"field:s4hana:A_SalesOrderItem.SalesOrderItemCategory"},
    ),
    "Q2C-FIELD-005": (
        lambda ws: _field_mapping(
            ws, "order-item-sales-order-item", "SalesOrderItemCategory", value_map=None
        ),
        {"field:s4hana:A_SalesOrderItem.SalesOrderItemCategory"},
    ),
    "Q2C-FIELD-006": (
        _without_legal_entity,
        {
            "field:s4hana:A_SalesOrder.SalesOrganization",
            "field:s4hana:A_SalesContract.SalesOrganization",
        },
    ),
    # Both product mappings bring the unit back from SAP, where PC is Each's and Case's.
    "Q2C-FIELD-007": (
        _unit_read_back_unmarked,
        {"field:salesforce:Product2.QuantityUnitOfMeasure"},
    ),
    # The customer-master owner changes after decisions 0001 and 0007 were signed: their
    # approvals go stale, and every agreed mapping either decision governs is reported.
    "Q2C-GOV-001": (
        lambda ws: _mapping(ws, "account-customer", system_of_record="salesforce"),
        {
            "mapping:account-customer",
            "mapping:account-business-partner",
            "mapping:address-bp-address",
            "mapping:order-sales-order",
            "mapping:product-material",
        },
    ),
    "Q2C-SIM-001": (
        lambda ws: _mapping(ws, "order-sales-order", split=None),
        {"scenario:02-two-plants-split", "scenario:03-direct-and-partner-lines"},
    ),
    "Q2C-SIM-002": (
        lambda ws: _expect_failures(ws, "18-credit-block", "CREDIT_BLOK"),
        {"scenario:18-credit-block"},
    ),
    "Q2C-SIM-003": (
        lambda ws: _expect_documents(ws, "18-credit-block", "A_SalesOrdr"),
        {"scenario:18-credit-block"},
    ),
    # Line 10's term ends on 2028-12-31: a downsell dated after it changes nothing.
    "Q2C-SIM-004": (
        lambda ws: _amendment_on(ws, "15-downsell-credit", "2029-02-01"),
        {"scenario:15-downsell-credit"},
    ),
    "Q2C-CFG-001": (_unknown_rule_suppressed, {SO}),
    "Q2C-CFG-002": (_stale_suppression, {SO}),
}


def fresh(ws: Workspace) -> Workspace:
    """A new workspace value (model_copy keeps the old one's cached index)."""
    return Workspace.model_validate({name: getattr(ws, name) for name in Workspace.model_fields})


def _elements(ws: Workspace, rule_id: str) -> set[str]:
    """Where the rule fires in a run of the whole catalogue (and, the same, run on its own)."""
    alone = {f.element for f in run_checks(fresh(ws), [rule_id]).findings}
    every = {f.element for f in run_checks(fresh(ws)).findings if f.rule == rule_id}
    if rule_id != "Q2C-CFG-002":  # judges the other rules' findings: needs them to run
        assert alone == every
    return every


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == set(rules())


def test_the_reference_design_has_no_errors(reference: Workspace) -> None:
    report = run_checks(reference)
    assert report.summary()["error"] == 0, [
        (f.rule, f.element, f.message) for f in report.findings if f.severity == "error"
    ]
    assert report.summary()["warning"] > 0  # a real design still carries some


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_exactly_where_the_copy_is_broken(reference: Workspace, rule_id: str) -> None:
    breaker, expected = CASES[rule_id]
    before = _elements(reference, rule_id)
    assert not expected & before, "the correct element must not be reported"
    after = _elements(breaker(reference), rule_id)
    assert after - before == expected


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_findings_point_at_a_mirror_line(reference: Workspace, rule_id: str) -> None:
    from workbench.mirror import codec

    broken = fresh(CASES[rule_id][0](reference))
    files = codec.render(broken)
    # A stale suppression is judged against the other rules' findings: they must run too.
    chosen = None if rule_id == "Q2C-CFG-002" else [rule_id]
    findings = [f for f in run_checks(broken, chosen).findings if f.rule == rule_id]
    assert findings, "the broken copy must give the rule something to report"
    for finding in findings:
        file, line = codec.locate_issue(finding.location, files)
        assert file in files and line >= 1


def test_a_decision_on_the_product_class_accepts_a_split(reference: Workspace) -> None:
    broken = _billing_system(reference, "hardware", "salesforce")
    decision = Decision(
        number=99,
        title="Salesforce bills hardware",
        date="2026-01-01",
        links=("product-class:hardware",),
    )
    decided = fresh(broken.model_copy(update={"decisions": (*broken.decisions, decision)}))
    assert _elements(decided, "Q2C-REV-004") == set()


def test_shares_of_a_bundle_defined_in_the_master_data_are_checked(reference: Workspace) -> None:
    from workbench.mirror import codec

    # The set's kit splits its price 0.6 / 0.1 / 0.3; a PSU share of 0.2 leaves a tenth unpriced,
    # which a run fails on whether or not a scenario orders the kit.
    data = reference.master_data[0]
    kit = data.bundles[0]
    components = tuple(
        c.model_copy(update={"share": Decimal("0.2")}) if c.product == "EDGE-PSU-650" else c
        for c in kit.components
    )
    broken_kit = kit.model_copy(update={"components": components})
    broken_data = data.model_copy(update={"bundles": (broken_kit, *data.bundles[1:])})
    broken = fresh(
        reference.model_copy(update={"master_data": (broken_data, *reference.master_data[1:])})
    )
    findings = run_checks(broken, ["Q2C-BNDL-003"]).findings
    assert [(f.element, f.message) for f in findings] == [
        (
            f"master-data:{data.id}",
            f"bundle EDGE-KIT-STD of master data {data.id}: the required components' shares "
            "add up to 90.0 %, not 100 % (exploded by bundle-package-explosion, fixed-share)",
        )
    ]
    file, line = codec.locate_issue(findings[0].location, codec.render(broken))
    assert file == f"models/master-data/{data.id}.yaml"
    text = codec.render(broken)[file].decode()
    assert text.splitlines()[line - 1].startswith("- product: EDGE-KIT-STD")
    # The same set with its shares restored is clean again, in the same checker.
    assert not run_checks(fresh(reference), ["Q2C-BNDL-003"]).findings


def test_component_products_are_checked_against_the_catalogue(reference: Workspace) -> None:
    def with_catalogue(entity: Entity) -> Entity:
        fields = tuple(
            f.model_copy(update={"picklist": ("EDGE-GW-200", "EDGE-RACK-2U", "EDGE-PSU-650")})
            if f.name == "ProductCode"
            else f
            for f in entity.fields
        )
        return entity.model_copy(update={"fields": fields})

    # Without master data and scenarios, the product code picklist is the catalogue.
    bare = reference.model_copy(update={"master_data": (), "scenarios": ()})
    ws = fresh(_entity(bare, "salesforce:Product2", with_catalogue))
    findings = run_checks(ws, ["Q2C-BNDL-002"]).findings
    assert [(f.element, f.location.path) for f in findings] == [
        ("mapping:bundle-package-explosion", ("bundle", "components", 3, "product"))
    ]
    assert "EDGE-LTE-MOD" in findings[0].message


def test_a_new_mapping_without_any_rules_collects_the_basic_findings(reference: Workspace) -> None:
    bare = Mapping(
        id="bare", source="salesforce:Account", target="s4hana:A_Customer", cardinality="1:N"
    )
    ws = fresh(reference.model_copy(update={"mappings": (*reference.mappings, bare)}))
    fired = {f.rule for f in run_checks(ws).findings if f.element == "mapping:bare"}
    assert {"Q2C-CARD-001", "Q2C-OWN-001", "Q2C-SYNC-001", "Q2C-ERR-001"} <= fired


def test_a_mistyped_line_attribute_is_named_with_the_one_meant(reference: Workspace) -> None:
    broken = _split_by(reference, "order-sales-order", "plant", "Chanel")
    (finding,) = run_checks(fresh(broken), ["Q2C-CARD-004"]).findings
    assert "split groups lines by Chanel" in finding.message
    assert "(did you mean channel?)" in finding.message
    assert finding.location.path == ("split", "group_by", 1)


def test_an_expected_document_the_design_never_makes_is_named(reference: Workspace) -> None:
    broken = _expect_documents(
        reference, "18-credit-block", "A_SalesOrder", "a_salesorder", "invoice", "Delivery"
    )
    findings = run_checks(fresh(broken), ["Q2C-SIM-003"]).findings
    assert sorted((f.message, f.location.path) for f in findings) == [
        (
            "18-credit-block expects Delivery documents, which this design never makes",
            ("expect", "documents", 3, "type"),
        ),
        (
            "18-credit-block expects a_salesorder documents, which this design never makes "
            "(did you mean A_SalesOrder?)",
            ("expect", "documents", 1, "type"),
        ),
    ]


def test_the_document_types_follow_the_order_mappings_target(reference: Workspace) -> None:
    # A design whose order mapping lands on another entity makes orders of that type, and
    # expecting A_SalesOrder is then the mistake.
    moved = _mapping(reference, "order-sales-order", target="s4hana:A_SalesContract")
    broken = _expect_documents(moved, "18-credit-block", "A_SalesOrder", "change:A_SalesContract")
    findings = run_checks(fresh(broken), ["Q2C-SIM-003"]).findings
    on_it = [f.location.path for f in findings if f.element == "scenario:18-credit-block"]
    assert on_it == [("expect", "documents", 0, "type")]
    # Every other scenario still expecting A_SalesOrder orders is told, too.
    assert len({f.element for f in findings}) > 1


def test_a_mistyped_failure_code_is_named_with_the_one_meant(reference: Workspace) -> None:
    broken = _expect_failures(reference, "18-credit-block", "CREDIT_BLOCK", "CREDIT_BLOK", "E1001")
    findings = run_checks(fresh(broken), ["Q2C-SIM-002"]).findings
    assert [(f.message, f.location.path) for f in findings] == [
        (
            "18-credit-block expects failure CREDIT_BLOK, which no run raises "
            "(did you mean CREDIT_BLOCK?)",
            ("expect", "failures", 1),
        ),
        ("18-credit-block expects failure E1001, which no run raises", ("expect", "failures", 2)),
    ]


def test_a_change_after_the_term_is_named_unless_the_amendment_moves_the_term(
    reference: Workspace,
) -> None:
    late = _amendment_on(reference, "15-downsell-credit", "2029-02-01")
    (finding,) = run_checks(fresh(late), ["Q2C-SIM-004"]).findings
    assert finding.message == (
        "15-downsell-credit: amendment 1 changes line 10 on 2029-02-01, after its term ended "
        "(2028-12-31): the change earns and bills nothing"
    )
    assert finding.location.path == ("amendments", 0, "changes", 0, "line")
    # A renewal: the same amendment extends the term, and the change is priced into it.
    scenario = next(s for s in late.scenarios if s.id == "15-downsell-credit")
    first = scenario.amendments[0]
    renewal = AmendmentChange(action="change-term", line="10", end=dt.date(2030, 12, 31))
    renewed = first.model_copy(update={"changes": (*first.changes, renewal)})
    kept = late.model_copy(
        update={
            "scenarios": tuple(
                s.model_copy(update={"amendments": (renewed,)}) if s is scenario else s
                for s in late.scenarios
            )
        }
    )
    assert run_checks(fresh(kept), ["Q2C-SIM-004"]).findings == ()
