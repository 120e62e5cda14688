"""Properties over generated orders: billing adds up to the order value, recognition to the
allocated price, and amendments never change issued billing lines."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.domain.workspace import Workspace
from workbench.simulate.engine import run_scenario
from workbench.simulate.explore import OrderGenerator
from workbench.simulate.items import OrderKeys

seeds = st.integers(min_value=0, max_value=2**32)


def _generated(reference: Workspace, seed: int):  # type: ignore[no-untyped-def]
    data = reference.master_data[0]
    return OrderGenerator(reference, data, random.Random(seed)).scenario(f"p-{seed}")


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seeds)
def test_billing_equals_the_order_value_and_recognition_follows(
    reference: Workspace, seed: int
) -> None:
    scenario = _generated(reference, seed)
    result = run_scenario(reference, scenario, trace=False)
    if any(f.blocking and f.origin == "order" for f in result.failures):
        assert result.schedules.billing == () and not any(
            d.type in ("A_SalesOrder", "invoice") for d in result.documents
        )
        return
    orders = [d for d in result.documents if d.type == "A_SalesOrder"]
    order_value = sum((d.amount or Decimal(0) for d in orders), Decimal(0))
    if not scenario.amendments:
        assert result.schedules.billed_total == order_value
    assert result.schedules.recognised_total == result.schedules.billed_total
    final = result.schedules.periods[-1] if result.schedules.periods else None
    if final is not None:
        assert final.deferred == 0 and final.unbilled == 0


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seeds)
def test_amendments_never_change_issued_billing_lines(reference: Workspace, seed: int) -> None:
    scenario = _generated(reference, seed)
    if not scenario.amendments:
        scenario = _generated(reference, seed + 7919)
    result = run_scenario(reference, scenario, trace=False)
    assert result.issued_lines_preserved
    assert "BILLING_HISTORY_LOCKED" not in {f.code for f in result.failures}
    if scenario.amendments:
        bare = scenario.model_copy(update={"amendments": ()})
        original = run_scenario(reference, bare, trace=False)
        effective = scenario.amendments[0].effective
        assert [
            (b.line, b.date, b.amount) for b in original.schedules.billing if b.date < effective
        ] == [
            (b.line, b.date, b.amount)
            for b in result.schedules.billing
            if b.date < effective and b.origin == "order"
        ]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seeds)
def test_bundle_components_carry_the_whole_bundle_price(reference: Workspace, seed: int) -> None:
    scenario = _generated(reference, seed)
    result = run_scenario(reference, scenario, trace=False)
    lines = {line.id: line for line in scenario.order.lines}
    for document in result.documents:
        if document.type != "A_SalesOrder":
            continue
        by_line: dict[str, Decimal] = {}
        for item in document.items:
            by_line[item.line.split("/")[0]] = (
                by_line.get(item.line.split("/")[0], Decimal(0)) + item.net
            )
        for line_id, net in by_line.items():
            line = lines[line_id]
            assert (
                net == (line.quantity * line.price).quantize(net)
                or scenario.order.currency == "JPY"
            )


def test_groups_whose_joined_values_coincide_get_distinct_order_keys() -> None:
    keys = OrderKeys("S")
    assert keys(("EDGE-KIT", "1010")) == "S-EDGE-KIT-1010"
    assert keys(("EDGE", "KIT-1010")) == "S-EDGE-KIT-1010~2"
    assert keys(("EDGE-KIT", "1010")) == "S-EDGE-KIT-1010"  # a group keeps its key
    assert keys(("direct",)) == "S-D"


@given(st.lists(st.tuples(st.text("AB-~2", max_size=4), st.text("AB-~2", max_size=4))))
def test_order_keys_are_one_per_group(groups: list[tuple[str, str]]) -> None:
    keys = OrderKeys("S")
    given_keys = {group: keys(group) for group in groups}
    assert len(set(given_keys.values())) == len(given_keys)
    assert all(keys(group) == key for group, key in given_keys.items())
