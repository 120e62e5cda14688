"""Simulation results as text, JSON and JUnit XML: deterministic, escaped for their format."""

from __future__ import annotations

import json
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from .explore import Exploration
from .results import RunResult


def as_json(results: Sequence[RunResult], exploration: Exploration | None = None) -> str:
    document: dict[str, object] = {"scenarios": [result.as_json() for result in results]}
    if exploration is not None:
        document["exploration"] = exploration.as_json()
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_text(
    results: Sequence[RunResult], exploration: Exploration | None = None, trace: bool = False
) -> str:
    out: list[str] = []
    for result in results:
        verdict = "PASS" if result.passed else "FAIL"
        out.append(f"{verdict}  {result.scenario}  {result.title}")
        kinds: dict[str, int] = {}
        for document in result.documents:
            kinds[document.type] = kinds.get(document.type, 0) + 1
        summary = ", ".join(f"{count} {kind}" for kind, count in kinds.items()) or "no documents"
        schedules = result.schedules
        out.append(f"      {summary}; {schedules.summary}")
        for failure in result.failures:
            out.append(
                f"      {failure.code} ({failure.mapping or 'no mapping'}) {failure.subject}: "
                f"{failure.message}"
            )
            if failure.route:
                out.append(f"        -> {failure.route}; notify {', '.join(failure.notify)}")
        for check in result.expectations:
            if not check.passed:
                out.append(f"      expected {check.check}: {check.expected}, got {check.actual}")
        if trace:
            for step in result.trace:
                out.append(f"      {step.number:>3} {step.step:<22} {step.element}  {step.subject}")
    passed = sum(1 for r in results if r.passed)
    if results:
        out.append(f"{passed} of {len(results)} scenario(s) passed.")
    elif exploration is None:
        out.append("No scenario to run: the workspace has none.")
    if exploration is not None:
        out.append(
            f"Explored {exploration.runs} generated order(s): "
            f"{len(exploration.findings)} failure class(es), "
            f"{len(exploration.uncovered)} not covered by a library scenario."
        )
        for finding in exploration.findings:
            code, mapping = finding.failure_class
            mark = "covered" if finding.covered else "NEW"
            example = finding.example
            lines = ", ".join(
                f"{line.quantity} {line.unit} {line.product}"
                + (f" @{line.plant}" if line.plant else "")
                for line in example.order.lines
            )
            out.append(f"  {mark:<7} {code} ({mapping or 'no mapping'}) x{finding.occurrences}")
            out.append(
                f"          smallest: {example.order.account} {example.order.currency} "
                f"{example.order.legal_entity or '(no legal entity)'}: {lines}"
                + (f"; {len(example.amendments)} amendment(s)" if example.amendments else "")
            )
            out.append(f"          {finding.failure.message}")
    return "\n".join(out) + "\n"


def as_junit(results: Sequence[RunResult], exploration: Exploration | None = None) -> str:
    """JUnit XML: one test case per scenario (and per exploration finding not yet covered)."""
    suites = ET.Element("testsuites")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="scenarios",
        tests=str(len(results)),
        failures=str(sum(1 for r in results if not r.passed)),
        errors="0",
    )
    for result in results:
        case = ET.SubElement(suite, "testcase", classname="simulate", name=result.scenario)
        failed = [check for check in result.expectations if not check.passed]
        if failed:
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{len(failed)} expectation(s) not met",
                type="expectation",
            )
            failure.text = "\n".join(
                f"{check.check}: expected {check.expected}, got {check.actual}" for check in failed
            )
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(
            f"{f.code} {f.mapping} {f.subject}: {f.message} -> {f.route}" for f in result.failures
        )
    if exploration is not None:
        explored = ET.SubElement(
            suites,
            "testsuite",
            name="exploration",
            tests=str(len(exploration.findings)),
            failures=str(len(exploration.uncovered)),
            errors="0",
        )
        for finding in exploration.findings:
            code, mapping = finding.failure_class
            case = ET.SubElement(
                explored, "testcase", classname="explore", name=f"{code} {mapping}".strip()
            )
            if not finding.covered:
                failure = ET.SubElement(
                    case, "failure", message=finding.failure.message, type="uncovered-failure-class"
                )
                failure.text = json.dumps(finding.as_json()["example"], sort_keys=True)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
