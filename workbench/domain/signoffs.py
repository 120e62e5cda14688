"""Sign-offs as evidence: what exactly was approved, whether it still holds, and whether the log
was tampered with.

Everything here is a pure function of the workspace. Hashes are SHA-256 over *canonical JSON*:
the pydantic dump without attributes at their defaults (so a later release that adds an attribute
does not turn every sign-off stale), each value in one spelling (``canonical_value``), keys sorted,
no insignificant whitespace, UTF-8.

* ``content_hash(ws, decision)`` covers the decision's text and the canonical content of every
  element it links to; a change to any of it makes earlier sign-offs **stale**.
* ``record_hash(number, signoff)`` covers one sign-off's own attributes, the decision number and
  the previous record's hash, which chains the log: altering, removing or reordering a record
  breaks the chain from that record on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel

from .base import decimal_text, normalise_text
from .decisions import MAPPING_PARTS, Decision, DecisionStatus, SignOff, Verdict
from .reference import Function
from .validation import ElementKind, Issue, Location, Severity
from .workspace import Workspace

HASH_VERSION = 1
"""Part of every hashed record document, so a future change of the scheme cannot collide with
this one."""
CONTENT_VERSION = 2
"""The scheme of the approved-content document. Version 2 leaves out a linked mapping's
``status`` (draft, proposed, agreed): bookkeeping about the design, which a team sets to
*agreed* once its decision is accepted; in version 1 doing so made the sign-offs stale. It also
covers the product classes, reconciliation metrics and master data sets a decision links, which
version 1 hashed as nothing (a changed billing rule left Finance's approval standing). Sign-offs
given under version 1 still hold while the version-1 content is unchanged."""
_BOOKKEEPING: dict[int, set[str]] = {1: set(), 2: {"status"}}
"""Per content version, the attributes of a mapping that a sign-off does not approve."""

DECISION_TEXT_FIELDS = (
    "number",
    "title",
    "context",
    "drivers",
    "options",
    "outcome",
    "consequences",
    "more_information",
    "extra_sections",
    "links",
)
"""What a sign-off approves of the decision itself. Status, date, the people consulted and
informed, the required functions and the sign-offs are bookkeeping around the decision, not its
content: accepting a decision must not make its own approvals stale."""

SIGNOFF_HASHED_FIELDS = (
    "stakeholder",
    "function",
    "verdict",
    "comment",
    "recorded_by",
    "recorded_at",
    "content_hash",
    "previous_hash",
)

CLOSED_STATUSES = frozenset(
    {DecisionStatus.SUPERSEDED, DecisionStatus.REJECTED, DecisionStatus.DEPRECATED}
)
"""Decisions that take no more sign-offs."""


def canonical_json(value: Any) -> bytes:
    """The one byte form hashed everywhere: sorted keys, compact separators, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _sha256(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def canonical_value(value: Any) -> Any:
    """Plain data with one spelling per value: decimals normalised (``100.50`` and ``100.5`` are
    the same amount, and the YAML mirror writes the latter), instants in UTC with ``Z``, dates
    ISO, enums by value, tuples as lists."""
    if isinstance(value, dict):
        return {str(k): canonical_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical_value(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _dump(
    model: BaseModel, exclude: set[str] | None = None, include: set[str] | None = None
) -> Any:
    dumped = model.model_dump(exclude_defaults=True, exclude=exclude, include=include)
    return canonical_value(dumped)


# -- what a sign-off approves --------------------------------------------------------------------


def linked_content(ws: Workspace, link: str, version: int = CONTENT_VERSION) -> Any:
    """The canonical content of the element a link names (None when it names nothing), as
    content version ``version`` states it."""
    kind, _, rest = link.partition(":")
    if kind == "system":
        system = ws.system(rest)
        # The system's own attributes and relationships; its entities are elements of their own.
        return None if system is None else _dump(system, {"entities"})
    if kind == "entity":
        entity = ws.entity(rest)
        return None if entity is None else _dump(entity)
    if kind == "field":
        ref, _, name = rest.partition(".")
        entity = ws.entity(ref)
        found = entity.field(name) if entity is not None else None
        return None if found is None else _dump(found)
    if kind == "mapping":
        mapping_id, _, part = rest.partition("/")
        mapping = ws.mapping(mapping_id)
        if mapping is None:
            return None
        if not part:
            return _dump(mapping, _BOOKKEEPING[version] or None)
        # One rule of the mapping: its attributes, and what it maps (a rule means nothing once
        # the mapping joins other entities).
        attributes = {"source", "target", *MAPPING_PARTS[part]}
        return _dump(mapping, include=attributes)
    if kind == "value-map":
        value_map = ws.value_map(rest)
        return None if value_map is None else _dump(value_map)
    if kind == "scenario":
        scenario = ws.index.scenarios.get(rest)
        return None if scenario is None else _dump(scenario)
    if version >= 2:  # version 1 hashed these kinds as nothing, so their changes went unseen
        other = _reference_element(ws, kind, rest)
        return None if other is None else _dump(other)
    return None


def _reference_element(ws: Workspace, kind: str, key: str) -> BaseModel | None:
    """A product class, reconciliation metric or master data set a link names."""
    if kind == "product-class":
        return ws.product_class(key)
    if kind == "reconciliation":
        return ws.metric(key)
    if kind == "master-data":
        return ws.master_data_set(key)
    return None


def linked_element(ws: Workspace, link: str) -> object | None:
    """The model object a link names (for identity checks: frozen values are shared, so an
    element untouched by an edit is the same object before and after)."""
    kind, _, rest = link.partition(":")
    if kind == "system":
        return ws.system(rest)
    if kind in ("entity", "field"):
        return ws.entity(rest.partition(".")[0])
    if kind == "mapping":
        return ws.mapping(rest.partition("/")[0])
    if kind == "value-map":
        return ws.value_map(rest)
    if kind == "scenario":
        return ws.index.scenarios.get(rest)
    return _reference_element(ws, kind, rest)


def unchanged_for(before: Workspace, after: Workspace, decision: Decision) -> bool:
    """True when neither the decision nor anything it links to changed between the two
    workspaces, so its sign-off states are the same (checked by identity, in constant time per
    link)."""
    if before.decision(decision.number) is not decision:
        return False
    return all(
        linked_element(before, link) is linked_element(after, link) for link in decision.links
    )


def approved_content(
    ws: Workspace, decision: Decision, version: int = CONTENT_VERSION
) -> dict[str, Any]:
    """Exactly what a sign-off of ``decision`` approves, as plain data (what is hashed)."""
    text = canonical_value(decision.model_dump(include=set(DECISION_TEXT_FIELDS)))
    return {
        "version": version,
        "decision": text,
        "elements": {link: linked_content(ws, link, version) for link in decision.links},
    }


_HASHES: dict[tuple[int, int, int], tuple[Workspace, Decision, str]] = {}
_HASHES_LIMIT = 1024


def content_hash(ws: Workspace, decision: Decision, version: int = CONTENT_VERSION) -> str:
    """SHA-256 of what a sign-off of ``decision`` approves, in the workspace as it is now.

    Remembered per (workspace, decision) object pair, as screens ask for the states of every
    decision several times per refresh; the objects are kept with the entry, so a reused id
    never answers for another value."""
    key = (id(ws), id(decision), version)
    cached = _HASHES.get(key)
    if cached is not None and cached[0] is ws and cached[1] is decision:
        return cached[2]
    found = _sha256(approved_content(ws, decision, version))
    if len(_HASHES) >= _HASHES_LIMIT:
        _HASHES.clear()
    _HASHES[key] = (ws, decision, found)
    return found


def _signoff_document(number: int, signoff: SignOff) -> dict[str, Any]:
    data = canonical_value(signoff.model_dump(include=set(SIGNOFF_HASHED_FIELDS)))
    return {"version": HASH_VERSION, "decision": number, "signoff": data}


def record_hash(number: int, signoff: SignOff) -> str:
    """SHA-256 of one sign-off record (everything but its own ``hash``), chained to the
    previous record through ``previous_hash``."""
    return _sha256(_signoff_document(number, signoff))


def new_signoff(
    ws: Workspace,
    decision: Decision,
    *,
    stakeholder: str,
    function: Function,
    verdict: Verdict,
    comment: str,
    recorded_by: str,
    recorded_at: dt.datetime,
) -> SignOff:
    """The next record of the decision's log: bound to its current content, chained to the
    last record."""
    previous = decision.signoffs[-1].hash if decision.signoffs else ""
    draft = SignOff(
        stakeholder=stakeholder,
        function=function,
        verdict=verdict,
        comment=comment,
        recorded_by=recorded_by,
        recorded_at=recorded_at,
        content_hash=content_hash(ws, decision),
        previous_hash=previous,
        hash="0" * 64,
    )
    return draft.model_copy(update={"hash": record_hash(decision.number, draft)})


# -- state ---------------------------------------------------------------------------------------


class SignOffState(StrEnum):
    """Where one function stands on one decision."""

    APPROVED = "approved"
    """The latest sign-off of the function approves the decision as it is now."""
    REJECTED = "rejected"
    """The latest sign-off of the function rejects the decision as it is now."""
    STALE = "stale"
    """The latest sign-off was given on content that has changed since."""
    MISSING = "missing"
    """Nobody of the function has signed."""


@dataclass(frozen=True)
class SignOffStatus:
    """One sign-off record, with whether it still holds."""

    position: int
    signoff: SignOff
    current: bool
    """Its content hash equals the decision's content hash now."""

    @property
    def state(self) -> SignOffState:
        if not self.current:
            return SignOffState.STALE
        if self.signoff.verdict is Verdict.APPROVED:
            return SignOffState.APPROVED
        return SignOffState.REJECTED


def required_functions(ws: Workspace, decision: Decision) -> tuple[Function, ...]:
    """The functions whose current approval the decision needs: the ones it names, or, when it
    names none, the functions of its decision-makers who are stakeholders."""
    if decision.required_functions:
        return tuple(dict.fromkeys(decision.required_functions))
    found: dict[Function, None] = {}
    for person in decision.decision_makers:
        stakeholder = ws.stakeholder(person)
        if stakeholder is not None:
            found.setdefault(stakeholder.function)
    return tuple(found)


def signoff_statuses(ws: Workspace, decision: Decision) -> tuple[SignOffStatus, ...]:
    """Every record of the decision's log in order, each marked current or stale. A record
    whose hash is not the current scheme's may have been given under version 1: it holds if
    the content as version 1 states it is unchanged."""
    now = content_hash(ws, decision)

    def current(signoff: SignOff) -> bool:
        return signoff.content_hash == now or (
            signoff.content_hash == content_hash(ws, decision, version=1)
        )

    return tuple(
        SignOffStatus(position, s, current(s)) for position, s in enumerate(decision.signoffs)
    )


def repeated_signoff(
    ws: Workspace, decision: Decision, stakeholder: str, verdict: Verdict, comment: str
) -> SignOffStatus | None:
    """The stakeholder's latest record on the decision when a new one would say nothing new: it
    holds for the content as it is now and gives the same verdict with the same comment."""
    for status in reversed(signoff_statuses(ws, decision)):
        if status.signoff.stakeholder != stakeholder:
            continue
        same = status.signoff.verdict is verdict and status.signoff.comment == normalise_text(
            comment
        )
        return status if status.current and same else None
    return None


def signoff_states(ws: Workspace, decision: Decision) -> dict[Function, SignOffState]:
    """The state of every function that is required or has signed (required ones first, in the
    decision's order, then the others in the order they first signed)."""
    latest: dict[Function, SignOffStatus] = {}
    for status in signoff_statuses(ws, decision):
        latest[status.signoff.function] = status
    states = dict.fromkeys(required_functions(ws, decision), SignOffState.MISSING)
    for function in dict.fromkeys(s.function for s in decision.signoffs):
        states[function] = latest[function].state
    return states


def is_accepted(ws: Workspace, decision: Decision) -> bool:
    """Every required function has a current approval (and there is at least one required),
    and no function's current word is a rejection: taking a function off the required ones
    does not set its standing rejection aside."""
    required = required_functions(ws, decision)
    states = signoff_states(ws, decision)
    return (
        bool(required)
        and all(states[f] is SignOffState.APPROVED for f in required)
        and SignOffState.REJECTED not in states.values()
    )


def awaiting(ws: Workspace, decision: Decision) -> tuple[Function, ...]:
    """Required functions without a current approval."""
    states = signoff_states(ws, decision)
    return tuple(
        f for f in required_functions(ws, decision) if states[f] is not SignOffState.APPROVED
    )


def next_status(ws: Workspace, decision: Decision) -> DecisionStatus:
    """The status the sign-offs call for: a proposed decision becomes accepted when every required
    function has a current approval; an accepted one whose approvals went stale or were
    withdrawn goes back to proposed. Rejected, deprecated and superseded are people's calls and
    stay. A decision without sign-offs keeps its status: one accepted by another tool's process
    (a plain MADR file) is not demoted, it shows as unsigned."""
    if not decision.signoffs:
        return decision.status
    accepted = is_accepted(ws, decision)
    if decision.status is DecisionStatus.PROPOSED and accepted:
        return DecisionStatus.ACCEPTED
    if decision.status is DecisionStatus.ACCEPTED and not accepted:
        return DecisionStatus.PROPOSED
    return decision.status


def awaits_acceptance(ws: Workspace, decision: Decision) -> bool:
    """A proposed decision whose required approvals all stand, held back because the edit that
    got it there took a function off the required ones: who must approve changed, and a change
    of rules accepts nothing; the next sign-off does (``decision_edits.settle_statuses``)."""
    return (
        decision.status is DecisionStatus.PROPOSED
        and bool(decision.signoffs)
        and is_accepted(ws, decision)
    )


def accepts_without_signing(
    before: Workspace, old: Decision, ws: Workspace, decision: Decision
) -> bool:
    """True when an edit that records no sign-off would accept ``decision`` by changing who must
    approve it, or when it was held back so already: a function that had to approve no longer
    has to, or it was ``awaits_acceptance`` before the edit. (Content put back as the approvals
    found it, with the same functions required, accepts it again.)"""
    if len(decision.signoffs) > len(old.signoffs):
        return False
    if awaits_acceptance(before, old):
        return True
    return not set(required_functions(before, old)) <= set(required_functions(ws, decision))


def has_stale(ws: Workspace, decision: Decision) -> bool:
    return any(state is SignOffState.STALE for state in signoff_states(ws, decision).values())


def stale_note(ws: Workspace, decision: Decision, was: Decision | None) -> str:
    """What an edit did to a decision's sign-offs, in words: how many are stale now, and
    whether it was accepted and is proposed again (``was``: the decision before the edit)."""
    count = sum(s is SignOffState.STALE for s in signoff_states(ws, decision).values())
    said = f"decision {decision.number:04d} has {count} stale sign-off" + ("s" if count > 1 else "")
    demoted = decision.status is DecisionStatus.PROPOSED
    if demoted and was is not None and was.status is DecisionStatus.ACCEPTED:
        said += " and is proposed again"
    return said


def stale_news(before: Workspace, after: Workspace) -> list[str]:
    """The decisions whose sign-offs went stale from ``before`` to ``after`` (none stale
    before, some now), each as ``stale_note`` says it."""
    news = []
    for decision in after.decisions:
        if not decision.signoffs or not has_stale(after, decision):
            continue
        was = before.decision(decision.number)
        if was is None or not has_stale(before, was):
            news.append(stale_note(after, decision, was))
    return news


# -- which decisions govern an element -----------------------------------------------------------


def _touched(link: str) -> Iterator[str]:
    """What a decision link concerns: the element, for a field also its entity, for a rule of a
    mapping also the mapping."""
    yield link
    kind, _, rest = link.partition(":")
    if kind == "field":
        yield f"entity:{rest.partition('.')[0]}"
    elif kind == "mapping" and "/" in rest:
        yield f"mapping:{rest.partition('/')[0]}"


def governing_decisions(
    ws: Workspace, link: str, *, direct_only: bool = False
) -> tuple[Decision, ...]:
    """Decisions that govern the element ``link`` names (``mapping:account-customer``,
    ``entity:salesforce:Account``, ``field:s4hana:A_Customer.PaymentTerms``...).

    Directly: the decisions that link to it, and for a field those linking to its entity.
    Unless ``direct_only``, also what the element is bound up with: for an entity the decisions
    on its fields and its mappings, for a mapping those on its source and target entities.
    Closed decisions (superseded, rejected, deprecated) are left out."""
    wanted = set(_touched(link))
    kind, _, rest = link.partition(":")
    if not direct_only:
        if kind == "entity":
            wanted.update(f"mapping:{m.id}" for m in ws.mappings_of(rest))
        elif kind == "mapping":
            mapping = ws.mapping(rest)
            if mapping is not None:
                wanted.update(f"entity:{ref}" for ref in (mapping.source, mapping.target) if ref)
    found = []
    for decision in ws.decisions:
        if decision.status in CLOSED_STATUSES:
            continue
        if any(target in wanted for own in decision.links for target in _touched(own)):
            found.append(decision)
    return tuple(found)


def lacks_current_signoff(ws: Workspace, decision: Decision) -> bool:
    """True when a required function has no current approval: the question a design check asks
    of every decision that governs a mapping."""
    return bool(awaiting(ws, decision))


# -- tamper evidence -----------------------------------------------------------------------------


class Problem(StrEnum):
    ALTERED = "altered"
    REMOVED = "removed"
    REORDERED = "reordered"
    INSERTED = "inserted"


@dataclass(frozen=True)
class ChainFinding:
    """Something wrong with one record of a decision's sign-off log."""

    number: int
    position: int
    """0-based position of the record in the log as read."""
    problem: Problem
    message: str
    signoff: SignOff | None = None

    @property
    def record(self) -> str:
        """How a person names the record: decision number and 1-based sign-off position."""
        return f"decision {self.number:04d} sign-off {self.position + 1}"

    def __str__(self) -> str:
        who = f" ({self.signoff.stakeholder}, {self.signoff.verdict})" if self.signoff else ""
        return f"{self.record}{who}: {self.problem}: {self.message}"


def verify_chain(number: int, signoffs: Iterable[SignOff]) -> list[ChainFinding]:
    """Recompute every record's hash and the links between them.

    A record whose content no longer matches its hash was **altered**. A record whose
    ``previous_hash`` names an earlier record than the one before it follows a **removed**
    record (also when the first record has a predecessor); one that names a later record, or
    whose predecessor is not next to it, was **reordered**. Removing the *last* record leaves
    no trace in the chain itself; ``compare_logs`` finds it against the database.
    """
    records = list(signoffs)
    findings: list[ChainFinding] = []
    position_of = {s.hash: i for i, s in enumerate(records)}
    for position, signoff in enumerate(records):
        actual = record_hash(number, signoff)
        if actual != signoff.hash:
            findings.append(
                ChainFinding(
                    number,
                    position,
                    Problem.ALTERED,
                    "its content does not match its hash (edited after it was recorded)",
                    signoff,
                )
            )
        expected = records[position - 1].hash if position else ""
        if signoff.previous_hash == expected:
            continue
        earlier = position_of.get(signoff.previous_hash)
        if earlier is not None and earlier > position:
            problem, message = (
                Problem.REORDERED,
                (f"it follows sign-off {earlier + 1}, which now comes after it"),
            )
        elif earlier is not None and earlier < position - 1:
            problem, message = (
                Problem.REMOVED,
                (f"it follows sign-off {earlier + 1}: the record(s) between were removed or moved"),
            )
        elif not signoff.previous_hash:
            problem, message = (
                Problem.REORDERED,
                ("it is the first record of the log but is placed after others"),
            )
        elif position == 0:
            problem, message = Problem.REMOVED, "the record(s) before it were removed"
        elif earlier is None and records[position - 1].hash != record_hash(
            number, records[position - 1]
        ):
            # The record before was edited; its finding says so, this one only follows from it.
            continue
        else:
            problem, message = (
                Problem.REMOVED,
                ("the record it follows is missing (removed, or replaced by another)"),
            )
        findings.append(ChainFinding(number, position, problem, message, signoff))
    return findings


def compare_logs(
    number: int,
    reference: tuple[SignOff, ...],
    other: tuple[SignOff, ...],
    names: tuple[str, str] = ("the database", "the file"),
) -> list[ChainFinding]:
    """Differences between the log the database holds (``reference``) and the log read
    elsewhere (a mirror file): records missing there, altered there, or there in addition.
    ``names`` says what the two are in the messages."""
    held, read = names
    findings: list[ChainFinding] = []
    theirs = {s.hash: i for i, s in enumerate(other)}
    for position, signoff in enumerate(reference):
        if position < len(other) and other[position] == signoff:
            continue
        found = theirs.get(signoff.hash)
        if found is None and position < len(other) and other[position].hash == signoff.hash:
            found = position
        if found is None:
            kind = Problem.ALTERED if position < len(other) else Problem.REMOVED
            message = (
                f"differs from the record {held} holds"
                if kind is Problem.ALTERED
                else f"{held} holds this record, {read} does not"
            )
            findings.append(ChainFinding(number, position, kind, message, signoff))
        elif found != position:
            findings.append(
                ChainFinding(
                    number,
                    position,
                    Problem.REORDERED,
                    f"{read} has it as sign-off {found + 1}",
                    signoff,
                )
            )
        elif other[found] != signoff:
            findings.append(
                ChainFinding(
                    number,
                    position,
                    Problem.ALTERED,
                    f"differs from the record {held} holds",
                    other[found],
                )
            )
    mine = {s.hash for s in reference}
    for position, signoff in enumerate(other):
        if signoff.hash not in mine and position >= len(reference):
            findings.append(
                ChainFinding(
                    number,
                    position,
                    Problem.INSERTED,
                    f"{read} has this record, {held} does not",
                    signoff,
                )
            )
    return findings


def first_difference(held: SignOff, found: SignOff) -> str | None:
    """The first attribute (in the record's order) in which ``found`` differs from ``held``."""
    return next(
        (name for name in SignOff.model_fields if getattr(held, name) != getattr(found, name)),
        None,
    )


def log_issues(before: Workspace | None, after: Workspace) -> list[Issue]:
    """Errors for sign-off logs in ``after`` that are not ``before``'s logs plus appended,
    intact records: what keeps a hand-edited or truncated mirror file from being imported over
    the evidence the database holds. ``before`` None checks the chains only."""
    issues: list[Issue] = []
    for decision in after.decisions:
        old = before.decision(decision.number) if before is not None else None
        if old is decision:
            continue  # untouched (frozen values are shared): nothing to check
        findings = verify_chain(decision.number, decision.signoffs)
        if old is not None and old.signoffs:
            # Records appended after the held ones are welcome (a sign-off taken elsewhere).
            findings += [
                f
                for f in compare_logs(
                    decision.number, old.signoffs, decision.signoffs, ("the log", "the change")
                )
                if f.problem is not Problem.INSERTED
            ]
        seen: set[int] = set()
        for finding in findings:
            if finding.position in seen:
                continue
            seen.add(finding.position)
            position = min(finding.position, max(len(decision.signoffs) - 1, 0))
            where: tuple[str | int, ...] = (
                ("signoffs", position) if decision.signoffs else ("signoffs",)
            )
            held = old.signoffs if old is not None else ()
            if finding.problem is Problem.ALTERED and finding.position < min(
                len(held), len(decision.signoffs)
            ):
                # At the attribute edited, as `decisions verify` says it.
                changed = first_difference(
                    held[finding.position], decision.signoffs[finding.position]
                )
                if changed:
                    where = (*where, changed)
            issues.append(
                Issue(
                    Severity.ERROR,
                    f"decision {decision.number:04d}",
                    f"sign-off {finding.position + 1} {finding.problem}: {finding.message}; "
                    "the sign-off log is append-only",
                    Location(
                        ElementKind.DECISION,
                        (str(decision.number),),
                        where,
                    ),
                )
            )
    if before is not None:
        kept = {d.number for d in after.decisions}
        for decision in before.decisions:
            if decision.signoffs and decision.number not in kept:
                issues.append(
                    Issue(
                        Severity.ERROR,
                        f"decision {decision.number:04d}",
                        "the decision has sign-offs and cannot be removed: mark it deprecated or "
                        "superseded instead",
                        Location(ElementKind.DECISION, (str(decision.number),), ()),
                    )
                )
    return issues
