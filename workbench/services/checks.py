"""Design checks for the CLI and the TUI: run the catalogue, place findings in the mirror files,
and silence or un-silence a rule for an element.

The CLI checks the mirror files (what CI has); the TUI checks the open workspace after every edit.
Both get the same findings with the file and line of the element.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..checks import CheckReport, Finding, run_checks
from ..checks.model import PlacedFinding
from ..domain.suppressions import Suppression
from ..domain.workspace import Workspace
from ..mirror import codec


@dataclass(frozen=True)
class CheckRun:
    report: CheckReport
    placed: tuple[PlacedFinding, ...]
    suppressed: tuple[PlacedFinding, ...]

    @property
    def has_errors(self) -> bool:
        return self.report.has_errors


class MirrorDoesNotParse(Exception):
    """The model files have errors; the checks need a model to look at."""

    def __init__(self, issues: list[codec.MirrorIssue]) -> None:
        super().__init__(f"the model files have {len(issues)} error(s); run 'workbench validate'")
        self.issues = issues


def check_workspace(
    workspace: Workspace,
    files: Mapping[str, bytes] | None = None,
    only: Iterable[str] | None = None,
) -> CheckRun:
    """Run the checks on ``workspace``; ``files`` (default: its rendered mirror) give the lines."""
    report = run_checks(workspace, only)
    mirror = files if files is not None else codec.render(workspace)
    return CheckRun(report, place(report.findings, mirror), place(report.suppressed, mirror))


def check_files(files: Mapping[str, bytes], only: Iterable[str] | None = None) -> CheckRun:
    """Parse the mirror files and check the model they hold (MirrorDoesNotParse on errors)."""
    result = codec.parse(files)
    if result.workspace is None:
        raise MirrorDoesNotParse(result.errors)
    return check_workspace(result.workspace, files, only)


def place(findings: Iterable[Finding], files: Mapping[str, bytes]) -> tuple[PlacedFinding, ...]:
    placed = []
    for finding in findings:
        file, line = codec.locate_issue(finding.location, files)
        placed.append(PlacedFinding(finding, file, line))
    return tuple(placed)


# -- suppressions (edits; the caller commits them through the editor) -------------------------


def suppress(workspace: Workspace, rule: str, element: str, reason: str) -> Workspace:
    """``workspace`` with ``rule`` silenced for ``element`` (the reason replaces an older one)."""
    items = list(workspace.suppressions)
    for position, item in enumerate(items):
        if item.element == element:
            rules = item.rules if rule in item.rules else (*item.rules, rule)
            items[position] = Suppression(element=element, rules=rules, reason=reason)
            break
    else:
        items.append(Suppression(element=element, rules=(rule,), reason=reason))
    return workspace.model_copy(update={"suppressions": tuple(items)})


def unsuppress(workspace: Workspace, rule: str, element: str) -> Workspace:
    """``workspace`` with ``rule`` no longer silenced for ``element``."""
    items = []
    for item in workspace.suppressions:
        if item.element == element and rule in item.rules:
            rest = tuple(r for r in item.rules if r != rule)
            if rest:
                items.append(item.model_copy(update={"rules": rest}))
            continue
        items.append(item)
    return workspace.model_copy(update={"suppressions": tuple(items)})
