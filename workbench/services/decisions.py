"""The decision log, for the CLI and the TUI alike: new decisions, edits, sign-offs, verification.

Every change goes through the editor (validated, committed to the database, mirrored at once, one
undoable step). Sign-offs are appended with the operator at the keyboard as ``recorded_by``:
``$WORKBENCH_OPERATOR``, else the ``operator`` of the workspace's local settings
(``.workbench/settings.json``), else the operating-system user.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..domain.decision_edits import append_signoff, next_number, put_decision
from ..domain.decisions import Decision, DecisionStatus, SignOff, Verdict
from ..domain.edits import EditError
from ..domain.error_words import error_message
from ..domain.reference import Function
from ..domain.signoffs import (
    CLOSED_STATUSES,
    ChainFinding,
    Problem,
    SignOffState,
    awaiting,
    awaits_acceptance,
    compare_logs,
    content_hash,
    first_difference,
    is_accepted,
    new_signoff,
    repeated_signoff,
    required_functions,
    signoff_states,
    signoff_statuses,
    verify_chain,
)
from ..domain.workspace import Workspace
from ..mirror import layout
from ..store import ConflictError
from .editor import Editor
from .folder import WorkspaceFolder
from .session import InvalidEdit

OPERATOR_ENV = "WORKBENCH_OPERATOR"
LINK_FORMS = (
    "mapping:<id>, mapping:<id>/<rule>, entity:<system>:<Entity>, "
    "field:<system>:<Entity>.<field>, system:<id>, value-map:<id>, scenario:<id>, "
    "product-class:<id>, reconciliation:<id>, master-data:<id>"
)
SETTINGS_FILE = "settings.json"


class DecisionError(Exception):
    """A request the decision log refuses; nothing was changed. ``attribute`` names the
    decision attribute the refusal is about, when it is about one (a form shows it there)."""

    def __init__(self, message: str, attribute: str | None = None) -> None:
        super().__init__(message)
        self.attribute = attribute


# -- who is at the keyboard ----------------------------------------------------------------------


def operator(folder: WorkspaceFolder | None = None) -> str:
    """Who records sign-offs: $WORKBENCH_OPERATOR, the workspace's ``operator`` setting, or the
    operating-system user."""
    named = os.environ.get(OPERATOR_ENV, "").strip()
    if named:
        return named
    if folder is not None:
        settings = folder.state_dir / SETTINGS_FILE
        try:
            value = json.loads(settings.read_text(encoding="utf-8")).get("operator", "")
        except (OSError, ValueError, AttributeError):
            value = ""
        if isinstance(value, str) and value.strip():
            return value.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in a bare container
        return "unknown"


def _now() -> dt.datetime:
    # Whole seconds: the mirror shows the instant people read, and it round-trips exactly.
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


# -- views ---------------------------------------------------------------------------------------


def decision_file(decision: Decision) -> str:
    return layout.decision_file(decision.number, decision.title)


def state_label(ws: Workspace, decision: Decision) -> str:
    """One word for the log as a whole: accepted, rejected, stale, awaiting, unsigned. A current
    rejection comes before stale records: that "no" stands whatever else went stale."""
    states = signoff_states(ws, decision).values()
    if not decision.signoffs:
        return "unsigned"
    if SignOffState.REJECTED in states:
        return "rejected"
    if SignOffState.STALE in states:
        return "stale"
    if is_accepted(ws, decision) and not awaits_acceptance(ws, decision):
        return "accepted"
    return "awaiting"


def summary(ws: Workspace, decision: Decision, *, full: bool = False) -> dict[str, Any]:
    """A decision as plain data (``decisions list/show --format json``)."""
    people = ws.index.stakeholders
    data: dict[str, Any] = {
        "number": decision.number,
        "title": decision.title,
        "status": str(decision.status),
        # Approved as it stands, and open: a superseded decision's old approvals accept nothing.
        "accepted": decision.status not in CLOSED_STATUSES
        and is_accepted(ws, decision)
        and not awaits_acceptance(ws, decision),
        "superseded_by": decision.superseded_by,
        "signoff_state": state_label(ws, decision),
        "date": decision.date.isoformat() if decision.date else None,
        "file": decision_file(decision),
        "required_functions": [str(f) for f in required_functions(ws, decision)],
        "functions": {str(f): str(s) for f, s in signoff_states(ws, decision).items()},
        # A closed decision takes no sign-offs: it awaits nobody (as `list --awaiting` says).
        "awaiting": []
        if decision.status in CLOSED_STATUSES
        else [str(f) for f in awaiting(ws, decision)],
        "decision_makers": list(decision.decision_makers),
        "links": list(decision.links),
        "content_hash": content_hash(ws, decision),
        "signoffs": [
            {
                "position": status.position + 1,
                "stakeholder": status.signoff.stakeholder,
                "name": people[status.signoff.stakeholder].name
                if status.signoff.stakeholder in people
                else None,
                "function": str(status.signoff.function),
                "verdict": str(status.signoff.verdict),
                "state": str(status.state),
                "current": status.current,
                "comment": status.signoff.comment,
                "recorded_by": status.signoff.recorded_by,
                "recorded_at": status.signoff.recorded_at.isoformat().replace("+00:00", "Z"),
                "content_hash": status.signoff.content_hash,
                "hash": status.signoff.hash,
            }
            for status in signoff_statuses(ws, decision)
        ],
    }
    if decision.superseded_by is not None:
        data["superseded_by"] = decision.superseded_by
    if full:
        data.update(
            consulted=list(decision.consulted),
            informed=list(decision.informed),
            context=decision.context,
            drivers=list(decision.drivers),
            options=list(decision.options),
            outcome=decision.outcome,
            consequences=list(decision.consequences),
            more_information=decision.more_information,
        )
    return data


class Filter:
    """The decisions screen's filters, as predicates (``my_function`` for "awaiting me")."""

    @staticmethod
    def awaiting_function(function: Function) -> Callable[[Workspace, Decision], bool]:
        return lambda ws, d: d.status not in CLOSED_STATUSES and function in awaiting(ws, d)

    @staticmethod
    def stale(ws: Workspace, decision: Decision) -> bool:
        return SignOffState.STALE in signoff_states(ws, decision).values()

    @staticmethod
    def rejected(ws: Workspace, decision: Decision) -> bool:
        return decision.status is DecisionStatus.REJECTED or (
            SignOffState.REJECTED in signoff_states(ws, decision).values()
        )

    @staticmethod
    def unsigned(ws: Workspace, decision: Decision) -> bool:
        return not decision.signoffs


