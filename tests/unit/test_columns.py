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


def test_prose_wraps_the_text_under_itself_and_never_cuts_it() -> None:
    from workbench.tui.widgets.columns import prose

    words = "both, event: CRM: customer request approved; ERP: business partner changed " * 3
    text = prose([("Sync", words.strip()), ("Key", "Id ↔ BusinessPartner")], width=40)
    lines = text.plain.splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert lines[0].startswith("Sync  both,")
    assert all(line.startswith("      ") for line in lines[1:-1])  # under the text, not the label
    assert lines[-1] == "Key   Id ↔ BusinessPartner"
    assert " ".join(line.strip() for line in lines[:-1]) == "Sync  " + words.strip()
    assert "…" not in text.plain
