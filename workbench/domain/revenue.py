"""Product classes: when each kind of product is invoiced and when its revenue is earned.

Billing (when to invoice) and recognition (when revenue is earned) are different events, often
configured in different systems. A product class states both, so the design can show the timing
difference and the simulator can produce both schedules for every order line.
"""

from __future__ import annotations

from enum import StrEnum

from .base import Label, Model, Slug, SystemName, Text


class BillingFrequency(StrEnum):
    ONE_TIME = "one-time"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class BillingTiming(StrEnum):
    """When an invoice is raised."""

    AT_ORDER = "at-order"
    AT_SHIPMENT = "at-shipment"
    AT_ACCEPTANCE = "at-acceptance"
    IN_ADVANCE = "in-advance"
    """Periodic: each period is invoiced at its start."""
    IN_ARREARS = "in-arrears"
    """Periodic: each period is invoiced at its end."""
    MILESTONE = "milestone"


class RecognitionMethod(StrEnum):
    """How revenue is earned: all at once on an event, or spread over the service term."""

    POINT_IN_TIME = "point-in-time"
    RATABLE = "ratable"


class RecognitionEvent(StrEnum):
    """The event that earns point-in-time revenue."""

    ORDER = "order"
    SHIPMENT = "shipment"
    ACCEPTANCE = "acceptance"
    SERVICE_START = "service-start"


class SpreadBasis(StrEnum):
    """How ratable revenue is spread: equal months, or by days in each period."""

    MONTHLY = "monthly"
    DAILY = "daily"


class BillingRule(Model):
    """When and where a product class is invoiced."""

    system: SystemName | None = None
    """The system that computes and issues the invoices (empty: not decided yet)."""
    timing: BillingTiming
    frequency: BillingFrequency | None = None
    """Default billing frequency for periodic timing; an order line's own frequency wins."""
    description: Text = ""


class RecognitionRule(Model):
    """When and where a product class's revenue is recognised."""

    system: SystemName | None = None
    """The system that computes the recognition schedule (empty: not decided yet)."""
    method: RecognitionMethod
    event: RecognitionEvent | None = None
    """For point-in-time recognition: the event that earns the revenue."""
    basis: SpreadBasis | None = None
    """For ratable recognition: how the amount is spread over the term (empty: equal months)."""
    description: Text = ""


class ProductClass(Model):
    """A group of products that are invoiced and recognised the same way."""

    id: Slug
    title: Label = ""
    description: Text = ""
    applies_to: Text = ""
    """Which products belong to the class, in the CRM's terms (``Family = Hardware``)."""
    billing: BillingRule | None = None
    recognition: RecognitionRule | None = None

    @property
    def split_systems(self) -> bool:
        """True when billing and recognition are configured in different systems."""
        return (
            self.billing is not None
            and self.recognition is not None
            and self.billing.system is not None
            and self.recognition.system is not None
            and self.billing.system != self.recognition.system
        )
