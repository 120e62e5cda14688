"""Silenced design checks: a rule switched off for one named element, always with a reason.

A suppression is part of the model (it lives in the database and in ``models/checks.yaml``), so a
reviewer sees in the diff who silenced what and why, and the check report shows the reason.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from .base import Model, Text
from .decisions import LINK_PATTERN

RULE_ID_PATTERN = r"^Q2C-[A-Z]{2,8}-[0-9]{3}$"
"""Design-check rule ids: ``Q2C-<AREA>-<NNN>`` (``Q2C-CUST-001``)."""

ELEMENT_REF_PATTERN = f"^(workspace|{LINK_PATTERN.strip('^$')})$"
"""What a finding points at: a decision-style link (``mapping:account-customer``,
``field:s4hana:A_Product.BaseUnit``) or ``workspace`` for design-wide findings."""

RuleId = Annotated[str, StringConstraints(pattern=RULE_ID_PATTERN)]
ElementRef = Annotated[str, StringConstraints(pattern=ELEMENT_REF_PATTERN)]


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError("a suppression needs a reason")
    return value


def _distinct(value: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        raise ValueError("name at least one rule")
    if len(set(value)) != len(value):
        raise ValueError("a rule is listed more than once")
    return value


class Suppression(Model):
    """The rules silenced for one element, and why."""

    element: ElementRef
    """The element the findings point at (``mapping:product-sales-tax``)."""
    rules: Annotated[tuple[RuleId, ...], AfterValidator(_distinct)]
    """Rule ids silenced for that element."""
    reason: Annotated[Text, AfterValidator(_non_empty)]
    """Why the finding is accepted; shown in every check report."""

    def silences(self, rule: str, element: str) -> bool:
        return element == self.element and rule in self.rules
