"""What the design document shows beyond the model itself: the open findings of the design
checks, where every decision's sign-offs stand, and what the scenario library does when run
through the design. ``workbench export`` and the export dialog both gather them here, so the
document reads the same from either."""

from __future__ import annotations

from collections import Counter

from ..checks import run_checks
from ..domain.signoffs import signoff_states, signoff_statuses
from ..domain.workspace import Workspace
from ..exporters.extras import DocumentExtras, FindingRow, ScenarioRow, ScheduleTable
from ..simulate import SimulationError, run
from ..simulate.results import RunResult


def gather_extras(workspace: Workspace) -> DocumentExtras:
    """Run the checks and the scenarios (trace off) and work out the sign-off states. Pure and
    deterministic: the same model gives the same document."""
    report = run_checks(workspace)
    findings = tuple(
        FindingRow(f.rule, f.severity.value, f.element, f.message) for f in report.findings
    )
    states = {
        decision.number: {
            function.value: state for function, state in signoff_states(workspace, decision).items()
        }
        for decision in workspace.decisions
    }
    current = {
        decision.number: tuple(status.current for status in signoff_statuses(workspace, decision))
        for decision in workspace.decisions
    }
    rows: list[ScenarioRow] = []
    schedules: list[ScheduleTable] = []
    for scenario in sorted(workspace.scenarios, key=lambda s: s.id):
        try:
            result = run(workspace, scenario, trace=False)
        except SimulationError as exc:
            rows.append(ScenarioRow(scenario.id, "error", detail=str(exc)))
            continue
        rows.append(_row(result))
        table = _timing_table(result)
        if table is not None:
            schedules.append(table)
    return DocumentExtras(
        findings=findings,
        scenario_results=tuple(rows),
        schedules=tuple(schedules),
        signoff_states=states,
        signoff_current=current,
    )


def _row(result: RunResult) -> ScenarioRow:
    counts = Counter(document.type for document in result.documents)
    unmet = [
        f"expected {check.check} {check.expected}, got {check.actual}"
        for check in result.expectations
        if not check.passed
    ]
    return ScenarioRow(
        result.scenario,
        "pass" if result.passed else "fail",
        documents=", ".join(f"{count} {kind}" for kind, count in sorted(counts.items())),
        failures=", ".join(dict.fromkeys(failure.code for failure in result.failures)),
        detail="; ".join(unmet),
    )


def _timing_table(result: RunResult) -> ScheduleTable | None:
    """The period table of a scenario whose billing and recognition fall apart in time (the
    ones that show a deferred or unbilled balance)."""
    periods = result.schedules.periods
    if not any(row.deferred or row.unbilled for row in periods):
        return None
    currency = result.schedules.currency
    blocked = result.schedules.blocked
    plan = f"; the plan once the {blocked} is released" if blocked else ""
    return ScheduleTable(
        f"{result.scenario}: {result.title} ({currency}{plan})",
        ("Period", "Billed", "Recognised", "Deferred revenue", "Unbilled"),
        tuple(
            (
                row.period,
                f"{row.billed:,}",
                f"{row.recognised:,}",
                f"{row.deferred:,}",
                f"{row.unbilled:,}",
            )
            for row in periods
        ),
    )
