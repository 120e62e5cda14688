"""A mapping's own form: identity, cardinality, owner, sync and its rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from ...domain import edits
from ...domain.base import split_entity_ref
from ...domain.error_words import error_message
from ...domain.mappings import (
    AggregationRule,
    AmendmentRule,
    AmendmentStrategy,
    Area,
    BundleRule,
    Cardinality,
    ManyMatches,
    Mapping,
    MappingStatus,
    NoMatch,
    PriceAllocation,
    Proration,
    ResolutionRule,
    SplitRule,
    Sync,
    SyncDirection,
    SyncTrigger,
)
from ...domain.workspace import Workspace
from ...simulate.failures import LINE_ATTRIBUTES, did_you_mean, unknown_line_attributes
from ..controller import Controller
from ..screens.form import Errors, FormField, FormScreen, errors_from
from .common import enum_choices, merge_values, refused


def mapping_form(controller: Controller, mapping: Mapping) -> FormScreen:
    ws = controller.workspace
    systems = {split_entity_ref(mapping.source)[0]}
    if mapping.target:
        systems.add(split_entity_ref(mapping.target)[0])
    owners = []
    for name in sorted(systems):
        system = ws.system(name)
        if system is not None:
            owners.append((f"{name} ({system.effective_side.value.upper()} side)", name))
    sync, res, split, agg, amend, bundle = (
        mapping.sync,
        mapping.resolution,
        mapping.split,
        mapping.aggregation,
        mapping.amendment,
        mapping.bundle,
    )
    fields = [
        FormField("id", "Id", optional=False),
        FormField("title", "Title", optional=False),
        FormField("area", "Area", "select", enum_choices(Area)),
        FormField("status", "Status", "select", enum_choices(MappingStatus), optional=False),
        FormField(
            "cardinality", "Cardinality", "select", enum_choices(Cardinality), optional=False
        ),
        FormField("target", "Target entity (system:Entity; empty for no counterpart)"),
        FormField("reason", "Why there is no counterpart", "area", optional=False),
        FormField("system_of_record", "System of record", "select", owners),
        FormField(
            "sync_trigger", "Sync trigger (blank: not decided)", "select", enum_choices(SyncTrigger)
        ),
        FormField(
            "sync_direction",
            "Sync direction",
            "select",
            enum_choices(SyncDirection),
            hint="which way the data moves: chosen with the trigger, never assumed",
        ),
        FormField(
            "sync_event", "Event that triggers it", optional=False, hint="for the event trigger"
        ),
        FormField(
            "sync_schedule",
            "Schedule (cron or words)",
            optional=False,
            hint="for the schedule trigger",
        ),
        FormField("res_match_on", "Resolution: attributes that pick the target record", "list"),
        FormField(
            "res_when_none",
            "Resolution: when nothing matches",
            "select",
            enum_choices(NoMatch),
            optional=False,
        ),
        FormField(
            "res_when_many",
            "Resolution: when several match",
            "select",
            enum_choices(ManyMatches),
            optional=False,
        ),
        FormField("res_description", "Resolution rule in words", "area", optional=False),
        FormField(
            "split_group_by", "Split: one target document per distinct value of (fields)", "list"
        ),
        FormField("split_description", "Split rule in words", "area", optional=False),
        FormField("agg_group_by", "Aggregation (N:1): group by", "list"),
        FormField("agg_description", "Aggregation rule in words", "area", optional=False),
        FormField(
            "amend_strategy",
            "Amendments (blank: no rule)",
            "select",
            enum_choices(AmendmentStrategy),
        ),
        FormField(
            "amend_proration",
            "Amendment proration",
            "select",
            enum_choices(Proration),
            optional=False,
        ),
        FormField("amend_co_term", "Amended lines co-term with the contract", "check"),
        FormField("amend_preserve", "Never alter issued billing lines", "check"),
        FormField("amend_description", "Amendment flow in words", "area", optional=False),
        FormField(
            "bundle_allocation",
            "Bundle price allocation (blank: not a bundle)",
            "select",
            enum_choices(PriceAllocation),
        ),
        FormField("bundle_components_from", "Bundle components come from (entity)"),
        FormField("bundle_explode", "One target line per component", "check"),
        FormField("bundle_description", "Bundle rule in words", "area", optional=False),
        FormField("notes", "Notes", "area", optional=False),
    ]
    values: dict[str, Any] = {
        **merge_values(mapping, {}),
        "sync_trigger": sync.trigger if sync else None,
        "sync_direction": sync.direction if sync else None,
        "sync_event": sync.event if sync else "",
        "sync_schedule": sync.schedule if sync else "",
        "res_match_on": res.match_on if res else (),
        "res_when_none": res.when_none if res else "error",
        "res_when_many": res.when_many if res else "error",
        "res_description": res.description if res else "",
        "split_group_by": split.group_by if split else (),
        "split_description": split.description if split else "",
        "agg_group_by": agg.group_by if agg else (),
        "agg_description": agg.description if agg else "",
        "amend_strategy": amend.strategy if amend else None,
        "amend_proration": amend.proration if amend else "daily",
        "amend_co_term": amend.co_term if amend else True,
        "amend_preserve": amend.preserve_billing_history if amend else True,
        "amend_description": amend.description if amend else "",
        "bundle_allocation": bundle.price_allocation if bundle else None,
        "bundle_components_from": bundle.components_from if bundle else None,
        "bundle_explode": bundle.explode_to_lines if bundle else True,
        "bundle_description": bundle.description if bundle else "",
    }
    names = [f.name for f in fields]

    def parts(v: dict[str, Any]) -> tuple[dict[str, Any], Errors]:
        """The mapping's rules built from the form, each on its own, and the errors of those
        that could not be: a broken sync does not hide a broken resolution rule."""
        makers: dict[str, tuple[str, Callable[[], BaseModel | None]]] = {
            "sync": (
                "sync_",
                lambda: (
                    Sync(
                        direction=v["sync_direction"],
                        trigger=v["sync_trigger"],
                        event=v["sync_event"],
                        schedule=v["sync_schedule"],
                    )
                    if v["sync_trigger"]
                    else None
                ),
            ),
            "resolution": (
                "res_",
                lambda: (
                    ResolutionRule(
                        match_on=v["res_match_on"],
                        when_none=v["res_when_none"],
                        when_many=v["res_when_many"],
                        description=v["res_description"],
                    )
                    if v["res_match_on"] or v["res_description"]
                    else None
                ),
            ),
            "split": (
                "split_",
                lambda: (
                    SplitRule(group_by=v["split_group_by"], description=v["split_description"])
                    if v["split_group_by"]
                    else None
                ),
            ),
            "aggregation": (
                "agg_",
                lambda: (
                    AggregationRule(group_by=v["agg_group_by"], description=v["agg_description"])
                    if v["agg_group_by"]
                    else None
                ),
            ),
            "amendment": (
                "amend_",
                lambda: (
                    AmendmentRule(
                        strategy=v["amend_strategy"],
                        proration=v["amend_proration"],
                        co_term=v["amend_co_term"],
                        preserve_billing_history=v["amend_preserve"],
                        description=v["amend_description"],
                    )
                    if v["amend_strategy"]
                    else None
                ),
            ),
            "bundle": (
                "bundle_",
                lambda: (
                    BundleRule(
                        components_from=v["bundle_components_from"],
                        price_allocation=v["bundle_allocation"],
                        explode_to_lines=v["bundle_explode"],
                        components=mapping.bundle.components if mapping.bundle else (),
                        description=v["bundle_description"],
                    )
                    if v["bundle_allocation"]
                    else None
                ),
            ),
        }
        built: dict[str, Any] = {}
        errors: Errors = {}
        for attr, (prefix, make) in makers.items():
            try:
                built[attr] = make()
            except ValidationError as exc:
                # Renamed to the form's field names, so each error shows beside its input.
                errors = {**_renamed_errors(prefix, exc, names), **errors}
        return built, errors

    def build(v: dict[str, Any], built: dict[str, Any]) -> Mapping:
        """The mapping with the form's values; a rule that could not be built keeps the
        mapping's own, so the other fields are still checked."""
        plain = {
            k: v[k]
            for k in (
                "id",
                "title",
                "area",
                "status",
                "cardinality",
                "target",
                "reason",
                "system_of_record",
                "notes",
            )
        }
        return Mapping.model_validate(merge_values(mapping, {**plain, **built}))

    def submit(v: dict[str, Any]) -> Errors | None:
        # Every problem at once, the form's own checks first where two speak of one field.
        found = {
            **_unused_sync_entry(v),
            **_direction_not_chosen(v),
            **_words_without_a_rule(v),
            **_choices_without_a_rule(v, values),
            **_unknown_entities(controller, v, values),
            **_unknown_line_attributes(controller, mapping, v),
        }
        built, part_errors = parts(v)
        new: Mapping | None = None
        try:
            new = build(v, built)
        except ValidationError as exc:
            part_errors = {**errors_from(exc, names), **part_errors}
        found = {**part_errors, **found}
        if new is None:
            return found
        made = new

        def change(ws: Workspace) -> Workspace:
            return edits.put_mapping(ws, made, mapping.id)

        if found:
            # A rule that could not be built kept the mapping's own: what the model would
            # refuse of the rest is shown now too, not at the next save.
            trial = controller.trial(change)
            more = {} if trial.ok else refused(trial, names)
            return {**{k: m for k, m in more.items() if k and k not in found}, **found}
        outcome = controller.apply(f"edit mapping {mapping.id}", change)
        return None if outcome.ok else refused(outcome, names)

    return FormScreen(f"Mapping {mapping.id}", fields, values, submit)


