"""Amounts the simulator can compute: the model bounds them, and the engine never fails on one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from workbench.domain.base import MAX_PRICE, MAX_QUANTITY
from workbench.domain.scenarios import AmendmentChange, OrderLine
from workbench.domain.workspace import Workspace
from workbench.simulate import SimulationError, run


@pytest.mark.parametrize(
    ("attribute", "value"),
    [("quantity", "1e24"), ("quantity", "1e400"), ("price", "1e27"), ("price", "1e13")],
)
def test_a_line_beyond_the_bounds_is_refused_by_the_model(attribute: str, value: str) -> None:
    line = {"id": "31", "product": "IOT-ANALYTICS", "quantity": "1", "price": "360"}
    with pytest.raises(ValidationError, match="less than or equal to"):
        OrderLine.model_validate({**line, attribute: value})
    with pytest.raises(ValidationError, match="less than or equal to"):
        AmendmentChange.model_validate({"action": "change-price", "line": "31", attribute: value})


def test_the_largest_line_the_model_takes_runs(reference: Workspace) -> None:
    """At the bounds (a trillion a unit, a billion units) every amount still rounds."""
    scenario = reference.scenario("01-baseline-single-line")
    assert scenario is not None
    first = scenario.order.lines[0].model_copy(
        update={"quantity": MAX_QUANTITY, "price": MAX_PRICE}
    )
    order = scenario.order.model_copy(update={"lines": (first,)})
    result = run(reference, scenario.model_copy(update={"order": order}))
    assert result.schedules.billed_total >= MAX_PRICE * MAX_QUANTITY


def test_an_amount_too_large_to_compute_is_a_simulation_error(reference: Workspace) -> None:
    """Built past validation (as no file or form can): a readable error, not a crash."""
    scenario = reference.scenario("01-baseline-single-line")
    assert scenario is not None
    huge = OrderLine.model_construct(**{**dict(scenario.order.lines[0]), "price": Decimal("1e27")})
    order = scenario.order.model_copy(update={"lines": (huge,)})
    with pytest.raises(SimulationError, match="an amount is too large to compute"):
        run(reference, scenario.model_copy(update={"order": order}))
