"""Rules the reference design does not exercise, each run on a copy of it changed in one place:
cancel-and-replace, parent-only bundles, bundles kept whole, splits by product class, a second
amendment after a prorated one, additions that do not co-term, one-off lines beside a term,
ratable revenue over a term that starts mid-month, and a customer created beside others."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from workbench.domain.edits import revise
from workbench.domain.mappings import AmendmentStrategy, NoMatch, PriceAllocation, Proration
from workbench.domain.scenarios import Amendment, AmendmentChange, ChangeAction, OrderLine
from workbench.domain.workspace import Workspace
from workbench.services.simulation import run_scenarios
from workbench.simulate.results import RunResult


def _run(ws: Workspace, scenario_id: str, **changes: Any) -> RunResult:
    scenario = revise(ws.index.scenarios[scenario_id], **changes)
    others = tuple(s for s in ws.scenarios if s.id != scenario_id)
    [result] = run_scenarios(revise(ws, scenarios=(*others, scenario)), [scenario_id])
    return result


def _with_mapping(ws: Workspace, mapping_id: str, **changes: Any) -> Workspace:
    mapping = ws.index.mappings[mapping_id]
    return revise(
        ws,
        mappings=tuple(
            revise(mapping, **changes) if m.id == mapping_id else m for m in ws.mappings
        ),
    )


def _amendment_rule(ws: Workspace, **changes: Any) -> Workspace:
    for mapping_id in ("amendment-order-change", "amendment-item-delta"):
        rule = ws.index.mappings[mapping_id].amendment
        assert rule is not None
        ws = _with_mapping(ws, mapping_id, amendment=revise(rule, **changes))
    return ws


def _bundle_rule(ws: Workspace, **changes: Any) -> Workspace:
    [mapping] = [m for m in ws.mappings if m.bundle is not None]
    assert mapping.bundle is not None
    return _with_mapping(ws, mapping.id, bundle=revise(mapping.bundle, **changes))


def _change(effective: str, **change: Any) -> Amendment:
    return Amendment(
        effective=dt.date.fromisoformat(effective),
        description="test",
        changes=(AmendmentChange(**change),),
    )


def _net(result: RunResult, document_type: str) -> dict[str, Decimal]:
    return {
        item.line: item.net
        for document in result.documents
        if document.type == document_type
        for item in document.items
    }


def test_cancel_and_replace_sends_every_cancelled_order_again(reference: Workspace) -> None:
    ws = _amendment_rule(reference, strategy=AmendmentStrategy.CANCEL_AND_REPLACE)
    amendment = _change("2026-06-01", action=ChangeAction.CHANGE_QUANTITY, line="10", quantity=5)
    result = _run(ws, "02-two-plants-split", amendments=(amendment,))
    cancelled = sorted(d.key for d in result.documents if d.type == "cancel:A_SalesOrder")
    resent = sorted(
        d.key for d in result.documents if d.type == "A_SalesOrder" and d.origin == "amendment 1"
    )
    assert len(cancelled) == 2
    assert resent == cancelled  # the untouched 1720 order is not lost
    untouched = next(d for d in result.documents if d.key == resent[1] and d.type == "A_SalesOrder")
    assert untouched.attributes["changes"] == "resent unchanged"


def test_a_parent_only_bundle_bills_its_price_on_the_header(reference: Workspace) -> None:
    ws = _bundle_rule(reference, price_allocation=PriceAllocation.PARENT_ONLY)
    result = _run(ws, "04-bundle-explosion")
    assert result.schedules.billed_total == Decimal("9999.98")
    assert result.schedules.recognised_total == Decimal("9999.98")
    assert {b.line for b in result.schedules.billing} == {"10"}  # the header, nothing else
    items = _net(result, "A_SalesOrder")
    assert items["10"] == Decimal("9999.98")
    assert all(net == 0 for line, net in items.items() if line != "10")


def test_a_bundle_not_exploded_travels_as_its_own_material(reference: Workspace) -> None:
    ws = _bundle_rule(reference, explode_to_lines=False)
    result = _run(ws, "04-bundle-explosion")
    [order] = [d for d in result.documents if d.type == "A_SalesOrder"]
    # One item for the kit's own material (the ERP's sales BOM), priced at the kit's price.
    assert [(i.line, i.material, i.net) for i in order.items] == [
        ("10", "EDGE-KIT-STD", Decimal("9999.98"))
    ]
    assert not result.failures
    assert any(step.step == "bundle-as-one-line" for step in result.trace)


def test_a_bundle_line_in_an_unmapped_unit_is_refused(reference: Workspace) -> None:
    scenario = reference.index.scenarios["04-bundle-explosion"]
    line = revise(scenario.order.lines[0], unit="Pallet")
    result = _run(reference, "04-bundle-explosion", order=revise(scenario.order, lines=(line,)))
    assert [(f.code, f.subject) for f in result.failures] == [("UOM_NOT_MAPPED", "line 10")]


def test_a_split_by_product_class_keeps_the_bundle_header_with_its_components(
    reference: Workspace,
) -> None:
    rule = reference.index.mappings["order-sales-order"].split
    assert rule is not None
    ws = _with_mapping(
        reference, "order-sales-order", split=revise(rule, group_by=("plant", "product_class"))
    )
    result = _run(ws, "04-bundle-explosion")
    orders = [d for d in result.documents if d.type == "A_SalesOrder"]
    assert len(orders) == 1
    assert {i.line for i in orders[0].items} == {
        "10",
        "10/EDGE-GW-200",
        "10/EDGE-RACK-2U",
        "10/EDGE-PSU-650",
    }
    assert not result.failures


def test_a_bundle_added_by_an_amendment_brings_its_header(reference: Workspace) -> None:
    amendment = _change(
        "2026-06-01", action=ChangeAction.ADD_LINE, line="20", product="EDGE-KIT-STD", quantity=1
    )
    amendment = revise(
        amendment, changes=(revise(amendment.changes[0], price=Decimal("4999.99"), plant="1710"),)
    )
    result = _run(reference, "04-bundle-explosion", amendments=(amendment,))
    [change] = [d for d in result.documents if d.type == "change:A_SalesOrder"]
    assert "20" in {i.line for i in change.items}


def test_a_second_quantity_change_is_valued_at_the_price_not_the_prorated_net(
    reference: Workspace,
) -> None:
    up = _change("2027-01-01", action=ChangeAction.CHANGE_QUANTITY, line="10", quantity=100)
    down = _change("2028-01-01", action=ChangeAction.CHANGE_QUANTITY, line="10", quantity=50)
    result = _run(reference, "15-downsell-credit", amendments=(up, down))
    deltas = [s.output["delta"] for s in result.trace if s.step == "amend-line"]
    # Fifty devices at 1080 for the whole term, for the 731 and then the 366 of its 1096 days
    # left (the second was valued at the net the first had prorated: -15030.11).
    assert deltas == [Decimal("36016.42"), Decimal("-18032.85")]
    assert result.schedules.billed_total == result.schedules.recognised_total


def test_a_price_change_on_a_co_termed_addition_is_prorated_over_the_contract(
    reference: Workspace,
) -> None:
    scenario = reference.index.scenarios["14-co-termed-amendment-adds-product"]
    change = _change("2027-01-01", action=ChangeAction.CHANGE_PRICE, line="20", price=720)
    result = _run(
        reference,
        "14-co-termed-amendment-adds-product",
        amendments=(*scenario.amendments, change),
    )
    step = next(
        s for s in result.trace if s.step == "amend-line" and s.subject == "amendment 2, line 20"
    )
    assert step.output["delta"] == Decimal("12005.47")  # 360 more for 50, 731 of 1096 days


def test_an_addition_that_does_not_co_term_is_priced_for_its_own_term(
    reference: Workspace,
) -> None:
    ws = _amendment_rule(reference, co_term=False)
    scenario = ws.index.scenarios["14-co-termed-amendment-adds-product"]
    added = revise(
        scenario.amendments[0].changes[0],
        start=dt.date(2026, 8, 1),
        end=dt.date(2028, 7, 31),
    )
    amendment = revise(scenario.amendments[0], changes=(added,))
    result = _run(ws, "14-co-termed-amendment-adds-product", amendments=(amendment,))
    line = added.line
    nets = {i.line: i.net for d in result.documents if d.origin == "amendment 1" for i in d.items}
    assert nets[line] == (added.quantity or 0) * (added.price or 0)


def test_a_one_off_line_does_not_move_the_contract_start(reference: Workspace) -> None:
    scenario = reference.index.scenarios["14-co-termed-amendment-adds-product"]
    one_off = OrderLine(id="90", product="CTRL-X100", quantity=Decimal(1), price=Decimal(2400))
    plain = _run(reference, scenario.id)
    with_one_off = _run(
        reference,
        scenario.id,
        order=revise(scenario.order, lines=(*scenario.order.lines, one_off)),
    )

    def added(result: RunResult) -> list[tuple[dt.date, Decimal]]:
        return [(b.date, b.amount) for b in result.schedules.billing if b.origin == "amendment 1"]

    assert added(with_one_off) == added(plain)


def test_ratable_equal_months_count_a_started_month_by_its_days(reference: Workspace) -> None:
    from workbench.simulate.schedules import spread

    entries = spread(
        Decimal(1200), dt.date(2026, 1, 15), dt.date(2027, 1, 14), None, Decimal("0.01")
    )
    assert len(entries) == 13
    assert sum(v for _, v in entries) == Decimal(1200)
    assert [v for _, v in entries[1:12]] == [Decimal(100)] * 11
    assert entries[0][1] + entries[-1][1] == Decimal(100)  # 17/31 and 14/31 of a month


def test_a_customer_created_beside_others_is_reported(reference: Workspace) -> None:
    rule = reference.index.mappings["account-customer"].resolution
    assert rule is not None
    ws = _with_mapping(
        reference, "account-customer", resolution=revise(rule, when_none=NoMatch.CREATE)
    )
    scenario = ws.index.scenarios["10-several-customers-ambiguous"]
    order = revise(scenario.order, bill_to="Somewhere else entirely")
    result = _run(ws, scenario.id, order=order)
    assert any(d.type == "A_Customer" for d in result.documents)
    [failure] = [f for f in result.failures if f.code == "CUSTOMER_DUPLICATED"]
    assert not failure.blocking


def _add_option(
    ws: Workspace, product: str, bundle: str, overrides: Any = None, channel: str = "direct"
) -> RunResult:
    change = AmendmentChange(
        action=ChangeAction.ADD_LINE,
        line="20",
        product=product,
        quantity=Decimal(2),
        price=Decimal(150),
        bundle=bundle,
    )
    amendment = Amendment(effective=dt.date(2026, 6, 1), description="test", changes=(change,))
    scenario = ws.index.scenarios["04-bundle-explosion"]
    line = revise(scenario.order.lines[0], channel=channel)
    return _run(
        ws,
        scenario.id,
        order=revise(scenario.order, lines=(line,)),
        amendments=(amendment,),
        overrides=overrides,
    )


def test_an_option_added_to_a_bundle_ships_with_it(reference: Workspace) -> None:
    from workbench.domain.masterdata import ErpItem, MasterDataOverrides

    module = ErpItem(
        material="EDGE-LTE-MOD",
        base_unit="PC",
        tax_classification="1",
        cost_account="7900",
        plants=("1710",),
    )
    # The bundle ships through a partner; the option names no channel of its own.
    result = _add_option(
        reference, "EDGE-LTE-MOD", "10", MasterDataOverrides(items=(module,)), "partner"
    )
    assert not result.failures, [f.message for f in result.failures]
    [change] = [d for d in result.documents if d.type == "change:A_SalesOrder"]
    [order] = [d for d in result.documents if d.type == "A_SalesOrder"]
    assert order.key.endswith("-P") and change.attributes["order"] == order.key
    assert [(i.line, i.channel) for i in change.items] == [("20", "partner")]


def test_an_option_the_bundle_does_not_offer_or_a_bundle_not_there_is_refused(
    reference: Workspace,
) -> None:
    wrong = _add_option(reference, "CTRL-X100", "10")
    assert [(f.code, f.subject) for f in wrong.failures] == [
        ("ORDER_VALIDATION_FAILED", "amendment 1, line 20")
    ]
    missing = _add_option(reference, "EDGE-LTE-MOD", "99")
    assert [f.code for f in missing.failures] == ["AMENDMENT_TARGET_NOT_FOUND"]
    # The reference ERP has no material for the module: the bundle's failure, as on the order.
    unknown = _add_option(reference, "EDGE-LTE-MOD", "10")
    assert [(f.code, f.mapping) for f in unknown.failures] == [
        ("COMPONENT_NOT_IN_ERP", "bundle-package-explosion")
    ]


def test_a_line_removed_after_its_term_was_extended_is_credited_what_is_left(
    reference: Workspace,
) -> None:
    """An extension leaves the price quoted for the term it was: valued over the longer term,
    the later removal credited half of what was left."""
    extend = _change("2026-06-01", action=ChangeAction.CHANGE_TERM, line="10", end="2031-12-31")
    remove = _change("2029-01-01", action=ChangeAction.REMOVE_LINE, line="10")
    result = _run(reference, "15-downsell-credit", amendments=(extend, remove))
    deltas = [s.output["delta"] for s in result.trace if s.step == "amend-line"]
    assert deltas == [Decimal("53950.73"), Decimal("-53950.73")]
    assert result.schedules.billed_total == Decimal("54000.00")


def test_equal_months_keep_what_the_effective_month_earned_before_the_change(
    reference: Workspace,
) -> None:
    scenario = reference.index.scenarios["15-downsell-credit"]
    line = revise(
        scenario.order.lines[0],
        product="SVC-INSTALL",
        unit="Hour",
        quantity=Decimal(12),
        price=Decimal(100),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    double = _change("2026-06-16", action=ChangeAction.CHANGE_QUANTITY, line="10", quantity=24)
    result = _run(
        reference,
        scenario.id,
        order=revise(scenario.order, lines=(line,)),
        amendments=(double,),
    )
    earned = {p.period: p.recognised for p in result.schedules.periods}
    assert earned["2026-05"] == Decimal(100)
    # Half of June at 100 a month, half at 200: about 150 (it was 104.17).
    assert Decimal(149) < earned["2026-06"] < Decimal(152)
    assert all(Decimal(199) < earned[f"2026-{m:02d}"] < Decimal(202) for m in range(7, 13))


def test_a_parent_only_bundle_without_a_product_class_says_so(reference: Workspace) -> None:
    from workbench.domain.masterdata import MasterDataOverrides

    ws = _bundle_rule(reference, price_allocation=PriceAllocation.PARENT_ONLY)
    data = ws.master_data_set()
    assert data is not None
    kit = next(p for p in data.products if p.code == "EDGE-KIT-STD")
    classless = revise(kit, product_class=None)
    result = _run(ws, "04-bundle-explosion", overrides=MasterDataOverrides(products=(classless,)))
    assert [(f.code, f.subject, f.blocking) for f in result.failures] == [
        ("PRODUCT_CLASS_MISSING", "line 10", False)
    ]


def test_names_an_item_does_not_carry_separate_nothing() -> None:
    from workbench.simulate.items import Item

    fields = Item.__dataclass_fields__
    assert "crm_line" in fields and "origin" in fields
    item = Item.__new__(Item)
    item.crm_line, item.origin, item.plant = "10", "order", "1710"
    assert item.attribute("crm_line") == "" and item.attribute("origin") == ""
    assert item.attribute("plant") == "1710"


def test_an_option_of_a_bundle_kept_whole_is_refused_as_on_the_order(
    reference: Workspace,
) -> None:
    ws = _bundle_rule(reference, explode_to_lines=False)
    result = _add_option(ws, "EDGE-LTE-MOD", "10")
    assert [(f.code, f.subject) for f in result.failures] == [
        ("ORDER_VALIDATION_FAILED", "amendment 1, line 20")
    ]


def _downsell_billing(ws: Workspace, effective: str) -> list[Decimal]:
    amendment = _change(effective, action=ChangeAction.CHANGE_QUANTITY, line="10", quantity=40)
    result = _run(ws, "15-downsell-credit", amendments=(amendment,))
    return [b.amount for b in result.schedules.billing if b.origin == "amendment 1"]


def test_a_change_prorated_daily_is_billed_by_days_over_the_periods_it_touches(
    reference: Workspace,
) -> None:
    """Ten of fifty devices at 1080 for 2026-2028 (1096 days) go on 1 October 2026: 823 days
    left, 92 of them in 2026, 365 in 2027 and 366 in 2028. Whole months used to weigh 3:12:12,
    so the credit jumped by 4.37 between an amendment on the 1st and one on the 2nd."""
    first = _downsell_billing(reference, "2026-10-01")
    assert sum(first) == Decimal("-8109.85")  # 10 x 1080 x 823 / 1096
    assert first[0] == Decimal("-906.57")  # 10 x 1080 x 92 / 1096
    assert first[1:] == [Decimal("-3596.71"), Decimal("-3606.57")]
    second = _downsell_billing(reference, "2026-10-02")
    assert first[0] - second[0] == Decimal("-9.85")  # one day: 10 x 1080 / 1096
    monthly = _amendment_rule(reference, proration=Proration.MONTHLY)
    by_months = _downsell_billing(monthly, "2026-10-01")
    assert by_months[0] * 4 == by_months[1] == by_months[2]  # 3 of 27 months, 12 and 12
