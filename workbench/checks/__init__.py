"""Design checks: the five quote-to-cash failure points and the practices against them, as rules
that point at the element that is wrong and say how to fix it.

Rules are pure functions of the workspace (no files, no database); ``run_checks`` runs them and
applies the workspace's suppressions. See docs/checks.md for the catalogue.
"""

from .catalogue import rules
from .model import AREA_TITLES, CheckArea, Finding, Hit, Rule, Severity
from .runner import CheckReport, UnknownRule, run_checks

__all__ = [
    "AREA_TITLES",
    "CheckArea",
    "CheckReport",
    "Finding",
    "Hit",
    "Rule",
    "Severity",
    "UnknownRule",
    "rules",
    "run_checks",
]
