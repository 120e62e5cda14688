"""Running the catalogue over a workspace: findings, suppressions applied, in report order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..domain.workspace import Workspace
from .catalogue import rules
from .context import Context, Memo
from .model import Finding, Hit, Rule, Severity


class UnknownRule(ValueError):
    def __init__(self, unknown: list[str]) -> None:
        super().__init__(f"unknown rule id(s): {', '.join(unknown)}")
        self.unknown = unknown


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[Finding, ...]
    """Active findings, sorted by area, severity, rule and element."""
    suppressed: tuple[Finding, ...] = ()
    """Findings silenced by ``models/checks.yaml``, each with its reason."""
    rules_run: tuple[str, ...] = field(default=())

    def summary(self) -> dict[str, int]:
        counts = Counter(finding.severity for finding in self.findings)
        return {severity.value: counts.get(severity, 0) for severity in Severity}

    @property
    def has_errors(self) -> bool:
        return any(finding.severity is Severity.ERROR for finding in self.findings)


def select(only: Iterable[str] | None) -> list[Rule]:
    """The rules to run: all of them, or the ids given (UnknownRule for an id not in the
    catalogue)."""
    catalogue = rules()
    if only is None:
        return list(catalogue.values())
    wanted = list(dict.fromkeys(only))
    unknown = [rule_id for rule_id in wanted if rule_id not in catalogue]
    if unknown:
        raise UnknownRule(unknown)
    return [catalogue[rule_id] for rule_id in sorted(wanted)]


def _finding(rule: Rule, hit: Hit) -> Finding:
    return Finding(
        rule.id,
        rule.severity,
        rule.area,
        rule.title,
        hit.element,
        hit.message,
        hit.hint or rule.hint,
        hit.location,
    )


@dataclass
class Checker:
    """Runs the checks again and again on successive versions of one workspace. Per-mapping
    results are kept for mappings whose inputs are the same objects as last time, so after an
    edit only the mappings it touched are checked again (the TUI keeps one per session)."""

    memo: Memo = field(default_factory=Memo)

    def run(
        self,
        workspace: Workspace,
        only: Iterable[str] | None = None,
    ) -> CheckReport:
        selected = select(only)
        ctx = Context(workspace, frozenset(rules()), self.memo)
        found: list[Finding] = []
        per_mapping = [r for r in selected if r.mapping_check is not None]
        selection = tuple(rule.id for rule in per_mapping)
        for mapping in ctx.linked_mappings:
            entry = ctx.entry(mapping)
            ready = entry.selections.get(selection)
            if ready is None:
                ready = entry.selections[selection] = []
                for rule in per_mapping:
                    findings = entry.findings.get(rule.id)
                    if findings is None:
                        assert rule.mapping_check is not None
                        findings = [_finding(rule, h) for h in rule.mapping_check(ctx, mapping)]
                        entry.findings[rule.id] = findings
                    ready.extend(findings)
            found.extend(ready)
        self.memo.prune({m.id for m in ctx.linked_mappings})
        for rule in selected:
            if rule.check is not None:
                found.extend(_finding(rule, hit) for hit in rule.check(ctx))
        ctx.rules_run = frozenset(rule.id for rule in selected)
        for rule in selected:
            if rule.after_check is not None:
                found.extend([_finding(rule, hit) for hit in rule.after_check(ctx, found)])
        return assemble(workspace, found, tuple(rule.id for rule in selected))


def run_checks(
    workspace: Workspace,
    only: Iterable[str] | None = None,
) -> CheckReport:
    """Run the selected rules (default: all); apply the suppressions."""
    return Checker().run(workspace, only)


def assemble(
    workspace: Workspace, found: Iterable[Finding], rules_run: tuple[str, ...]
) -> CheckReport:
    """Sort findings and split off the suppressed ones."""
    reasons = {
        (rule_id, item.element): item.reason
        for item in workspace.suppressions
        for rule_id in item.rules
    }
    active: list[Finding] = []
    silenced: list[Finding] = []
    for finding in sorted(set(found), key=lambda f: f.sort_key):
        reason = reasons.get((finding.rule, finding.element))
        if reason is None:
            active.append(finding)
        else:
            silenced.append(_silenced(finding, reason))
    return CheckReport(tuple(active), tuple(silenced), rules_run)


def _silenced(finding: Finding, reason: str) -> Finding:
    return replace(finding, suppressed=reason)
