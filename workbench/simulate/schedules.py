"""Billing and recognition schedules for one order item, from its product class's rules.

Billing answers "when is it invoiced", recognition "when is it earned"; both are computed from
the same charge segments (the original term, and each amendment's prorated delta) so their
totals always agree with the item's value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..domain.revenue import (
    BillingFrequency,
    BillingTiming,
    ProductClass,
    RecognitionEvent,
    RecognitionMethod,
    SpreadBasis,
)
from . import calendar as cal
from .money import ZERO, round_money, split_by_weights

FREQUENCY_MONTHS = {
    BillingFrequency.MONTHLY: 1,
    BillingFrequency.QUARTERLY: 3,
    BillingFrequency.ANNUAL: 12,
}


@dataclass(frozen=True, slots=True)
class Term:
    """The dates that decide an item's schedules."""

    order_date: dt.date
    start: dt.date
    end: dt.date | None
    shipment: dt.date
    frequency: BillingFrequency | None
    anchor: dt.date | None = None
    """First day of the billing periods when it is not the start (a co-termed addition bills
    on the contract's periods)."""


@dataclass(frozen=True, slots=True)
class Charge:
    """One billing entry before it becomes a ``BillingLine``."""

    date: dt.date
    amount: Decimal
    period_start: dt.date
    period_end: dt.date


def is_periodic(product_class: ProductClass) -> bool:
    billing = product_class.billing
    return billing is not None and billing.timing in (
        BillingTiming.IN_ADVANCE,
        BillingTiming.IN_ARREARS,
    )


def needs_term(product_class: ProductClass, frequency: BillingFrequency | None) -> bool:
    """True when the item's schedules need a service end date."""
    recognition = product_class.recognition
    ratable = recognition is not None and recognition.method is RecognitionMethod.RATABLE
    periodic = is_periodic(product_class) and frequency is not BillingFrequency.ONE_TIME
    return ratable or periodic


def billing_frequency(
    product_class: ProductClass, own: BillingFrequency | None
) -> BillingFrequency:
    billing = product_class.billing
    return own or (billing.frequency if billing else None) or BillingFrequency.ONE_TIME


def event_date(product_class: ProductClass, term: Term) -> dt.date:
    """When a one-off invoice is raised."""
    billing = product_class.billing
    timing = billing.timing if billing else BillingTiming.AT_ORDER
    if timing is BillingTiming.AT_SHIPMENT:
        return term.shipment
    if timing is BillingTiming.AT_ACCEPTANCE:
        return term.end or term.shipment
    if timing in (BillingTiming.IN_ADVANCE, BillingTiming.MILESTONE):
        return term.start
    if timing is BillingTiming.IN_ARREARS:
        return term.end or term.start
    return term.order_date


def one_off_date(product_class: ProductClass, term: Term, issued_on: dt.date | None) -> dt.date:
    """When a one-off invoice is raised: on its event (the shipment, the acceptance); one for a
    change (``issued_on``, the amendment's effective date) that comes after the event is raised
    on the change's date instead, since that invoice is due already."""
    planned = event_date(product_class, term)
    return planned if issued_on is None else max(planned, issued_on)


def billing_charges(
    product_class: ProductClass,
    term: Term,
    amount: Decimal,
    segment: tuple[dt.date, dt.date] | None,
    step: Decimal,
    issued_on: dt.date | None = None,
    by_days: bool = False,
) -> list[Charge]:
    """Invoices for ``amount`` charged over ``segment`` (None: the whole term, or a one-off).

    Periodic billing spreads the amount over the billing periods of the term that overlap the
    segment: by months when the overlaps are whole months, by days otherwise, or always by days
    when ``by_days`` (a change prorated daily carries the same amount on every day it covers, so
    a downsell effective on the 1st of a month and one on the 2nd differ by one day's worth). A
    period whose invoice was issued before ``issued_on`` (an amendment's effective date) is not
    reissued: its share is charged or credited on that date instead.
    """
    frequency = billing_frequency(product_class, term.frequency)
    if not is_periodic(product_class) or frequency is BillingFrequency.ONE_TIME or term.end is None:
        return [
            Charge(
                one_off_date(product_class, term, issued_on),
                amount,
                term.start,
                term.end or term.start,
            )
        ]
    timing = product_class.billing.timing if product_class.billing else BillingTiming.IN_ADVANCE
    seg_start, seg_end = segment or (term.start, term.end)
    windows = []
    anchor = term.anchor or term.start
    for period_start, period_end in cal.periods(
        anchor, max(term.end, seg_end), FREQUENCY_MONTHS[frequency]
    ):
        low, high = max(period_start, seg_start), min(period_end, seg_end)
        if low <= high:
            windows.append((period_start, period_end, low, high))
    if not windows:
        date = issued_on or seg_start
        return [Charge(date, amount, seg_start, seg_end)]
    months = [cal.whole_months(low, high) for _, _, low, high in windows]
    if not by_days and all(m is not None for m in months):
        weights = [Decimal(m or 0) for m in months]
    else:
        weights = [Decimal(cal.days(low, high)) for _, _, low, high in windows]
    parts = split_by_weights(amount, weights, step)
    charges = []
    for (period_start, period_end, low, high), part in zip(windows, parts, strict=True):
        planned = period_start if timing is BillingTiming.IN_ADVANCE else period_end
        planned = max(planned, low) if timing is BillingTiming.IN_ADVANCE else planned
        date = planned
        if issued_on is not None and planned < issued_on:
            date = issued_on
        charges.append(Charge(date, part, low, high))
    return charges


