"""Mapping suggestions for an open workspace, and accepting or rejecting them in one commit.

Accepted entity suggestions become proposed mappings; accepted field suggestions become field
mappings; rejected ones are remembered in the workspace (``rejected_suggestions``) so nobody is
asked again. Field suggestions for a mapping accepted in the same call are found after it exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..domain.edits import revise
from ..domain.validation import Issue
from ..domain.workspace import Workspace
from ..importers.suggest import Suggestion, SuggestionKind, accept, suggest
from .session import Session


class UnknownSuggestion(LookupError):
    """An id that is not among the open suggestions; nothing was written."""


@dataclass
class Decisions:
    accepted: list[Suggestion] = field(default_factory=list)
    rejected: list[Suggestion] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.accepted or self.rejected)


def open_suggestions(ws: Workspace) -> list[Suggestion]:
    return suggest(ws)


def accepted(ws: Workspace, suggestion: Suggestion) -> Workspace:
    """``ws`` with one open suggestion accepted (what ``decide_all`` does for each it accepts)."""
    return accept(ws, suggestion)


def rejected(ws: Workspace, suggestion: Suggestion) -> Workspace:
    """``ws`` with one suggestion rejected: not proposed again (``forget_rejections`` undoes)."""
    kept = tuple(dict.fromkeys((*ws.rejected_suggestions, suggestion.key)))
    return revise(ws, rejected_suggestions=kept)


def decide_all(
    ws: Workspace, accept_ids: Iterable[str], reject_ids: Iterable[str]
) -> tuple[Workspace, Decisions]:
    """The workspace with the given suggestions accepted and rejected (pure). Raises
    UnknownSuggestion naming the ids that are not open suggestions."""
    pending_accept = list(dict.fromkeys(accept_ids))
    pending_reject = list(dict.fromkeys(reject_ids))
    both = set(pending_accept) & set(pending_reject)
    if both:
        raise UnknownSuggestion(f"accepted and rejected at once: {', '.join(sorted(both))}")
    decisions = Decisions()
    rejected = list(ws.rejected_suggestions)
    # Entity suggestions first: their mappings bring field suggestions that may be named too.
    for _ in range(2):
        current = {s.id: s for s in suggest(ws)}
        for suggestion_id in [i for i in pending_reject if i in current]:
            chosen = current[suggestion_id]
            rejected.append(chosen.key)
            decisions.rejected.append(chosen)
            pending_reject.remove(suggestion_id)
        order = sorted(
            (i for i in pending_accept if i in current),
            key=lambda i: current[i].kind is not SuggestionKind.ENTITY,
        )
        for suggestion_id in order:
            chosen = current[suggestion_id]
            ws = accepted(ws, chosen)
            decisions.accepted.append(chosen)
            pending_accept.remove(suggestion_id)
        if not pending_accept and not pending_reject:
            break
    unknown = pending_accept + pending_reject
    if unknown:
        raise UnknownSuggestion(
            f"not an open suggestion: {', '.join(unknown)} (run `workbench suggest` for the list)"
        )
    if rejected != list(ws.rejected_suggestions):
        ws = revise(ws, rejected_suggestions=tuple(dict.fromkeys(rejected)))
    return ws, decisions


def decide(session: Session, accept_ids: Iterable[str], reject_ids: Iterable[str]) -> Decisions:
    """Accept and reject suggestions in one commit. Raises UnknownSuggestion, InvalidEdit or
    ConflictError with nothing written."""
    new, decisions = decide_all(session.workspace, accept_ids, reject_ids)
    if decisions.changed:
        decisions.warnings = session.apply(new)
    return decisions


def forget_rejections(session: Session) -> int:
    """Propose rejected suggestions again; returns how many were forgotten."""
    count = len(session.workspace.rejected_suggestions)
    if count:
        session.apply(revise(session.workspace, rejected_suggestions=()))
    return count


def suggestion_record(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "id": suggestion.id,
        "kind": str(suggestion.kind),
        "source": suggestion.source,
        "target": suggestion.target,
        "source_field": suggestion.source_field,
        "target_field": suggestion.target_field,
        "mapping": suggestion.mapping_id,
        "confidence": suggestion.confidence,
        "reasons": list(suggestion.reasons),
        "proposes": suggestion.key,
    }