# -- changes -------------------------------------------------------------------------------------


NEW_IS_NOT_ACCEPTED = (
    "a new decision is accepted once every required function has approved it: record it "
    "proposed, then sign it off"
)


def stakeholder_ids(ws: Workspace, typed: Iterable[str]) -> tuple[str, ...]:
    """Stakeholders as typed, by name (in any case) or by id, as the ids a decision records;
    what matches neither is kept as typed (the caller refuses it, see ``not_stakeholders``)."""
    by_name = {p.name.casefold(): p.id for p in ws.stakeholders}
    ids = {p.id for p in ws.stakeholders}
    return tuple(entry if entry in ids else by_name.get(entry.casefold(), entry) for entry in typed)


def not_stakeholders(ws: Workspace, ids: Iterable[str], held: Iterable[str] = ()) -> list[str]:
    """The entries of ``ids`` that are no stakeholder (nobody could sign for them), but those
    the decision named already (``held``: its file says so; the checks name them)."""
    known = {p.id for p in ws.stakeholders} | set(held)
    return [entry for entry in ids if entry not in known]


def new_decision(
    editor: Editor,
    title: str,
    *,
    today: dt.date | None = None,
    status: DecisionStatus | str = DecisionStatus.PROPOSED,
    **attributes: Any,
) -> Decision:
    """Record a new decision with the next number, proposed unless said otherwise (an option
    turned down can be recorded rejected at once); returns it as stored. It cannot start
    accepted: acceptance comes from current approvals, and it has none yet."""
    number = max(next_number(editor.workspace), _next_on_disk(editor.session.folder))
    if status == DecisionStatus.ACCEPTED:
        raise DecisionError(NEW_IS_NOT_ACCEPTED)
    if "decision_makers" in attributes:
        makers = stakeholder_ids(editor.workspace, attributes["decision_makers"])
        unknown = not_stakeholders(editor.workspace, makers)
        if unknown:
            raise DecisionError(
                f"{', '.join(unknown)}: not a stakeholder (a name or an id of "
                "models/stakeholders.yaml)",
                attribute="decision_makers",
            )
        attributes = {**attributes, "decision_makers": makers}
    try:
        decision = Decision.model_validate(
            {
                **_without_repeats(attributes),
                "number": number,
                "title": title,
                "date": today or dt.datetime.now(dt.UTC).date(),
                "status": status,
            }
        )
    except ValueError as exc:
        raise DecisionError(_first_line(exc)) from None
    _apply(editor, f"New decision {number:04d}", lambda ws: put_decision(ws, decision))
    return _stored(editor, number)


