"""Sign-offs as evidence: content hashes, staleness, acceptance, the chain and its verification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import sample_workspace
from workbench.domain import edits
from workbench.domain.decision_edits import append_signoff, put_decision, settle_statuses
from workbench.domain.decisions import Decision, SignOff, Verdict
from workbench.domain.edits import EditError, revise
from workbench.domain.mappings import NoMatch
from workbench.domain.signoffs import (
    Problem,
    SignOffState,
    approved_content,
    canonical_json,
    compare_logs,
    content_hash,
    governing_decisions,
    is_accepted,
    lacks_current_signoff,
    log_issues,
    new_signoff,
    record_hash,
    required_functions,
    signoff_states,
    verify_chain,
)
from workbench.domain.workspace import Workspace

AT = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _unsigned() -> tuple[Workspace, Decision]:
    ws = sample_workspace()
    decision = ws.decisions[0].model_copy(update={"signoffs": ()})
    ws = revise(ws, decisions=(decision,))
    return ws, decision


def _sign(
    ws: Workspace, who: str, function: str, verdict: str = "approved", minute: int = 0
) -> Workspace:
    decision = ws.decisions[0]
    record = new_signoff(
        ws,
        decision,
        stakeholder=who,
        function=function,  # type: ignore[arg-type]
        verdict=verdict,  # type: ignore[arg-type]
        comment="",
        recorded_by="tester",
        recorded_at=AT + dt.timedelta(minutes=minute),
    )
    return append_signoff(ws, decision.number, record)


def test_canonical_json_sorts_keys_and_has_no_blanks() -> None:
    assert canonical_json({"b": 1, "a": [1, "é"]}) == '{"a":[1,"é"],"b":1}'.encode()


def test_the_content_covers_the_decision_text_and_every_linked_element() -> None:
    ws, decision = _unsigned()
    content = approved_content(ws, decision)
    assert set(content["elements"]) == {"mapping:account-customer", "entity:s4hana:A_Customer"}
    assert content["elements"]["mapping:account-customer"]["source"] == "salesforce:Account"
    assert "status" not in content["decision"] and "signoffs" not in content["decision"]


def test_the_content_hash_is_stable_for_an_equal_workspace() -> None:
    ws, decision = _unsigned()
    again, same = _unsigned()
    assert content_hash(ws, decision) == content_hash(again, same)


CHANGES: dict[str, Callable[[Workspace], Workspace]] = {
    "the mapping's owner": lambda ws: edits.set_owner(ws, "account-customer", "salesforce"),
    "a field of the linked entity": lambda ws: edits.put_field(
        ws,
        "s4hana:A_Customer",
        ws.entity("s4hana:A_Customer").fields[0].model_copy(update={"label": "Changed"}),  # type: ignore[union-attr]
        ws.entity("s4hana:A_Customer").fields[0].name,  # type: ignore[union-attr]
    ),
    "the decision's outcome": lambda ws: revise(
        ws, decisions=(ws.decisions[0].model_copy(update={"outcome": "Something else."}),)
    ),
    "a link removed": lambda ws: revise(
        ws, decisions=(ws.decisions[0].model_copy(update={"links": ("mapping:account-customer",)}),)
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_to_what_was_approved_makes_the_signoff_stale(change: str) -> None:
    ws, _ = _unsigned()
    ws = _sign(ws, "fiona", "Finance")
    assert signoff_states(ws, ws.decisions[0])["Finance"] is SignOffState.APPROVED  # type: ignore[index]
    changed = CHANGES[change](ws)
    assert signoff_states(changed, changed.decisions[0])["Finance"] is SignOffState.STALE  # type: ignore[index]


def test_bookkeeping_changes_do_not_make_signoffs_stale() -> None:
    ws, _ = _unsigned()
    ws = _sign(ws, "fiona", "Finance")
    decision = ws.decisions[0].model_copy(
        update={"consulted": ("Someone else",), "date": dt.date(2027, 1, 1)}
    )
    changed = revise(ws, decisions=(decision,))
    assert signoff_states(changed, decision)["Finance"] is SignOffState.APPROVED  # type: ignore[index]


def test_marking_a_signed_mapping_agreed_keeps_its_signoffs() -> None:
    """The mapping's status is bookkeeping too: a team marks the mapping agreed once its
    decision is accepted, which must not undo the acceptance."""
    from workbench.domain.mappings import MappingStatus

    ws, _ = _unsigned()
    ws = _sign(ws, "fiona", "Finance")
    mapping = ws.mapping("account-customer")
    assert mapping is not None and mapping.status is MappingStatus.AGREED
    agreed = edits.put_mapping(  # back to proposed and agreed again
        ws, mapping.model_copy(update={"status": MappingStatus.PROPOSED}), "account-customer"
    )
    assert signoff_states(agreed, agreed.decisions[0])["Finance"] is SignOffState.APPROVED  # type: ignore[index]


def test_a_signoff_given_under_content_version_1_holds_until_that_content_changes() -> None:
    """Version 1 hashed the mapping's status with the rest: a record given then is current while
    nothing version 1 covered has changed (the status included), and stale after."""
    from workbench.domain.mappings import MappingStatus
    from workbench.domain.signoffs import _sha256

    ws, decision = _unsigned()
    old = new_signoff(
        ws,
        decision,
        stakeholder="fiona",
        function="Finance",
        verdict="approved",  # type: ignore[arg-type]
        comment="",
        recorded_by="tester",
        recorded_at=AT,
    )
    v1 = _sha256(approved_content(ws, decision, 1))
    assert v1 != old.content_hash
    old = old.model_copy(update={"content_hash": v1})
    old = old.model_copy(update={"hash": record_hash(decision.number, old)})
    ws = append_signoff(ws, decision.number, old)
    assert signoff_states(ws, ws.decisions[0])["Finance"] is SignOffState.APPROVED  # type: ignore[index]
    mapping = ws.mapping("account-customer")
    assert mapping is not None
    agreed = edits.put_mapping(
        ws, mapping.model_copy(update={"status": MappingStatus.PROPOSED}), "account-customer"
    )
    assert signoff_states(agreed, agreed.decisions[0])["Finance"] is SignOffState.STALE  # type: ignore[index]


def test_states_acceptance_and_status() -> None:
    ws, decision = _unsigned()
    assert required_functions(ws, decision) == ("Finance", "IT")
    assert signoff_states(ws, decision) == {"Finance": "missing", "IT": "missing"}
    ws = _sign(ws, "fiona", "Finance")
    assert not is_accepted(ws, ws.decisions[0]) and lacks_current_signoff(ws, ws.decisions[0])
    assert ws.decisions[0].status == "proposed"
    ws = _sign(ws, "ivan", "IT", minute=1)
    assert is_accepted(ws, ws.decisions[0]) and not lacks_current_signoff(ws, ws.decisions[0])
    assert ws.decisions[0].status == "accepted"
    stale = settle_statuses(edits.set_owner(ws, "account-customer", "salesforce"))
    assert stale.decisions[0].status == "proposed"
    assert set(signoff_states(stale, stale.decisions[0]).values()) == {SignOffState.STALE}


def test_a_later_rejection_replaces_an_approval_of_the_same_function() -> None:
    ws, _ = _unsigned()
    ws = _sign(ws, "fiona", "Finance")
    ws = _sign(ws, "ivan", "IT", minute=1)
    ws = _sign(ws, "fiona", "Finance", "rejected", minute=2)
    assert signoff_states(ws, ws.decisions[0])["Finance"] is SignOffState.REJECTED  # type: ignore[index]
    assert ws.decisions[0].status == "proposed"


def test_without_required_functions_the_decision_makers_functions_are_required() -> None:
    ws, decision = _unsigned()
    decision = decision.model_copy(update={"required_functions": ()})
    assert required_functions(revise(ws, decisions=(decision,)), decision) == ("Finance", "IT")


def test_a_decision_accepted_elsewhere_without_signoffs_keeps_its_status() -> None:
    ws, decision = _unsigned()
    ws = revise(ws, decisions=(decision.model_copy(update={"status": "accepted"}),))
    assert settle_statuses(ws).decisions[0].status == "accepted"


def test_signoffs_are_appended_never_rewritten() -> None:
    ws, _ = _unsigned()
    ws = _sign(ws, "fiona", "Finance")
    altered = ws.decisions[0].signoffs[0].model_copy(update={"comment": "changed"})
    with pytest.raises(EditError, match="appended"):
        put_decision(ws, ws.decisions[0].model_copy(update={"signoffs": (altered,)}))
    closed = revise(ws, decisions=(ws.decisions[0].model_copy(update={"status": "deprecated"}),))
    with pytest.raises(EditError, match="no sign-offs"):
        _sign(closed, "ivan", "IT")


def test_governing_decisions() -> None:
    ws, decision = _unsigned()
    assert governing_decisions(ws, "mapping:account-customer") == (decision,)
    # The entity's mapping is governed, so the entity is too; and the linked entity's fields.
    assert governing_decisions(ws, "entity:salesforce:Account") == (decision,)
    assert governing_decisions(ws, "field:s4hana:A_Customer.Customer") == (decision,)
    assert governing_decisions(ws, "entity:salesforce:Account", direct_only=True) == ()
    assert governing_decisions(ws, "system:s4hana") == ()
    superseded = revise(ws, decisions=(decision.model_copy(update={"status": "rejected"}),))
    assert governing_decisions(superseded, "mapping:account-customer") == ()


# -- the chain -----------------------------------------------------------------------------------


def _log(count: int) -> tuple[Workspace, tuple[SignOff, ...]]:
    ws, _ = _unsigned()
    for minute in range(count):
        ws = _sign(ws, ("fiona", "ivan")[minute % 2], ("Finance", "IT")[minute % 2], minute=minute)
    return ws, ws.decisions[0].signoffs


def test_an_intact_chain_verifies() -> None:
    _, log = _log(4)
    assert verify_chain(1, log) == []
    assert log[0].previous_hash == "" and log[1].previous_hash == log[0].hash
    assert all(record_hash(1, s) == s.hash for s in log)


def test_the_decision_number_is_part_of_every_record() -> None:
    _, log = _log(2)
    assert [f.problem for f in verify_chain(2, log)] == [Problem.ALTERED, Problem.ALTERED]


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(2, 6),
    data=st.data(),
)
def test_any_alteration_removal_or_reordering_is_found_at_its_record(
    count: int, data: st.DataObject
) -> None:
    _, log = _log(count)
    records = list(log)
    kind = data.draw(st.sampled_from(["alter", "remove", "swap"]))
    if kind == "alter":
        at = data.draw(st.integers(0, count - 1))
        attribute = data.draw(st.sampled_from(["comment", "verdict", "recorded_by", "recorded_at"]))
        value = {
            "comment": "edited by hand",
            "verdict": Verdict.REJECTED
            if records[at].verdict is Verdict.APPROVED
            else Verdict.APPROVED,
            "recorded_by": "someone else",
            "recorded_at": records[at].recorded_at + dt.timedelta(seconds=1),
        }[attribute]
        records[at] = records[at].model_copy(update={attribute: value})
        expected = (at, Problem.ALTERED)
    elif kind == "remove":
        at = data.draw(st.integers(0, count - 2))  # removing the last leaves no trace in a chain
        del records[at]
        expected = (at, Problem.REMOVED)
    else:
        at = data.draw(st.integers(0, count - 2))
        records[at], records[at + 1] = records[at + 1], records[at]
        expected = (at, Problem.REORDERED)
    findings = verify_chain(1, records)
    assert findings, f"{kind} at {at} went unnoticed"
    assert (findings[0].position, findings[0].problem) == expected


def test_comparing_with_the_database_finds_a_removed_last_record_and_an_insertion() -> None:
    _, log = _log(3)
    truncated = compare_logs(1, log, log[:2])
    assert [(f.position, f.problem) for f in truncated] == [(2, Problem.REMOVED)]
    assert verify_chain(1, log[:2]) == []  # the chain alone cannot tell
    _, longer = _log(4)
    assert [(f.position, f.problem) for f in compare_logs(1, log, longer)] == [
        (3, Problem.INSERTED)
    ]
    swapped = (log[1], log[0], log[2])
    assert {f.problem for f in compare_logs(1, log, swapped)} == {Problem.REORDERED}


def test_log_issues_refuse_a_rewritten_log_but_accept_an_appended_one() -> None:
    held, log = _log(2)
    appended, _ = _log(3)
    assert log_issues(held, appended) == []
    rewritten = revise(
        held,
        decisions=(
            held.decisions[0].model_copy(
                update={"signoffs": (log[0].model_copy(update={"comment": "x"}), log[1])}
            ),
        ),
    )
    issues = log_issues(held, rewritten)
    assert issues and issues[0].location.path == ("signoffs", 0, "comment")  # what was edited
    assert "append-only" in issues[0].message
    removed = revise(held, decisions=())
    assert "cannot be removed" in log_issues(held, removed)[0].message


# -- one rule of a mapping -------------------------------------------------------------------------


def _rule_decision() -> Workspace:
    ws, decision = _unsigned()
    decision = decision.model_copy(update={"links": ("mapping:account-customer/resolution",)})
    ws = revise(ws, decisions=(decision,))
    return _sign(ws, "fiona", "Finance")


def test_a_signoff_of_one_rule_stays_current_when_another_part_changes() -> None:
    ws = _rule_decision()
    owner = edits.set_owner(ws, "account-customer", "salesforce")
    assert signoff_states(owner, owner.decisions[0])["Finance"] is SignOffState.APPROVED  # type: ignore[index]
    mapping = ws.mapping("account-customer")
    assert mapping is not None and mapping.resolution is not None
    changed = edits.put_mapping(
        ws,
        mapping.model_copy(
            update={
                "resolution": mapping.resolution.model_copy(update={"when_none": NoMatch.CREATE})
            }
        ),
        "account-customer",
    )
    assert signoff_states(changed, changed.decisions[0])["Finance"] is SignOffState.STALE  # type: ignore[index]
    assert governing_decisions(ws, "mapping:account-customer") == (ws.decisions[0],)


def test_rule_links_follow_renames_and_go_with_their_mapping() -> None:
    ws = _rule_decision()
    mapping = ws.mapping("account-customer")
    assert mapping is not None
    renamed = edits.put_mapping(
        ws, mapping.model_copy(update={"id": "acct-cust"}), "account-customer"
    )
    assert renamed.decisions[0].links == ("mapping:acct-cust/resolution",)
    assert edits.delete_mapping(ws, "account-customer").decisions[0].links == ()
    assert any(
        line.startswith("links from 1 decision: 0001")
        for line in edits.mapping_impact(ws, "account-customer")
    )


def test_rule_links_are_checked() -> None:
    from pydantic import ValidationError

    from workbench.domain.validation import validate_workspace

    ws, decision = _unsigned()
    dangling = revise(
        ws, decisions=(decision.model_copy(update={"links": ("mapping:nowhere/split",)}),)
    )
    assert any("points at nothing" in i.message for i in validate_workspace(dangling))
    with pytest.raises(ValidationError):
        Decision.model_validate({**decision.model_dump(), "links": ["mapping:x/colour"]})


def test_the_same_amount_written_differently_hashes_the_same() -> None:
    from decimal import Decimal

    from workbench.domain.reference import ValueMap, ValueMapEntry

    def with_factor(factor: str) -> Workspace:
        ws, decision = _unsigned()
        uom = ValueMap(
            id="uom", entries=(ValueMapEntry(source="CS", target="PC", factor=Decimal(factor)),)
        )
        decision = decision.model_copy(update={"links": ("value-map:uom",)})
        return revise(ws, value_maps=(uom,), decisions=(decision,))

    a, b, c = with_factor("12.0"), with_factor("12"), with_factor("12.5")
    assert content_hash(a, a.decisions[0]) == content_hash(b, b.decisions[0])
    assert content_hash(a, a.decisions[0]) != content_hash(c, c.decisions[0])


def test_a_change_to_a_linked_product_class_makes_the_signoff_stale() -> None:
    """Version 1 hashed a product class, a reconciliation metric or a master data set as
    nothing, so a changed billing rule left Finance's approval standing."""
    from tests.checks.conftest import load_reference

    ws = load_reference()
    hardware = ws.product_class("hardware")
    assert hardware is not None
    decision = Decision(
        number=99, title="Hardware bills at order", links=("product-class:hardware",)
    )
    ws = put_decision(ws, decision)
    record = new_signoff(
        ws,
        ws.decision(99),  # type: ignore[arg-type]
        stakeholder="grace-adeyemi",
        function="Finance",  # type: ignore[arg-type]
        verdict="approved",  # type: ignore[arg-type]
        comment="",
        recorded_by="tester",
        recorded_at=AT,
    )
    ws = append_signoff(ws, 99, record)
    assert signoff_states(ws, ws.decision(99))["Finance"] is SignOffState.APPROVED  # type: ignore[arg-type,index]
    changed = edits.revise(
        ws,
        product_classes=tuple(
            p.model_copy(update={"description": "now billed at delivery"})
            if p.id == "hardware"
            else p
            for p in ws.product_classes
        ),
    )
    assert signoff_states(changed, changed.decision(99))["Finance"] is SignOffState.STALE  # type: ignore[arg-type,index]