def _direction_not_chosen(v: dict[str, Any]) -> Errors:
    """A sync without a direction: a default the form filled in (source to target) was saved
    for mappings whose system of record is the target, as if someone had decided it."""
    if v["sync_trigger"] and not v["sync_direction"]:
        return {"sync_direction": "pick which way the data moves with this trigger"}
    return {}


def _unused_sync_entry(v: dict[str, Any]) -> Errors:
    """An event typed for a scheduled sync (or a schedule for an event-driven one, or either
    without a trigger) would be saved and never shown, or dropped; a trigger without its event
    or schedule says nothing of when the sync runs: each said beside the field instead."""
    trigger = v["sync_trigger"]
    event, schedule = str(v["sync_event"]).strip(), str(v["sync_schedule"]).strip()
    if not trigger:
        if event or schedule:
            return {"sync_trigger": "pick a trigger for the event or schedule (or clear them)"}
        return {}
    found: Errors = {}
    if trigger == SyncTrigger.EVENT:
        if not event:
            found["sync_event"] = "name the event that fires the sync (Order activated)"
        if schedule:
            found["sync_schedule"] = (
                "the sync runs on an event: clear the schedule, or pick the schedule trigger"
            )
    if trigger == SyncTrigger.SCHEDULE:
        if not schedule:
            found["sync_schedule"] = "give the schedule, as cron or in words (every 15 minutes)"
        if event:
            found["sync_event"] = (
                "the sync runs on a schedule: clear the event, or pick the event trigger"
            )
    return found


