"""Money: Decimal amounts with explicit rounding to the currency's minor unit."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)

_ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "CLP", "ISK", "VND", "HUF"})
"""ISO 4217 currencies without a minor unit in invoicing (HUF: in practice)."""
_THREE_DECIMAL_CURRENCIES = frozenset({"BHD", "KWD", "OMR", "JOD", "TND"})


def quantum(currency: str) -> Decimal:
    """The smallest amount of ``currency`` an invoice carries."""
    if currency in _ZERO_DECIMAL_CURRENCIES:
        return Decimal(1)
    if currency in _THREE_DECIMAL_CURRENCIES:
        return Decimal("0.001")
    return Decimal("0.01")


def round_money(amount: Decimal, step: Decimal) -> Decimal:
    """Commercial rounding (half up, away from zero for negatives) to the step."""
    return amount.quantize(step, rounding=ROUND_HALF_UP)


def split_by_weights(total: Decimal, weights: Sequence[Decimal], step: Decimal) -> list[Decimal]:
    """``total`` spread over ``weights`` with cumulative rounding: every part is rounded to the
    step and the parts add up to ``total`` exactly (no lost or invented cent)."""
    whole = sum(weights, ZERO)
    if not weights:
        return []
    parts: list[Decimal] = []
    if whole == ZERO:
        parts = [ZERO] * len(weights)
        parts[-1] = total
        return parts
    running = ZERO
    done = ZERO
    for weight in weights:
        running += weight
        reached = round_money(total * running / whole, step)
        parts.append(reached - done)
        done = reached
    return parts


def round_together(values: Sequence[Decimal | None], step: Decimal) -> list[Decimal | None]:
    """Each value rounded to ``step``, the parts adding up to their rounded sum: the rounding
    difference goes on the largest value (the first of equals), as in a bundle's allocation.
    None stays None (nothing to charge)."""
    parts: list[Decimal | None] = [None if v is None else round_money(v, step) for v in values]
    present = [i for i, v in enumerate(values) if v is not None]
    if present:
        total = round_money(sum((values[i] or ZERO for i in present), ZERO), step)
        largest = max(present, key=lambda i: (abs(values[i] or ZERO), -i))
        parts[largest] = (
            (parts[largest] or ZERO) + total - sum((parts[i] or ZERO for i in present), ZERO)
        )
    return parts


def allocate_largest_remainder(
    total: Decimal, shares: Sequence[Decimal], step: Decimal
) -> list[Decimal]:
    """``total`` times each share, rounded, with the rounding difference put on the largest share
    (the bundle allocation convention)."""
    parts = [round_money(total * share, step) for share in shares]
    if parts:
        largest = max(range(len(shares)), key=lambda i: (shares[i], -i))
        parts[largest] += total - sum(parts, ZERO)
    return parts
