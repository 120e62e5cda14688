"""The check configuration itself: a suppression must name a real rule and still silence
something, or it hides the next real finding on that element."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..domain.validation import ElementKind, Location
from .context import Context
from .model import CheckArea, Finding, Hit, Severity
from .registry import after_rule, rule


def _at(position: int, *path: str | int) -> Location:
    return Location(ElementKind.CHECKS, (), ("suppressions", position, *path))


@rule(
    "Q2C-CFG-001",
    Severity.WARNING,
    CheckArea.CONFIGURATION,
    "A suppression names rules that exist",
    "Correct the rule id (see 'workbench check --list-rules') or remove it from "
    "models/checks.yaml.",
)
def unknown_rule(ctx: Context) -> Iterator[Hit]:
    for position, item in enumerate(ctx.ws.suppressions):
        for number, rule_id in enumerate(item.rules):
            if rule_id not in ctx.known_rules:
                yield Hit(
                    item.element,
                    f"the suppression for {item.element} names {rule_id}, which is not a rule",
                    _at(position, "rules", number),
                )


@after_rule(
    "Q2C-CFG-002",
    Severity.WARNING,
    CheckArea.CONFIGURATION,
    "A suppression still silences something",
    "Remove the rule from the element's entry in models/checks.yaml: the finding it silenced is "
    "gone, and the entry would hide the next real one.",
)
def stale_suppression(ctx: Context, findings: Sequence[Finding]) -> Iterator[Hit]:
    raised = {(f.rule, f.element) for f in findings}
    for position, item in enumerate(ctx.ws.suppressions):
        for number, rule_id in enumerate(item.rules):
            if (
                rule_id in ctx.rules_run
                and rule_id in ctx.known_rules
                and (rule_id, item.element) not in raised
            ):
                yield Hit(
                    item.element,
                    f"{rule_id} no longer finds anything on {item.element}; the suppression is "
                    "stale",
                    _at(position, "rules", number),
                )