_RULE_WORDS = (
    ("split_description", "split_group_by", "say what the split groups by"),
    ("agg_description", "agg_group_by", "say what the aggregation groups by"),
    ("amend_description", "amend_strategy", "pick the amendment strategy"),
    ("bundle_description", "bundle_allocation", "pick the bundle's price allocation"),
)
"""A rule's words, the entry without which the rule is not made, and what that entry needs."""


def _words_without_a_rule(v: dict[str, Any]) -> Errors:
    """A rule written in words whose defining entry is blank would be dropped with the rule (the
    form would close as if saved): said beside that entry instead."""
    return {
        needed: f"{what} for the rule in words (or clear the words)"
        for words, needed, what in _RULE_WORDS
        if str(v[words] or "").strip() and not v[needed]
    }


_RULE_CHOICES = (
    (
        ("sync_trigger",),
        ("sync_direction",),
        "pick a trigger: without one there is no sync, and the direction chosen goes with it",
    ),
    (
        ("res_match_on", "res_description"),
        ("res_when_none", "res_when_many"),
        "name what picks the target record: without it there is no resolution rule, and what "
        "happens with no match or several goes with it",
    ),
    (
        ("amend_strategy",),
        ("amend_proration", "amend_co_term", "amend_preserve"),
        "pick the strategy: without one there is no amendment rule, and the choices below go "
        "with it",
    ),
    (
        ("bundle_allocation",),
        ("bundle_components_from", "bundle_explode"),
        "pick the price allocation: without one there is no bundle rule, and the choices below "
        "go with it",
    ),
)
"""A rule's defining entries, the choices that only mean something inside the rule, and what
to say beside the first defining entry when choices were changed with the rule left blank."""