EDITABLE = frozenset(Decision.model_fields) - {"number", "signoffs"}
_SETS = ("links", "required_functions", "decision_makers", "consulted", "informed")
"""Lists where an entry given twice means it once (a flag repeated, a line pasted twice)."""


def _next_on_disk(folder: WorkspaceFolder) -> int:
    """One more than the highest number a decision file on disk has: a file that could not
    be imported (it has an error) still holds its number."""
    numbers = [
        int(path.name[:4])
        for path in (folder.root / layout.DECISIONS_DIR).glob("[0-9][0-9][0-9][0-9]-*.md")
    ]
    return max(numbers, default=0) + 1


def _without_repeats(attributes: dict[str, Any]) -> dict[str, Any]:
    return {
        name: tuple(dict.fromkeys(value))
        if name in _SETS and isinstance(value, list | tuple)
        else value
        for name, value in attributes.items()
    }


def edit_decision(
    editor: Editor, number: int, *, today: dt.date | None = None, **changes: Any
) -> Decision:
    """Change a decision's attributes (not its number, not its sign-offs). Setting it accepted
    by hand is refused: acceptance comes from current approvals. An edit that changes anything
    dates the decision ``today`` (the record's date is when it was last updated), unless it
    gives the date itself."""
    decision = _decision(editor.workspace, number)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise DecisionError(f"cannot edit {', '.join(sorted(unknown))} of a decision")
    try:
        updated = Decision.model_validate({**decision.model_dump(), **_without_repeats(changes)})
    except ValueError as exc:
        raise DecisionError(_first_line(exc)) from None
    if "date" not in changes and updated != decision:
        updated = updated.model_copy(update={"date": today or dt.datetime.now(dt.UTC).date()})
    if updated.status is DecisionStatus.ACCEPTED and decision.status is not updated.status:
        trial = put_decision(
            editor.workspace, updated.model_copy(update={"status": DecisionStatus.PROPOSED})
        )
        if _decision(trial, number).status is not DecisionStatus.ACCEPTED:
            raise DecisionError(
                f"decision {number:04d} is accepted once every required function has a current "
                f"approval and no rejection stands ({_holding_back(trial, number)})",
                attribute="status",
            )
    if (
        updated.status is DecisionStatus.PROPOSED
        and decision.status is DecisionStatus.ACCEPTED
        and decision.signoffs
    ):
        trial = put_decision(editor.workspace, updated)
        if is_accepted(trial, _decision(trial, number)):
            # Its approvals would accept it again at once: the edit would silently do nothing.
            raise DecisionError(
                f"decision {number:04d} is accepted while every required approval stands: to "
                "send it back, record a rejection from one of its functions saying why",
                attribute="status",
            )
    _apply(editor, f"Edit decision {number:04d}", lambda ws: put_decision(ws, updated))
    return _stored(editor, number)


