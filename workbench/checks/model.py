"""What a design check is and what it reports.

A rule is a pure function of the workspace. It yields ``Hit`` values (which element, what is wrong
there); the runner turns them into ``Finding`` values carrying the rule's id, severity and hint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ..domain.validation import Location

if TYPE_CHECKING:
    from ..domain.mappings import Mapping
    from .context import Context


class Severity(StrEnum):
    """Errors fail the check; warnings are what a real design still carries; info is advice."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class CheckArea(StrEnum):
    """The failure point or practice a rule guards; reports group by it."""

    COVERAGE = "coverage"
    CARDINALITY = "cardinality"
    OWNERSHIP = "ownership"
    SYNC = "sync"
    ERRORS = "error-handling"
    PRODUCT = "product"
    BUNDLE = "bundle"
    REVENUE = "revenue"
    AMENDMENT = "amendment"
    RECONCILIATION = "reconciliation"
    FIELDS = "fields"
    GOVERNANCE = "governance"
    SCENARIOS = "scenarios"
    CONFIGURATION = "configuration"


AREA_ORDER = {area: position for position, area in enumerate(CheckArea)}

AREA_TITLES = {
    CheckArea.COVERAGE: "Model coverage",
    CheckArea.CARDINALITY: "Cardinality rules (order split, customer resolution)",
    CheckArea.OWNERSHIP: "Master-data ownership",
    CheckArea.SYNC: "Sync direction and schedule",
    CheckArea.ERRORS: "Error handling",
    CheckArea.PRODUCT: "Product master",
    CheckArea.BUNDLE: "Bundles",
    CheckArea.REVENUE: "Billing and revenue recognition",
    CheckArea.AMENDMENT: "Amendments",
    CheckArea.RECONCILIATION: "Reconciliation",
    CheckArea.FIELDS: "Field mappings",
    CheckArea.GOVERNANCE: "Governance",
    CheckArea.SCENARIOS: "Scenarios",
    CheckArea.CONFIGURATION: "Check configuration",
}


@dataclass(frozen=True)
class Hit:
    """One place a rule found wrong."""

    element: str
    """The element, as a link (``mapping:account-customer``, ``field:s4hana:A_Product.BaseUnit``,
    ``workspace``): what a suppression names and what the TUI jumps to."""
    message: str
    location: Location
    """Where in the mirror the problem sits (file and line)."""
    hint: str = ""
    """A fix hint for this hit; the rule's own hint when empty."""


Check = Callable[["Context"], Iterable[Hit]]
"""A rule over the whole workspace."""
AfterCheck = Callable[["Context", "Sequence[Finding]"], Iterable[Hit]]
"""A rule over the other rules' findings (run last; sees silenced findings too)."""
MappingCheck = Callable[["Context", "Mapping"], Iterable[Hit]]
"""A rule over one mapping (and the entities, relationships and value maps it uses): the runner
re-runs it only for mappings an edit touched."""


@dataclass(frozen=True)
class Rule:
    """A catalogue entry."""

    id: str
    """Stable id ``Q2C-<AREA>-<NNN>``; never reused for a different meaning."""
    severity: Severity
    area: CheckArea
    title: str
    """One line: what the rule wants."""
    hint: str
    """How to fix a finding, in one or two sentences."""
    check: Check | None = None
    mapping_check: MappingCheck | None = None
    after_check: AfterCheck | None = None
    """Exactly one of ``check``, ``mapping_check`` and ``after_check`` is set."""

    @property
    def function_name(self) -> str:
        found = self.check or self.mapping_check or self.after_check
        return getattr(found, "__name__", "") if found is not None else ""


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    area: CheckArea
    title: str
    element: str
    message: str
    hint: str
    location: Location
    suppressed: str | None = None
    """The reason given in ``models/checks.yaml`` when the finding is silenced."""

    @property
    def sort_key(self) -> tuple[int, int, str, str, str]:
        """Report order: area in catalogue order, errors first, then rule, element, message."""
        return (
            AREA_ORDER[self.area],
            SEVERITY_ORDER[self.severity],
            self.rule,
            self.element,
            self.message,
        )


@dataclass(frozen=True)
class PlacedFinding:
    """A finding with the mirror file and line of its element."""

    finding: Finding
    file: str
    line: int
    """1-based line in ``file``; 0 when the element has no line of its own."""