def _choices_without_a_rule(v: dict[str, Any], shown: dict[str, Any]) -> Errors:
    """A choice changed in this form (a direction, what happens with no match) while the rule's
    defining entry is blank would be dropped with the rule, the form closing as if it saved it.
    A choice left as the form showed it goes quietly: clearing the trigger removes the sync."""
    found: Errors = {}
    for defining, choices, message in _RULE_CHOICES:
        if any(_given(v[name]) for name in defining):
            continue
        if any(v[name] != shown.get(name) for name in choices):
            found[defining[0]] = message
    return found


def _given(value: Any) -> bool:
    return bool(str(value).strip()) if isinstance(value, str) else bool(value)


def _unknown_entities(controller: Controller, v: dict[str, Any], shown: dict[str, Any]) -> Errors:
    """An entity named by reference that the model does not hold, said beside its field when
    typed (the checks would only say it later); one the mapping named already is left to them."""
    ref = str(v.get("bundle_components_from") or "").strip()
    if not ref or ref == (shown.get("bundle_components_from") or ""):
        return {}
    if controller.workspace.entity(ref) is None:
        return {
            "bundle_components_from": f"{ref} is not an entity of the model (write "
            "system:Entity, salesforce:SBQQ__ProductOption__c)"
        }
    return {}


def _unknown_line_attributes(controller: Controller, mapping: Mapping, v: dict[str, Any]) -> Errors:
    """The order mapping splits and finds its orders by what an order item carries; any other
    name has one empty value on every line, so a typo (``chanel``) would quietly put every line
    in one order. Said beside the entry when the mapping is an order flow's."""
    if mapping.id not in {d.flow.order for d in controller.workspace.master_data}:
        return {}
    found: Errors = {}
    for name in ("split_group_by", "res_match_on"):
        unknown = unknown_line_attributes(v[name] or ())
        if unknown:
            first = unknown[0]
            found[name] = (
                f"{first} is not carried by an order item{did_you_mean(first, LINE_ATTRIBUTES)}: "
                f"use {', '.join(LINE_ATTRIBUTES)}"
            )
    return found


_RULE_ALIASES = {
    "preserve_billing_history": "preserve",
    "price_allocation": "allocation",
    "explode_to_lines": "explode",
}
"""A rule's attributes whose form field is named otherwise (after the prefix)."""


def _renamed_errors(prefix: str, exc: ValidationError, names: list[str]) -> Errors:
    """A rule's validation errors by the form's field names (``sync_event`` for the sync's
    ``event``); one that names no field of the form is the form's own."""
    found: Errors = {}
    for error in exc.errors(include_url=False):
        attr = str(error["loc"][0]) if error["loc"] else ""
        name = f"{prefix}{_RULE_ALIASES.get(attr, attr)}"
        found.setdefault(name if name in names else "", error_message(error))
    return found
