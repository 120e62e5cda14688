"""Edits of the decision log as pure functions: a new or changed decision, a sign-off appended.

Sign-offs are only ever appended, and every edit that adds one or changes what decisions link to
settles the statuses the sign-offs call for (``signoffs.next_status``).
"""

from __future__ import annotations

from .decisions import Decision, DecisionStatus, SignOff
from .edits import EditError, revise
from .signoffs import CLOSED_STATUSES, accepts_without_signing, next_status, unchanged_for
from .workspace import Workspace


def next_number(ws: Workspace) -> int:
    """The number a new decision gets: one more than the highest."""
    return max((d.number for d in ws.decisions), default=0) + 1


def put_decision(ws: Workspace, decision: Decision) -> Workspace:
    """Add a decision, or replace the one with its number. Its sign-offs must be the ones the
    workspace holds followed by new ones: the log is never rewritten by an edit."""
    existing = ws.decision(decision.number)
    before = existing.signoffs if existing else ()
    if decision.signoffs[: len(before)] != before:
        raise EditError(f"decision {decision.number:04d}: sign-offs are appended, never changed")
    if existing is None:
        decisions = tuple(sorted((*ws.decisions, decision), key=lambda d: d.number))
    else:
        decisions = tuple(decision if d.number == decision.number else d for d in ws.decisions)
    return settle_statuses(revise(ws, decisions=decisions), before=ws)


def append_signoff(ws: Workspace, number: int, signoff: SignOff) -> Workspace:
    """The workspace with ``signoff`` appended to decision ``number``'s log and its status
    settled (accepted once every required function has a current approval)."""
    decision = ws.decision(number)
    if decision is None:
        raise EditError(f"there is no decision {number:04d}")
    if decision.status in CLOSED_STATUSES:
        raise EditError(f"decision {number:04d} is {decision.status}: it takes no sign-offs")
    expected = decision.signoffs[-1].hash if decision.signoffs else ""
    if signoff.previous_hash != expected:
        raise EditError(f"decision {number:04d}: the sign-off does not follow the last record")
    return put_decision(ws, decision.model_copy(update={"signoffs": (*decision.signoffs, signoff)}))


def settle_statuses(ws: Workspace, before: Workspace | None = None) -> Workspace:
    """Decisions whose status no longer matches their sign-offs take the status they call for:
    a proposed one with every required approval current becomes accepted, an accepted one whose
    approvals went stale goes back to proposed. Untouched decisions stay the same objects.
    Acceptance is a sign-off's doing: an edit that only takes functions off the required ones
    leaves the decision proposed until the next sign-off (``signoffs.accepts_without_signing``).

    With ``before`` (the workspace an edit started from), only decisions the edit touched, or
    whose linked elements it touched, are looked at: an edit costs what it changed."""
    changed = False
    decisions = []
    for decision in ws.decisions:
        settled = decision
        if before is not None and unchanged_for(before, ws, decision):
            pass
        elif decision.signoffs and decision.status in (
            DecisionStatus.PROPOSED,
            DecisionStatus.ACCEPTED,
        ):
            status = next_status(ws, decision)
            old = before.decision(decision.number) if before is not None else None
            if (
                status is DecisionStatus.ACCEPTED
                and decision.status is DecisionStatus.PROPOSED
                and before is not None
                and old is not None
                and accepts_without_signing(before, old, ws, decision)
            ):
                status = decision.status
            if status is not decision.status:
                settled = decision.model_copy(update={"status": status})
                changed = True
        decisions.append(settled)
    # revise, not model_copy: the settled workspace is validated like any edit.
    return revise(ws, decisions=tuple(decisions)) if changed else ws
