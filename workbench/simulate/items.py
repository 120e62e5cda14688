"""An ERP order item as a run builds it, and small helpers the engine's steps share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ..domain.mappings import Mapping
from ..domain.revenue import ProductClass
from . import schedules as sched
from .failures import LINE_ATTRIBUTES
from .results import BillingLine


@dataclass(slots=True)
class Item:
    """An ERP order item as the run builds it, with its schedules so far."""

    line: str
    crm_line: str
    product: str
    material: str
    crm_unit: str
    crm_quantity: Decimal
    quantity: Decimal
    unit: str
    factor: Decimal
    price: Decimal
    """CRM unit price: per unit for one-off products, per unit and term for term products."""
    net: Decimal
    plant: str
    channel: str
    category: str
    product_class: ProductClass | None
    term: sched.Term
    origin: str = "order"
    allocation: Decimal = Decimal(1)
    """Share of the CRM line price this item carries (bundle components)."""
    order_key: str = ""
    pricing_term: tuple[dt.date, dt.date] | None = None
    """The term the price is quoted for, when it is not the item's own (co-termed additions)."""
    bundle_header: bool = False
    """The structure header a bundle's components hang under; it travels in their order."""
    priced: bool = True
    """False for a bundle component whose price the header carries (parent-only allocation):
    it is delivered, not billed."""
    billing: list[BillingLine] = field(default_factory=list)
    recognition: list[tuple[str, Decimal, str]] = field(default_factory=list)

    def attribute(self, name: str) -> str:
        """What a split groups by or a resolution matches on: only the attributes an item
        carries for that (``LINE_ATTRIBUTES``); any other name is empty, as the checks say."""
        if name not in LINE_ATTRIBUTES:
            return ""
        if name == "product_class":
            return self.product_class.id if self.product_class else ""
        value = getattr(self, name, None)
        return "" if value is None else str(value)


def group_keys(items: list[Item], group_by: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Each item's split group. A bundle header takes its first component's, so the structure
    never lands in an order without its components (a header has no product class of its own,
    say, where the split groups by one)."""
    own = [tuple(item.attribute(name) for name in group_by) for item in items]
    first_component: dict[str, tuple[str, ...]] = {}
    for item, key in zip(items, own, strict=True):
        if not item.bundle_header:
            first_component.setdefault(item.crm_line, key)
    return [
        first_component.get(item.crm_line, key) if item.bundle_header else key
        for item, key in zip(items, own, strict=True)
    ]


def element_of(mapping: Mapping | None) -> str:
    """How the trace names a mapping (``design`` when the flow declares none)."""
    return f"mapping:{mapping.id}" if mapping else "design"


def short_value(value: str) -> str:
    return {"direct": "D", "partner": "P"}.get(value, value)


def order_key_of(order_number: str, group: tuple[str, ...]) -> str:
    """The idempotency key of the ERP order for one split group (``S-1010-D``)."""
    return "-".join((order_number, *(short_value(value) for value in group)))


class OrderKeys:
    """Each split group's order key within one run, the same group always the same key.

    Joining values with ``-`` can give two groups one key (``A-B`` + ``C`` and ``A`` + ``B-C``),
    which would merge two ERP orders into one; the later group then takes ``~2``, ``~3``…"""

    def __init__(self, order_number: str) -> None:
        self._order_number = order_number
        self._by_group: dict[tuple[str, ...], str] = {}
        self._taken: set[str] = set()

    def __call__(self, group: tuple[str, ...]) -> str:
        known = self._by_group.get(group)
        if known is not None:
            return known
        base = key = order_key_of(self._order_number, group)
        suffix = 2
        while key in self._taken:
            key, suffix = f"{base}~{suffix}", suffix + 1
        self._by_group[group] = key
        self._taken.add(key)
        return key
