"""Amendments at the edges: one-off lines changed before their event, monthly proration of a term
that does not start on the 1st, changes after a term has ended, bundles removed whole, and the
units a bundle header is counted in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from workbench.domain.mappings import Proration
from workbench.domain.revenue import BillingTiming
from workbench.domain.scenarios import Scenario
from workbench.domain.workspace import Workspace
from workbench.simulate import run
from workbench.simulate.amendments import proration_ratio
from workbench.simulate.money import round_together
from workbench.simulate.results import RunResult

D = dt.date


def _order(lines: list[dict[str, Any]], date: str = "2025-12-15") -> dict[str, Any]:
    return {
        "account": "NORDWIND",
        "currency": "EUR",
        "date": date,
        "legal_entity": "Helix Industrial GmbH",
        "bill_to": "Nordwind Logistik GmbH, Hamburg",
        "lines": lines,
    }


def _run(
    ws: Workspace, order: dict[str, Any], effective: str, *changes: dict[str, Any]
) -> RunResult:
    scenario = Scenario.model_validate(
        {
            "id": "edge",
            "order": order,
            "amendments": [{"effective": effective, "changes": list(changes)}],
        }
    )
    return run(ws, scenario, trace=False)


def _with_proration(ws: Workspace, proration: Proration) -> Workspace:
    mappings = []
    for mapping in ws.mappings:
        if mapping.amendment is None:
            mappings.append(mapping)
            continue
        rule = mapping.amendment.model_copy(update={"proration": proration})
        mappings.append(mapping.model_copy(update={"amendment": rule}))
    return ws.model_copy(update={"mappings": tuple(mappings)})


def _billing(result: RunResult) -> list[tuple[dt.date, Decimal, str]]:
    return sorted((b.date, b.amount, b.origin) for b in result.schedules.billing)


def _recognition(result: RunResult) -> list[tuple[str, Decimal, str]]:
    return sorted((r.period, r.amount, r.origin) for r in result.schedules.recognition)


HARDWARE = {
    "id": "10",
    "product": "CTRL-X100",
    "quantity": 10,
    "price": 2400,
    "shipment": "2026-03-02",
}


def test_a_quantity_added_before_the_shipment_is_earned_at_the_shipment(
    reference: Workspace,
) -> None:
    # Hardware is invoiced at order and earned at goods issue: five more ordered in January,
    # before anything ships on 2 March, are invoiced on the change's date and earned in March.
    result = _run(
        reference,
        _order([HARDWARE], date="2026-01-05"),
        "2026-01-10",
        {"action": "change-quantity", "line": "10", "quantity": 15},
    )
    assert not result.failures
    assert _billing(result) == [
        (D(2026, 1, 5), Decimal("24000.00"), "order"),
        (D(2026, 1, 10), Decimal("12000.00"), "amendment 1"),
    ]
    assert _recognition(result) == [
        ("2026-03", Decimal("12000.00"), "amendment 1"),
        ("2026-03", Decimal("24000.00"), "order"),
    ]


def test_a_quantity_added_before_the_shipment_is_invoiced_at_the_shipment(
    reference: Workspace,
) -> None:
    classes = tuple(
        c.model_copy(
            update={"billing": c.billing.model_copy(update={"timing": BillingTiming.AT_SHIPMENT})}
        )
        if c.id == "hardware" and c.billing is not None
        else c
        for c in reference.product_classes
    )
    ws = reference.model_copy(update={"product_classes": classes})
    result = _run(
        ws,
        _order([HARDWARE], date="2026-01-05"),
        "2026-01-10",
        {"action": "change-quantity", "line": "10", "quantity": 15},
    )
    assert [(date, amount) for date, amount, _ in _billing(result)] == [
        (D(2026, 3, 2), Decimal("12000.00")),
        (D(2026, 3, 2), Decimal("24000.00")),
    ]
    # A change made after the shipment is invoiced and earned on its own date.
    late = _run(
        ws,
        _order([HARDWARE], date="2026-01-05"),
        "2026-04-20",
        {"action": "change-quantity", "line": "10", "quantity": 15},
    )
    assert (D(2026, 4, 20), Decimal("12000.00"), "amendment 1") in _billing(late)
    assert ("2026-04", Decimal("12000.00"), "amendment 1") in _recognition(late)


def test_monthly_proration_counts_the_terms_own_months() -> None:
    # A year from the 15th is twelve months, not the thirteen calendar months it touches.
    ratio = proration_ratio(
        Proration.MONTHLY, D(2026, 1, 15), D(2027, 1, 14), D(2026, 1, 15), D(2027, 1, 14)
    )
    assert ratio == 1
    half = proration_ratio(
        Proration.MONTHLY, D(2026, 7, 15), D(2027, 1, 14), D(2026, 1, 15), D(2027, 1, 14)
    )
    assert half == Decimal(6) / Decimal(12)
    # A month once started counts in full: from the 20th, the month that began on the 15th.
    assert proration_ratio(
        Proration.MONTHLY, D(2026, 7, 20), D(2027, 1, 14), D(2026, 1, 15), D(2027, 1, 14)
    ) == Decimal(6) / Decimal(12)
    assert proration_ratio(
        Proration.MONTHLY, D(2026, 7, 1), D(2026, 12, 31), D(2026, 1, 1), D(2026, 12, 31)
    ) == Decimal(6) / Decimal(12)


def test_a_subscription_removed_half_way_is_credited_half_under_monthly_proration(
    reference: Workspace,
) -> None:
    result = _run(
        _with_proration(reference, Proration.MONTHLY),
        _order(
            [
                {
                    "id": "10",
                    "product": "IOT-CLOUD-PRO",
                    "quantity": 10,
                    "price": 1200,
                    "start": "2026-01-15",
                    "end": "2027-01-14",
                }
            ]
        ),
        "2026-07-15",
        {"action": "change-quantity", "line": "10", "quantity": 0},
    )
    assert result.schedules.billed_total == Decimal("6000.00")
    assert result.schedules.recognised_total == result.schedules.billed_total


def test_a_change_after_the_term_has_ended_charges_nothing(reference: Workspace) -> None:
    for proration in (Proration.MONTHLY, Proration.DAILY):
        result = _run(
            _with_proration(reference, proration),
            _order(
                [
                    {
                        "id": "10",
                        "product": "IOT-CLOUD-PRO",
                        "quantity": 10,
                        "price": 1200,
                        "start": "2026-01-01",
                        "end": "2026-12-31",
                    }
                ]
            ),
            "2027-03-01",
            {"action": "change-quantity", "line": "10", "quantity": 5},
        )
        assert [b for b in result.schedules.billing if b.origin != "order"] == [], proration
        assert result.schedules.billed_total == Decimal("12000.00"), proration


def test_removing_a_bundle_credits_exactly_what_it_billed(reference: Workspace) -> None:
    # 1234.55 split 0.6 / 0.1 / 0.3 rounds to parts that need the cent moved; the credits of the
    # components must move it the same way.
    result = _run(
        reference,
        _order(
            [{"id": "10", "product": "EDGE-KIT-STD", "quantity": 1, "price": "1234.55"}],
            date="2026-01-05",
        ),
        "2026-02-01",
        {"action": "remove-line", "line": "10"},
    )
    assert not result.failures
    credit = [d for d in result.documents if d.type == "credit-memo"]
    assert [d.amount for d in credit] == [Decimal("-1234.55")]
    assert result.schedules.billed_total == 0
    assert result.schedules.recognised_total == 0
    by_line: dict[str, Decimal] = {}
    for line in result.schedules.billing:
        by_line[line.line] = by_line.get(line.line, Decimal(0)) + line.amount
    assert set(by_line.values()) == {Decimal("0.00")}


def test_a_bundle_header_is_counted_in_the_erp_unit_of_its_components(reference: Workspace) -> None:
    result = _run(
        reference,
        _order(
            [{"id": "10", "product": "EDGE-KIT-STD", "quantity": 3, "unit": "Case", "price": 5000}],
            date="2026-01-05",
        ),
        "2026-02-01",
        {"action": "change-quantity", "line": "10", "quantity": 4},
    )
    [order] = [d for d in result.documents if d.type == "A_SalesOrder"]
    quantities = {item.line: (item.quantity, item.unit) for item in order.items}
    assert quantities["10"] == (Decimal(36), "PC")  # three cases of twelve
    assert quantities["10/EDGE-GW-200"] == (Decimal(36), "PC")


def test_rounding_together_keeps_the_sum() -> None:
    step = Decimal("0.01")
    exact = [Decimal("-740.73"), Decimal("-123.455"), Decimal("-370.365")]
    parts = round_together(exact, step)
    assert sum(p for p in parts if p is not None) == Decimal("-1234.55")
    assert round_together([None, Decimal("1.005")], step) == [None, Decimal("1.01")]
    assert round_together([], step) == []
