"""The one-per-line notations of the expectations and amendment forms: what the reference
scenarios hold reads back unchanged, and a line that is not understood is named with the reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import REPO_ROOT
from tests.factories import sample_workspace
from workbench.domain import edits
from workbench.domain.scenarios import Amendment, AmendmentChange, ChangeAction, Expectations
from workbench.services.simulation import load_workspace
from workbench.tui.scenario_forms import (
    NotationError,
    format_changes,
    format_documents,
    parse_changes,
    parse_documents,
)


def test_every_reference_scenario_reads_back_unchanged() -> None:
    scenarios = load_workspace(REPO_ROOT).scenarios
    assert any(s.amendments for s in scenarios) and any(s.expect.documents for s in scenarios)
    for scenario in scenarios:
        documents = scenario.expect.documents
        assert tuple(parse_documents(format_documents(documents))) == documents, scenario.id
        for amendment in scenario.amendments:
            text = format_changes(amendment.changes)
            assert tuple(parse_changes(text)) == amendment.changes, scenario.id


def test_documents_take_a_count_and_conditions_and_quotes() -> None:
    [order, invoice, partner] = parse_documents(
        "A_SalesOrder 2 plant=1010\n\ninvoice\nA_PurchaseOrder supplier='Acme Parts GmbH'"
    )
    assert (order.type, order.count, order.where) == ("A_SalesOrder", 2, {"plant": "1010"})
    assert (invoice.count, invoice.where) == (1, {})
    assert partner.where == {"supplier": "Acme Parts GmbH"}
    assert "supplier='Acme Parts GmbH'" in format_documents((partner,))


def test_changes_take_typed_values() -> None:
    [add, drop] = parse_changes(
        "add-line 40 product=SUPPORT quantity=1 price=1200.50 start=2027-01-01 "
        "end=2027-12-31 billing_frequency=monthly\nremove-line 20"
    )
    assert add == AmendmentChange(
        action=ChangeAction.ADD_LINE,
        line="40",
        product="SUPPORT",
        quantity=Decimal(1),
        price=Decimal("1200.50"),
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        billing_frequency="monthly",  # type: ignore[arg-type]
    )
    assert drop.action is ChangeAction.REMOVE_LINE and drop.line == "20"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("A_SalesOrder two", "line 1: the count after A_SalesOrder must be a whole number"),
        ("invoice\nA_SalesOrder 1 plant", "line 2: write name=value, not plant"),
        ("invoice -1", "line 1: count"),
        ("invoice 1 a=1 a=2", "line 1: a is given twice"),
        ("invoice 'open", "line 1: No closing quotation"),
    ],
)
def test_a_document_line_not_understood_is_named(text: str, says: str) -> None:
    with pytest.raises(NotationError, match=says):
        parse_documents(text)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("add-line", "line 1: write the action, then the order line"),
        ("grow 20", "line 1: grow is not an action"),
        ("change-quantity 20 qty=5", "line 1: qty cannot be set"),
        ("\n\nchange-quantity 20 quantity=-5", "line 3: quantity"),
        ("change-term 20 end=soon", "line 1: end"),
    ],
)
def test_a_change_line_not_understood_is_named(text: str, says: str) -> None:
    with pytest.raises(NotationError, match=says):
        parse_changes(text)


def test_amendments_are_kept_in_the_order_they_take_effect() -> None:
    ws = sample_workspace()
    scenario = ws.scenarios[0]
    change = AmendmentChange(action=ChangeAction.CHANGE_QUANTITY, line=scenario.order.lines[0].id)
    late = Amendment(effective=dt.date(2027, 6, 1), changes=(change,))
    early = Amendment(effective=dt.date(2027, 1, 1), changes=(change,))
    ws = edits.put_amendment(ws, scenario.id, late)
    ws = edits.put_amendment(ws, scenario.id, early)
    expected = sorted((*scenario.amendments, late, early), key=lambda a: a.effective)
    assert ws.scenarios[0].amendments == tuple(expected)
    ws = edits.delete_amendment(ws, scenario.id, expected.index(early))
    assert early not in ws.scenarios[0].amendments and late in ws.scenarios[0].amendments
    with pytest.raises(edits.EditError):
        edits.delete_amendment(ws, scenario.id, 5)
    expect = Expectations(failures=("CREDIT_BLOCK",), billed=Decimal(10))
    assert edits.put_expectations(ws, scenario.id, expect).scenarios[0].expect == expect


def test_every_line_not_understood_is_said_at_once() -> None:
    """A save said the first bad line only; the next save, the next one."""
    with pytest.raises(NotationError) as raised:
        parse_changes("change-quantity 30 quantity=abc\nfrobnicate 10\nremove-line 20")
    said = str(raised.value)
    assert said.startswith("line 1: quantity: abc is not a number; line 2: frobnicate is not")
    with pytest.raises(NotationError) as raised:
        parse_documents("A_SalesOrder several\ninvoice 1\ncredit-memo 'unclosed")
    said = str(raised.value)
    assert "line 1: the count after A_SalesOrder must be a whole number" in said
    assert "line 3: No closing quotation" in said
