"""Forms for what a scenario expects and for its amendments.

Both hold lists of small records (expected documents, the changes of an amendment), written one
per line in a notation a workshop can type while the room watches:

    A_SalesOrder 2 plant=1010          a document type, how many, and what they must carry
    change-quantity 20 quantity=8      an action, the order line, and the values it sets

Values with spaces are quoted (``product="Field service"``). A line that is not understood is named
in the form, with what is wrong in it, and nothing is saved.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..domain import edits
from ..domain.error_words import error_message
from ..domain.scenarios import (
    Amendment,
    AmendmentChange,
    ChangeAction,
    Expectations,
    ExpectedDocument,
    Scenario,
)
from ..simulate import SimulationError, document_types
from ..simulate.failures import FailureCode, did_you_mean, unknown_failures
from .controller import Controller
from .forms.common import FieldError, FieldErrors, submitter
from .screens.form import Errors, FormField, FormScreen, errors_from

DOCUMENTS_HINT = (
    "one per line: type [count] [attribute=value ...]   e.g.  A_SalesOrder 2 plant=1010"
)
CHANGES_HINT = "one per line: action line [name=value ...]   actions: " + ", ".join(
    action.value for action in ChangeAction
)
_M = TypeVar("_M", bound=BaseModel)
_CHANGE_VALUES = [name for name in AmendmentChange.model_fields if name not in ("action", "line")]


class NotationError(ValueError):
    """A line of a list field that is not understood; says which line and why."""


# -- the notations --------------------------------------------------------------------------------


def format_documents(documents: tuple[ExpectedDocument, ...]) -> str:
    return "\n".join(
        " ".join(
            [
                _quote(document.type),
                str(document.count),
                *(f"{key}={_quote(value)}" for key, value in document.where.items()),
            ]
        )
        for document in documents
    )


def parse_documents(text: str, known: frozenset[str] | None = None) -> list[ExpectedDocument]:
    """The expected documents written one per line; with ``known`` (the types the design can
    make), a line expecting another type is refused, since a run could never count it."""
    return _each_line(text, partial(_document, known=known))


def _document(number: int, words: list[str], known: frozenset[str] | None) -> ExpectedDocument:
    kind, *rest = words
    if known is not None and kind not in known:
        listed = ", ".join(sorted(known, key=str.casefold))
        raise NotationError(
            f"line {number}: this design never makes {kind} documents"
            f"{did_you_mean(kind, known)}; it makes {listed}"
        )
    count = 1
    if rest and "=" not in rest[0]:
        try:
            count = int(rest.pop(0))
        except ValueError:
            raise NotationError(
                f"line {number}: the count after {kind} must be a whole number"
            ) from None
    where = _pairs(number, rest)
    return _validated(number, ExpectedDocument, {"type": kind, "count": count, "where": where})


def format_changes(changes: tuple[AmendmentChange, ...]) -> str:
    lines = []
    for change in changes:
        words = [change.action.value, _quote(change.line)]
        for name in _CHANGE_VALUES:
            value = getattr(change, name)
            if value is None or value == "":
                continue
            if isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            words.append(f"{name}={_quote(str(getattr(value, 'value', value)))}")
        lines.append(" ".join(words))
    return "\n".join(lines)


def parse_changes(text: str) -> list[AmendmentChange]:
    return _each_line(text, _change)


def _change(number: int, words: list[str]) -> AmendmentChange:
    if len(words) < 2:
        raise NotationError(f"line {number}: write the action, then the order line")
    action, line, *rest = words
    if action not in {a.value for a in ChangeAction}:
        raise NotationError(
            f"line {number}: {action} is not an action (one of "
            f"{', '.join(a.value for a in ChangeAction)})"
        )
    values = _pairs(number, rest)
    unknown = sorted(set(values) - set(_CHANGE_VALUES))
    if unknown:
        raise NotationError(
            f"line {number}: {', '.join(unknown)} cannot be set (one of "
            f"{', '.join(_CHANGE_VALUES)})"
        )
    return _validated(number, AmendmentChange, {"action": action, "line": line, **values})


def _each_line(text: str, parse: Callable[[int, list[str]], _M]) -> list[_M]:
    """Every non-blank line of ``text`` read by ``parse`` (given its number and its words);
    every line not understood is said at once, not the first of them only."""
    found: list[_M] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            try:
                words = shlex.split(raw)
            except ValueError as exc:  # an unclosed quote
                raise NotationError(f"line {number}: {exc}") from None
            found.append(parse(number, words))
        except NotationError as exc:
            problems.append(str(exc))
    if problems:
        raise NotationError("; ".join(problems))
    return found


def _pairs(number: int, words: list[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for word in words:
        name, equals, value = word.partition("=")
        if not equals or not name:
            raise NotationError(f"line {number}: write name=value, not {word}")
        if name in pairs:
            raise NotationError(f"line {number}: {name} is given twice")
        pairs[name] = value
    return pairs


def _validated(number: int, model: type[_M], data: dict[str, Any]) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in error["loc"])
        raise NotationError(f"line {number}: {where}: {error_message(error)}") from None


def _quote(value: str) -> str:
    return shlex.quote(value) if value else "''"


def _decimal(name: str, value: str | None) -> Decimal | None:
    if value is None or not value.strip():
        return None
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        raise FieldError(name, "a number, such as 1200 or 99.50") from None


# -- the forms ------------------------------------------------------------------------------------


def expectations_form(controller: Controller, scenario: Scenario) -> FormScreen:
    """What the design must make of the scenario: documents, failures, totals, notes."""
    expect = scenario.expect
    fields = [
        FormField("documents", "ERP documents", "area", optional=False, hint=DOCUMENTS_HINT),
        FormField("failures", "Failure codes the run must raise (and no others), space-separated"),
        FormField("billed", f"Total billed ({scenario.order.currency}; blank: not checked)"),
        FormField(
            "recognised", f"Total recognised ({scenario.order.currency}; blank: not checked)"
        ),
        FormField("notes", "Notes", "area", optional=False),
    ]
    values = {
        "documents": format_documents(expect.documents),
        "failures": " ".join(expect.failures),
        "billed": "" if expect.billed is None else format(expect.billed.normalize(), "f"),
        "recognised": ""
        if expect.recognised is None
        else format(expect.recognised.normalize(), "f"),
        "notes": expect.notes,
    }

    def build(v: dict[str, Any]) -> Expectations:
        errors: Errors = {}  # every entry's refusal at once
        documents: list[ExpectedDocument] = []
        try:
            documents = parse_documents(v["documents"] or "", _document_types(controller, scenario))
        except NotationError as exc:
            errors["documents"] = str(exc)
        failures = [code for code in (v["failures"] or "").replace(",", " ").split() if code]
        unknown = unknown_failures(failures)
        if unknown:
            named = ", ".join(f"{code}{did_you_mean(code, FailureCode)}" for code in unknown)
            # Words typed for one code ("credit block") read as several: say which one.
            joined = "_".join(unknown).upper()
            hint = (
                f" (codes are separated by spaces: did you mean {joined}?)"
                if len(unknown) > 1 and joined in FailureCode.__members__
                else ""
            )
            errors["failures"] = (
                f"no run raises {named}{hint}: expect codes the simulator raises "
                "(CREDIT_BLOCK, CUSTOMER_AMBIGUOUS, PRODUCT_NOT_IN_ERP)"
            )
        totals: dict[str, Decimal | None] = {}
        for name in ("billed", "recognised"):
            try:
                totals[name] = _decimal(name, v[name])
            except FieldError as exc:
                errors[name] = exc.message
        if errors:
            raise FieldErrors(errors)
        return Expectations(
            documents=tuple(documents),
            failures=tuple(dict.fromkeys(failures)),
            billed=totals["billed"],
            recognised=totals["recognised"],
            notes=v["notes"] or "",
        )

    return FormScreen(
        f"Expected of {scenario.id}",
        fields,
        values,
        submitter(
            controller,
            f"edit the expectations of {scenario.id}",
            build,
            lambda ws, new: edits.put_expectations(ws, scenario.id, new),
            [f.name for f in fields],
            shown=values,
        ),
    )


def _document_types(controller: Controller, scenario: Scenario) -> frozenset[str] | None:
    """What the design makes of ``scenario`` as it is now; None when it cannot run (its master
    data set is gone), which the run itself then says."""
    workspace = controller.workspace
    current = next((s for s in workspace.scenarios if s.id == scenario.id), scenario)
    try:
        return document_types(workspace, current)
    except SimulationError:
        return None


def amendment_form(controller: Controller, scenario: Scenario, index: int | None) -> FormScreen:
    """One mid-term amendment: when it takes effect, why, and what it changes."""
    amendment = scenario.amendments[index] if index is not None else None
    fields = [
        FormField("effective", "Takes effect on (YYYY-MM-DD)", optional=False),
        FormField("description", "What the customer asked for", "area", optional=False),
        FormField("changes", "Changes", "area", optional=False, hint=CHANGES_HINT),
    ]
    values = {
        "effective": amendment.effective.isoformat() if amendment else "",
        "description": amendment.description if amendment else "",
        "changes": format_changes(amendment.changes) if amendment else "",
    }

    names = [f.name for f in fields]

    def build(v: dict[str, Any]) -> Amendment:
        errors: Errors = {}  # the date's refusal with the changes', not one per save
        changes: list[AmendmentChange] = []
        try:
            changes = parse_changes(v["changes"] or "")
        except NotationError as exc:
            errors["changes"] = str(exc)
        else:
            if not changes:
                errors["changes"] = "an amendment changes at least one line"
        try:
            amendment = Amendment.model_validate(
                {
                    "effective": v["effective"],
                    "description": v["description"] or "",
                    "changes": changes,
                }
            )
        except ValidationError as exc:
            errors = {**errors_from(exc, names), **errors}
        if errors:
            raise FieldErrors(errors)
        return amendment

    return FormScreen(
        f"Amendment of {scenario.id}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if amendment else 'add'} an amendment of {scenario.id}",
            build,
            lambda ws, new: edits.put_amendment(ws, scenario.id, new, index),
            names,
            shown=values,
        ),
    )
