"""What every form shares: choices from an enum, merging a form into a model, and the
submitter that turns a form into an edit."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from ...domain import edits
from ...domain.workspace import Workspace
from ..controller import Controller, Outcome
from ..screens.form import Errors, errors_from


def enum_choices(enum: Any) -> list[tuple[str, str]]:
    """A select's options: every member of a string enum, shown as its value."""
    return [(member.value, member.value) for member in enum]


def submitter(
    controller: Controller,
    label: str | Callable[[Any], str],
    build: Callable[[dict[str, Any]], Any],
    change: Callable[[Workspace, Any], Workspace],
    names: list[str],
    shown: Mapping[str, Any] | None = None,
) -> Callable[[dict[str, Any]], Errors | None]:
    """Build the model from the form (errors per field: pydantic's, or a ``FieldError`` the
    builder raises), then apply the edit (errors for the form). ``label`` names the edit (for
    its message and undo), or makes the name from the model built, when it names the element.

    With ``shown`` (the values the form opened with), fields the builder refuses are tried at
    those values, and what the model would refuse of the others is shown at the same save:
    a malformed quantity does not hide a line id the order has already."""

    def built(values: dict[str, Any]) -> tuple[Any, Errors]:
        try:
            return build(values), {}
        except FieldError as exc:
            return None, {exc.name: exc.message}
        except FieldErrors as exc:
            return None, exc.errors
        except ValidationError as exc:
            return None, errors_from(exc, names)
        except edits.EditError as exc:
            return None, {exc.attribute if exc.attribute in names else "": str(exc)}

    def submit(values: dict[str, Any]) -> Errors | None:
        model, errors = built(values)
        if errors:
            return {**_others_refused(values, errors), **errors}
        named = label if isinstance(label, str) else label(model)
        outcome = controller.apply(named, lambda ws: change(ws, model))
        return None if outcome.ok else refused(outcome, names)

    def _others_refused(values: dict[str, Any], errors: Errors) -> Errors:
        """What the model would refuse of the fields not in ``errors``, with those put back
        as the form showed them (nothing when that does not build either)."""
        if shown is None or "" in errors or not set(errors) <= set(shown):
            return {}
        model, again = built({**values, **{name: shown[name] for name in errors}})
        if again or model is None:
            return {}
        trial = controller.trial(lambda ws: change(ws, model))
        if trial.ok:
            return {}
        return {
            name: message
            for name, message in refused(trial, names).items()
            if name and name not in errors
        }

    return submit


def refused(outcome: Outcome, names: Sequence[str]) -> Errors:
    """Why the model refused an edit, each error beside the form field it is about (the last
    attribute of its location the form shows: an amendment's ``effective``, a line's ``end``),
    the rest for the form as a whole."""
    if not outcome.refusals:
        return {"": outcome.message}
    found: dict[str, list[str]] = {}
    for issue in outcome.refusals:
        shown = [part for part in issue.location.path if isinstance(part, str) and part in names]
        found.setdefault(shown[-1] if shown else "", []).append(issue.message)
    return {name: "; ".join(messages) for name, messages in found.items()}


def merge_values(model: BaseModel | None, values: dict[str, Any]) -> dict[str, Any]:
    """The attributes of ``model`` (none for a new element) with the form's ``values`` on top:
    what the model is validated from, so attributes the form does not show are kept."""
    base = {name: getattr(model, name) for name in type(model).model_fields} if model else {}
    base.update(values)
    return base


class FieldError(Exception):
    """A form value the builder refuses, shown next to the field called ``name``."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


class FieldErrors(Exception):
    """Several refused values at once (what validation found, with what the builder adds), so
    the form shows them together instead of one per save."""

    def __init__(self, errors: Errors) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
