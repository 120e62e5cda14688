"""Decisions (MADR 4 in spirit) and the sign-offs that make them binding."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, JsonValue, StringConstraints
from pydantic import Field as Attr

from .base import Label, Model, Slug, Text
from .reference import Function

LINK_PATTERN = (
    r"^(system:[a-z][a-z0-9_-]{0,39}"
    r"|entity:[a-z][a-z0-9_-]{0,39}:[A-Za-z_][A-Za-z0-9_]{0,127}"
    r"|field:[a-z][a-z0-9_-]{0,39}:[A-Za-z_][A-Za-z0-9_]{0,127}\.[A-Za-z_][A-Za-z0-9_]{0,127}"
    r"|mapping:[a-z0-9][a-z0-9-]{0,79}"
    r"(/(sync|owner|resolution|split|aggregation|bundle|amendment|keys|field-mappings|error-policy))?"
    r"|(value-map|scenario|product-class|reconciliation|master-data):[a-z0-9][a-z0-9-]{0,79})$"
)

MAPPING_PARTS: dict[str, tuple[str, ...]] = {
    "sync": ("sync",),
    "owner": ("system_of_record",),
    "resolution": ("resolution",),
    "split": ("split",),
    "aggregation": ("aggregation",),
    "bundle": ("bundle",),
    "amendment": ("amendment",),
    "keys": ("keys",),
    "field-mappings": ("field_mappings",),
    "error-policy": ("error_policy",),
}
"""The parts of a mapping a decision can govern on its own (``mapping:order-sales-order/split``),
and the mapping attributes each covers: a sign-off of a split rule does not go stale when a
field mapping changes."""

ElementLink = Annotated[str, StringConstraints(pattern=LINK_PATTERN)]
"""A link from a decision to the model element it governs: ``mapping:account-customer``,
``mapping:order-sales-order/split`` (one rule of a mapping), ``entity:salesforce:Account``,
``field:s4hana:A_Customer.PaymentTerms``, ``system:s4hana``, ``value-map:uom``,
``scenario:amendment-downsell``, ``product-class:subscription``,
``reconciliation:open-orders``."""


def link_mapping(link: str) -> str | None:
    """The mapping id a link names, whole or one of its parts; None for other links."""
    kind, _, rest = link.partition(":")
    return rest.partition("/")[0] if kind == "mapping" else None


def _as_utc(value: dt.datetime) -> dt.datetime:
    # One canonical instant: aware, in UTC (a naive time is taken to be UTC already).
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


UtcDatetime = Annotated[dt.datetime, AfterValidator(_as_utc)]


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


Bullet = Annotated[Label, AfterValidator(_non_empty)]
"""One bullet of a list in a decision record: a single non-empty line."""

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class DecisionStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DEPRECATED = "deprecated"
    SUPERSEDED = "superseded"


class Verdict(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class SignOff(Model):
    """One stakeholder's approval or rejection of exactly what a decision said at the time.

    Sign-offs form an append-only, hash-chained log per decision: ``previous_hash`` is the ``hash``
    of the record before (empty for the first) and ``hash`` covers this record's own content.
    """

    stakeholder: Slug
    function: Function
    verdict: Verdict
    comment: Text = ""
    recorded_by: Label
    """The operator at the keyboard who recorded it."""
    recorded_at: UtcDatetime
    content_hash: Sha256
    """Hash of the decision text and the linked model elements that were approved."""
    previous_hash: Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})?$")] = ""
    hash: Sha256


class FrontMatterEntry(Model):
    """A front-matter key this tool does not know (written by another ADR tool), kept as is."""

    key: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    value: JsonValue = None


_SECTION_HEADING = re.compile(r"^#{2,3} \S")


def _starts_with_heading(value: str) -> str:
    if value and not _SECTION_HEADING.match(value):
        raise ValueError("other sections start with a '## ' or '### ' heading")
    return value


class Decision(Model):
    """An architecture decision that governs part of the design."""

    number: int = Attr(ge=1, le=9999)
    title: Annotated[Label, AfterValidator(_non_empty)]
    status: DecisionStatus = DecisionStatus.PROPOSED
    date: dt.date | None = None
    """When the decision was last updated; None for a record written without a date."""
    superseded_by: int | None = Attr(default=None, ge=1, le=9999)
    decision_makers: tuple[Bullet, ...] = ()
    """The people with authority to decide: stakeholder ids, or names of people who are not (yet)
    stakeholders of the workspace (as plain MADR files written by other tools have them)."""
    consulted: tuple[Bullet, ...] = ()
    informed: tuple[Bullet, ...] = ()
    required_functions: tuple[Function, ...] = ()
    """Functions whose current approval the decision needs before it counts as accepted."""
    links: tuple[ElementLink, ...] = ()
    context: Text = ""
    """Context and problem statement."""
    drivers: tuple[Bullet, ...] = ()
    options: tuple[Bullet, ...] = ()
    """Considered options."""
    outcome: Text = ""
    """The chosen option and why."""
    consequences: tuple[Bullet, ...] = ()
    more_information: Text = ""
    extra_sections: Annotated[Text, AfterValidator(_starts_with_heading)] = ""
    """Sections this tool has no attribute for (MADR's Confirmation, Pros and Cons of the Options,
    anything a team added), kept verbatim with their headings."""
    extra_front_matter: tuple[FrontMatterEntry, ...] = ()
    """Front-matter keys of other ADR tools, in their order, kept so a round trip loses nothing."""
    signoffs: tuple[SignOff, ...] = ()
