"""Scenarios: edge-case orders (and their amendments) to run through the design."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field as Attr
from pydantic import StringConstraints

from .base import MAX_PRICE, MAX_QUANTITY, Label, Model, Slug, Text
from .masterdata import MasterDataOverrides
from .revenue import BillingFrequency

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
LineId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")]


class Channel(StrEnum):
    """Who fulfils a line: our own plants or a partner (drop shipment)."""

    DIRECT = "direct"
    PARTNER = "partner"


class OrderLine(Model):
    id: LineId
    product: Label
    """Product code as the CRM knows it."""
    quantity: Decimal = Attr(gt=0, le=MAX_QUANTITY)
    unit: Label = "Each"
    price: Decimal = Attr(default=Decimal(0), ge=0, le=MAX_PRICE)
    """Unit price in the order currency."""
    plant: Label = ""
    channel: Channel = Channel.DIRECT
    start: dt.date | None = None
    end: dt.date | None = None
    billing_frequency: BillingFrequency | None = None
    shipment: dt.date | None = None
    """Expected goods issue (default: the order date); earns revenue recognised at shipment."""
    bundle: LineId | None = None
    """For an optional bundle component priced on its own line: the bundle line it belongs to."""


class Order(Model):
    account: Label
    currency: CurrencyCode
    date: dt.date
    legal_entity: Label = ""
    bill_to: Label = ""
    lines: tuple[OrderLine, ...] = Attr(min_length=1)


class ChangeAction(StrEnum):
    ADD_LINE = "add-line"
    CHANGE_QUANTITY = "change-quantity"
    CHANGE_PRICE = "change-price"
    CHANGE_TERM = "change-term"
    REMOVE_LINE = "remove-line"


class AmendmentChange(Model):
    action: ChangeAction
    line: LineId
    product: Label = ""
    quantity: Decimal | None = Attr(default=None, ge=0, le=MAX_QUANTITY)
    unit: Label = ""
    price: Decimal | None = Attr(default=None, ge=0, le=MAX_PRICE)
    start: dt.date | None = None
    end: dt.date | None = None
    billing_frequency: BillingFrequency | None = None
    plant: Label = ""
    channel: Channel | None = None
    bundle: LineId | None = None


class Amendment(Model):
    effective: dt.date
    description: Text = ""
    changes: tuple[AmendmentChange, ...] = Attr(min_length=1)


class ExpectedDocument(Model):
    type: Label
    """Document type (``A_SalesOrder``, ``change:A_SalesOrder``, ``invoice``, ``credit-memo``)."""
    count: int = Attr(default=1, ge=0)
    where: dict[str, str] = {}
    """Only documents whose attributes have these values are counted (``customer: '1010001'``)."""


class Expectations(Model):
    documents: tuple[ExpectedDocument, ...] = ()
    failures: tuple[Label, ...] = ()
    """Failure codes the run must raise (and no others)."""
    billed: Decimal | None = None
    """Total billed over the life of the order (invoices less credits), in the order currency."""
    recognised: Decimal | None = None
    """Total revenue recognised over the life of the order."""
    notes: Text = ""


class Scenario(Model):
    """An order that tests the design, with what the design should make of it."""

    id: Slug
    title: Label = ""
    description: Text = ""
    order: Order
    amendments: tuple[Amendment, ...] = ()
    expect: Expectations = Expectations.model_construct()
    master_data: Slug | None = None
    """The master data set the order is resolved against (empty: the workspace's first set)."""
    overrides: MasterDataOverrides | None = None
    """Records that differ from the master data set for this scenario only."""


# -- rules an order line's edit and its form both apply -------------------------------------------


def term_backwards(line_id: str, start: dt.date | None, end: dt.date | None) -> str:
    """Why a line's term cannot be so (it ends before it starts), or ""."""
    if start is None or end is None or end >= start:
        return ""
    return f"line {line_id} ends ({end}) before it starts ({start})"


def lines_added_later(scenario: Scenario) -> set[str]:
    """The line ids the scenario's amendments add: taken, though not on the order yet."""
    return {
        change.line
        for amendment in scenario.amendments
        for change in amendment.changes
        if change.action is ChangeAction.ADD_LINE
    }


def line_id_taken(scenario: Scenario, line_id: str, index: int | None = None) -> str:
    """Why ``line_id`` cannot be the id of the order line at ``index`` (None: a new line), or
    "": another line of the order has it, or an amendment adds a line with it later."""
    if any(line.id == line_id for i, line in enumerate(scenario.order.lines) if i != index):
        return f"the order has a line {line_id} already"
    lines = scenario.order.lines
    own = lines[index].id if index is not None and 0 <= index < len(lines) else None
    if line_id != own and line_id in lines_added_later(scenario):
        return f"an amendment adds line {line_id} later: give another id"
    return ""