def _holding_back(ws: Workspace, number: int) -> str:
    """What keeps decision ``number`` from acceptance, in words."""
    decision = _decision(ws, number)
    if awaits_acceptance(ws, decision):
        return (
            "every required approval stands, but who must approve changed since: that accepts "
            "nothing; the next sign-off does"
        )
    said = []
    waiting = awaiting(ws, decision)
    if waiting:
        said.append(f"awaiting: {', '.join(waiting)}")
    rejecting = [
        str(f)
        for f, state in signoff_states(ws, decision).items()
        if state is SignOffState.REJECTED
    ]
    if rejecting:
        said.append(f"rejected by: {', '.join(rejecting)}")
    return "; ".join(said) or "no required function"


def check_signer(
    ws: Workspace, decision: Decision, stakeholder_id: str, function: Function | None = None
) -> Function:
    """The function a stakeholder signs for; raises DecisionError when they may not sign."""
    person = ws.stakeholder(stakeholder_id)
    if person is None:
        known = ", ".join(s.id for s in ws.stakeholders) or "none"
        raise DecisionError(f"{stakeholder_id!r} is not a stakeholder (stakeholders: {known})")
    if function is not None and person.function is not function:
        raise DecisionError(
            f"{person.name} ({person.id}) holds the {person.function} function, not {function}"
        )
    if decision.status in CLOSED_STATUSES:
        raise DecisionError(
            f"decision {decision.number:04d} is {decision.status}"
            + (f" by {decision.superseded_by:04d}" if decision.superseded_by else "")
            + ": it takes no more sign-offs"
        )
    required = required_functions(ws, decision)
    if person.function not in required and person.id not in decision.decision_makers:
        raise DecisionError(
            f"decision {decision.number:04d} needs sign-offs from "
            f"{', '.join(required) or 'its decision-makers'}; {person.name} ({person.function}) "
            "is neither of a required function nor one of its decision-makers"
        )
    return person.function


def sign(
    editor: Editor,
    number: int,
    stakeholder_id: str,
    verdict: Verdict | str,
    comment: str = "",
    *,
    recorded_by: str,
    function: Function | str | None = None,
    now: dt.datetime | None = None,
) -> SignOff:
    """Append a sign-off to decision ``number`` (and settle its status); returns the record."""
    ws = editor.workspace
    decision = _decision(ws, number)
    try:
        verdict = Verdict(verdict)
        wanted = Function(function) if function is not None else None
    except ValueError as exc:
        raise DecisionError(str(exc)) from None
    signed_for = check_signer(ws, decision, stakeholder_id, wanted)
    if verdict is Verdict.REJECTED and not comment.strip():
        raise DecisionError("a rejection says why: give a comment")
    _refuse_repeat(ws, decision, stakeholder_id, verdict, comment)
    at = now or _now()

    def change(current: Workspace) -> Workspace:
        target = _decision(current, number)
        record = new_signoff(
            current,
            target,
            stakeholder=stakeholder_id,
            function=signed_for,
            verdict=verdict,
            comment=comment,
            recorded_by=recorded_by,
            recorded_at=at,
        )
        return append_signoff(current, number, record)

    person = ws.stakeholder(stakeholder_id)
    name = person.name if person else stakeholder_id
    label = f"Sign-off: {name} ({signed_for}) {verdict} decision {number:04d}"
    try:
        _apply(editor, label, change, undoable=False)
    except ConflictError:
        # Someone else wrote the same log meanwhile (a shared database): take their records in
        # and append after them, provided the decision still says what the signer saw.
        seen = content_hash(ws, decision)
        editor.session.snapshot = editor.session.store.load()
        fresh = _decision(editor.workspace, number)
        if content_hash(editor.workspace, fresh) != seen:
            raise DecisionError(
                f"decision {number:04d} or an element it governs changed meanwhile: look at it "
                "again, then sign"
            ) from None
        check_signer(editor.workspace, fresh, stakeholder_id, wanted)
        _refuse_repeat(editor.workspace, fresh, stakeholder_id, verdict, comment)
        _apply(editor, label, change, undoable=False)
    return _stored(editor, number).signoffs[-1]


