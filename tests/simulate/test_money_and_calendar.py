"""Money rounding, allocation and calendar helpers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from workbench.simulate import calendar as cal
from workbench.simulate.money import (
    allocate_largest_remainder,
    quantum,
    round_money,
    split_by_weights,
)

amounts = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2)
weights = st.lists(st.integers(min_value=0, max_value=400).map(Decimal), min_size=1, max_size=40)


@given(amounts, weights)
def test_split_by_weights_never_loses_a_cent(total: Decimal, parts: list[Decimal]) -> None:
    split = split_by_weights(total, parts, Decimal("0.01"))
    assert sum(split) == total and len(split) == len(parts)
    assert all(p == round_money(p, Decimal("0.01")) for p in split)


@given(amounts)
def test_largest_remainder_puts_the_cent_on_the_largest_share(total: Decimal) -> None:
    shares = [Decimal("0.6"), Decimal("0.1"), Decimal("0.3")]
    parts = allocate_largest_remainder(total, shares, Decimal("0.01"))
    assert sum(parts) == total
    assert parts[1] == round_money(total * shares[1], Decimal("0.01"))


def test_currency_minor_units() -> None:
    assert quantum("JPY") == 1 and quantum("EUR") == Decimal("0.01")
    assert quantum("KWD") == Decimal("0.001")
    assert round_money(Decimal("0.005"), Decimal("0.01")) == Decimal("0.01")
    assert round_money(Decimal("-0.005"), Decimal("0.01")) == Decimal("-0.01")


def test_periods_and_months() -> None:
    start, end = dt.date(2026, 1, 31), dt.date(2026, 4, 30)
    assert cal.add_months(start, 1) == dt.date(2026, 2, 28)
    assert cal.periods(dt.date(2026, 1, 1), dt.date(2028, 12, 31), 12)[-1] == (
        dt.date(2028, 1, 1),
        dt.date(2028, 12, 31),
    )
    assert [m for m, _, _ in cal.months_in(start, end)] == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
    ]
    assert cal.whole_months(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 12
    assert cal.whole_months(dt.date(2026, 7, 15), dt.date(2026, 12, 31)) is None
    assert cal.days(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 365


def test_an_expected_total_reads_to_the_same_places_as_the_run() -> None:
    """The Expected tab showed 0 against 68797.45."""
    from workbench.simulate.expectations import _money_pair

    assert _money_pair(Decimal(0), Decimal("68797.45")) == ("0.00", "68797.45")
    assert _money_pair(Decimal(9600), Decimal(9600)) == ("9600", "9600")
    assert _money_pair(Decimal("1.5"), Decimal("2.25")) == ("1.50", "2.25")
