"""Governance: a mapping only counts as agreed when the decisions behind it are signed off.

A decision that links a mapping (or one of its rules) governs it. Marking the mapping agreed while
such a decision still waits for a required function, or holds an approval that went stale when
the design changed, claims an agreement nobody gave.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.decisions import DecisionStatus, link_mapping
from ..domain.mappings import MappingStatus
from ..domain.signoffs import (
    SignOffState,
    awaits_acceptance,
    required_functions,
    signoff_states,
)
from .context import Context, at_mapping, mapping_link
from .model import CheckArea, Hit, Severity
from .registry import rule

_OPEN = (DecisionStatus.PROPOSED, DecisionStatus.ACCEPTED)


@rule(
    "Q2C-GOV-001",
    Severity.ERROR,
    CheckArea.GOVERNANCE,
    "An agreed mapping's decisions carry every required, current sign-off",
    "Get the missing or stale approvals recorded on the decision (D, then s), or set the "
    "mapping back to proposed until they are.",
)
def agreed_without_signoff(ctx: Context) -> Iterator[Hit]:
    agreed = {m.id: m for m in ctx.ws.mappings if m.status is MappingStatus.AGREED}
    if not agreed:
        return
    for decision in ctx.ws.decisions:
        if decision.status not in _OPEN:
            continue
        linked = {link_mapping(link) for link in decision.links}
        governed = sorted(mapping_id for mapping_id in agreed if mapping_id in linked)
        if not governed:
            continue
        states = signoff_states(ctx.ws, decision)
        lacking = [
            f"{function} {states[function]}"
            for function in required_functions(ctx.ws, decision)
            if states[function] is not SignOffState.APPROVED
        ]
        if lacking:
            has = f"has {', '.join(lacking)}"
        elif awaits_acceptance(ctx.ws, decision):
            # Every approval stands, but it was held back: who must approve changed after them.
            has = "is still proposed: who must approve changed, and the next sign-off accepts it"
        else:
            continue
        for mapping_id in governed:
            yield Hit(
                mapping_link(agreed[mapping_id]),
                f"{mapping_id} is agreed, but decision {decision.number:04d} "
                f"({decision.title}) {has}",
                at_mapping(agreed[mapping_id], "status"),
            )