def _refuse_repeat(
    ws: Workspace, decision: Decision, stakeholder_id: str, verdict: Verdict, comment: str
) -> None:
    """A sign-off that repeats the signer's standing word adds a record that says nothing: the
    log is append-only, so it would stay there for good."""
    repeated = repeated_signoff(ws, decision, stakeholder_id, verdict, comment)
    if repeated is None:
        return
    person = ws.stakeholder(stakeholder_id)
    name = person.name if person else stakeholder_id
    raise DecisionError(
        f"{name} has already {verdict} decision {decision.number:04d} as it stands (sign-off "
        f"{repeated.position + 1}, {repeated.signoff.recorded_at:%Y-%m-%d}): nothing recorded. "
        "A sign-off with a different comment is recorded"
    )


def _apply(
    editor: Editor,
    label: str,
    change: Callable[[Workspace], Workspace],
    *,
    undoable: bool = True,
) -> None:
    try:
        editor.apply(label, change, undoable=undoable)
    except InvalidEdit as exc:
        raise DecisionError("; ".join(f"{i.element}: {i.message}" for i in exc.issues)) from None
    except (EditError, ValueError) as exc:
        raise DecisionError(_first_line(exc)) from None


def _decision(ws: Workspace, number: int) -> Decision:
    decision = ws.decision(number)
    if decision is None:
        raise DecisionError(f"there is no decision {number:04d}")
    return decision


def _stored(editor: Editor, number: int) -> Decision:
    return _decision(editor.workspace, number)


def _first_line(exc: Exception) -> str:
    """One line saying what is wrong; for a validation error, which attribute and why."""
    if isinstance(exc, ValidationError):
        parts = []
        for error in exc.errors(include_url=False):
            where = ".".join(str(p) for p in error["loc"])
            message = error_message(error)
            if error["type"] == "string_pattern_mismatch" and error["loc"][:1] == ("links",):
                message = f"{error['input']!r} is not a link ({LINK_FORMS})"
            parts.append(f"{where}: {message}" if where else message)
        return "; ".join(parts)
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- verification --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem ``verify`` found: where (the database, or a file and line) and what."""

    source: str
    """``database`` or the mirror file's path."""
    line: int
    number: int
    position: int | None
    """0-based sign-off position; None for a problem with the file as a whole."""
    problem: str
    message: str

    @property
    def record(self) -> str:
        base = f"decision {self.number:04d}"
        return base if self.position is None else f"{base} sign-off {self.position + 1}"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.record}: {self.problem}: {self.message}"


@dataclass
class VerifyReport:
    findings: list[Finding] = field(default_factory=list)
    decisions: int = 0
    records: int = 0
    files: int = 0
    stale: list[str] = field(default_factory=list)
    """Records given on content that changed since: not tampering, but no longer current."""
    unsynced: list[str] = field(default_factory=list)
    """Intact records a file adds after the database's log (a sign-off taken elsewhere and
    pulled): ``sync`` imports them."""

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "decisions": self.decisions,
            "records": self.records,
            "files": self.files,
            "findings": [
                {
                    "source": f.source,
                    "line": f.line,
                    "decision": f.number,
                    "signoff": None if f.position is None else f.position + 1,
                    "record": f.record,
                    "problem": f.problem,
                    "message": f.message,
                }
                for f in self.findings
            ],
            "stale": self.stale,
            "unsynced": self.unsynced,
        }


