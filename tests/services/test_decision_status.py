"""A decision's status follows its sign-offs however the workspace changes: by a form, by the
CLI, or by a mirror file edited by hand and synced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.domain.decisions import DecisionStatus
from workbench.domain.edits import put_mapping
from workbench.domain.mappings import SyncTrigger
from workbench.services import decisions
from workbench.services.decisions import DecisionError
from workbench.services.editor import Editor
from workbench.services.example import init_workspace
from workbench.services.session import Session

AT = dt.datetime(2026, 10, 7, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    init_workspace(root, example=True)
    return root


@pytest.fixture
def editor(root: Path) -> Iterator[Editor]:
    session, _ = Session.open(root)
    assert session is not None
    try:
        yield Editor(session)
    finally:
        session.close()


def _status(editor: Editor, number: int) -> DecisionStatus:
    decision = editor.workspace.decision(number)
    assert decision is not None
    return decision.status


def test_a_hand_edit_that_unsettles_a_decision_sends_it_back_to_proposed(root: Path) -> None:
    """Decision 0005 approves the billing-plan mapping's sync: a file edited by hand and synced
    makes its approvals stale, and the decision is proposed again in the store and its file."""
    session, _ = Session.open(root)
    assert session is not None
    session.close()
    path = root / "models" / "mappings" / "order-item-billing-plan.yaml"
    text = path.read_text()
    assert "trigger: event" in text
    path.write_text(text.replace("trigger: event", "trigger: manual"))
    session, report = Session.open(root)
    assert session is not None
    try:
        decision = session.workspace.decision(5)
        assert decision is not None and decision.status is DecisionStatus.PROPOSED
        assert report.settled == [
            "decision 0005 is proposed now: its approvals no longer all stand"
        ]
    finally:
        session.close()
    (file,) = (root / "decisions").glob("0005-*.md")
    assert "status: proposed" in file.read_text()


def test_a_standing_rejection_keeps_a_decision_from_acceptance(editor: Editor) -> None:
    """Decision 0006: Sales approved, Finance rejected. Taking Finance and the others off the
    required functions leaves Sales's approval alone, but Finance's "no" still stands."""
    assert _status(editor, 6) is DecisionStatus.PROPOSED
    decisions.edit_decision(editor, 6, required_functions=("Sales",), decision_makers=())
    assert _status(editor, 6) is DecisionStatus.PROPOSED
    summary = decisions.summary(editor.workspace, editor.workspace.decision(6))  # type: ignore[arg-type]
    assert summary["accepted"] is False and summary["signoff_state"] == "rejected"
    with pytest.raises(DecisionError, match="rejected by: Finance") as refused:
        decisions.edit_decision(editor, 6, status="accepted")
    assert refused.value.attribute == "status"


def test_sending_back_an_accepted_decision_whose_approvals_stand_is_refused(
    editor: Editor,
) -> None:
    """The edit would be undone by the approvals at once, and the form closed saying nothing."""
    assert _status(editor, 1) is DecisionStatus.ACCEPTED
    before = editor.workspace
    with pytest.raises(DecisionError, match="record a rejection") as refused:
        decisions.edit_decision(editor, 1, status="proposed")
    assert refused.value.attribute == "status"
    assert editor.workspace is before


def test_a_superseded_decision_is_not_reported_accepted(editor: Editor) -> None:
    decisions.edit_decision(editor, 3, status="superseded", superseded_by=1)
    summary = decisions.summary(editor.workspace, editor.workspace.decision(3))  # type: ignore[arg-type]
    assert summary["status"] == "superseded" and summary["superseded_by"] == 1
    assert summary["accepted"] is False


def test_an_edit_dates_the_decision_and_one_that_changes_nothing_does_not(
    editor: Editor,
) -> None:
    decision = editor.workspace.decision(4)
    assert decision is not None and decision.date == dt.date(2026, 10, 21)
    decisions.edit_decision(editor, 4, today=dt.date(2026, 12, 3), title=decision.title)
    assert editor.workspace.decision(4).date == dt.date(2026, 10, 21)  # type: ignore[union-attr]
    decisions.edit_decision(editor, 4, today=dt.date(2026, 12, 3), outcome="Revised.")
    assert editor.workspace.decision(4).date == dt.date(2026, 12, 3)  # type: ignore[union-attr]


def test_taking_a_function_off_the_required_ones_accepts_nothing(editor: Editor) -> None:
    """Decision 0004 needs Sales, Finance, IT and Operations; only Sales has approved. Leaving
    the others out makes Sales's approval the only one needed, but changing who must approve is
    not an approval: the decision stays proposed until the next sign-off, which accepts it."""
    decisions.sign(editor, 4, "priya-natarajan", "approved", recorded_by="architect", now=AT)
    decisions.edit_decision(editor, 4, required_functions=("Sales",))
    assert _status(editor, 4) is DecisionStatus.PROPOSED
    summary = decisions.summary(editor.workspace, editor.workspace.decision(4))  # type: ignore[arg-type]
    assert (summary["accepted"], summary["signoff_state"], summary["awaiting"]) == (
        False,
        "awaiting",
        [],
    )
    with pytest.raises(DecisionError, match="who must approve changed") as refused:
        decisions.edit_decision(editor, 4, status="accepted")
    assert refused.value.attribute == "status"
    # Bookkeeping edits after it do not accept it either.
    decisions.edit_decision(editor, 4, consulted=("Legal",))
    assert _status(editor, 4) is DecisionStatus.PROPOSED
    decisions.sign(
        editor,
        4,
        "priya-natarajan",
        "approved",
        "Sales alone decides the quote layout",
        recorded_by="architect",
        now=AT + dt.timedelta(hours=1),
    )
    assert _status(editor, 4) is DecisionStatus.ACCEPTED


def test_dropping_a_decision_maker_accepts_nothing_either(editor: Editor) -> None:
    """Without required functions, the decision-makers' functions are required: leaving the
    ones who have not signed off the list is the same change of rules."""
    decisions.sign(editor, 4, "priya-natarajan", "approved", recorded_by="architect", now=AT)
    decisions.edit_decision(editor, 4, required_functions=(), decision_makers=("priya-natarajan",))
    assert _status(editor, 4) is DecisionStatus.PROPOSED


def test_a_file_edited_to_require_fewer_functions_is_not_accepted_by_the_sync(root: Path) -> None:
    session, _ = Session.open(root)
    assert session is not None
    try:
        decisions.sign(
            Editor(session), 4, "priya-natarajan", "approved", recorded_by="architect", now=AT
        )
    finally:
        session.close()
    (file,) = (root / "decisions").glob("0004-*.md")
    text = file.read_text()
    start = text.index("required-functions:")
    end = text.index("\n", text.index("- Operations", start))
    file.write_text(text[:start] + "required-functions:\n- Sales" + text[end:])
    session, report = Session.open(root)
    assert session is not None
    try:
        decision = session.workspace.decision(4)
        assert decision is not None and decision.required_functions == ("Sales",)
        assert decision.status is DecisionStatus.PROPOSED and report.settled == []
    finally:
        session.close()


def test_content_put_back_as_the_approvals_found_it_accepts_again(editor: Editor) -> None:
    """Decision 0005 approves the billing-plan mapping's sync: changing the trigger sends it
    back to proposed, and putting the trigger back (no undo) makes its approvals current again
    with the same functions required, which accepts it again."""
    original = editor.workspace.mapping("order-item-billing-plan")
    assert original is not None and original.sync is not None
    changed = original.model_copy(
        update={"sync": original.sync.model_copy(update={"trigger": SyncTrigger.MANUAL})}
    )
    editor.apply("Manual trigger", lambda ws: put_mapping(ws, changed, replacing=changed.id))
    assert _status(editor, 5) is DecisionStatus.PROPOSED
    editor.apply("Event trigger", lambda ws: put_mapping(ws, original, replacing=original.id))
    assert _status(editor, 5) is DecisionStatus.ACCEPTED


def test_an_agreed_mapping_under_a_decision_held_back_is_flagged(editor: Editor) -> None:
    """The check that an agreed mapping's decisions are signed off looked at the approvals only:
    a decision held back after its requirements changed has them all, yet is not accepted."""
    from workbench.checks import run_checks
    from workbench.domain.mappings import MappingStatus

    decisions.sign(editor, 4, "priya-natarajan", "approved", recorded_by="architect", now=AT)
    decisions.edit_decision(editor, 4, required_functions=("Sales",))
    mapping = editor.workspace.mapping("bundle-package-explosion")
    assert mapping is not None
    agreed = mapping.model_copy(update={"status": MappingStatus.AGREED})
    editor.apply("Agreed", lambda ws: put_mapping(ws, agreed, replacing=agreed.id))
    found = [
        f
        for f in run_checks(editor.workspace, ["Q2C-GOV-001"]).findings
        if f.element == "mapping:bundle-package-explosion"
    ]
    assert len(found) == 1 and "decision 0004" in found[0].message
    assert "is still proposed: who must approve changed" in found[0].message


def test_a_closed_decision_awaits_nobody(editor: Editor) -> None:
    """Decision 0006 rejected takes no sign-offs: its summary said it awaited three functions,
    where `decisions list --awaiting` left it out."""
    decisions.edit_decision(editor, 6, status="rejected")
    summary = decisions.summary(editor.workspace, editor.workspace.decision(6))  # type: ignore[arg-type]
    assert summary["status"] == "rejected" and summary["awaiting"] == []
