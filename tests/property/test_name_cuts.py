"""Cutting names to fit a pane: never wider than asked, made of the name's own ends, and names
that start alike stay apart."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from workbench.tui.name_cuts import ELLIPSIS, NameCutter, cut_text, end_cut, fit_names

names = st.text(alphabet="AB_ab", min_size=1, max_size=30)


def _parts_of(name: str, cut: str) -> bool:
    head, _, tail = cut.partition(ELLIPSIS)
    return name.startswith(head) and name.endswith(tail)


@given(names, st.lists(names, max_size=8), st.integers(min_value=0, max_value=40))
def test_a_cut_fits_and_is_made_of_the_names_ends(name: str, others: list[str], width: int) -> None:
    cutter = NameCutter([name, *others])
    for cut in (cutter.cut(name, width), end_cut(name, width)):
        assert len(cut) <= width
        if len(name) <= width:
            assert cut == name
        else:
            assert ELLIPSIS in cut or width == 0
            assert _parts_of(name, cut)


@given(st.lists(names, min_size=1, max_size=3), st.integers(min_value=-5, max_value=80))
def test_fitted_names_take_no_more_than_the_room(line: list[str], room: int) -> None:
    fitted = fit_names(line, room, NameCutter(line))
    if sum(map(len, line)) <= room:
        assert fitted == line
    else:
        assert sum(map(len, fitted)) <= max(room, 0)
        assert all(_parts_of(name, cut) for name, cut in zip(line, fitted, strict=True))


SAP = [
    "A_BusinessPartner",
    "A_BusinessPartnerAddress",
    "A_BusinessPartnerContact",
    "A_BusinessPartnerRole",
    "A_BusinessPartnerTaxNumber",
    "A_CustomerSalesArea",
    "A_CustomerSalesAreaTax",
    # Names that share a start with some and an end with others.
    "A_SalesOrder",
    "A_SalesOrderHeaderPartner",
    "A_SalesOrderHeaderPrElement",
    "A_SalesOrderItem",
    "A_SalesOrderItemPartner",
    "A_SalesOrderItemPrElement",
    "A_SalesOrderItemText",
    "A_SalesOrderText",
]

words = st.sampled_from(["Sales", "Order", "Item", "Header", "Partner", "Text", "Address", "Role"])
entity_names = st.lists(words, min_size=1, max_size=5).map(lambda parts: "A_" + "".join(parts))


def test_names_that_start_alike_stay_apart_in_a_narrow_pane() -> None:
    cutter = NameCutter(SAP)
    for width in range(8, 26):
        cuts = [cutter.cut(name, width) for name in SAP]
        assert len(set(cuts)) == len(SAP), (width, cuts)
    assert cutter.cut("A_BusinessPartnerAddress", 10) == "A_…Address"


@given(st.lists(entity_names, min_size=2, max_size=6, unique=True), st.integers(8, 30))
def test_cut_names_read_differently_from_one_another(line: list[str], width: int) -> None:
    cutter = NameCutter(line)
    cuts = [cutter.cut(name, width) for name in line]
    assert len(set(cuts)) == len(line), cuts


def test_a_name_alone_with_its_start_is_cut_at_the_end() -> None:
    cutter = NameCutter([*SAP, "Integration_Error__c"])
    assert cutter.cut("Integration_Error__c", 12) == "Integration…"


def test_a_cut_text_keeps_its_mark_and_styles() -> None:
    text = Text("● ", style="green")
    text.append("A_BusinessPartnerAddress", style="italic")
    cut = cut_text(text, 2, 12, NameCutter(SAP))
    assert cut.plain == "● A_…Address"
    assert cut.style == "green"  # the mark's
    italic = [(span.start, span.end) for span in cut.spans if span.style == "italic"]
    covered = {index for start, end in italic for index in range(start, end)}
    assert covered == set(range(2, len(cut.plain)))  # the name, ellipsis included