def test_amounts_that_differ_past_the_28th_digit_hash_apart() -> None:
    """A 28-digit context rounded both to one spelling: changing such an amount after it was
    signed left the sign-off standing."""
    from decimal import Decimal

    from workbench.domain.signoffs import canonical_value

    one = Decimal("0.33333333333333333333333333333331")
    other = Decimal("0.33333333333333333333333333333332")
    assert canonical_value(one) != canonical_value(other)
    assert canonical_value(Decimal("100.50")) == canonical_value(Decimal("100.5")) == "100.5"
    assert canonical_value(Decimal("1E+2")) == "100"


def _with_decisions(*updates: dict[str, object]) -> Workspace:
    """The sample's decision as numbers 1, 2, ... with each ``updates`` entry applied."""
    ws = sample_workspace()
    base = ws.decisions[0].model_copy(update={"signoffs": ()})
    made = tuple(
        base.model_copy(update={"number": n, "title": f"Decision {n}", **update})
        for n, update in enumerate(updates, start=1)
    )
    return ws.model_copy(update={"decisions": made})


def test_superseded_by_on_an_open_decision_is_warned_about() -> None:
    from workbench.domain.validation import Severity, validate_workspace

    ws = _with_decisions({"status": "accepted", "superseded_by": 2}, {})
    found = [i for i in validate_workspace(ws) if "superseded by 0002" in i.message]
    assert [(i.severity, i.location.path) for i in found] == [(Severity.WARNING, ("status",))]


def test_a_supersession_chain_that_comes_back_is_an_error_on_each_decision_in_it() -> None:
    from workbench.domain.validation import errors_only, validate_workspace

    ws = _with_decisions(
        {"status": "superseded", "superseded_by": 2},
        {"status": "superseded", "superseded_by": 3},
        {"status": "superseded", "superseded_by": 2},
    )
    errors = [
        i for i in errors_only(validate_workspace(ws)) if "one of them must stand" in i.message
    ]
    assert sorted(i.location.key for i in errors) == [("2",), ("3",)]