def verify(database: Workspace | None, files: dict[str, bytes]) -> VerifyReport:
    """Check the sign-off logs of the database and of the mirror's decision files.

    * In the database: every record's hash is recomputed and every link of the chain checked.
    * In every decision file: the same for the log the file holds, and that log is compared with
      the database's: a record missing from the file, different from the database's, in another
      place, or only in the file is reported, with the file and line.
    * A decision with sign-offs in the database but no file is reported; a file that cannot be
      read is reported with its line.

    Stale records (given on content that changed since) are listed, not counted as findings.
    """
    report = VerifyReport()
    from ..mirror import codec  # noqa: PLC0415 - YAML is not needed to open the workbench

    held = {d.number: d for d in database.decisions} if database is not None else {}
    if database is not None:
        report.decisions = len(database.decisions)
        for decision in database.decisions:
            report.records += len(decision.signoffs)
            report.findings += _from_chain(
                "database", 0, "", verify_chain(decision.number, decision.signoffs)
            )
            # A function's latest word only: an old approval its function has given again
            # since, on the content as it is now, is history, not a stale sign-off.
            latest = {s.signoff.function: s for s in signoff_statuses(database, decision)}
            report.stale += [
                f"decision {decision.number:04d} sign-off {s.position + 1} "
                f"({s.signoff.stakeholder}, {s.signoff.function})"
                for s in sorted(latest.values(), key=lambda s: s.position)
                if not s.current
            ]
    seen: set[int] = set()
    for path in sorted(files):
        place = layout.classify(path)
        if place is None or place.kind != "decision":
            continue
        report.files += 1
        number = int(place.key[0])
        seen.add(number)
        parsed, issues = codec.parse_decision_file(path, files[path])
        if parsed is None:
            for issue in issues:
                report.findings.append(
                    Finding(path, issue.line, number, None, "unreadable", issue.message)
                )
            continue
        text = files[path].decode("utf-8", errors="replace")
        findings = verify_chain(number, parsed.signoffs)
        broken = {f.position for f in findings}
        reference = held.get(number)
        if reference is not None:
            compared = compare_logs(number, reference.signoffs, parsed.signoffs)
        else:
            # A decision the database does not have yet (created elsewhere and pulled).
            compared = (
                [
                    ChainFinding(number, i, Problem.INSERTED, "", s)
                    for i, s in enumerate(parsed.signoffs)
                ]
                if database is not None
                else []
            )
        for finding in compared:
            if finding.problem is not Problem.INSERTED:
                findings.append(finding)
            elif finding.position not in broken:
                # Appended and intact (the chain says so): sync imports it.
                report.unsynced.append(f"{path}: {finding.record}")
        report.findings += _from_chain(
            path,
            -1,
            text,
            _first_per_record(findings),
            reference.signoffs if reference is not None else (),
        )
    for number, decision in sorted(held.items()):
        if decision.signoffs and number not in seen and files:
            report.findings.append(
                Finding(
                    decision_file(decision),
                    0,
                    number,
                    None,
                    "removed",
                    f"the database holds {len(decision.signoffs)} sign-off(s) of this decision; "
                    "its file is missing",
                )
            )
    return report


def _first_per_record(findings: Iterable[ChainFinding]) -> list[ChainFinding]:
    found: dict[int, ChainFinding] = {}
    for finding in findings:
        found.setdefault(finding.position, finding)
    return [found[p] for p in sorted(found)]


def _from_chain(
    source: str,
    line: int,
    text: str,
    findings: Iterable[ChainFinding],
    reference: tuple[SignOff, ...] = (),
) -> list[Finding]:
    """Findings placed on a line: in a file (``line`` -1), the line of the attribute that differs
    from the database's record, else the record's first line."""
    from ..mirror import madr, yamlio  # noqa: PLC0415 - see verify

    result = []
    for f in findings:
        where = line
        message = f.message
        if line < 0:
            front = madr.front_matter_text(text)
            path: list[str | int] = ["sign-offs", f.position]
            changed = _changed_attribute(f, reference)
            if changed:
                path.append(madr.front_matter_key(changed))
                message = (
                    f"{message}; its {madr.front_matter_key(changed)} differs from the database's"
                )
            where = yamlio.locate(front, path) + 1 if front else 0
        if f.signoff is not None:
            message = (
                f"{f.signoff.stakeholder} ({f.signoff.function}, {f.signoff.verdict}): {message}"
            )
        result.append(Finding(source, where, f.number, f.position, str(f.problem), message))
    return result


def _changed_attribute(finding: ChainFinding, reference: tuple[SignOff, ...]) -> str | None:
    """The first attribute in which an altered record differs from the database's record."""
    if finding.problem is not Problem.ALTERED or finding.signoff is None:
        return None
    if finding.position >= len(reference):
        return None
    return first_difference(reference[finding.position], finding.signoff)
