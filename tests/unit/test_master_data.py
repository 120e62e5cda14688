"""Master data sets: overrides, validation of the scenarios that use them, edits that carry
mapping and product class renames, and the schema step that adds their table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from tests.factories import downgrade_to_version_1, sample_workspace
from workbench.domain import edits
from workbench.domain.edits import revise
from workbench.domain.masterdata import CrmProduct, ErpItem, MasterDataOverrides
from workbench.domain.scenarios import Amendment, AmendmentChange, Order, OrderLine, Scenario
from workbench.domain.validation import Severity, validate_workspace
from workbench.domain.workspace import Workspace
from workbench.mirror.codec import canonical, parse, render
from workbench.store import Store


def _errors(ws: Workspace) -> list[str]:
    return [i.message for i in validate_workspace(ws) if i.severity is Severity.ERROR]


def _with_scenario(scenario: Scenario) -> Workspace:
    ws = sample_workspace()
    return revise(ws, scenarios=(scenario,))


def _order(**changes: object) -> Order:
    line = OrderLine(id="10", product="HW-100", quantity=Decimal(1), plant="1010")
    return revise(
        Order(account="ACME", currency="EUR", date=dt.date(2026, 4, 1), lines=(line,)), **changes
    )


def test_overrides_replace_add_and_remove_records_by_key() -> None:
    data = sample_workspace().master_data[0]
    changed = data.with_overrides(
        MasterDataOverrides(
            items=(
                ErpItem(material="HW-100", base_unit="CS"),
                ErpItem(material="NEW", base_unit="PC"),
            ),
            remove_products=("HW-200",),
        )
    )
    assert [i.material for i in changed.items] == ["HW-100", "NEW"]
    assert changed.items[0].base_unit == "CS"
    assert [p.code for p in changed.products] == ["HW-100", "KIT"]
    assert data.with_overrides(None) is data


def test_the_sample_scenario_validates_against_its_master_data() -> None:
    assert _errors(sample_workspace()) == []


def test_unknown_product_and_account_name_the_scenario_and_line() -> None:
    line = OrderLine(id="20", product="NOPE", quantity=Decimal(1))
    ws = _with_scenario(Scenario(id="bad", order=_order(account="WHO", lines=(line,))))
    errors = _errors(ws)
    assert "account WHO is not an account of master data workshop" in errors
    assert "line 20: product NOPE is not a product of master data workshop" in errors


def test_bad_scenarios_are_reported_before_any_run() -> None:
    amendment = Amendment(
        effective=dt.date(2026, 1, 1),
        changes=(
            AmendmentChange(action="change-term", line="10", end=dt.date(2025, 1, 1)),
            AmendmentChange(action="add-line", line="30", product="GHOST", quantity=Decimal(1)),
        ),
    )
    line = OrderLine(
        id="10",
        product="HW-100",
        quantity=Decimal(1),
        start=dt.date(2026, 5, 1),
        end=dt.date(2026, 4, 1),
    )
    errors = _errors(
        _with_scenario(Scenario(id="bad", order=_order(lines=(line,)), amendments=(amendment,)))
    )
    assert any("line 10 ends (2026-04-01) before it starts (2026-05-01)" in e for e in errors)
    assert any("takes effect on 2026-01-01, before the order" in e for e in errors)
    assert any("amendment 1, line 10: the term ends (2025-01-01)" in e for e in errors)
    assert any("line 30: product GHOST is not a product" in e for e in errors)


def test_negative_quantities_and_unknown_fields_are_rejected_by_the_model() -> None:
    with pytest.raises(ValidationError, match="greater than 0"):
        OrderLine(id="10", product="HW-100", quantity=Decimal(-1))
    with pytest.raises(ValidationError, match="Extra inputs"):
        OrderLine.model_validate({"id": "10", "product": "HW-100", "quantity": 1, "colour": "red"})


def test_a_bad_scenario_file_names_the_file_and_line() -> None:
    files = render(sample_workspace())
    path = "models/scenarios/two-plants.yaml"
    files[path] = files[path].replace(b"quantity: 2", b"quantity: -2")
    result = parse(files)
    assert result.workspace is None
    [issue] = result.errors
    assert issue.file == path and issue.line > 0 and "give more than 0" in issue.message


def test_master_data_validation_finds_dangling_references() -> None:
    ws = sample_workspace()
    data = ws.master_data[0]
    broken = revise(
        data,
        flow=revise(data.flow, order="no-such-mapping"),
        products=(*data.products, CrmProduct(code="X", product_class="nope")),
    )
    issues = validate_workspace(revise(ws, master_data=(broken,)))
    warnings = [i.message for i in issues if i.severity is Severity.WARNING]
    assert any(
        w.startswith("flow order: mapping no-such-mapping is not a mapping") for w in warnings
    )
    assert "product X: product class nope does not exist" in _errors(
        revise(ws, master_data=(broken,))
    )


def test_renaming_and_deleting_a_mapping_carries_into_the_flow() -> None:
    ws = sample_workspace()
    mapping = ws.mapping("account-customer")
    assert mapping is not None
    renamed = edits.put_mapping(ws, revise(mapping, id="customer-resolution"), "account-customer")
    assert renamed.master_data[0].flow.customer == "customer-resolution"
    gone = edits.delete_mapping(renamed, "customer-resolution")
    assert gone.master_data[0].flow.customer is None
    assert _errors(gone) == []


def test_deleting_a_product_class_clears_it_on_products() -> None:
    ws = edits.delete_product_class(sample_workspace(), "hardware")
    assert {p.product_class for p in ws.master_data[0].products} == {None}


def test_a_version_1_database_can_hold_master_data_after_migrating(store_url: str) -> None:
    opened = Store.open(store_url)
    with opened.connection() as conn:
        downgrade_to_version_1(conn)
        conn.commit()
    opened.close()
    migrated = Store.open(store_url)
    migrated.commit(None, canonical(sample_workspace()))
    assert migrated.load().workspace == canonical(sample_workspace())
    migrated.close()
