"""Amendments: original + amendment, prorated charges and credits, re-spread recognition, and
billing history that stays exactly as issued."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from workbench.domain.edits import revise
from workbench.domain.workspace import Workspace
from workbench.services.simulation import run_scenarios
from workbench.simulate.results import RunResult


def _without_amendments(ws: Workspace, scenario_id: str) -> RunResult:
    scenario = ws.index.scenarios[scenario_id]
    bare = revise(scenario, amendments=(), expect=revise(scenario.expect, documents=()))
    [result] = run_scenarios(revise(ws, scenarios=(bare,)), [scenario_id])
    return result


def _issued(result: RunResult, before: dt.date) -> list[tuple[str, dt.date, Decimal]]:
    return [(b.line, b.date, b.amount) for b in result.schedules.billing if b.date < before]


def test_amendments_leave_issued_billing_lines_untouched(reference: Workspace) -> None:
    for scenario_id in (
        "14-co-termed-amendment-adds-product",
        "15-downsell-credit",
        "16-multi-line-price-and-term",
        "17-term-extension-changes-recognition",
    ):
        effective = reference.index.scenarios[scenario_id].amendments[0].effective
        original = _without_amendments(reference, scenario_id)
        [amended] = run_scenarios(reference, [scenario_id])
        assert _issued(original, effective) == _issued(amended, effective), scenario_id
        originals = [b for b in amended.schedules.billing if b.origin == "order"]
        assert [(b.date, b.amount) for b in originals if b.date < effective] == [
            (b.date, b.amount) for b in original.schedules.billing if b.date < effective
        ]


def test_downsell_credits_the_unused_part_and_reduces_later_invoices(
    reference: Workspace,
) -> None:
    [result] = run_scenarios(reference, ["15-downsell-credit"])
    [credit] = [d for d in result.documents if d.type == "credit-memo"]
    assert credit.amount is not None and credit.amount < 0
    assert credit.attributes["date"] == "2026-10-01"
    later = [d.amount for d in result.documents if d.type == "invoice"][1:]
    # 18000 less the credit's share of 2027's 365 and 2028's 366 days (of the 823 left).
    assert later == [Decimal("14403.29"), Decimal("14393.43")]
    assert result.schedules.billed_total == result.schedules.recognised_total


def test_co_termed_addition_is_prorated_by_day_and_changes_the_same_order(
    reference: Workspace,
) -> None:
    [result] = run_scenarios(reference, ["14-co-termed-amendment-adds-product"])
    [change] = [d for d in result.documents if d.type == "change:A_SalesOrder"]
    [added] = change.items
    # 901 of the contract's 1,096 days remain on 15 July 2026.
    assert added.net == (Decimal(50 * 360) * 901 / 1096).quantize(Decimal("0.01"))
    orders = [d for d in result.documents if d.type == "A_SalesOrder"]
    assert len(orders) == 1 and change.attributes["order"] == orders[0].key
    catch_up = [b for b in result.schedules.billing if b.origin == "amendment 1"]
    assert catch_up[0].date == dt.date(2026, 7, 15)
    assert {b.date for b in catch_up[1:]} == {dt.date(2027, 1, 1), dt.date(2028, 1, 1)}


def test_term_extension_respreads_recognition_from_the_effective_date(
    reference: Workspace,
) -> None:
    original = _without_amendments(reference, "17-term-extension-changes-recognition")
    [result] = run_scenarios(reference, ["17-term-extension-changes-recognition"])
    before = {r.period: r.amount for r in original.schedules.recognition}
    after: dict[str, Decimal] = {}
    for r in result.schedules.recognition:
        after[r.period] = after.get(r.period, Decimal(0)) + r.amount
    for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"):
        assert after[month] == before[month]
    assert max(after) == "2027-12"
    assert sum(after.values()) == Decimal(24000)
