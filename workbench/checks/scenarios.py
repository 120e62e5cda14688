"""Scenarios: every edge-case order in the library still does what its expectations say.

A design change that makes a scenario fail (a split rule removed, a resolution rule loosened)
is a design error, caught here as much as by ``workbench simulate``: the check runs every
scenario through the simulator and reports each unmet expectation on the scenario's file.
"""

from __future__ import annotations

from collections.abc import Iterator

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
