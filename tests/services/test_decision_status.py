"""A decision's status follows its sign-offs however the workspace changes: by a form, by the
CLI, or by a mirror file edited by hand and synced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.domain.decisions import DecisionStatus
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
