"""Cross-system mappings: how an entity on one side becomes records on the other.

A mapping carries everything an implementer needs to build the interface and everything a workshop
has to agree on: cardinality, who owns the data, when it moves, which record it lands on, how order
lines split, how bundles explode, how amendments flow and what happens when it fails.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import Field as Attr

from .base import MAX_FACTOR, EntityRef, Identifier, Label, Model, Slug, SystemName, Text


class Cardinality(StrEnum):
    """How many target records one source record corresponds to; ``none`` records a deliberate
    decision that the entity has no counterpart on the other side."""

    ONE_TO_ONE = "1:1"
    ONE_TO_MANY = "1:N"
    MANY_TO_ONE = "N:1"
    MANY_TO_MANY = "N:M"
    NONE = "none"


class MappingStatus(StrEnum):
    """Where the mapping is in the workshop: sketched, put forward, or agreed by the owners."""

    DRAFT = "draft"
    PROPOSED = "proposed"
    AGREED = "agreed"


class Area(StrEnum):
    """The part of quote-to-cash a mapping belongs to; documents and checks group by it."""

    CUSTOMER = "customer"
    PRODUCT = "product"
    PRICING = "pricing"
    QUOTE = "quote"
    ORDER = "order"
    FULFILMENT = "fulfilment"
    BUNDLE = "bundle"
    CONTRACT = "contract"
    BILLING = "billing"
    RECOGNITION = "recognition"
    AMENDMENT = "amendment"
    REFERENCE = "reference"
    OTHER = "other"


class SyncDirection(StrEnum):
    SOURCE_TO_TARGET = "source-to-target"
    TARGET_TO_SOURCE = "target-to-source"
    BOTH = "both"


class SyncTrigger(StrEnum):
    EVENT = "event"
    SCHEDULE = "schedule"
    MANUAL = "manual"


class Sync(Model):
    """When and which way data moves."""

    direction: SyncDirection = SyncDirection.SOURCE_TO_TARGET
    trigger: SyncTrigger = SyncTrigger.EVENT
    event: Label = ""
    """For event triggers: what fires it (``Quote approved``, ``Order activated``)."""
    schedule: Label = ""
    """For scheduled triggers: a cron expression or plain words (``every 15 minutes``)."""


def describe_sync(sync: Sync | None) -> str:
    """A sync in words (``source-to-target, event: Quote approved``), as every view and export
    states it."""
    if sync is None:
        return ""
    # What the trigger reads first (a scheduled sync's schedule, any other's event), then the
    # other one when it is given too (a nightly full reload beside an event): nothing written
    # in the model is left out of the spec.
    text = f"{sync.direction.value}, {sync.trigger.value}"
    if sync.trigger is SyncTrigger.SCHEDULE:
        own, other, other_name = sync.schedule, sync.event, "event"
    else:
        own, other, other_name = sync.event, sync.schedule, "schedule"
    if own:
        text += f": {own}"
    if other:
        text += f"; {other_name}: {other}"
    return text


class NoMatch(StrEnum):
    """What to do when no target record matches."""

    CREATE = "create"
    HOLD = "hold"
    ERROR = "error"


class ManyMatches(StrEnum):
    """What to do when more than one target record matches. Creating is never an option: that is
    how duplicates are born."""

    ERROR = "error"
    HOLD = "hold"


class ResolutionRule(Model):
    """For 1:N and N:M: which of several target records a transaction lands on."""

    match_on: tuple[Identifier, ...] = ()
    """Attributes that pick the target record, in order (``legal_entity``, ``bill_to``)."""
    when_none: NoMatch = NoMatch.ERROR
    when_many: ManyMatches = ManyMatches.ERROR
    description: Text = ""


class SplitRule(Model):
    """For order lines: which lines travel together in one target document."""

    group_by: tuple[Identifier, ...] = Attr(min_length=1)
    """Line attributes whose distinct values start a new document (``plant``, ``channel``)."""
    description: Text = ""


class AggregationRule(Model):
    """For N:1: how several source records are combined into one target record."""

    group_by: tuple[Identifier, ...] = Attr(min_length=1)
    description: Text = ""


class PriceAllocation(StrEnum):
    """How a bundle's price is spread over its components."""

    LIST_PRICE_RATIO = "list-price-ratio"
    FIXED_SHARE = "fixed-share"
    PARENT_ONLY = "parent-only"


