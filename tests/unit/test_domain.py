"""The domain model: value rules, canonical text, and model-level validation."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from pydantic import ValidationError

from tests.factories import sample_workspace
from workbench.domain import (
    Decision,
    Entity,
    Field,
    FieldMapping,
    Mapping,
    Severity,
    SignOff,
    System,
    Workspace,
    validate_workspace,
)
from workbench.domain.base import Side, slugify


def _messages(workspace: Workspace, severity: Severity | None = None) -> list[str]:
    return [
        f"{i.element}: {i.message}"
        for i in validate_workspace(workspace)
        if severity is None or i.severity is severity
    ]


def _replace_mapping(workspace: Workspace, mapping_id: str, **changes: object) -> Workspace:
    mappings = tuple(
        m.model_copy(update=changes) if m.id == mapping_id else m for m in workspace.mappings
    )
    return workspace.model_copy(update={"mappings": mappings})


def test_the_sample_workspace_is_valid_with_no_warnings() -> None:
    assert validate_workspace(sample_workspace()) == []


def test_models_are_frozen_and_reject_unknown_keys() -> None:
    field = Field(name="Name")
    with pytest.raises(ValidationError):
        field.name = "Other"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs"):
        Field.model_validate({"name": "Name", "colour": "red"})


@pytest.mark.parametrize("name", ["1abc", "has space", "dash-name", "", "a" * 129, "Ünïcode"])
def test_api_names_must_be_identifiers(name: str) -> None:
    with pytest.raises(ValidationError):
        Field(name=name)


@pytest.mark.parametrize("name", ["Salesforce", "sf.prod", "", "x" * 41, "1sap"])
def test_system_names_are_short_lowercase_slugs(name: str) -> None:
    with pytest.raises(ValidationError):
        System(name=name, role="crm")


def test_free_text_is_stored_in_one_canonical_form() -> None:
    entity = Entity(name="A", description="\r\n  first line   \r\nsecond\t \n\n")
    assert entity.description == "first line\nsecond"
    assert Entity(name="A", label="  Sales \n order  ").label == "Sales order"


def test_sign_off_times_are_utc() -> None:
    signed = SignOff(
        stakeholder="x",
        function="IT",
        verdict="approved",
        recorded_by="me",
        recorded_at=dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        content_hash="a" * 64,
        hash="b" * 64,
    )
    assert signed.recorded_at == dt.datetime(2026, 1, 1, 10, 0, tzinfo=dt.UTC)
    assert signed.recorded_at.tzinfo is dt.UTC


def test_side_defaults_from_role_and_can_be_overridden() -> None:
    assert System(name="cpq", role="cpq").effective_side is Side.CRM
    assert System(name="billing", role="billing").effective_side is Side.ERP
    assert System(name="sfbilling", role="billing", side="crm").effective_side is Side.CRM


def test_slugify() -> None:
    assert slugify("SAP owns the Customer Master!") == "sap-owns-the-customer-master"
    assert slugify("***") == "untitled"
    assert (
        slugify("Salesforce requests customers, SAP creates them", 30)
        == "salesforce-requests-customers"
    )
    assert slugify("a" * 80, 60) == "a" * 60


def test_dangling_mapping_references_are_errors() -> None:
    ws = _replace_mapping(sample_workspace(), "account-customer", target="s4hana:A_Kunde")
    assert (
        "mapping account-customer: target s4hana:A_Kunde is not an entity in the model"
        in _messages(ws)
    )
    ws = _replace_mapping(sample_workspace(), "account-customer", source="crm:Account")
    assert (
        "mapping account-customer: source crm:Account is not an entity in the model"
        in _messages(ws)
    )


def test_a_field_mapping_naming_a_missing_field_is_an_error() -> None:
    ws = _replace_mapping(
        sample_workspace(),
        "account-customer",
        field_mappings=(FieldMapping(target="CustomerNme", source="Nam"),),
    )
    messages = _messages(ws, Severity.ERROR)
    assert (
        "mapping account-customer, field mapping to CustomerNme: target field CustomerNme is not "
        "a field of s4hana:A_Customer" in messages
    )
    assert (
        "mapping account-customer, field mapping to CustomerNme: source field Nam is not a field "
        "of salesforce:Account" in messages
    )


def test_a_field_mapping_naming_an_unknown_value_map_or_owner_is_an_error() -> None:
    ws = _replace_mapping(
        sample_workspace(),
        "account-customer",
        field_mappings=(FieldMapping(target="CustomerName", value_map="nope", owner="billing"),),
    )
    messages = _messages(ws, Severity.ERROR)
    assert any("value map nope does not exist" in m for m in messages)
    assert any(
        "owner billing is neither the source's nor the target's system" in m for m in messages
    )


def test_a_field_mapping_that_says_nothing_fills_it_is_a_warning() -> None:
    empty = FieldMapping(target="CustomerName")
    said = FieldMapping(target="CustomerFullName", notes="SAP derives it from the name parts")
    ws = _replace_mapping(sample_workspace(), "account-customer", field_mappings=(empty, said))
    warnings = [m for m in _messages(ws, Severity.WARNING) if "nothing fills" in m]
    assert warnings == [
        "mapping account-customer, field mapping to CustomerName: nothing fills the field: give "
        "a source field, a transform or a default (or a note saying the target system fills it)"
    ]


def test_an_error_policy_handles_each_failure_once_and_names_codes() -> None:
    from workbench.domain import ErrorRule

    twice = (ErrorRule(failure="*", route="queue"), ErrorRule(failure="*", route="other"))
    ws = _replace_mapping(sample_workspace(), "account-customer", error_policy=twice)
    assert [(i.severity, i.message, i.location.path) for i in validate_workspace(ws)] == [
        (
            Severity.WARNING,
            "failure * has more than one error rule: only the first routes it",
            ("error_policy", 1, "failure"),
        )
    ]
    spaced = (ErrorRule(failure="bad code!", route="queue"),)
    ws = _replace_mapping(sample_workspace(), "account-customer", error_policy=spaced)
    assert _messages(ws) == [
        "mapping account-customer: failure 'bad code!' is not a code: use letters, digits and _ "
        "(CREDIT_BLOCK), or * for any failure"
    ]
    for code in ("CREDIT_BLOCK", "E1001", "VA-42", "*"):
        ok = (ErrorRule(failure=code, route="queue"),)
        assert (
            _messages(_replace_mapping(sample_workspace(), "account-customer", error_policy=ok))
            == []
        )


def test_one_to_many_without_a_resolution_rule_is_incomplete_not_invalid() -> None:
    ws = _replace_mapping(sample_workspace(), "account-customer", resolution=None)
    issues = validate_workspace(ws)
    assert [i.severity for i in issues] == [Severity.WARNING]
    assert "resolution rule" in issues[0].message
    assert issues[0].location.path == ("resolution",)


def test_no_counterpart_rules() -> None:
    ws = _replace_mapping(sample_workspace(), "opportunity", reason="")
    assert _messages(ws) == ["mapping opportunity: incomplete: say why there is no counterpart"]
    ws = _replace_mapping(sample_workspace(), "opportunity", target="s4hana:A_SalesOrder")
    assert "mapping opportunity: a no-counterpart mapping cannot name a target entity" in _messages(
        ws
    )
    ws = _replace_mapping(sample_workspace(), "account-customer", target=None)
    assert any("needs a target entity" in m for m in _messages(ws))


def test_mapping_inside_one_system_is_an_error() -> None:
    ws = _replace_mapping(sample_workspace(), "account-customer", target="salesforce:Order")
    assert any("same system" in m for m in _messages(ws, Severity.ERROR))


def test_system_of_record_must_be_one_of_the_two_systems() -> None:
    ws = _replace_mapping(sample_workspace(), "account-customer", system_of_record="billing")
    assert any("system of record billing" in m for m in _messages(ws, Severity.ERROR))


def test_duplicate_names_are_errors() -> None:
    ws = sample_workspace()
    dup = ws.model_copy(update={"mappings": (*ws.mappings, ws.mappings[0])})
    assert "mapping account-customer: the mapping id is used more than once" in _messages(dup)
    account = ws.systems[0].entities[0]
    twice = account.model_copy(update={"fields": (*account.fields, account.fields[1])})
    system = ws.systems[0].model_copy(update={"entities": (twice, *ws.systems[0].entities[1:])})
    dup = ws.model_copy(update={"systems": (system, ws.systems[1])})
    assert _messages(dup) == ["entity salesforce:Account: field Name is defined more than once"]


def test_entity_names_differing_only_in_case_clash() -> None:
    ws = sample_workspace()
    system = ws.systems[0].model_copy(
        update={"entities": (*ws.systems[0].entities, Entity(name="account"))}
    )
    messages = _messages(ws.model_copy(update={"systems": (system, ws.systems[1])}))
    assert any("differs only in letter case" in m for m in messages)


def test_relationship_references_are_checked() -> None:
    ws = sample_workspace()
    rel = (
        ws.systems[0].relationships[0].model_copy(update={"parent": "Acount", "via_field": "Nope"})
    )
    system = ws.systems[0].model_copy(
        update={"relationships": (rel, *ws.systems[0].relationships[1:])}
    )
    messages = _messages(ws.model_copy(update={"systems": (system, ws.systems[1])}))
    assert (
        "relationship salesforce:Account_Orders: parent Acount is not an entity of salesforce"
        in messages
    )
    assert (
        "relationship salesforce:Account_Orders: Nope, the field on the child holding the "
        "parent's key, is not a field of Order" in messages
    )


def test_decision_references_are_checked() -> None:
    ws = sample_workspace()
    decision = ws.decisions[0].model_copy(
        update={
            "decision_makers": ("nobody",),
            "links": (
                "mapping:missing",
                "field:s4hana:A_Customer.Nope",
                "entity:s4hana:A_Customer",
            ),
            "superseded_by": 9,
        }
    )
    messages = _messages(ws.model_copy(update={"decisions": (decision,)}))
    assert "decision 0001: decision-maker nobody is not a stakeholder" in messages
    assert "decision 0001: link mapping:missing points at nothing in the model" in messages
    assert (
        "decision 0001: link field:s4hana:A_Customer.Nope points at nothing in the model"
        in messages
    )
    assert "decision 0001: superseded_by 9 is not a decision" in messages


def test_decision_links_must_be_well_formed() -> None:
    with pytest.raises(ValidationError):
        Decision(number=1, title="x", date=dt.date(2026, 1, 1), links=("mapping:Not A Slug",))


def test_scenario_consistency_is_checked() -> None:
    ws = sample_workspace()
    scenario = ws.scenarios[0]
    amendment = scenario.amendments[0].model_copy(update={"effective": dt.date(2026, 1, 1)})
    change = amendment.changes[0].model_copy(update={"line": "99"})
    amendment = amendment.model_copy(update={"changes": (change,)})
    broken = scenario.model_copy(update={"amendments": (amendment,)})
    messages = _messages(ws.model_copy(update={"scenarios": (broken,)}))
    assert any("takes effect on 2026-01-01, before the order (2026-04-01)" in m for m in messages)
    assert any("change-quantity names line 99, which does not exist" in m for m in messages)


def test_mapping_ids_are_slugs() -> None:
    with pytest.raises(ValidationError):
        Mapping(id="Account Customer", source="salesforce:Account", cardinality="1:1")


def test_the_domain_imports_no_ui_sql_or_yaml() -> None:
    code = (
        "import sys, workbench.domain, workbench.graph; "
        "bad = [m for m in ('textual', 'sqlalchemy', 'sqlmodel', 'yaml', 'psycopg')"
        " if m in sys.modules]; "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_lookups_cached_on_a_model_never_outlive_a_changed_copy() -> None:
    import pickle

    from tests.factories import sample_workspace
    from workbench.domain import Field

    ws = sample_workspace()
    account = ws.entity("salesforce:Account")
    assert account is not None and account.field("Name") is not None
    assert "fields_by_name" in account.__dict__ and "index" in ws.__dict__
    renamed = account.model_copy(update={"fields": (Field(name="Other"),)})
    assert renamed.field("Name") is None and renamed.field("Other") is not None
    fewer = ws.model_copy(update={"mappings": ()})
    assert fewer.mapping("account-customer") is None and ws.mapping("account-customer")
    # A plain copy keeps them (same values), and a pickle carries fields only.
    assert "index" in ws.model_copy().__dict__
    assert "index" not in pickle.loads(pickle.dumps(ws)).__dict__


def test_a_pickled_model_is_a_snapshot_of_its_fields_not_its_live_dict() -> None:
    """Quitting pickles the workspace while a worker may still cache a lookup on an entity;
    the state handed to pickle must not be the dict that worker writes to."""
    from tests.factories import sample_workspace

    ws = sample_workspace()
    account = ws.entity("salesforce:Account")
    assert account is not None
    state = account.__getstate__()
    assert state["__dict__"] is not account.__dict__
    assert "fields_by_name" not in state["__dict__"]
    account.field("Name")  # the lookup is cached now, as a worker would
    assert "fields_by_name" in account.__dict__ and "fields_by_name" not in state["__dict__"]
