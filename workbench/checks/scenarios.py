"""Scenarios: every edge-case order in the library still does what its expectations say.

A design change that makes a scenario fail (a split rule removed, a resolution rule loosened)
is a design error, caught here as much as by ``workbench simulate``: the check runs every
scenario through the simulator and reports each unmet expectation on the scenario's file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..domain.scenarios import ChangeAction, Scenario
from ..domain.validation import ElementKind, Location
from ..simulate import SimulationError, document_types, run
from ..simulate.failures import FailureCode, did_you_mean, unknown_failures
from .context import Context
from .model import CheckArea, Hit, Severity
from .registry import rule


@rule(
    "Q2C-SIM-001",
    Severity.ERROR,
    CheckArea.SCENARIOS,
    "Every scenario's expectations hold against the design",
    "Run `workbench simulate --scenario ID` (or R in the workbench) to see the trace; fix the "
    "design, or change the expectation if the new outcome is the one the design wants.",
)
def scenario_expectations(ctx: Context) -> Iterator[Hit]:
    for scenario in sorted(ctx.ws.scenarios, key=lambda s: s.id):
        where = Location(ElementKind.SCENARIO, (scenario.id,), ("expect",))
        try:
            result = run(ctx.ws, scenario, trace=False)
        except SimulationError as exc:
            yield Hit(f"scenario:{scenario.id}", f"{scenario.id} cannot run: {exc}", where)
            continue
        for check in result.expectations:
            if not check.passed:
                yield Hit(
                    f"scenario:{scenario.id}",
                    f"{scenario.id}: expected {check.check} {check.expected}, got {check.actual}",
                    where,
                )


@rule(
    "Q2C-SIM-002",
    Severity.WARNING,
    CheckArea.SCENARIOS,
    "A scenario expects only failures a run can raise",
    "Expect the codes the simulator raises (docs/simulation.md lists them); a code it never "
    "raises leaves the expectation unmet whatever the design does.",
)
def unknown_expected_failure(ctx: Context) -> Iterator[Hit]:
    for scenario in sorted(ctx.ws.scenarios, key=lambda s: s.id):
        unknown = set(unknown_failures(scenario.expect.failures))
        for position, code in enumerate(scenario.expect.failures):
            if code in unknown:
                yield Hit(
                    f"scenario:{scenario.id}",
                    f"{scenario.id} expects failure {code}, which no run raises"
                    f"{did_you_mean(code, FailureCode)}",
                    Location(
                        ElementKind.SCENARIO, (scenario.id,), ("expect", "failures", position)
                    ),
                )


@rule(
    "Q2C-SIM-003",
    Severity.WARNING,
    CheckArea.SCENARIOS,
    "A scenario expects only documents the design can make",
    "Expect the order mapping's target entity (or its change: and cancel: forms), the "
    "customer mapping's target, invoice or credit-memo; another type is never counted.",
)
def unknown_expected_document(ctx: Context) -> Iterator[Hit]:
    for scenario in sorted(ctx.ws.scenarios, key=lambda s: s.id):
        try:
            known = document_types(ctx.ws, scenario)
        except SimulationError:
            continue  # Q2C-SIM-001 says why the scenario cannot run
        for position, wanted in enumerate(scenario.expect.documents):
            if wanted.type not in known:
                yield Hit(
                    f"scenario:{scenario.id}",
                    f"{scenario.id} expects {wanted.type} documents, which this design never "
                    f"makes{did_you_mean(wanted.type, known)}",
                    Location(
                        ElementKind.SCENARIO,
                        (scenario.id,),
                        ("expect", "documents", position, "type"),
                    ),
                )


@rule(
    "Q2C-SIM-004",
    Severity.WARNING,
    CheckArea.SCENARIOS,
    "An amendment changes a line's quantity or price only while its term runs",
    "Move the amendment into the line's term, or extend the term in the same amendment "
    "(change-term with a later end) when the change belongs to a renewal.",
)
def change_after_term_end(ctx: Context) -> Iterator[Hit]:
    for scenario in sorted(ctx.ws.scenarios, key=lambda s: s.id):
        for number, position, line, ended, effective in _changes_after_the_end(scenario):
            yield Hit(
                f"scenario:{scenario.id}",
                f"{scenario.id}: amendment {number + 1} changes line {line} on {effective}, "
                f"after its term ended ({ended}): the change earns and bills nothing",
                Location(
                    ElementKind.SCENARIO,
                    (scenario.id,),
                    ("amendments", number, "changes", position, "line"),
                ),
            )


def _changes_after_the_end(
    scenario: Scenario,
) -> Iterator[tuple[int, int, str, dt.date, dt.date]]:
    """Quantity and price changes that take effect after their line's term has ended (the
    end as the order and the amendments before set it), unless the same amendment moves the
    term: (amendment, change, line, term end, effective date)."""
    ends = {line.id: line.end for line in scenario.order.lines}
    for number, amendment in enumerate(scenario.amendments):
        retermed = {
            change.line for change in amendment.changes if change.action is ChangeAction.CHANGE_TERM
        }
        for position, change in enumerate(amendment.changes):
            ended = ends.get(change.line)
            if (
                change.action in (ChangeAction.CHANGE_QUANTITY, ChangeAction.CHANGE_PRICE)
                and change.line not in retermed
                and ended is not None
                and amendment.effective > ended
            ):
                yield number, position, change.line, ended, amendment.effective
        for change in amendment.changes:
            if change.action is ChangeAction.ADD_LINE or (
                change.action is ChangeAction.CHANGE_TERM and change.end is not None
            ):
                ends[change.line] = change.end
            elif change.action is ChangeAction.REMOVE_LINE:
                ends.pop(change.line, None)