class BundleComponent(Model):
    """One component of a bundle definition."""

    product: Label
    """The component's product code."""
    quantity: Decimal = Attr(default=Decimal(1), gt=0, le=MAX_FACTOR)
    """Component quantity per bundle unit."""
    share: Decimal | None = Attr(default=None, ge=0, le=1)
    """Share of the bundle price for ``fixed-share`` allocation."""
    optional: bool = False


class BundleRule(Model):
    """How a CPQ bundle becomes ERP lines."""

    components_from: Identifier | None = None
    """The entity that defines bundle components (``SBQQ__ProductOption__c``)."""
    price_allocation: PriceAllocation = PriceAllocation.LIST_PRICE_RATIO
    explode_to_lines: bool = True
    """True: one ERP line per component; False: the bundle travels as one line with a BOM."""
    components: tuple[BundleComponent, ...] = ()
    """An explicit component list, for bundles that are defined here rather than in the CPQ."""
    description: Text = ""


class AmendmentStrategy(StrEnum):
    """How an amended contract reaches the ERP order."""

    CHANGE_ORDER = "change-order"
    NEW_ORDER = "new-order"
    CANCEL_AND_REPLACE = "cancel-and-replace"


class Proration(StrEnum):
    DAILY = "daily"
    MONTHLY = "monthly"
    NONE = "none"


class AmendmentRule(Model):
    """How an amendment (add, change, downsell, extend) flows, and what it must leave alone."""

    strategy: AmendmentStrategy = AmendmentStrategy.CHANGE_ORDER
    proration: Proration = Proration.DAILY
    co_term: bool = True
    """Amended lines end with the contract they join."""
    preserve_billing_history: bool = True
    """Issued billing lines are never altered; differences are billed or credited."""
    description: Text = ""


class KeyXref(Model):
    """A key cross-reference: the field on each side that identifies the same record."""

    source_field: Identifier
    target_field: Identifier
    description: Text = ""


class FieldMapping(Model):
    """One target field and where its value comes from."""

    target: Identifier
    """Field of the target entity."""
    source: Identifier | None = None
    """Field of the source entity; empty when the value is a default or comes from the transform."""
    transform: Text = ""
    """What happens to the value on the way (in words or a short expression)."""
    value_map: Slug | None = None
    """A value map that translates codes (units, countries, payment terms)."""
    default: str | None = None
    """Value used when the source is empty."""
    required: bool = False
    owner: SystemName | None = None
    """System of record for this field when it differs from the mapping's."""
    notes: Text = ""


class ErrorRule(Model):
    """What happens when a record fails: who fixes it, and how the fix gets back."""

    failure: Label = "*"
    """Failure code this rule handles (``CUSTOMER_AMBIGUOUS``), or ``*`` for any failure."""
    description: Text = ""
    route: Label = ""
    """Where the failed record goes (a queue, an error table, a ticket type)."""
    notify: tuple[Label, ...] = ()
    """Roles or functions notified (``Order management``, ``Finance``)."""
    resolution: Text = ""
    """How the failure is resolved."""
    correction: Text = ""
    """How the correction flows back to the source (so the CRM shows the truth)."""


class Mapping(Model):
    """A cross-system mapping from a source entity to a target entity (or to nothing)."""

    id: Slug
    title: Label = ""
    area: Area | None = None
    source: EntityRef
    target: EntityRef | None = None
    """Target entity; empty only for a no-counterpart mapping."""
    cardinality: Cardinality
    reason: Text = ""
    """Why there is no counterpart (required when cardinality is ``none``)."""
    system_of_record: SystemName | None = None
    """The system that owns the data; the other side follows."""
    sync: Sync | None = None
    resolution: ResolutionRule | None = None
    split: SplitRule | None = None
    aggregation: AggregationRule | None = None
    bundle: BundleRule | None = None
    amendment: AmendmentRule | None = None
    keys: tuple[KeyXref, ...] = ()
    field_mappings: tuple[FieldMapping, ...] = ()
    error_policy: tuple[ErrorRule, ...] = ()
    status: MappingStatus = MappingStatus.DRAFT
    notes: Text = ""

    @property
    def is_no_counterpart(self) -> bool:
        return self.cardinality is Cardinality.NONE

    def field_mapping(self, target: str) -> FieldMapping | None:
        for candidate in self.field_mappings:
            if candidate.target == target:
                return candidate
        return None
