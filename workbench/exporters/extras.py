"""What other features hand the design document: check findings, scenario results, the
simulator's schedule tables and the freshness of sign-offs.

Each input is optional. ``None`` means the feature was not run, and the document says so;
an empty tuple means it ran and found nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..domain.signoffs import SignOffState


@dataclass(frozen=True)
class FindingRow:
    """One open finding of the design checks."""

    check: str
    """The check that raised it (``unmapped-entity``, ``order-split-missing``)."""
    severity: str
    """``error``, ``warning`` or ``info``."""
    element: str
    """The element it is about, as a link (``mapping:account-customer``)."""
    message: str


@dataclass(frozen=True)
class ScenarioRow:
    """The result of running one scenario through the design."""

    scenario: str
    """Scenario id."""
    result: str
    """``pass``, ``fail`` or ``error``."""
    documents: str = ""
    """The documents the run produced, in words (``2 A_SalesOrder, 1 billing plan``)."""
    failures: str = ""
    """Failure codes the run raised."""
    detail: str = ""
    """Why it failed, or what to look at."""


@dataclass(frozen=True)
class ScheduleTable:
    """A billing or recognition schedule the simulator worked out for one scenario."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


SignoffStates = Mapping[int, Mapping[str, SignOffState]]
"""Decision number -> function (``Finance``) -> where it stands (approved, rejected, stale,
missing), as ``domain.signoffs.signoff_states`` works it out."""


SignoffCurrency = Mapping[int, tuple[bool, ...]]
"""Decision number -> for each record of its log, in order: whether it still holds for the
content as it is now (``domain.signoffs.signoff_statuses``); a record given on content that
changed since is stale, whatever its function's later records say."""


@dataclass(frozen=True)
class DocumentExtras:
    findings: tuple[FindingRow, ...] | None = None
    scenario_results: tuple[ScenarioRow, ...] | None = None
    schedules: tuple[ScheduleTable, ...] | None = None
    signoff_states: SignoffStates | None = None
    signoff_current: SignoffCurrency | None = None
