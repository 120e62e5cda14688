"""The scenario library of the reference workspace passes against the reference design."""

from __future__ import annotations

import pytest

from tests.conftest import REPO_ROOT
from workbench.domain.workspace import Workspace
from workbench.services.simulation import load_workspace, run_scenarios

SCENARIO_IDS = sorted(p.stem for p in (REPO_ROOT / "models" / "scenarios").glob("*.yaml"))


def test_the_library_covers_the_nineteen_brief_cases() -> None:
    assert len(SCENARIO_IDS) >= 19


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_library_scenario_passes(reference: Workspace, scenario_id: str) -> None:
    [result] = run_scenarios(reference, [scenario_id])
    failed = [(c.check, c.expected, c.actual) for c in result.expectations if not c.passed]
    assert failed == []
    assert result.passed
    assert not result.duplicates
    assert result.issued_lines_preserved


def test_every_failure_is_routed_by_the_mapping_that_raised_it(reference: Workspace) -> None:
    failures = [failure for result in run_scenarios(reference) for failure in result.failures]
    assert failures, "the reference's scenarios raise failures: without them this checks nothing"
    for failure in failures:
        mapping = reference.mapping(failure.mapping)
        assert mapping is not None, failure
        assert failure.policy in (failure.code, "*")
        assert failure.route and failure.notify and failure.correction


def test_runs_are_deterministic() -> None:
    first = [r.as_json() for r in run_scenarios(load_workspace(REPO_ROOT))]
    second = [r.as_json() for r in run_scenarios(load_workspace(REPO_ROOT))]
    assert first == second


def test_the_trace_names_the_rules_applied(reference: Workspace) -> None:
    [result] = run_scenarios(reference, ["04-bundle-explosion"])
    steps = [(step.step, step.element) for step in result.trace]
    assert ("resolve-customer", "mapping:account-customer") in steps
    assert ("explode-bundle", "mapping:bundle-package-explosion") in steps
    assert ("convert-unit", "value-map:uom") in steps
    assert ("split", "mapping:order-sales-order") in steps
    assert ("schedule", "product-class:hardware") in steps
    [order] = [d for d in result.documents if d.type == "A_SalesOrder"]
    components = {item.material: item for item in order.items}
    assert components["EDGE-PSU-650"].quantity == 4
    assert str(components["EDGE-GW-200"].net) == "5999.99"
    assert components["EDGE-KIT-STD"].category == "TAP"


def test_unit_conversion_uses_the_value_map_factor(reference: Workspace) -> None:
    [result] = run_scenarios(reference, ["08-unit-conversion"])
    [order] = [d for d in result.documents if d.type == "A_SalesOrder"]
    [item] = order.items
    assert (item.quantity, item.unit, str(item.net)) == (36, "PC", "1440.00")


def test_annual_billing_against_daily_recognition_shows_deferred_revenue(
    reference: Workspace,
) -> None:
    [result] = run_scenarios(reference, ["12-subscription-annual-billing-monthly-revenue"])
    periods = {row.period: row for row in result.schedules.periods}
    january = periods["2026-01"]
    assert str(january.billed) == "18000.00"
    assert january.deferred == january.billed - january.recognised
    assert periods["2028-12"].deferred == 0 and periods["2028-12"].unbilled == 0
    assert [str(b.amount) for b in result.schedules.billing] == ["18000.00"] * 3


def test_unmet_expectations_are_design_check_errors(reference: Workspace) -> None:
    from workbench.checks import run_checks
    from workbench.domain.edits import revise
    from workbench.mirror.codec import locate_issue, render

    assert run_checks(reference, ["Q2C-SIM-001"]).findings == ()
    scenario = reference.index.scenarios["01-baseline-single-line"]
    wrong = revise(scenario, expect=revise(scenario.expect, failures=("CREDIT_BLOCK",)))
    ws = revise(
        reference, scenarios=tuple(wrong if s.id == wrong.id else s for s in reference.scenarios)
    )
    [finding] = run_checks(ws, ["Q2C-SIM-001"]).findings
    assert finding.element == "scenario:01-baseline-single-line"
    assert "expected failures CREDIT_BLOCK, got none" in finding.message
    file, line = locate_issue(finding.location, render(ws))
    assert file == "models/scenarios/01-baseline-single-line.yaml" and line > 0


def test_a_run_names_the_mappings_its_trace_went_through(reference: Workspace) -> None:
    [result] = run_scenarios(reference, ["04-bundle-explosion"])
    used = result.mappings_used
    assert used[0] == "account-customer"  # the first step resolves the customer
    assert {"bundle-package-explosion", "order-sales-order"} <= set(used)
    assert len(used) == len(set(used))
    named = {s.element.partition(":")[2] for s in result.trace if s.element.startswith("mapping:")}
    assert set(used) == named
    assert all(reference.mapping(mapping_id) is not None for mapping_id in used)


def test_a_credit_blocked_order_bills_nothing_while_the_block_lasts(reference: Workspace) -> None:
    from workbench.simulate.render import as_text

    [blocked] = run_scenarios(reference, ["18-credit-block"])
    schedules = blocked.schedules
    assert schedules.blocked == "credit block"
    assert not [d for d in blocked.documents if d.type == "invoice"]
    # The plan is still there (what is billed once released), and said to be a plan.
    assert schedules.billed_total > 0
    assert schedules.summary.startswith(
        "nothing billed while the credit block lasts; once released:"
    )
    assert schedules.summary in as_text([blocked])
    assert schedules.as_json()["blocked"] == "credit block"
    [plain] = run_scenarios(reference, ["01-baseline-single-line"])
    assert plain.schedules.blocked == "" and "blocked" not in plain.schedules.as_json()
    assert plain.schedules.summary.startswith("billed ")
