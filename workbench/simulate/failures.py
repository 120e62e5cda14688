"""The failures a simulated run can raise, and the order-line attributes it can group by.

A scenario's expectations and an order mapping's split name these by their words; anything
else would be met by nothing the run does (an expected ``CREDIT_BLOK`` is never raised, a split
by ``chanel`` puts every line in one order), so the forms and the checks hold names to these.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import StrEnum


class FailureCode(StrEnum):
    """A failure the simulator raises, by the code an error policy routes it by."""

    AMENDMENT_CONFLICT = "AMENDMENT_CONFLICT"
    AMENDMENT_TARGET_NOT_FOUND = "AMENDMENT_TARGET_NOT_FOUND"
    BILLING_HISTORY_LOCKED = "BILLING_HISTORY_LOCKED"
    BILLING_PLAN_INVALID = "BILLING_PLAN_INVALID"
    BUNDLE_SHARES_INVALID = "BUNDLE_SHARES_INVALID"
    COMPONENT_NOT_IN_ERP = "COMPONENT_NOT_IN_ERP"
    CREDIT_BLOCK = "CREDIT_BLOCK"
    CURRENCY_NOT_ALLOWED = "CURRENCY_NOT_ALLOWED"
    CUSTOMER_AMBIGUOUS = "CUSTOMER_AMBIGUOUS"
    CUSTOMER_BLOCKED = "CUSTOMER_BLOCKED"
    CUSTOMER_DUPLICATED = "CUSTOMER_DUPLICATED"
    CUSTOMER_NOT_FOUND = "CUSTOMER_NOT_FOUND"
    DUPLICATE_GUARD = "DUPLICATE_GUARD"
    ORDER_VALIDATION_FAILED = "ORDER_VALIDATION_FAILED"
    PRODUCT_CLASS_MISSING = "PRODUCT_CLASS_MISSING"
    PRODUCT_INCOMPLETE = "PRODUCT_INCOMPLETE"
    PRODUCT_NOT_IN_ERP = "PRODUCT_NOT_IN_ERP"
    PRODUCT_NOT_IN_PLANT = "PRODUCT_NOT_IN_PLANT"
    SPLIT_KEY_MIXED = "SPLIT_KEY_MIXED"
    UOM_NOT_MAPPED = "UOM_NOT_MAPPED"


LINE_ATTRIBUTES = (
    "plant",
    "channel",
    "category",
    "product_class",
    "product",
    "material",
    "unit",
    "line",
)
"""What an ERP order item carries that the order mapping can split by or match an order on:
delivering plant, fulfilment channel, item category, product class, CRM product, ERP material,
ERP unit and the item's own line (one order per line)."""


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name a typed one most likely meant (``CREDIT_BLOK``: ``CREDIT_BLOCK``)."""
    by_case = {option.casefold(): option for option in known}
    if name.casefold() in by_case:
        return by_case[name.casefold()]
    found = difflib.get_close_matches(name.casefold(), list(by_case), n=1, cutoff=0.7)
    return by_case[found[0]] if found else None


def unknown_failures(codes: Iterable[str]) -> list[str]:
    """The codes among ``codes`` no run raises, in their order."""
    return [code for code in codes if code not in FailureCode.__members__]


def unknown_line_attributes(names: Iterable[str]) -> list[str]:
    """The names among ``names`` an order item does not carry, in their order."""
    return [name for name in names if name not in LINE_ATTRIBUTES]


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean X?)`` when a known name is close to the typed one, else nothing."""
    match = closest(name, known)
    return f" (did you mean {match}?)" if match and match != name else ""
