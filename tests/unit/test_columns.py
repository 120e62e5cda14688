"""Aligned columns fit the pane they are shown in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.tui.widgets.columns import Column, columns

COLS = [Column("target", "bold", 32), Column("source", max_width=32), Column("owner", "dim", 12)]
ROWS = [["PurchaseOrderByCustomer", "PoNumber", "s4hana"], ["SalesOrganization", "Legal", ""]]


def test_columns_that_fit_are_left_as_they_are() -> None:
    assert columns(COLS, ROWS).plain == columns(COLS, ROWS, width=200).plain


def test_columns_too_wide_give_way_and_cut_with_an_ellipsis() -> None:
    text = columns(COLS, ROWS, width=40)
    lines = text.plain.split("\n")
    assert all(len(line) <= 40 for line in lines), lines
    # The first column (what the row is about) keeps its whole names while others give way.
    assert lines[1].startswith("PurchaseOrderByCustomer")
    assert "…" in text.plain


@given(st.integers(min_value=30, max_value=120))
def test_every_line_fits_whenever_the_floors_do(width: int) -> None:
    lines = columns(COLS, ROWS, width=width).plain.split("\n")
    assert all(len(line) <= width for line in lines)