def recognition_amounts(
    product_class: ProductClass, term: Term, amount: Decimal, step: Decimal
) -> list[tuple[str, Decimal]]:
    """Revenue per fiscal period for ``amount`` over the whole term."""
    recognition = product_class.recognition
    if recognition is None or recognition.method is RecognitionMethod.POINT_IN_TIME:
        return [(cal.month_key(_earned_on(product_class, term)), amount)]
    end = term.end or term.start
    return spread(amount, term.start, end, recognition.basis, step)


def earned_on(
    product_class: ProductClass, term: Term, changed_on: dt.date | None = None
) -> dt.date:
    """When point-in-time revenue is earned: on its event; a change (``changed_on``, the
    amendment's effective date) after the event is earned when it is made."""
    planned = _earned_on(product_class, term)
    return planned if changed_on is None else max(planned, changed_on)


def _earned_on(product_class: ProductClass, term: Term) -> dt.date:
    recognition = product_class.recognition
    event = recognition.event if recognition else None
    if event is RecognitionEvent.SHIPMENT:
        return term.shipment
    if event is RecognitionEvent.ACCEPTANCE:
        return term.end or term.shipment
    if event is RecognitionEvent.SERVICE_START:
        return term.start
    return term.order_date


def spread(
    amount: Decimal, start: dt.date, end: dt.date, basis: SpreadBasis | None, step: Decimal
) -> list[tuple[str, Decimal]]:
    keys, weights = _spread_weights(start, max(start, end), basis is SpreadBasis.DAILY)
    return list(zip(keys, split_by_weights(amount, weights, step), strict=True))


@lru_cache(maxsize=4096)
def _spread_weights(
    start: dt.date, end: dt.date, daily: bool
) -> tuple[tuple[str, ...], tuple[Decimal, ...]]:
    months = cal.months_in(start, end)
    keys = tuple(key for key, _, _ in months)
    if daily:
        return keys, tuple(Decimal(cal.days(low, high)) for _, low, high in months)
    # Equal months: a whole month weighs one, a part of a month its share of that month's days,
    # so a year from 15 January earns twelve months, not thirteen.
    return keys, tuple(
        Decimal(cal.days(low, high)) / Decimal(cal.days(cal.month_start(low), cal.month_end(low)))
        for _, low, high in months
    )


def respread(
    product_class: ProductClass,
    current: list[tuple[str, Decimal]],
    effective: dt.date,
    term_start: dt.date,
    old_end: dt.date,
    new_total: Decimal,
    new_end: dt.date,
    step: Decimal,
) -> tuple[list[tuple[str, Decimal]], list[tuple[str, Decimal]]]:
    """Ratable revenue after an amendment: periods before the effective date stay as recognised;
    what remains of the new total is spread from the effective date to the (new) end.

    Returns the kept entries and the new ones."""
    recognition = product_class.recognition
    basis = recognition.basis if recognition else None
    pivot = cal.month_key(effective)
    kept = [(period, value) for period, value in current if period < pivot]
    partial = ZERO
    # What the effective month earned before the effective date stays earned, at the old rate,
    # for either basis: equal months weigh a started month by its days too.
    in_month = sum((value for period, value in current if period == pivot), ZERO)
    first = max(cal.month_start(effective), term_start)
    last = min(cal.month_end(effective), old_end)
    elapsed = cal.days(first, effective - cal.ONE_DAY)
    total_days = cal.days(first, last)
    if total_days and elapsed:
        partial = round_money(in_month * Decimal(elapsed) / Decimal(total_days), step)
    remaining = new_total - sum((value for _, value in kept), ZERO) - partial
    start = max(effective, term_start)
    fresh = spread(remaining, start, max(start, new_end), basis, step)
    if partial:
        fresh = [(period, value + partial if period == pivot else value) for period, value in fresh]
        if not any(period == pivot for period, _ in fresh):
            fresh.insert(0, (pivot, partial))
    return kept, fresh
