"""The decision editor: a form over a decision's text, people and links (not its sign-offs,
which only the sign-off dialog appends)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..domain.decisions import Decision, DecisionStatus
from ..domain.reference import Function
from ..domain.validation import link_resolves
from ..services import decisions as service
from .controller import Controller
from .forms.common import refused
from .screens.form import Errors, FormField, FormScreen, errors_from

_BULLETS = "one per line"
_LISTS = ("drivers", "options", "consequences")


def decision_form(controller: Controller, decision: Decision | None) -> FormScreen:
    functions = ", ".join(f.value for f in Function)
    fields = [
        FormField("title", "Title", optional=False),
        FormField(
            "status",
            "Status",
            "select",
            [(s.value, s.value) for s in DecisionStatus],
            optional=False,
            hint="accepted comes from current approvals of every required function",
        ),
        FormField("superseded_by", "Superseded by (number)"),
        FormField("required_functions", "Required functions", "list", hint=functions),
        FormField(
            "decision_makers",
            "Decision-makers",
            "list",
            hint="names (or ids) of stakeholders: "
            + (", ".join(p.name for p in controller.workspace.stakeholders) or "none yet"),
        ),
        FormField(
            "links",
            "Governs",
            "list",
            hint="mapping:<id> (or one rule: mapping:<id>/split), entity:<system>:<Entity>, "
            "field:<system>:<Entity>.<field>, system:<id>, value-map:<id>, scenario:<id>",
        ),
        FormField("context", "Context and problem", "area", optional=False),
        FormField("drivers", "Decision drivers", "area", optional=False, hint=_BULLETS),
        FormField("options", "Considered options", "area", optional=False, hint=_BULLETS),
        FormField("outcome", "Decision outcome", "area", optional=False),
        FormField("consequences", "Consequences", "area", optional=False, hint=_BULLETS),
        FormField("consulted", "Consulted", "list"),
        FormField("informed", "Informed", "list"),
        FormField("more_information", "More information", "area", optional=False),
    ]
    names = [f.name for f in fields]
    values: dict[str, Any] = {"status": "proposed"}
    if decision is not None:
        values = {name: getattr(decision, name) for name in names}
        values["status"] = decision.status.value
        for name in _LISTS:
            values[name] = "\n".join(getattr(decision, name))
        people = {p.id: p.name for p in controller.workspace.stakeholders}
        values["decision_makers"] = tuple(people.get(m, m) for m in decision.decision_makers)

    def submit(raw: dict[str, Any]) -> Errors | None:
        data = dict(raw)
        for name in _LISTS:
            data[name] = tuple(
                line.strip() for line in (data[name] or "").split("\n") if line.strip()
            )
        # Every refusal of one save together, each beside its field.
        errors: Errors = {}
        if data.get("superseded_by") not in (None, ""):
            try:
                data["superseded_by"] = int(str(data["superseded_by"]).strip())
            except ValueError:
                errors["superseded_by"] = "a decision number"
                data["superseded_by"] = None
        status = data.pop("status")
        data["decision_makers"] = service.stakeholder_ids(
            controller.workspace, data["decision_makers"]
        )
        try:
            Decision.model_validate(
                {**data, "number": decision.number if decision else 1, "date": "2000-01-01"}
            )
        except ValidationError as exc:
            found = errors_from(exc, names)
            if "links" in found:
                found["links"] = f"not a link; the forms: {service.LINK_FORMS}"
            errors = {**found, **errors}
        # A name that is no stakeholder is nearly always a typo, and nobody could sign for it;
        # one the decision already named (its file says so) is left for the checks to name.
        had = decision.decision_makers if decision else ()
        unknown = service.not_stakeholders(controller.workspace, data["decision_makers"], had)
        if unknown:
            errors["decision_makers"] = (
                f"{', '.join(unknown)}: not a stakeholder (name or id; add "
                "people with the palette's 'Edit stakeholders as YAML')"
            )
        # Said beside the links, not under whichever field holds the cursor; a link the
        # decision held already is left to the checks, as an unknown decision-maker is.
        ws = controller.workspace
        held = set(decision.links) if decision else set()
        dangling = [
            link for link in data["links"] if link not in held and not link_resolves(ws, link)
        ]
        if dangling and "links" not in errors:  # a link not in a link's form is said already
            errors["links"] = f"{', '.join(dangling)}: points at nothing in the model"
        if decision is None and status == DecisionStatus.ACCEPTED:
            errors["status"] = service.NEW_IS_NOT_ACCEPTED
        if errors:
            return errors
        if decision is None:
            outcome = controller.decision_change(
                "New decision",
                lambda: service.new_decision(
                    controller.editor, data.pop("title"), status=status, **data
                ),
            )
        else:
            outcome = controller.decision_change(
                f"Edit decision {decision.number:04d}",
                lambda: service.edit_decision(
                    controller.editor, decision.number, status=status, **data
                ),
            )
        return None if outcome.ok else refused(outcome, names)

    title = f"Decision {decision.number:04d}" if decision else "New decision"
    return FormScreen(title, fields, values, submit)
