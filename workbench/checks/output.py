"""Check reports as text, JSON and SARIF 2.1.0. Pure functions of the placed findings; the same
findings always give the same bytes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby
from typing import Any

from .model import AREA_TITLES, PlacedFinding, Rule, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

Style = Callable[..., str]


def plain_style(text: str, **_: Any) -> str:
    return text


def _where(item: PlacedFinding) -> str:
    return f"{item.file}:{item.line}" if item.line else item.file


def summary_counts(findings: Iterable[PlacedFinding]) -> dict[str, int]:
    counts = dict.fromkeys((s.value for s in Severity), 0)
    for item in findings:
        counts[item.finding.severity.value] += 1
    return counts


def summary_line(findings: Sequence[PlacedFinding], suppressed: int) -> str:
    counts = summary_counts(findings)
    text = f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info"
    return text + (f" ({suppressed} suppressed)" if suppressed else "")


_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def to_text(
    findings: Sequence[PlacedFinding],
    suppressed: Sequence[PlacedFinding],
    style: Style = plain_style,
) -> str:
    """Grouped by area (catalogue order), then severity; a summary line at the end."""
    lines: list[str] = []
    ordered = sorted(findings, key=lambda p: p.finding.sort_key)
    for area, group in groupby(ordered, key=lambda p: p.finding.area):
        items = list(group)
        lines.append(style(f"{AREA_TITLES[area]} ({len(items)})", bold=True))
        for item in items:
            f = item.finding
            severity = style(f"{f.severity.value:<7}", fg=_COLOUR[f.severity], bold=True)
            lines.append(f"  {severity} {f.rule}  {_where(item)}")
            lines.append(f"          {f.element}: {f.message}")
            lines.append(style(f"          fix: {f.hint}", dim=True))
        lines.append("")
    if suppressed:
        lines.append(style(f"Suppressed ({len(suppressed)})", bold=True))
        for item in sorted(suppressed, key=lambda p: p.finding.sort_key):
            f = item.finding
            lines.append(f"  {f.rule}  {f.element}  {_where(item)}")
            lines.append(f"          {f.message}")
            lines.append(f"          reason: {f.suppressed}")
        lines.append("")
    if not findings:
        lines.append(style("No findings.", fg="green", bold=True))
    counts = summary_counts(findings)
    colour = "red" if counts["error"] else "yellow" if counts["warning"] else "green"
    lines.append(style(summary_line(findings, len(suppressed)), fg=colour, bold=True))
    return "\n".join(lines) + "\n"


def _record(item: PlacedFinding) -> dict[str, Any]:
    f = item.finding
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "area": f.area.value,
        "element": f.element,
        "message": f.message,
        "hint": f.hint,
        "file": item.file,
        "line": item.line,
    }


def to_json(findings: Sequence[PlacedFinding], suppressed: Sequence[PlacedFinding]) -> str:
    document = {
        "findings": [_record(item) for item in findings],
        "suppressed": [{**_record(item), "reason": item.finding.suppressed} for item in suppressed],
        "summary": summary_counts(findings),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def rule_record(rule: Rule) -> dict[str, str]:
    return {
        "id": rule.id,
        "severity": rule.severity.value,
        "area": rule.area.value,
        "title": rule.title,
        "hint": rule.hint,
    }


def rules_to_json(rules: Iterable[Rule]) -> str:
    return json.dumps({"rules": [rule_record(r) for r in rules]}, indent=2) + "\n"


def rules_to_text(rules: Iterable[Rule]) -> str:
    return "".join(
        f"{r.id:<15} {r.severity.value:<8} {r.area.value:<15} {r.title}\n" for r in rules
    )


def _pascal(name: str) -> str:
    return "".join(word.capitalize() for word in name.split("_"))


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": _pascal(rule.function_name) if rule.function_name.isidentifier() else rule.id,
        "shortDescription": {"text": rule.title},
        "help": {"text": rule.hint},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"area": rule.area.value},
    }


def _sarif_result(item: PlacedFinding, index: dict[str, int]) -> dict[str, Any]:
    f = item.finding
    physical: dict[str, Any] = {"artifactLocation": {"uri": item.file, "uriBaseId": "SRCROOT"}}
    if item.line:
        physical["region"] = {"startLine": item.line}
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": _SARIF_LEVEL[f.severity],
        "message": {"text": f"{f.message}. Fix: {f.hint}"},
        "locations": [
            {
                "physicalLocation": physical,
                "logicalLocations": [{"fullyQualifiedName": f.element, "kind": "element"}],
            }
        ],
        "partialFingerprints": {"elementRule/v1": f"{f.rule}|{f.element}|{f.message}"},
    }
    if f.suppressed is not None:
        result["suppressions"] = [{"kind": "external", "justification": f.suppressed}]
    return result


def to_sarif(
    findings: Sequence[PlacedFinding],
    suppressed: Sequence[PlacedFinding],
    rules: Sequence[Rule],
    version: str,
) -> str:
    """One SARIF run; suppressed findings are results with an external suppression, so code
    hosts show them as dismissed with the reason."""
    everything = sorted(
        [*findings, *suppressed], key=lambda p: (p.file, p.line, p.finding.sort_key)
    )
    descriptors = [_sarif_rule(rule) for rule in rules]
    index = {rule.id: position for position, rule in enumerate(rules)}
    for item in everything:  # findings from sources outside the catalogue describe themselves
        f = item.finding
        if f.rule not in index:
            index[f.rule] = len(descriptors)
            descriptors.append(
                _sarif_rule(Rule(f.rule, f.severity, f.area, f.title, f.hint, lambda _c: ()))
            )
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "workbench check",
                        "version": version,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {
                    "SRCROOT": {"description": {"text": "The workspace folder."}}
                },
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(item, index) for item in everything],
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
